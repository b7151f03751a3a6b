"""The Guangdong back-office pages (policyhub_guangdong/admin_views.py): importing the institutions' registry from
an uploaded CSV or Excel file (all or nothing, per-row errors, audited) and the coverage status report with its
downloads, scoped and bilingual. Fixtures and shared checks: tests/admin/plugin_pages.py."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]     # the core's fixtures and the shared helpers, not below tests/
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin")) if p not in sys.path]

from admin_helpers import (GUANGDONG, GUANGZHOU, HUNAN, audit_rows, csrf_token, make_entry,  # noqa: E402
                           read_form, text)
from plugin_pages import app, bundled_policyset, client, official  # noqa: E402,F401 - fixtures
from plugin_pages import assert_not_in_menu, assert_sends_to_sign_in, refused, registry_rows  # noqa: E402

import policyhub_guangdong  # noqa: E402

PACKAGE = Path(policyhub_guangdong.__file__).resolve().parent

IMPORT = "/admin/guangdong/import/"
REPORT = "/admin/guangdong/report/"
REGISTRY = "guangdong-institutions"
HEADER = "name,kind,level,region,established,source\n"
GOOD = (HEADER + "天河区知识产权公共服务中心,comprehensive,county,440106,2024-03-01,穗知公告\n"
                 "黄埔区知识产权公共服务中心,comprehensive,county,440112,2024-05-01,公告\n"
                 "番禺区知识产权公共服务中心,综合性知识产权公共服务机构,县级,440113,2024/6/1,公告\n")
BAD = (HEADER + "甲中心,comprehensive,county,440106,2024-03-01,公告\n"
                "乙中心,kiosk,county,440106,2024-03-01,公告\n"
                "丙中心,comprehensive,county,449999,2024-03-01,公告\n"
                "丁中心,comprehensive,county,440106,2024-02-30,公告\n")


def entries(app):
    return registry_rows(app, REGISTRY, lambda r: (r.name, r.jurisdiction_code, dict(r.data)))


def upload(client, body: bytes, filename: str, replace: bool = False, lang: str = ""):
    page = text(client.get(IMPORT + (f"?lang={lang}" if lang else "")))
    data = {"csrf_token": csrf_token(page), "file": (io.BytesIO(body), filename)}
    if replace:
        data["replace"] = "y"
    return client.post(IMPORT, data=data, content_type="multipart/form-data")


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- the import page -------------------------------------------------------------------------------------------
def test_import_page_renders_in_chinese_and_english(app, client, official):
    official("editor", GUANGDONG)
    r = client.get(IMPORT)
    page = text(r)
    assert r.status_code == 200
    assert "导入机构" in page and 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert "综合性知识产权公共服务机构" in page                      # allowed kinds, labels from the round
    page = text(client.get(IMPORT + "?lang=en"))
    assert "Import institutions" in page and "Check and import" in page and "导入机构" not in page


def test_a_bad_file_is_refused_with_every_row_problem_and_nothing_written(app, client, official):
    official("editor", GUANGDONG)
    r = upload(client, BAD.encode(), "bad.csv")
    page = text(r)
    assert r.status_code == 200 and "没有导入任何数据" in page
    problems = {(m.group(1), m.group(2)) for m in re.finditer(
        r'<tr class="ph-import-error" data-row="(\d+)" data-column="([^"]*)"', page)}
    assert problems == {("3", "kind"), ("4", "region"), ("5", "established")}
    assert "“kiosk”不是允许的值之一" in page and "未知的地区代码“449999”" in page and "不是日期" in page
    assert entries(app) == []
    assert audit_rows(app, object_type="registry") == []
    # the same in English
    page = text(upload(client, BAD.encode(), "bad.csv", lang="en"))
    assert "Nothing was imported" in page and "“kiosk” is not one of the allowed values" in page


def test_unreadable_files_are_refused(app, client, official):
    official("editor", GUANGDONG)
    page = text(upload(client, "name,kind\n甲,comprehensive\n".encode("gbk"), "gbk.csv"))
    assert "UTF-8" in page and 'data-row="0"' in page
    page = text(upload(client, b"not a zip file", "broken.xlsx"))
    assert "Excel" in page and 'data-row="0"' in page
    page = text(upload(client, b"hello", "notes.txt"))
    assert "notes.txt" in page and ".txt" in page
    assert entries(app) == [] and audit_rows(app, object_type="registry") == []


def test_a_good_csv_is_imported_and_audited(app, client, official):
    name = official("editor", GUANGDONG)
    r = upload(client, GOOD.encode("utf-8-sig"), "good.csv")
    assert r.status_code == 302
    page = text(client.get(r.location))
    assert "已从 good.csv 导入 3 个机构" in page
    got = entries(app)
    assert [n for n, _, _ in got] == ["天河区知识产权公共服务中心", "黄埔区知识产权公共服务中心",
                                      "番禺区知识产权公共服务中心"]
    assert got[2][2]["kind"] == "comprehensive" and got[2][2]["established"] == "2024-06-01"
    # each entry is kept by the nearest declared jurisdiction at or above its region (homes.home_of)
    assert [code for _, code, _ in got] == [GUANGZHOU, "440112", GUANGZHOU]
    (row,) = audit_rows(app, object_type="registry")
    assert (row["username"], row["action"], row["object_id"], row["jurisdiction_code"]) == \
        (name, "import", REGISTRY, GUANGDONG)
    assert row["after"]["imported"] == 3 and row["after"]["file"] == "good.csv"
    assert row["before"] == {"entries": 0}
    # the same rows again are refused (already in the registry) ... unless the registry is replaced
    page = text(upload(client, GOOD.encode(), "good.csv"))
    assert "已在登记中" in page and len(entries(app)) == 3
    assert upload(client, GOOD.encode(), "good.csv", replace=True).status_code == 302
    assert len(entries(app)) == 3
    last = audit_rows(app, object_type="registry")[-1]
    assert last["after"]["replace"] is True and len(last["before"]["replaced"]) == 3


def test_a_good_excel_file_is_imported(app, client, official):
    official("superuser", None)
    body = xlsx([["名称", "类型", "层级", "地区代码", "设立日期", "来源"],
                 ["深圳市商标业务受理窗口", "商标业务受理窗口", "地市级", 440300, dt.datetime(2024, 5, 6), "公告"]])
    assert upload(client, body, "in.xlsx").status_code == 302
    assert entries(app)[0][2]["kind"] == "trademark_window"


def test_a_missing_file_is_a_form_error(app, client, official):
    official("editor", GUANGDONG)
    token = csrf_token(text(client.get(IMPORT)))
    r = client.post(IMPORT, data={"csrf_token": token}, content_type="multipart/form-data")
    assert r.status_code == 400 and "请选择要导入的 CSV 或 Excel 文件" in text(r)


def test_a_viewer_may_read_but_not_import(app, client, official):
    official("viewer", GUANGDONG)
    page = text(client.get(IMPORT))
    assert 'id="ph-import-form"' not in page
    token = csrf_token(page)
    r = client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(GOOD.encode()), "good.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 403 and entries(app) == []


# -- the report ------------------------------------------------------------------------------------------------
def test_report_renders_and_downloads(app, client, official):
    official("editor", GUANGDONG)
    assert upload(client, GOOD.encode(), "good.csv").status_code == 302
    page = text(client.get(REPORT + "?as_of=2024-12-31"))
    assert "覆盖状态报告" in page
    row = re.search(r'<tr data-target="guangzhou_district_coverage_2024" data-status="met".*?</tr>', page, re.S)
    assert row and "27.27" in row.group(0) and "已达成" in row.group(0)
    page = text(client.get(REPORT + "?as_of=2024-12-31&lang=en"))
    assert "Coverage status report" in page and "Met" in page and "覆盖状态报告" not in page

    r = client.get(REPORT + "download?format=csv&as_of=2024-12-31&lang=zh_CN")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "guangdong-coverage-2024-12-31.csv" in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["目标代码", "目标", "状态"]
    gz = next(x for x in rows if x[0] == "guangzhou_district_coverage_2024")
    assert gz[2] == "已达成" and gz[3] == "27.27"

    r = client.get(REPORT + "download?format=xlsx&as_of=2024-12-31")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.data))
    assert wb.sheetnames[:2] == ["目标", "地市"]
    assert client.get(REPORT + "download?format=cities.csv&as_of=2024-12-31").status_code == 200
    assert client.get(REPORT + "download?format=exe").status_code == 404


# -- scope -----------------------------------------------------------------------------------------------------
def test_other_jurisdictions_are_refused_also_by_url(app, client, official):
    official("editor", HUNAN)
    for url in (IMPORT, REPORT, REPORT + "download?format=csv"):
        refused(client, url, "广东省")
    token = csrf_token(text(client.get("/admin/login/")))
    r = client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(GOOD.encode()), "good.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 403 and entries(app) == []
    assert_not_in_menu(client, IMPORT)


# -- the registry holds Guangdong's rows only: no cross-jurisdiction write, delete, read or count -----------------
HUNAN_ROW = {"name": "湖南某中心", "kind": "comprehensive", "level": "county", "region": "440106",
             "established": "2024-01-01", "source": "湖南的机密备注"}


def test_an_editor_of_another_jurisdiction_cannot_add_rows_to_the_guangdong_registry(app, client, official):
    official("editor", HUNAN)
    new = f"/admin/registries/{REGISTRY}/new/"
    form = read_form(text(client.get(new)))
    select = re.search(r'<select[^>]*name="jurisdiction_code".*?</select>', text(client.get(new)), re.S).group(0)
    assert HUNAN not in re.findall(r'value="(\d+)"', select)            # not offered ...
    form.update(name="湖南某中心", jurisdiction_code=HUNAN, data=json.dumps(HUNAN_ROW, ensure_ascii=False))
    r = client.post(new, data=form)                                     # ... and refused when posted anyway
    assert r.status_code == 200 and entries(app) == []


def test_replace_import_keeps_and_never_copies_rows_of_another_jurisdiction(app, client, official):
    """A Hunan row in the Guangdong registry (written before writers were checked, or by any other path):
    a Guangdong editor's "replace" import neither deletes it nor copies its data into the audit entry the
    Guangdong editor can open, and the Guangdong coverage report does not count it."""
    hunan_id = make_entry(app, "湖南某中心", HUNAN, registry=REGISTRY, data=HUNAN_ROW)
    official("editor", GUANGDONG)
    assert upload(client, GOOD.encode(), "good.csv").status_code == 302
    before = text(client.get(REPORT + "?as_of=2024-12-31"))
    assert upload(client, GOOD.encode(), "good.csv", replace=True).status_code == 302
    got = entries(app)
    assert ("湖南某中心", HUNAN, HUNAN_ROW) in got                     # not deleted
    assert sorted(code for _, code, _ in got) == sorted([GUANGZHOU, "440112", GUANGZHOU, HUNAN])
    last = audit_rows(app, object_type="registry")[-1]
    assert [r["name"] for r in last["before"]["replaced"]] == [
        "天河区知识产权公共服务中心", "黄埔区知识产权公共服务中心", "番禺区知识产权公共服务中心"]
    assert "湖南的机密备注" not in json.dumps(last, ensure_ascii=False, default=str)
    assert last["before"]["entries"] == 3 and hunan_id not in [r["id"] for r in last["before"]["replaced"]]
    # the report and the import page count Guangdong's three institutions, not Hunan's
    page = text(client.get(REPORT + "?as_of=2024-12-31"))
    row = re.search(r'<tr data-target="guangzhou_district_coverage_2024" data-status="met".*?</tr>', page, re.S)
    assert row and "27.27" in row.group(0)
    assert _institution_count(page) == _institution_count(before) == 3
    csv_rows = list(csv.reader(io.StringIO(text(client.get(REPORT + "download?format=csv&as_of=2024-12-31"))
                                           .lstrip("\ufeff"))))
    assert next(x for x in csv_rows if x[0] == "guangzhou_district_coverage_2024")[3] == "27.27"


def _institution_count(page: str) -> int:
    m = re.search(r'data-institutions="(\d+)"', page) or re.search(r"(\d+)\s*个机构", page)
    assert m, "the report names the number of institutions"
    return int(m.group(1))


def test_a_city_official_is_refused_the_province_pages(app, client, official):
    official("editor", GUANGZHOU)
    assert client.get(IMPORT).status_code == 403


def test_signed_out_is_sent_to_sign_in(client):
    assert_sends_to_sign_in(client, IMPORT, REPORT, REPORT + "download")


# -- the plugin's catalog: the tests every plugin runs on its PACKAGE (tests/admin/plugin_pages.py) ---------------
from plugin_pages import (  # noqa: E402,F401 - collected here
    test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words, test_the_plugin_declares_its_catalog)
