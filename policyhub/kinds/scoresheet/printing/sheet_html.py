"""A score sheet as printable HTML in the annex layout (大类指标 / 小类指标 / 分值 / 评分标准 / 得分)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import ScoreSheet
from . import layout


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("policyhub.kinds.scoresheet.printing", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render_sheet_html(sheet: ScoreSheet, *, ctx=None, lang: str = "zh",
                      scores: dict[str, Any] | None = None, applicant: str | None = None) -> str:
    """A self-contained HTML page (no external assets) ready to print on A4.

    `ctx` (a RoundContext) resolves the pass mark and the cited document; `scores` (indicator key → points)
    pre-fills the 得分 column, e.g. to print an evaluation; `applicant` fills the name line.
    """
    scores = scores or {}
    rows = layout.rows(sheet, lang)
    filled = [scores[r.key] for r in rows if scores.get(r.key) is not None]
    values = layout.context_values(sheet, ctx)
    return _env().get_template("sheet.html").render(
        lang=lang, sheet=sheet, title=sheet.label.get(lang), rows=rows, scores=scores,
        t=lambda key, **kw: layout.text(lang, key, **kw), num=layout.num,
        notes=layout.notes(sheet, lang, values["pass_mark"]), citation=values["citation"],
        total=sum(filled) if len(filled) == len(rows) else None, applicant=applicant)
