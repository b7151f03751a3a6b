"""The screener: one applicant profile checked against every applicant-facing scheme, closest first."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import FactsError, PolicyError
from ..evaluation.changes import suggestions
from ..evaluation.result import FAIL, PASS, UNDETERMINED
from ..hub import Hub
from .catalog import resolve, scheme_summary
from .fact_form import Field, make_field
from werkzeug.exceptions import NotFound

OFFICIAL = "official"


def screened_schemes(hub: Hub) -> list[str]:
    """Schemes an applicant can be screened for: not addressed to officials only, with a public round."""
    out = []
    for key, s in sorted(hub.policyset.schemes.items()):
        if s.audience and set(s.audience) == {OFFICIAL}:
            continue
        try:
            resolve(hub, key)
        except NotFound:
            continue
        out.append(key)
    return out


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


def known_facts(hub: Hub, keys: list[str]) -> set[str]:
    names: set[str] = set()
    for key in keys:
        names.update(resolve(hub, key).facts)
    return names


def rank(entry: dict[str, Any]) -> tuple:
    """Pass first, then undetermined with the fewest missing facts, then fail with the fewest failing items."""
    title = entry["scheme"]["key"]
    if entry.get("errors"):
        return (4, 0, title)
    res = entry["result"]
    outcome = res.get("outcome")
    if outcome == PASS:
        return (0, 0, title)
    if outcome == UNDETERMINED:
        return (1, len(res.get("missing") or []), title)
    if outcome == FAIL:
        return (2, sum(1 for s in entry["suggestions"] if s["kind"] != "provide"), title)
    return (3, 0, title)


def screen(hub: Hub, keys: list[str], facts: dict[str, Any], as_of: dt.date | None) -> list[dict[str, Any]]:
    out = []
    for key in keys:
        rnd = resolve(hub, key)
        given = {k: v for k, v in facts.items() if k in rnd.facts}
        entry: dict[str, Any] = {"scheme": scheme_summary(hub, key), "round": rnd.key, "given": given}
        try:
            res = hub.evaluate(key, given, round=rnd.key, as_of=as_of).to_json()
        except FactsError as e:
            entry["errors"] = e.errors
        except PolicyError as e:
            entry["errors"] = [{"path": "", "message": str(e)}]
        else:
            entry["result"] = res
            entry["suggestions"] = suggestions(res, rnd)
        out.append(entry)
    out.sort(key=rank)
    return out
