"""How far a fact is from meeting a comparison, as a message."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..i18n import Message, quantity, render
from .comparison import Comparison
from .compiled import CompiledRule
from .compiler import compile_rule
from .errors import RuleError, RuleEvaluationError

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "===": "=", "!=": "≠", "!==": "≠"}
LANGS = ("en", "zh")

Text = str | Mapping[str, str] | None   # one string, or one per language {zh, en}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _label(text: Text, fallback: str) -> Any:
    if text is None:
        return fallback
    return text if isinstance(text, str) else {k: v for k, v in text.items() if v} or fallback


@dataclass(frozen=True)
class Gap:
    """``fact`` is ``actual`` but needs ``operator needed``; ``shortfall`` is the numeric distance."""

    fact: str
    actual: Any
    operator: str
    needed: Any
    shortfall: int | float | None

    def message(self, label: Text = None, unit: Text = None) -> Message:
        """The gap as a Message: ``gap.found`` ("full-time staff 3, needs ≥ 5") or ``gap.not_provided``.

        ``label`` and ``unit`` are a string or a mapping of language to string.
        """
        params = {"label": _label(label, self.fact), "op": SYMBOLS.get(self.operator, self.operator),
                  "needed": quantity(self.needed, unit)}
        if self.actual is None:
            return Message("gap.not_provided", params)
        return Message("gap.found", params, actual=quantity(self.actual, unit))

    def text(self, lang: str = "en", label: Text = None, unit: Text = None) -> str:
        """The gap in one language, e.g. "full-time staff 3, needs ≥ 5" or (zh) "专职人员 3，需 ≥ 5"."""
        return render(self.message(label, unit), lang)

    def to_json(self, label: Text = None, unit: Text = None) -> dict[str, Any]:
        """The gap as JSON: its message (code and parameters) and its text in every language."""
        msg = self.message(label, unit)
        return {"fact": self.fact, "actual": self.actual, "operator": self.operator,
                "needed": self.needed, "shortfall": self.shortfall,
                "message": msg.to_json(), "text": msg.texts()}


_MET: dict[str, CompiledRule | RuleError] = {}   # the comparison rule of each operator, compiled once


def _met(operator: str, actual: Any, needed: Any) -> bool:
    rule = _MET.get(operator)
    if rule is None:
        try:
            rule = compile_rule({"!!": [{operator: [{"var": "a"}, {"var": "b"}]}]})
        except RuleError as e:
            rule = e
        _MET[operator] = rule
    if isinstance(rule, RuleError):
        return False
    try:
        return bool(rule.evaluate({"a": actual, "b": needed}))
    except RuleEvaluationError:
        return False


def gap(comparison: Comparison, fact_value: Any, threshold_value: Any) -> Gap | None:
    """The Gap when ``fact_value`` fails the comparison, else None.

    Decided with the rule engine's own semantics. For a between comparison pass
    ``threshold_value`` as ``(low, high)``; the Gap is for the bound that fails.
    """
    if comparison.upper is not None:
        low, high = threshold_value
        lower = Comparison(comparison.fact, comparison.operator, comparison.parameter,
                           comparison.threshold_source)
        return gap(lower, fact_value, low) or gap(comparison.upper, fact_value, high)
    op = comparison.operator
    if _met(op, fact_value, threshold_value):
        return None
    shortfall = None
    if _number(fact_value) and _number(threshold_value):
        if op in (">", ">="):
            shortfall = threshold_value - fact_value
        elif op in ("<", "<="):
            shortfall = fact_value - threshold_value
    return Gap(comparison.fact, fact_value, op, threshold_value, shortfall)
