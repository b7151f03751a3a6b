"""The screener page's side of screening: the profile form's fields and each entry's scheme summary."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..hub import Hub
from ..screening import screen as core_screen
from .catalog import resolve, scheme_summary
from .fact_form import Field, make_field


def profile_fields(hub: Hub, keys: list[str]) -> list[Field]:
    """The union of the schemes' plain facts (no expert scores, no per-category facts, no lists), the facts
    most schemes ask for first. A name declared with different types keeps its first declaration."""
    seen: dict[str, tuple[Field, int, int]] = {}
    order = 0
    for key in keys:
        rnd = resolve(hub, key)
        schema = hub.schema(key, rnd.key)
        for name, s in (schema.get("properties") or {}).items():
            if s.get("x-expert") or s.get("x-categories") or s.get("type") in ("array", "object"):
                continue
            if rnd.categories and name == "category":
                continue
            if name in seen:
                f, count, pos = seen[name]
                seen[name] = (f, count + 1, pos)
            else:
                seen[name] = (make_field(name, s), 1, order)
                order += 1
    ranked = sorted(seen.values(), key=lambda t: (-t[1], t[2]))
    return [f for f, _count, _pos in ranked]


def screen(hub: Hub, keys: list[str], facts: dict[str, Any], as_of: dt.date | None) -> list[dict[str, Any]]:
    """The core screening (policyhub.screening.screen), closest first, each entry with its scheme's summary
    for the page: {scheme: summary, round, given, result (with suggestions) | errors}."""
    out = []
    for entry in core_screen(hub, facts, schemes=keys, as_of=as_of):
        data = entry.to_json()
        data["scheme"] = scheme_summary(hub, entry.scheme)
        data["suggestions"] = data["result"]["suggestions"] if "result" in data else []
        out.append(data)
    return out
