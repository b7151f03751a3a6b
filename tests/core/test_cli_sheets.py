"""`policyhub sheet`: print a score sheet, fill the expert column in Excel, read the scores back."""
from __future__ import annotations

import json

from openpyxl import load_workbook

from .test_cli import facts_file, run  # noqa: F401 - fixtures


def test_print_html_and_xlsx_then_read_expert_scores(run, tmp_path):  # noqa: F811
    run("init")
    html = tmp_path / "sheet.html"
    r = run("sheet", "print", "example-sheet", "-o", str(html))
    assert r.exit_code == 0, r.output
    page = html.read_text(encoding="utf-8")
    assert "大类指标" in page and "评分标准" in page and "有固定的办公场地，得20分" in page
    book = tmp_path / "sheet.xlsx"
    assert run("sheet", "print", "example-sheet", "--format", "xlsx", "-o", str(book)).exit_code == 0
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws[f"F{r}"].value == "plan")
    ws[f"E{row}"] = 7
    wb.save(book)
    r = run("sheet", "scores", "example-sheet", str(book))
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == {"plan_quality": 7}


def test_out_of_range_expert_score_is_refused_with_its_cell(run, tmp_path):  # noqa: F811
    run("init")
    book = tmp_path / "sheet.xlsx"
    run("sheet", "print", "example-sheet", "--format", "xlsx", "-o", str(book))
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws[f"F{r}"].value == "plan")
    ws[f"E{row}"] = 12
    wb.save(book)
    r = run("sheet", "scores", "example-sheet", str(book))
    assert r.exit_code == 2 and f"E{row}" in r.output


def test_sheet_of_a_scheme_without_one_is_a_clear_error(run, tmp_path):  # noqa: F811
    run("init")
    r = run("sheet", "print", "example-checklist", "-o", str(tmp_path / "x.html"))
    assert r.exit_code == 2 and "has no score sheet" in r.output
