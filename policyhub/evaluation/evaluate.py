"""Evaluate facts against one round: every section of the round, one result with its explanation."""
from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from ..errors import FactsError
from ..kinds.checklist import evaluate as checklist
from ..kinds.scoresheet import evaluate as scoresheet
from .context import RoundContext
from .facts import validate_facts
from .result import FAIL, PASS, UNDETERMINED, Result, combine_all

# Kind-specific mechanisms: round attribute -> module with `evaluate(ctx, definition, facts, as_of)`.
SECTION_MODULES = {
    "lifecycle": "policyhub.kinds.lifecycle.evaluate",
    "funding": "policyhub.kinds.funding.evaluate",
    "targets": "policyhub.kinds.targets.evaluate",
    "tasks": "policyhub.kinds.tasks.evaluate",
}
BOOLEAN = (PASS, FAIL, UNDETERMINED)


class Evaluator:
    """A round compiled for evaluation; build once per round version and reuse."""

    def __init__(self, ctx: RoundContext):
        self.ctx = ctx
        rnd = ctx.round
        self.criteria_plan = checklist.plan(ctx, rnd.criteria) if rnd.criteria else None
        self.sheet_plans = {s.key: scoresheet.plan(ctx, s) for s in rnd.score_sheets}
        self.sheet_by_category = {s.category: self.sheet_plans[s.key] for s in rnd.score_sheets}
        one = len(rnd.score_sheets) == 1 and rnd.score_sheets[0].category is None
        self.only_sheet = self.sheet_plans[rnd.score_sheets[0].key] if one else None

        self.sections = {name: import_module(mod) for name, mod in SECTION_MODULES.items() if getattr(rnd, name)}
        # a round that is score sheets and nothing else takes a short path (scoring many applicants)
        self.sheets_only = bool(self.sheet_plans) and self.criteria_plan is None and not self.sections
        self.head = (ctx.scheme.key, rnd.key, rnd.version, ctx.digest)

    def sheet_for(self, facts: dict[str, Any]):
        """The sheet plan for the facts' category (or the only sheet); None with the missing fact's name."""
        if self.only_sheet is not None:
            return self.only_sheet, None
        category = facts.get("category")
        sp = self.sheet_by_category.get(category)
        if sp is None:
            if category is None:
                return None, "category"
            raise FactsError([{"path": "category", "message": f"no score sheet for category '{category}'"}])
        return sp, None

    def evaluate(self, facts: Any, *, as_of: dt.date | None = None, validate: bool = True) -> Result:
        """The result for `facts`. Validation copies them; with `validate=False` the result keeps the caller's
        dict for its explanation (built when first read), so it must not change until then."""
        ctx = self.ctx
        rnd = ctx.round
        if validate:
            facts = validate_facts(rnd, facts)
        res = Result(*self.head, PASS, as_of)
        if self.sheets_only:
            sp = self.only_sheet or self.sheet_by_category.get(facts.get("category"))
            if sp is not None:
                outcome = scoresheet.evaluate(ctx, sp, facts, res)
                if outcome is not None:
                    res.outcome = outcome
                return res
        outcomes: list[str] = []
        if self.criteria_plan is not None:
            out, items = checklist.evaluate(ctx, rnd.criteria, facts, self.criteria_plan)
            outcomes.append(out)
            res.add_items(items)
            res.missing = list(items[0].missing)
        if self.sheet_plans:
            sp, needs = self.sheet_for(facts)
            if sp is None:
                outcomes.append(UNDETERMINED)
                res.missing = sorted(set(res.missing) | {needs})
            else:
                out = scoresheet.evaluate(ctx, sp, facts, res)
                if out is not None:
                    outcomes.append(out)
        status_outcome = None
        for name, module in self.sections.items():
            sr = module.evaluate(ctx, getattr(rnd, name), facts, as_of)
            res.add_items(sr.items)
            res.set_section(name, sr.data)
            if sr.missing:
                res.missing = sorted(set(res.missing) | set(sr.missing))
            if sr.outcome in BOOLEAN:
                outcomes.append(sr.outcome)
            elif sr.outcome is not None and status_outcome is None:
                status_outcome = sr.outcome
        if outcomes:
            res.outcome = outcomes[0] if len(outcomes) == 1 else combine_all(outcomes)
        elif status_outcome is not None:
            res.outcome = status_outcome
        if status_outcome is not None and outcomes:
            res.set_section("status", status_outcome)
        return res
