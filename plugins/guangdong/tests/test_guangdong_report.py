"""The status report exported as CSV and Excel, from the registry in a database."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from policyhub.db.models import Base, JurisdictionRow, SchemeRow
from policyhub_guangdong import importer, report

ROWS = [["name", "kind", "level", "region", "established", "source"],
        ["天河区中心", "comprehensive", "county", "440106", "2024-03-01", "公告"],
        ["黄埔区中心", "comprehensive", "county", "440112", "2024-05-01", "公告"],
        ["番禺区中心", "comprehensive", "county", "440113", "2024-06-01", "公告"],
        ["南山区中心", "comprehensive", "county", "440305", "2024-06-01", "公告"]]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'r.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(JurisdictionRow(code="440000", key="guangdong", name_zh="广东省", name_en="Guangdong Province", data={}))
        s.add(SchemeRow(key=importer.SCHEME, jurisdiction_code="440000", data={}))
        s.commit()
        importer.import_institutions(s, rows=ROWS)
        return report.evaluate_registry(s, dt.date(2024, 12, 31))


def test_target_rows(result):
    rows = {r["key"]: r for r in report.target_rows(result, "en")}
    assert len(rows) == 10
    gz = rows["guangzhou_district_coverage_2024"]
    assert (gz["status"], gz["current"], gz["numerator"], gz["denominator"], gz["comparison"]) == \
        ("Met", 27.27, 3, 11, ">")
    sz = rows["shenzhen_district_coverage_2024"]
    assert sz["status"] == "Missed" and sz["gap"].startswith("2 more county-level divisions needed")
    assert sz["citation"].startswith("粤市监知促〔2023〕624号 四、(九)")
    assert rows["strong_county_coverage_2024"]["status"] == "Cannot be measured yet"
    assert "empty" in rows["strong_county_coverage_2024"]["note"]


def test_city_rows(result):
    rows = [r for r in report.city_rows(result, "zh") if r["key"] == "county_coverage_2025"]
    assert len(rows) == 19                                     # Dongguan and Zhongshan have no counties
    gz = next(r for r in rows if r["city_code"] == "440100")
    assert (gz["city"], gz["in_scope"], gz["covered"], gz["percent"]) == ("广州市", 11, 3, 27.27)


def test_csv_files(result, tmp_path):
    path = report.write_csv(result, tmp_path / "targets.csv")
    assert path.read_bytes().startswith("\ufeff".encode())
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["目标代码", "目标", "状态"] and len(rows) == 11
    gz = next(r for r in rows if r[0] == "guangzhou_district_coverage_2024")
    assert gz[2] == "已达成" and gz[3] == "27.27"
    cities = list(csv.DictReader(report.write_csv(result, tmp_path / "c.csv", lang="en", cities=True)
                                 .open(encoding="utf-8-sig")))
    sz = next(r for r in cities
              if r["Division code"] == "440300" and r["Target key"] == "shenzhen_district_coverage_2024")
    assert (sz["City"], sz["Regions in scope"], sz["Covered"], sz["Coverage (%)"]) == ("Shenzhen", "9", "1", "11.11")


def test_xlsx(result, tmp_path):
    path = report.write_xlsx(result, tmp_path / "report.xlsx", lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Targets", "Cities", "About"]
    targets = list(wb["Targets"].iter_rows(values_only=True))
    assert targets[0][0] == "Target key" and len(targets) == 11
    assert wb["About"]["B1"].value == "2024-12-31"
    cities = list(wb["Cities"].iter_rows(values_only=True))
    gz = [r for r in cities if r[:3] == ("440100", "Guangzhou", "guangzhou_district_coverage_2024")]
    assert [r[4:7] for r in gz] == [(11, 3, 27.27)]


def test_a_result_without_targets_is_refused():
    with pytest.raises(ValueError, match="no targets section"):
        report.target_rows({"sections": {}})
