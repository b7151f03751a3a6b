"""Which jurisdiction keeps an institution's registry entry: the nearest declared jurisdiction at or above the
region the institution serves (a district's own if it has one, else its city's, else the province's).

So a city's officials maintain their city's entries and the province's officials all of them (scoping is the
core's: an official reaches their jurisdiction and those below it). A city that no plugin declares as a
jurisdiction yet is kept by the province.
"""
from __future__ import annotations

from typing import Mapping


def home_of(region: str | None, parents: Mapping[str, str | None], jurisdictions: frozenset[str] | set[str],
            fallback: str) -> str:
    """The jurisdiction keeping an entry for `region` (`parents`: region code -> parent region code)."""
    code, seen = region, set()
    while code and code not in seen:
        if code in jurisdictions:
            return code
        seen.add(code)
        code = parents.get(code)
    return fallback
