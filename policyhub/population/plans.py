"""What the SQL compiler reads of an Evaluator's compiled round: the checklist's and the score sheets' plans.

The evaluator holds one plan per scheme kind (`Evaluator.plan(name)`); population screening compiles the two
kinds it knows to SQL, and reads their plans here.
"""
from __future__ import annotations

from typing import Any


def criteria_plan(ev) -> dict[str, Any] | None:
    """The checklist's nodes by criterion key, or None when the round has no criteria."""
    plan = ev.plan("checklist")
    return plan[1] if plan is not None else None


def sheet_plans(ev) -> dict[str, Any]:
    """Each score sheet's plan by sheet key (empty when the round has none)."""
    plan = ev.plan("scoresheet")
    return plan.plans if plan is not None else {}


def only_sheet(ev) -> Any | None:
    """The plan of the round's only sheet when it has one sheet for every category, else None."""
    plan = ev.plan("scoresheet")
    return plan.only if plan is not None else None


def sheet_by_category(ev) -> dict[Any, Any]:
    """Sheet plans by category."""
    plan = ev.plan("scoresheet")
    return plan.by_category if plan is not None else {}
