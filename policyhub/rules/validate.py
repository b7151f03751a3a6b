"""Checking a rule before it is stored or compiled."""
from __future__ import annotations

from typing import Any, Collection

from .analysis import analyse
from .errors import RuleProblem
from .operators import OperatorSet


def validate_rule(rule: Any, *, facts: Collection[str] | None = None,
                  parameters: Collection[str] | None = None,
                  operators: OperatorSet | None = None) -> list[RuleProblem]:
    """Every problem in ``rule`` (empty when it is fine).

    Checks JSON shape, the operator allow-list, arity, depth and size; and, when given,
    that each fact read by ``var``/``missing`` is in ``facts`` and each ``{"param": name}``
    is in ``parameters``. Reads inside map/filter/all/some/none refer to the current item
    and are not facts; inside reduce they must start with current or accumulator.
    """
    ops = operators or OperatorSet.standard()
    return analyse(rule, operators=ops, facts=facts, parameters=parameters).problems
