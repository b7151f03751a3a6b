"""Exports safe against spreadsheet formula injection: every text cell is written as text.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one) as a
formula, so a label an official typed, such as `=HYPERLINK(...)`, could become a live link or a calculation
in someone else's Excel. Every CSV and Excel export goes through these helpers.
"""
from __future__ import annotations

from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV value: text that a spreadsheet would read as a formula gets a leading apostrophe (shown as text,
    the apostrophe hidden); numbers and other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """`csv_cell` over a row."""
    return [csv_cell(v) for v in values]


def as_text(cell) -> None:
    """Make an openpyxl cell holding a string a text cell (openpyxl turns strings starting with = into
    formulas)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


def set_text(ws, coordinate: str, value: Any):
    """ws[coordinate] = value, with text kept as text; returns the cell."""
    cell = ws[coordinate]
    cell.value = value
    as_text(cell)
    return cell


def append_row(ws, values: Iterable[Any]) -> None:
    """ws.append(values), with every text cell kept as text."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        as_text(cell)
