"""JSON text to rule, with line and column on failure."""
from __future__ import annotations

import json
from typing import Any

from ..jsontext import MAX_TEXT_DEPTH, too_deep_at
from ..i18n import Message
from .errors import RuleError, RuleProblem


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_rule_text(text: str) -> Any:
    """Parse JSON text into a rule; raise ``RuleError`` (code ``"parse"``) on bad JSON.

    Refuses duplicate object keys and the non-JSON constants NaN and Infinity.
    """
    deep = too_deep_at(text)
    if deep is not None:
        message = Message("rule.json_too_deep", n=MAX_TEXT_DEPTH, line=deep[0], column=deep[1])
        raise RuleError([RuleProblem("", "parse", message, deep[0], deep[1])])
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = Message("rule.json_invalid_at", detail=exc.msg, line=exc.lineno, column=exc.colno)
        raise RuleError([RuleProblem("", "parse", message, exc.lineno, exc.colno)]) from None
    except _Duplicate as exc:
        message = Message("rule.json_duplicate_key", key=repr(exc.args[0]))
        raise RuleError([RuleProblem("", "parse", message)]) from None
    except ValueError as exc:
        raise RuleError([RuleProblem("", "parse", Message("rule.json_invalid", detail=str(exc)))]) from None
