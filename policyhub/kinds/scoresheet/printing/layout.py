"""The annex layout of a score sheet: one row per indicator, group and subgroup cells spanning their rows.

Both the HTML and the Excel renderer draw from these rows, so the two always agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ....i18n import M_, Message, render
from ....i18n.formats import number
from ..model import ScoreSheet

LANGS = ("zh", "en")

# The printed form's fixed wording (headings and the lines around the table) lives in the catalogs.
CODES = {"group": M_("sheet.group"), "subgroup": M_("sheet.subgroup"), "max": M_("sheet.max"),
         "standard": M_("sheet.standard"), "score": M_("sheet.score"), "points": M_("sheet.points"),
         "group_cell": M_("sheet.group_cell"), "total": M_("sheet.total"), "mandatory": M_("sheet.mandatory"),
         "pass_mark": M_("sheet.pass_mark"), "pass_mark_gt": M_("sheet.pass_mark_gt"),
         "applicant": M_("sheet.applicant"), "expert": M_("sheet.expert"), "date": M_("sheet.date"),
         "source": M_("sheet.source")}


def num(n: float) -> str:
    """A number as the annex prints it: 15, not 15.0."""
    return number(n)


def text(lang: str, key: str, **kw: Any) -> str:
    """One piece of the form's wording (`CODES`) in `lang`, with its values."""
    return render(Message(CODES[key], kw), lang)


@dataclass
class Row:
    """One indicator row; `group_span`/`subgroup_span` are set on the first row of a group/subgroup only."""

    key: str
    group: str
    group_span: int | None
    subgroup: str
    subgroup_max: str
    subgroup_span: int | None
    standard: str
    max: float
    expert_fact: str | None


def rows(sheet: ScoreSheet, lang: str = "zh") -> list[Row]:
    """The sheet's indicator rows in print order."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    out = []
    for g in sheet.groups:
        g_rows = sum(len(s.indicators) for s in g.subgroups)
        for si, s in enumerate(g.subgroups):
            for ii, i in enumerate(s.indicators):
                first_in_group = si == 0 and ii == 0
                out.append(Row(
                    key=i.key,
                    group=text(lang, "group_cell", label=g.label.get(lang), n=g.max),
                    group_span=g_rows if first_in_group else None,
                    subgroup="" if s.direct else s.label.get(lang),
                    subgroup_max="" if s.direct else text(lang, "points", n=s.max),
                    subgroup_span=len(s.indicators) if ii == 0 else None,
                    standard=i.standard.get(lang), max=i.max, expert_fact=i.score.expert))
    return out


def notes(sheet: ScoreSheet, lang: str, pass_mark: float | None = None) -> list[str]:
    """The lines under the table: mandatory groups and the pass mark."""
    out = [text(lang, "mandatory", label=g.label.get(lang), n=g.max) for g in sheet.groups if g.mandatory]
    if pass_mark is not None:
        out.append(text(lang, "pass_mark" if sheet.pass_comparison == ">=" else "pass_mark_gt", n=pass_mark))
    return out


def context_values(sheet: ScoreSheet, ctx) -> dict[str, Any]:
    """Pass mark and source line resolved in a round context (both optional without one)."""
    if ctx is None:
        literal = sheet.pass_mark if isinstance(sheet.pass_mark, (int, float)) else None
        return {"pass_mark": literal, "citation": {"document": sheet.cite.doc, "ref": sheet.cite.ref}}
    mark = ctx.value(sheet.pass_mark) if sheet.pass_mark is not None else None
    return {"pass_mark": mark, "citation": ctx.citation(sheet.cite)}
