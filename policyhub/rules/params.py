"""Parameters: named thresholds written {"param": "name"} and substituted before compiling."""
from __future__ import annotations

import json
import math
from typing import Any, Mapping

from ..i18n import Message
from .errors import RuleProblem
from .operators import PARAM


def literal_problem(value: Any) -> Message | None:
    """Why ``value`` cannot stand in a rule as a literal, or None.

    A literal is null, a boolean, a finite number, a string, or an array of literals.
    An object would be read as an operation, so it is refused.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else Message("rule.not_a_json_number", value=str(value))
    if isinstance(value, (list, tuple)):
        for item in value:
            why = literal_problem(item)
            if why:
                return why
        return None
    if isinstance(value, Mapping):
        return Message("rule.param_object")
    return Message("rule.not_a_json_value", type=type(value).__name__)


def value_problems(sites: list[tuple[str, str]], values: Mapping[str, Any]) -> list[RuleProblem]:
    """A "shape" problem for each referenced parameter whose value is not a literal."""
    problems = []
    for ptr, name in sites:
        if name in values:
            why = literal_problem(values[name])
            if why:
                problems.append(RuleProblem(ptr, "shape", Message("rule.param_value", name=name, why=why)))
    return problems


def substitute(rule: Any, values: Mapping[str, Any]) -> Any:
    """A copy of ``rule`` with each {"param": name} replaced by ``values[name]``."""
    if isinstance(rule, dict):
        if len(rule) == 1 and PARAM in rule and isinstance(rule[PARAM], str):
            return json.loads(json.dumps(values[rule[PARAM]]))   # a private copy
        return {key: substitute(item, values) for key, item in rule.items()}
    if isinstance(rule, list):
        return [substitute(item, values) for item in rule]
    return rule
