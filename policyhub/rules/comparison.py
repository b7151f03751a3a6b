"""Recognising a rule that is one comparison between a fact and a threshold."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .operators import PARAM

COMPARISONS = frozenset({"==", "===", "!=", "!==", ">", ">=", "<", "<="})
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


@dataclass(frozen=True)
class Comparison:
    """``fact <operator> threshold``, the fact always on the left.

    ``threshold_source`` is the source form: ``{"param": name}`` or a literal; ``parameter``
    is the name or None. A between rule ``{"<=": [lo, {"var": f}, hi]}`` gives the lower bound
    (``f >= lo``) with the upper bound (``f <= hi``) in ``upper``.
    """

    fact: str
    operator: str
    parameter: str | None
    threshold_source: Any
    upper: "Comparison | None" = None

    def threshold_value(self, parameters: Mapping[str, Any] | None = None) -> Any:
        """The threshold's value: the literal, or the parameter's value in ``parameters``."""
        if self.parameter is None:
            return self.threshold_source
        return (parameters or {})[self.parameter]


def _fact(node: Any) -> str | None:
    if not (isinstance(node, dict) and len(node) == 1 and "var" in node):
        return None
    path = node["var"]
    if isinstance(path, list):
        path = path[0] if len(path) in (1, 2) else None
    if isinstance(path, bool):
        return None
    if isinstance(path, int) or (isinstance(path, str) and path):
        return str(path)
    return None


def _threshold(node: Any) -> tuple[bool, str | None]:
    """(is a threshold, parameter name)."""
    if isinstance(node, dict):
        if len(node) == 1 and isinstance(node.get(PARAM), str):
            return True, node[PARAM]
        return False, None
    if node is None or isinstance(node, (bool, int, float, str)):
        return True, None
    return False, None


def comparison_of(rule: Any) -> Comparison | None:
    """The Comparison a rule (source form) consists of, or None if it is anything else."""
    if not (isinstance(rule, dict) and len(rule) == 1):
        return None
    (op, args), = rule.items()
    if op not in COMPARISONS or not isinstance(args, list):
        return None
    if len(args) == 2:
        left, right = args
        fact = _fact(left)
        ok, name = _threshold(right)
        if fact is not None and ok:
            return Comparison(fact, op, name, right)
        fact = _fact(right)
        ok, name = _threshold(left)
        if fact is not None and ok:
            return Comparison(fact, _FLIP.get(op, op), name, left)
        return None
    if len(args) == 3 and op in ("<", "<="):
        low, middle, high = args
        fact = _fact(middle)
        low_ok, low_name = _threshold(low)
        high_ok, high_name = _threshold(high)
        if fact is not None and low_ok and high_ok:
            upper = Comparison(fact, op, high_name, high)
            return Comparison(fact, _FLIP[op], low_name, low, upper)
    return None
