"""Fixed: a JSON-ready mapping built once per round (a label, a citation) and shared by every explanation.

A result's JSON is a copy (`Result.to_json`); a Fixed mapping is copied as it is, without looking for dates or
whole floats to convert, which makes the explanation's JSON several times cheaper to build. Its values are
str, int, bool, None or Fixed mappings, and it is never changed once built.
"""
from __future__ import annotations

from typing import Any


class Fixed(dict):
    """A mapping whose values are JSON-ready already (str, int, bool, None, Fixed or Flat); never changed."""

    __slots__ = ()


class Flat(dict):
    """A Fixed mapping of plain values only (a label): its copy is `dict(flat)`."""

    __slots__ = ()


def fixed(value: Any) -> Any:
    """`value` as Fixed when it is a mapping of plain values and mappings of them (labels, citations); else
    unchanged."""
    if value.__class__ is not dict:
        return value
    out = {}
    nested = False
    for k, v in value.items():
        if v.__class__ is dict:
            v = fixed(v)
            if v.__class__ is not Fixed and v.__class__ is not Flat:
                return value
            nested = True
        elif v is not None and v.__class__ not in (str, int, bool):
            return value
        out[k] = v
    return Fixed(out) if nested else Flat(out)


def copy_fixed(value: Fixed | Flat) -> dict[str, Any]:
    """A plain copy, nested Fixed mappings copied too."""
    out = dict(value)
    for k, v in out.items():
        if v.__class__ is Flat:
            out[k] = dict(v)
        elif v.__class__ is Fixed:
            out[k] = copy_fixed(v)
    return out
