"""The score-sheet kind: the round's `score_sheets`, points per indicator, a pass mark, mandatory groups."""
from __future__ import annotations

from typing import Any

from ...errors import FactsError
from ...evaluation.result import UNDETERMINED
from ...hookspecs import hookimpl
from ...i18n import Message
from ..base import SchemeKind
from . import check, evaluate, suggest
from .model import ScoreSheet
from .result import KIND_NAME, RESULT_FIELDS


class Sheets:
    """Every sheet of a round compiled once, and which one a set of facts is scored on."""

    __slots__ = ("plans", "by_category", "only")

    def __init__(self, ctx, sheets: list[ScoreSheet]):
        self.plans = {s.key: evaluate.plan(ctx, s) for s in sheets}
        self.by_category = {s.category: self.plans[s.key] for s in sheets}
        one = len(sheets) == 1 and sheets[0].category is None
        self.only = self.plans[sheets[0].key] if one else None

    def sheet_for(self, facts: dict[str, Any]):
        """The sheet plan for the facts' category (or the only sheet); None with the missing fact's name."""
        if self.only is not None:
            return self.only, None
        category = facts.get("category")
        sp = self.by_category.get(category)
        if sp is None:
            if category is None:
                return None, "category"
            raise FactsError([{"path": "category",
                               "message": Message("scoresheet.no_sheet_for_category", category=category)}])
        return sp, None


class ScoreSheets(SchemeKind):
    """Score sheets: the total against a pass mark; unknown indicators give a range."""

    name = KIND_NAME
    section = "score_sheets"
    model = list[ScoreSheet]
    many = True
    item_kinds = ("group", "subgroup", "indicator")
    page_rows = "sheet"
    result_fields = RESULT_FIELDS

    def check(self, ctx, section):
        return check.check(ctx, section)

    def problems(self, ctx, section):
        return super().problems(ctx, section) + check.round_problems(ctx.round)

    def plan(self, ctx, section):
        return Sheets(ctx, section)

    def evaluate(self, ctx, plan, facts, as_of, result):
        sp, needs = plan.sheet_for(facts)
        if sp is None:
            result.missing = sorted(set(result.missing) | {needs})
            return UNDETERMINED
        return evaluate.evaluate(ctx, sp, facts, result)

    def row_depth(self, item):
        return str(item.get("path") or "").count("/") - 1          # a sheet's groups are its top rows

    def suggest(self, result_json, rnd, facts):
        return suggest.suggest(result_json, rnd, facts)


KIND = ScoreSheets()


@hookimpl
def policyhub_scheme_kinds():
    return [KIND]


@hookimpl
def policyhub_init_app(app, pm):
    """The score sheet's portal pages (the printed annex, the scheme page's links to it)."""
    from .portal import bp

    app.register_blueprint(bp)


@hookimpl
def policyhub_cli_commands():
    """`policyhub sheet`: the printed annex and expert scores read back."""
    from .cli import COMMANDS

    return COMMANDS
