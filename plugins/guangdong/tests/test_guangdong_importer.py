"""Importing the institution registry from CSV and Excel: per-row errors, all or nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from policyhub.db.models import Base, JurisdictionRow, RegistryEntry, SchemeRow
from policyhub_guangdong import importer
from policyhub_guangdong.importer import REGISTRY, ImportFailed, RowError, import_institutions, institutions

HEADER = "name,kind,level,region,established,source\n"


@pytest.fixture
def session(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'registry.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(JurisdictionRow(code="440000", key="guangdong", name_zh="广东省", name_en="Guangdong Province", data={}))
        s.add(SchemeRow(key=importer.SCHEME, jurisdiction_code="440000", data={}))
        s.commit()
        yield s


def entries(session):
    query = select(func.count()).select_from(RegistryEntry).where(importer.REGISTRY_COLUMN == REGISTRY)
    return session.scalar(query)


def write(tmp_path, text, name="in.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import(session, tmp_path):
    path = write(tmp_path, HEADER +
                 "天河区知识产权公共服务中心,comprehensive,county,440106,2024-03-01,穗知公告\n"
                 "广州市知识产权公共服务中心,comprehensive,prefecture,440100,2022/1/5,粤知公告\n")
    assert import_institutions(session, path) == 2
    got = institutions(session)
    assert got[0] == {"name": "天河区知识产权公共服务中心", "kind": "comprehensive", "level": "county",
                      "region": "440106", "established": "2024-03-01", "source": "穗知公告"}
    assert got[1]["established"] == "2022-01-05"
    row = session.scalars(select(RegistryEntry)).first()
    registry = row.registry_name
    assert (registry, row.scheme_key, row.jurisdiction_code) == (REGISTRY, importer.SCHEME, "440000")


def test_excel_import_with_chinese_headers_labels_and_typed_cells(session, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "类型", "层级", "地区代码", "设立日期", "来源", "备注"])
    ws.append(["深圳市商标业务受理窗口", "商标业务受理窗口", "地市级", 440300, dt.datetime(2024, 5, 6), "公告", None])
    ws.append([None] * 7)                                  # blank rows are skipped
    ws.append(["省级网点一", "network_point_provincial", "provincial", "440000", dt.date(2024, 7, 1), "认定", "首批"])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    assert import_institutions(session, path) == 2
    got = institutions(session)
    assert got[0] == {"name": "深圳市商标业务受理窗口", "kind": "trademark_window", "level": "prefecture",
                      "region": "440300", "established": "2024-05-06", "source": "公告"}
    assert got[1]["note"] == "首批"


def test_every_bad_row_is_reported_and_nothing_is_written(session, tmp_path):
    path = write(tmp_path, HEADER +
                 "甲中心,comprehensive,county,440106,2024-03-01,公告\n"
                 "乙中心,kiosk,county,440106,2024-03-01,公告\n"
                 "丙中心,comprehensive,county,449999,2024-03-01,公告\n"
                 "丁中心,comprehensive,county,440106,2024-02-30,公告\n"
                 ",comprehensive,county,440106,2024-03-01,\n"
                 "甲中心,comprehensive,county,440106,2024-04-01,公告\n")
    with pytest.raises(ImportFailed) as e:
        import_institutions(session, path)
    errs = {(x.row, x.column): x.message for x in e.value.errors}
    assert "'kiosk' is not one of" in errs[(3, "kind")]
    assert errs[(4, "region")] == "unknown region code '449999'"
    assert "is not a 'date'" in errs[(5, "established")]
    assert errs[(6, "name")] == "a value is required" and errs[(6, "source")] == "a value is required"
    assert errs[(7, "name")] == "same name, kind and region as row 2"
    assert (2, "name") not in errs
    assert entries(session) == 0
    assert "row 3, column kind" in str(e.value) and "nothing imported" in str(e.value)


def test_header_problems(session, tmp_path):
    path = write(tmp_path, "name,kind,colour,region,established\n甲,comprehensive,red,440106,2024-01-01\n")
    with pytest.raises(ImportFailed) as e:
        import_institutions(session, path)
    assert RowError(1, "colour", "unknown column; expected one of name, kind, level, region, established, "
                                 "source, note, address, phone, services, public") in e.value.errors
    assert RowError(1, "level", "required column is missing") in e.value.errors
    assert RowError(1, "source", "required column is missing") in e.value.errors


def test_not_utf8_and_unsupported_files(session, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "甲,comprehensive,county,440106,2024-01-01,公告\n").encode("gbk"))
    with pytest.raises(ImportFailed, match="not UTF-8"):
        import_institutions(session, path)
    with pytest.raises(ImportFailed, match="unsupported file type"):
        import_institutions(session, write(tmp_path, "x", "in.txt"))


def test_rows_already_in_the_registry_are_refused_unless_replacing(session, tmp_path):
    first = write(tmp_path, HEADER + "甲中心,comprehensive,county,440106,2024-03-01,公告\n")
    import_institutions(session, first)
    again = write(tmp_path, HEADER + "乙中心,comprehensive,county,440112,2024-03-01,公告\n"
                                     "甲中心,comprehensive,county,440106,2024-03-01,公告\n", "again.csv")
    with pytest.raises(ImportFailed) as e:
        import_institutions(session, again)
    assert e.value.errors == [RowError(3, "name", "'甲中心' is already in the registry")]
    assert entries(session) == 1
    assert import_institutions(session, again, replace=True) == 2
    assert sorted(r["name"] for r in institutions(session)) == ["乙中心", "甲中心"]
    assert entries(session) == 2


def test_a_database_failure_half_way_leaves_the_registry_as_it_was(session, tmp_path, monkeypatch):
    import_institutions(session, write(tmp_path, HEADER + "旧中心,comprehensive,county,440106,2023-03-01,公告\n"))
    calls = {"n": 0}
    real_add = session.add

    def failing_add(obj, *a, **kw):
        if isinstance(obj, RegistryEntry):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
        return real_add(obj, *a, **kw)

    monkeypatch.setattr(session, "add", failing_add)
    path = write(tmp_path, HEADER + "甲中心,comprehensive,county,440112,2024-03-01,公告\n"
                                    "乙中心,comprehensive,county,440113,2024-03-01,公告\n", "two.csv")
    with pytest.raises(RuntimeError, match="disk full"):
        import_institutions(session, path, replace=True)
    monkeypatch.undo()
    assert [r["name"] for r in institutions(session)] == ["旧中心"]


def test_the_database_must_hold_the_scheme(tmp_path):
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        with pytest.raises(ImportFailed, match="load the policies first"):
            import_institutions(s, write(tmp_path, HEADER + "甲,comprehensive,county,440106,2024-01-01,公告\n"))


def test_the_columns_come_from_the_policy_data():
    spec = importer.default_spec()
    assert spec.schema["properties"]["kind"]["enum"][0] == "comprehensive"
    assert "440106" in spec.regions and "440000" in spec.regions and spec.jurisdiction == "440000"


def test_directory_columns_lists_and_yes_no(session, tmp_path):
    """Services are a list of keys or labels (separated by 、 ; or ,); `public` is true/false, yes/no or its
    labels (公开 / 草稿)."""
    path = write(tmp_path, "名称,类型,层级,地区代码,设立日期,来源,服务内容,公开,电话\n"
                           "甲中心,comprehensive,county,440106,2024-01-01,公告,信息查询检索、consultation,公开,020-1234\n"
                           "乙中心,comprehensive,county,440113,2024-01-01,公告,,false,\n")
    assert import_institutions(session, path) == 2
    data = {r.name: r.data for r in session.query(RegistryEntry).order_by(RegistryEntry.id)}
    assert data["甲中心"]["services"] == ["info_search", "consultation"] and data["甲中心"]["public"] is True
    assert data["乙中心"]["public"] is False and "services" not in data["乙中心"]
    bad = write(tmp_path, "名称,类型,层级,地区代码,设立日期,来源,服务内容,公开\n"
                          "丙中心,comprehensive,county,440106,2024-01-01,公告,算命,也许\n")
    with pytest.raises(ImportFailed) as e:
        import_institutions(session, bad)
    assert {err.column for err in e.value.errors} == {"服务内容", "公开"}
