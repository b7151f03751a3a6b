"""The sub-centre registry officials keep: each sub-centre's funding schedule and the province-wide forecast.

Rows are `policyhub.db.models.RegistryEntry` with registry "hunan-subcentres" and
data {park, designated: "YYYY-MM-DD", results: [...], round?: "2020"}. Everything is computed by the core
(the registry's rows evaluated by policyhub.registries, the forecast by policyhub.kinds.funding.forecast);
nothing here knows an amount.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from policyhub.errors import PolicyError
from policyhub.kinds.funding.forecast import FundedEntry, forecast_schedules, with_calendar_years
from policyhub.registries import evaluate_entries, round_in_effect

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


def report(registry_rows: Iterable[Any], hub, *, years: Iterable[int] | None = None,
           as_of: dt.date | None = None) -> dict[str, Any]:
    """Each sub-centre's schedule, cumulative total, headroom and status, and the province-wide forecast.

    The rows are evaluated by the core (`policyhub.registries.evaluate_entries`), each under the round in effect
    on its designation date (or the round its data names). A row that cannot be evaluated is reported with
    `error` (a text, or a core Message to render) and left out of the forecast.
    """
    funded: dict[int, FundedEntry] = {}

    def round_for(row: Any) -> str:
        entry = funded[id(row)] = funded_entry(row)          # PolicyError: the row's error
        return round_in_effect(hub.policyset, SCHEME, entry.designated, (row.data or {}).get("round")).key

    entries, schedules = [], []
    for item in evaluate_entries(hub, SCHEME, list(registry_rows), as_of or dt.date.today(), round_for):
        row = item.entry
        out: dict[str, Any] = {"id": getattr(row, "id", None), "name": row.name}
        if not item.ok:
            entries.append({**out, "error": _reason(item)})
            continue
        entry = funded[id(row)]
        data = with_calendar_years(item.result.sections["funding"], entry.designated)
        schedules.append((entry.name, data["schedule"]))
        entries.append({**out, "park": entry.name, "designated": entry.designated.isoformat(), "round": item.round,
                        **{k: data[k] for k in ("status", "title", "results", "schedule", "cumulative",
                                                "headroom", "committed", "possible", "max_total", "cap")}})
    return {"registry": REGISTRY, "scheme": SCHEME, "entries": entries,
            "forecast": forecast_schedules(schedules, years)}


def _reason(item) -> Any:
    """Why a row was not evaluated: the error, else its refused facts as "path: message" (a Message alone when
    the core words the only problem with one)."""
    if item.error is not None:
        return item.error
    if len(item.problems) == 1 and not isinstance(item.problems[0]["message"], str):
        return item.problems[0]["message"]
    return "; ".join(f"{p['path']}: {p['message']}" if p["path"] else str(p["message"]) for p in item.problems)
