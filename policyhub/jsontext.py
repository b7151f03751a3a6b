"""Checks on JSON that arrives as text (API bodies, back-office fields, rules): how deep it nests, located
before parsing so that no parser or later walk runs out of stack, and lone surrogates, which cannot be
written back as UTF-8."""
from __future__ import annotations

import re
from typing import Any

MAX_TEXT_DEPTH = 200
"""Deepest bracket nesting accepted in JSON text (a rule is limited to 32 operations, far below this)."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_TOKENS = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[\[\]{}\n]')


def too_deep_at(text: str, limit: int = MAX_TEXT_DEPTH) -> tuple[int, int] | None:
    """(line, column), both from 1, of the first bracket nested deeper than `limit`, or None. Brackets inside
    strings do not count."""
    level, line, line_start = 0, 1, 0
    for m in _TOKENS.finditer(text):
        ch = m.group()
        if ch == "\n":
            line, line_start = line + 1, m.end()
        elif ch in ("[", "{"):
            level += 1
            if level > limit:
                return line, m.start() - line_start + 1
        elif ch in ("]", "}"):
            level -= 1
    return None


def depth(value: Any, stop: int | None = None) -> int:
    """Nesting depth of parsed JSON, without recursion (stops counting beyond `stop`)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, (dict, list)):
            deepest = max(deepest, d)
            if stop is not None and d > stop:
                return d
            stack.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return deepest


def lone_surrogate_path(value: Any) -> str | None:
    """The slash-separated path of the first key or string holding a lone surrogate (which is not valid
    Unicode text), or None. A bad key is reported at its parent's path."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        v, path = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                return path
        elif isinstance(v, dict):
            for k, x in v.items():
                if isinstance(k, str) and _SURROGATE.search(k):
                    return path
                stack.append((x, f"{path}/{k}" if path else str(k)))
        elif isinstance(v, list):
            stack.extend((x, f"{path}/{i}" if path else str(i)) for i, x in enumerate(v))
    return None
