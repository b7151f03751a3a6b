"""Evaluate facts against one round: every section of the round, one result with its explanation."""
from __future__ import annotations

import datetime as dt
from functools import cached_property
from importlib import import_module
from typing import Any

from ..errors import FactsError
from . import checklist, scoresheet
from .context import RoundContext
from .facts import validate_facts
from .result import FAIL, PASS, UNDETERMINED, Result, combine_all

# Kind-specific mechanisms: round attribute -> module with `evaluate(ctx, definition, facts, as_of)`.
SECTION_MODULES = {
    "lifecycle": "policyhub.evaluation.lifecycle",
    "funding": "policyhub.evaluation.funding",
    "targets": "policyhub.evaluation.targets",
    "tasks": "policyhub.evaluation.tasks",
}
BOOLEAN = (PASS, FAIL, UNDETERMINED)


class Evaluator:
    """A round compiled for evaluation; build once per round version and reuse."""

    def __init__(self, ctx: RoundContext):
        self.ctx = ctx
        rnd = ctx.round
        self.criteria_plan = checklist.plan(ctx, rnd.criteria) if rnd.criteria else None
        self.sheet_plans = {s.key: scoresheet.plan(ctx, s) for s in rnd.score_sheets}

    @cached_property
    def sections(self):
        return {name: import_module(mod) for name, mod in SECTION_MODULES.items() if getattr(self.ctx.round, name)}

    def sheet_for(self, facts: dict[str, Any]):
        rnd = self.ctx.round
        if not rnd.score_sheets:
            return None, None
        category = facts.get("category")
        sheet = rnd.sheet_for(category)
        if sheet is None:
            if category is None:
                return None, "category"
            raise FactsError([{"path": "category", "message": f"no score sheet for category '{category}'"}])
        return self.sheet_plans[sheet.key], None

    def evaluate(self, facts: Any, *, as_of: dt.date | None = None, validate: bool = True) -> Result:
        ctx = self.ctx
        rnd = ctx.round
        facts = validate_facts(rnd, facts) if validate else facts
        res = Result(scheme=ctx.scheme.key, round=rnd.key, round_version=rnd.version, digest=ctx.digest,
                     outcome=PASS, as_of=as_of)
        outcomes: list[str] = []
        missing: set[str] = set()
        if self.criteria_plan is not None:
            out, items = checklist.evaluate(ctx, rnd.criteria, facts, self.criteria_plan)
            outcomes.append(out)
            res.items.extend(items)
            missing.update(items[0].missing)
        if rnd.score_sheets:
            sp, needs = self.sheet_for(facts)
            if sp is None:
                outcomes.append(UNDETERMINED)
                missing.add(needs)
            else:
                s = scoresheet.evaluate(ctx, sp, facts)
                res.items.extend(s.pop("items"))
                res.score, res.score_range = s["score"], s["score_range"]
                res.max_score, res.pass_mark = s["max_score"], s["pass_mark"]
                res.pass_comparison = s["pass_comparison"]
                missing.update(s["missing"])
                res.sections["score_sheet"] = s
                if s["outcome"] is not None:
                    outcomes.append(s["outcome"])
        status_outcome = None
        for name, module in self.sections.items():
            sr = module.evaluate(ctx, getattr(rnd, name), facts, as_of)
            res.items.extend(sr.items)
            res.sections[name] = sr.data
            missing.update(sr.missing)
            if sr.outcome in BOOLEAN:
                outcomes.append(sr.outcome)
            elif sr.outcome is not None and status_outcome is None:
                status_outcome = sr.outcome
        res.missing = sorted(missing)
        if outcomes:
            res.outcome = combine_all(outcomes)
        elif status_outcome is not None:
            res.outcome = status_outcome
        if status_outcome is not None and outcomes:
            res.sections["status"] = status_outcome
        return res
