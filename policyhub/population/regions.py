"""Which enterprises of a population belong to a jurisdiction: by the division code in their `region` column.

An enterprise belongs to a jurisdiction when its region code is the jurisdiction's code, or lies below it by the
administrative division code (GB/T 2260 and the 12-digit township codes): a code is read as levels of 2, 4, 6,
9 and 12 digits, and the trailing levels of zeros name everything below. So 430000 (a province) holds 430102 and
430102001000, 440100 (a prefecture) holds 440112, and 440112 holds only 440112 and its townships. An official
sees the enterprises of every jurisdiction they may see (theirs and those below it in the jurisdictions table);
an enterprise without a region is seen by superusers only (docs/population.md).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

_LEVELS = (2, 4, 6, 9, 12)


def significant(code: str) -> str:
    """The part of a division code that names the area: 430000 -> 43, 440100 -> 4401, 440112 -> 440112."""
    if not code.isdigit() or len(code) not in _LEVELS:
        return code
    for n in _LEVELS:
        if n >= len(code) or not code[n:].strip("0"):
            return code[:n] if n < len(code) else code
    return code


def region_test(allowed: Iterable[str] | None) -> Callable[[Any], bool]:
    """A test of an enterprise's region for the jurisdictions `allowed` (None: every enterprise)."""
    if allowed is None:
        return lambda region: True
    codes = sorted(set(allowed))
    prefixes = {significant(c) for c in codes if c.isdigit() and len(c) in _LEVELS}
    exact = set(codes)
    cache: dict[Any, bool] = {}

    def test(region: Any) -> bool:
        if region is None or region == "":
            return False
        if region not in cache:
            text = str(region)
            cache[region] = text in exact or (text.isdigit() and any(text.startswith(p) for p in prefixes))
        return cache[region]

    return test


def region_condition(allowed: Iterable[str] | None, column: str = "region"):
    """The same test as a SQL condition on `column` (a SQLGlot expression), or None for every enterprise."""
    from sqlglot import exp

    if allowed is None:
        return None
    codes = sorted(set(allowed))
    col = exp.column(column)
    text = exp.Cast(this=col, to=exp.DataType.build("VARCHAR"))
    parts: list[exp.Expression] = []
    if codes:
        parts.append(exp.In(this=text, expressions=[exp.Literal.string(c) for c in codes]))
    for p in sorted({significant(c) for c in codes if c.isdigit() and len(c) in _LEVELS}):
        parts.append(exp.Like(this=text, expression=exp.Literal.string(p + "%")))
    if not parts:
        return exp.false()
    cond = parts[0]
    for part in parts[1:]:
        cond = exp.Or(this=cond, expression=part)
    return exp.Paren(this=cond)


__all__ = ["region_condition", "region_test", "significant"]
