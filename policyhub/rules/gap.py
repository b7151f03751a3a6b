"""How far a fact is from meeting a comparison, in words."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .comparison import Comparison
from .compiler import apply
from .errors import RuleError, RuleEvaluationError

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "===": "=", "!=": "≠", "!==": "≠"}
LANGS = ("en", "zh")
_TEMPLATES = {
    "en": ("{label} {actual}, needs {op} {needed}", "{label} not provided, needs {op} {needed}"),
    "zh": ("{label} {actual}，需 {op} {needed}", "{label} 未提供，需 {op} {needed}"),
}

Text = str | Mapping[str, str] | None   # one string, or one per language


def _lang(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


def _pick(text: Text, lang: str) -> str | None:
    if text is None or isinstance(text, str):
        return text
    return text.get(lang) or text.get("en") or next(iter(text.values()), None)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value: Any, unit: str | None, lang: str) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, (list, tuple)):
        text = ", ".join(_show(v, None, lang) for v in value)
    else:
        text = str(value)
    if unit:
        text += unit if lang == "zh" else f" {unit}"
    return text


@dataclass(frozen=True)
class Gap:
    """``fact`` is ``actual`` but needs ``operator needed``; ``shortfall`` is the numeric distance."""

    fact: str
    actual: Any
    operator: str
    needed: Any
    shortfall: int | float | None

    def text(self, lang: str = "en", label: Text = None, unit: Text = None) -> str:
        """E.g. "full-time staff 3, needs ≥ 5" or (zh) "专职人员 3，需 ≥ 5".

        ``label`` and ``unit`` are a string or a mapping of language to string.
        """
        lang = _lang(lang)
        found, absent = _TEMPLATES[lang]
        template = absent if self.actual is None else found
        name, unit_text = _pick(label, lang) or self.fact, _pick(unit, lang)
        return template.format(label=name, actual=_show(self.actual, unit_text, lang),
                               op=SYMBOLS.get(self.operator, self.operator),
                               needed=_show(self.needed, unit_text, lang))

    def to_json(self, label: Text = None, unit: Text = None) -> dict[str, Any]:
        """The gap as JSON, with its text in every language."""
        return {"fact": self.fact, "actual": self.actual, "operator": self.operator,
                "needed": self.needed, "shortfall": self.shortfall,
                "text": {lang: self.text(lang, label, unit) for lang in LANGS}}


def _met(operator: str, actual: Any, needed: Any) -> bool:
    rule = {"!!": [{operator: [{"var": "a"}, {"var": "b"}]}]}
    try:
        return bool(apply(rule, {"a": actual, "b": needed}))
    except (RuleError, RuleEvaluationError):
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
