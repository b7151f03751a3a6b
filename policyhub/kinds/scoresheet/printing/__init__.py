"""Printable score sheets in the annex layout: HTML for printing, Excel for experts to fill and import back."""
from .sheet_html import render_sheet_html
from .sheet_xlsx import ScoreImportError, read_scores, write_sheet_xlsx

__all__ = ["ScoreImportError", "read_scores", "render_sheet_html", "write_sheet_xlsx"]
