"""A score sheet as an Excel workbook experts fill in (openpyxl), and the import of their scores.

The worksheet looks like the annex (merged group and subgroup cells, an empty 得分 column); a hidden column
holds each row's indicator key and cell F1 the sheet key, so `read_scores` finds the right cells even if the
expert resizes or reformats the sheet.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import ScoreSheet
from ....errors import PolicyError
from ....i18n import Message
from ....safe_cells import as_text
from . import layout

KEY_COL, SCORE_COL = "F", "E"
FIRST_ROW = 4                       # rows 1-3: title, applicant line, headings
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


class ScoreImportError(PolicyError):
    """A filled workbook could not be imported; `errors` lists {cell, indicator, message {zh, en}}."""

    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['cell'] or '(workbook)'}: {e['message']['en']}" for e in errors))


def write_sheet_xlsx(sheets: ScoreSheet | list[ScoreSheet], *, ctx=None, lang: str = "zh") -> bytes:
    """An .xlsx workbook with one worksheet per score sheet, in the annex layout."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets if isinstance(sheets, list) else [sheets]:
        _worksheet(wb, sheet, ctx, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _title(sheet: ScoreSheet, taken: list[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", sheet.key)[:28] or "sheet"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}~{n}", n + 1
    return name


def _worksheet(wb: Workbook, sheet: ScoreSheet, ctx, lang: str) -> None:
    ws = wb.create_sheet(_title(sheet, wb.sheetnames))
    t = lambda key, **kw: layout.text(lang, key, **kw)  # noqa: E731
    rows = layout.rows(sheet, lang)
    last = FIRST_ROW + len(rows) - 1
    ws.merge_cells("A1:E1")
    ws["A1"] = sheet.label.get(lang)
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=14), _CENTRE
    ws.merge_cells("A2:E2")
    ws["A2"] = t("applicant")
    for col, key in zip("ABCDE", ("group", "subgroup", "max", "standard", "score")):
        cell = ws[f"{col}3"]
        cell.value, cell.font, cell.alignment, cell.border = t(key), Font(bold=True), _CENTRE, _BOX
    ws[f"{KEY_COL}1"], ws[f"{KEY_COL}3"] = sheet.key, "key"
    ranges: dict[float, DataValidation] = {}
    for n, r in enumerate(rows, start=FIRST_ROW):
        if r.group_span:
            _merged(ws, f"A{n}:A{n + r.group_span - 1}", r.group)
        if r.subgroup_span:
            _merged(ws, f"B{n}:B{n + r.subgroup_span - 1}", r.subgroup)
            _merged(ws, f"C{n}:C{n + r.subgroup_span - 1}", r.subgroup_max)
        ws[f"D{n}"], ws[f"D{n}"].alignment = r.standard, _LEFT
        ws[f"{SCORE_COL}{n}"].alignment = _CENTRE
        ws[f"{KEY_COL}{n}"] = r.key
        if r.max not in ranges:
            ranges[r.max] = DataValidation(type="decimal", operator="between", formula1="0",
                                           formula2=layout.num(r.max), allow_blank=True, showErrorMessage=True,
                                           error=f"0–{layout.num(r.max)}")
            ws.add_data_validation(ranges[r.max])
        ranges[r.max].add(f"{SCORE_COL}{n}")
        for col in "ABCDE":
            ws[f"{col}{n}"].border = _BOX
    total = last + 1
    ws.merge_cells(f"A{total}:D{total}")
    ws[f"A{total}"] = t("total", n=sheet.total)
    ws[f"A{total}"].font, ws[f"A{total}"].alignment = Font(bold=True), _CENTRE
    ws[f"{SCORE_COL}{total}"] = f"=SUM({SCORE_COL}{FIRST_ROW}:{SCORE_COL}{last})"
    ws[f"{SCORE_COL}{total}"].alignment = _CENTRE
    for col in "ABCDE":
        ws[f"{col}{total}"].border = _BOX
    values = layout.context_values(sheet, ctx)
    below = layout.notes(sheet, lang, values["pass_mark"])
    src = values["citation"]
    below.append(t("source") + (f"{src['document']} " if src.get("document") else "") + src["ref"])
    below.append(f"{t('expert')}                    {t('date')}")
    for n, line in enumerate(below, start=total + 1):
        ws.merge_cells(f"A{n}:E{n}")
        ws[f"A{n}"], ws[f"A{n}"].alignment = line, _LEFT
    for col, width in zip("ABCDE", (16, 22, 8, 60, 10)):
        ws.column_dimensions[col].width = width
    ws.column_dimensions[KEY_COL].hidden = True
    for row in ws.iter_rows():                   # labels officials typed stay text, even "=..."
        for cell in row:
            if cell.coordinate != f"{SCORE_COL}{total}":
                as_text(cell)
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = ws.PAPERSIZE_A4, 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _merged(ws, span: str, value: str) -> None:
    first, last = span.split(":")
    if first != last:                       # a one-cell "merge" makes Excel offer to repair the file
        ws.merge_cells(span)
    ws[first], ws[first].alignment = value, _CENTRE


# -- import ----------------------------------------------------------------------------------------------------
def read_scores(source: str | Path | bytes, sheet: ScoreSheet) -> dict[str, float]:
    """The expert facts (fact name → points) of a filled workbook; raise ScoreImportError listing bad cells.

    Every filled 得分 cell is checked (a number within 0..the indicator's maximum); only expert-scored
    indicators are returned, because the others are computed from the applicant's facts. Empty cells are
    left out (the fact stays missing, so the score stays a range).
    """
    wb = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, data_only=True)
    ws = next((w for w in wb.worksheets if w[f"{KEY_COL}1"].value == sheet.key), None)
    if ws is None:
        raise ScoreImportError([_error(None, None, Message("sheet_import.no_worksheet", sheet=sheet.label.model_dump(),
                                                                   key=sheet.key))])
    indicators = {i.key: i for _, _, i in sheet.indicators()}
    out: dict[str, float] = {}
    errors: list[dict[str, Any]] = []
    seen = set()
    for n in range(FIRST_ROW, ws.max_row + 1):
        key = ws[f"{KEY_COL}{n}"].value
        if key is None:
            continue
        cell = f"{SCORE_COL}{n}"
        ind = indicators.get(key)
        if ind is None:
            errors.append(_error(cell, key, Message("sheet_import.unknown_indicator", key=key)))
            continue
        seen.add(key)
        value, problem = _number(ws[cell].value, ind.max)
        if problem:
            errors.append(_error(cell, key, problem))
        elif value is not None and ind.score.expert:
            out[ind.score.expert] = value
    for key in indicators.keys() - seen:
        errors.append(_error(None, key, Message("sheet_import.missing_row", key=key)))
    if errors:
        raise ScoreImportError(errors)
    return out


def _number(value: Any, hi: float) -> tuple[float | None, Message | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, Message("sheet_import.not_a_number", value="")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None, Message("sheet_import.not_a_number", value=value)
    if not isinstance(value, (int, float)):
        return None, Message("sheet_import.not_a_number", value=str(value))
    if not 0 <= value <= hi:
        return None, Message("sheet_import.out_of_range", value=value, max=hi)
    return float(value), None


def _error(cell: str | None, key: str | None, message: Message) -> dict[str, Any]:
    """One bad cell: its message as code and parameters, and as text in both languages."""
    return {"cell": cell, "indicator": key, **message.to_json(), "message": message.texts()}
