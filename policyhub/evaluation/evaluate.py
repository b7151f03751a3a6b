"""Evaluate facts against one round: every section of the round, one result with its explanation.

The evaluator knows no scheme kind: each section of the round belongs to a registered kind
(`policyhub.kinds.registry`), which plans it once per round and evaluates it into the result.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..kinds import registry
from ..context import RoundContext
from .facts_check import FactsCheck
from .result import FAIL, PASS, UNDETERMINED, Result, combine_all

BOOLEAN = (PASS, FAIL, UNDETERMINED)


class Evaluator:
    """A round compiled for evaluation; build once per round version and reuse."""

    def __init__(self, ctx: RoundContext):
        self.ctx = ctx
        rnd = ctx.round
        # (kind, plan) for every section the round has, in the kinds' registration order
        self.plans = [(kind, kind.plan(ctx, getattr(rnd, kind.section))) for kind in registry.kinds()
                      if kind.present(getattr(rnd, kind.section))]
        # a round of one section (score sheets only, for scoring many applicants) takes a short path
        self.single = self.plans[0] if len(self.plans) == 1 else None
        self.head = (ctx.scheme.key, rnd.key, rnd.version, ctx.digest)
        self.check_facts = FactsCheck(rnd)      # validate_facts for this round, its checks built once

    def plan(self, name: str) -> Any:
        """The plan of the kind named `name` (None when the round has no such section)."""
        for kind, plan in self.plans:
            if kind.name == name:
                return plan
        return None

    def evaluate(self, facts: Any, *, as_of: dt.date | None = None, validate: bool = True) -> Result:
        """The result for `facts`. Validation copies them; with `validate=False` the result keeps the caller's
        dict for its explanation (built when first read), so it must not change until then."""
        ctx = self.ctx
        if validate:
            facts = self.check_facts(facts)
        res = Result(*self.head, PASS, as_of)
        res.definition = ctx.round
        if self.single is not None:
            kind, plan = self.single
            outcome = kind.evaluate(ctx, plan, facts, as_of, res)
            if outcome is not None:
                res.outcome = outcome
            return res
        outcomes: list[str] = []
        status_outcome = None
        for kind, plan in self.plans:
            out = kind.evaluate(ctx, plan, facts, as_of, res)
            if out in BOOLEAN:
                outcomes.append(out)
            elif out is not None and status_outcome is None:
                status_outcome = out
        if outcomes:
            res.outcome = outcomes[0] if len(outcomes) == 1 else combine_all(outcomes)
        elif status_outcome is not None:
            res.outcome = status_outcome
        if status_outcome is not None and outcomes:
            res.set_section("status", status_outcome)
        return res
