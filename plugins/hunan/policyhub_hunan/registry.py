"""The sub-centre registry officials keep: each sub-centre's funding schedule and the province-wide forecast.

Rows are `policyhub.db.models.RegistryEntry` with registry "hunan-subcentres" and
data {park, designated: "YYYY-MM-DD", results: [...], round?: "2020"}. Everything is computed by the core
(policyhub.kinds.funding.evaluate, policyhub.kinds.funding.forecast); nothing here knows an amount.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from policyhub.errors import PolicyError
from policyhub.context import RoundContext, context_for
from policyhub.kinds.funding.forecast import FundedEntry, forecast, schedule
from policyhub.policyset import PolicySet
from policyhub.registries import round_in_effect

REGISTRY = "hunan-subcentres"
SCHEME = "hunan-park-subcentre-funding"


def rows(session, hub, scope) -> list[Any]:
    """The registry's rows within `scope` (the core's scoped registry query), by name."""
    return hub.registries.entries(session, REGISTRY, scope)


def funded_entry(row: Any) -> FundedEntry:
    """A registry row (anything with .name and .data) as the core's FundedEntry; PolicyError if unusable."""
    data = dict(row.data or {})
    designated = data.get("designated")
    try:
        designated = designated if isinstance(designated, dt.date) else dt.date.fromisoformat(str(designated))
    except ValueError:
        raise PolicyError(f"designation date {designated!r} is not a date (YYYY-MM-DD)") from None
    facts = {"results": data["results"]} if data.get("results") is not None else {}
    return FundedEntry(name=data.get("park") or row.name, designated=designated, facts=facts)


class Rounds:
    """Round contexts of the funding scheme, one per round, chosen by an entry's designation date."""

    def __init__(self, ps: PolicySet, operators=None):
        self.ps, self.operators, self._cache = ps, operators, {}

    def key_for(self, designated: dt.date, explicit: str | None = None) -> str:
        """The explicit round, else the round in effect on the designation date (the core's choice)."""
        return round_in_effect(self.ps, SCHEME, designated, explicit).key

    def context(self, key: str) -> RoundContext:
        if key not in self._cache:
            self._cache[key] = context_for(self.ps, self.ps.round(SCHEME, key), operators=self.operators)
        return self._cache[key]


def report(registry_rows: Iterable[Any], ps: PolicySet, *, years: Iterable[int] | None = None,
           operators=None) -> dict[str, Any]:
    """Each sub-centre's schedule, cumulative total, headroom and status, and the province-wide forecast.

    A row whose data cannot be evaluated is reported with `error` and left out of the forecast.
    """
    rounds = Rounds(ps, operators)
    entries, good, keys = [], [], {}
    for row in registry_rows:
        out: dict[str, Any] = {"id": getattr(row, "id", None), "name": row.name}
        try:
            entry = funded_entry(row)
            key = rounds.key_for(entry.designated, (row.data or {}).get("round"))
            data = schedule(rounds.context(key), entry)
        except PolicyError as e:
            entries.append({**out, "error": str(e)})
            continue
        keys[id(entry)] = key
        good.append(entry)
        entries.append({**out, "park": entry.name, "designated": entry.designated.isoformat(), "round": key,
                        **{k: data[k] for k in ("status", "title", "results", "schedule", "cumulative",
                                                "headroom", "committed", "possible", "max_total", "cap")}})
    fc = forecast(good, lambda e: rounds.context(keys[id(e)]), years)
    return {"registry": REGISTRY, "scheme": SCHEME, "entries": entries, "forecast": fc}
