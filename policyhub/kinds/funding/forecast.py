"""Budget forecast across many funded entries: committed and possible amounts per calendar year."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from . import evaluate as funding
from ...context import RoundContext
from ...evaluation.facts import validate_facts


@dataclass(frozen=True)
class FundedEntry:
    """One funded record (e.g. a sub-centre): its name, designation date and funding facts."""

    name: str
    designated: dt.date
    facts: dict[str, Any] = field(default_factory=dict)


def calendar_year(designated: dt.date, year: int) -> int:
    """The calendar year in which programme year `year` starts (designation date + year - 1 years)."""
    return designated.year + year - 1


def schedule(ctx: RoundContext, entry: FundedEntry) -> dict[str, Any]:
    """The entry's funding section (docs/kinds/funding.md), each row with its calendar year."""
    facts = validate_facts(ctx.round, entry.facts)
    return with_calendar_years(funding.evaluate(ctx, ctx.round.funding, facts).data, entry.designated)


def with_calendar_years(section: dict[str, Any], designated: dt.date) -> dict[str, Any]:
    """A funding section (an evaluation result's `sections["funding"]`) with each schedule row's calendar year
    (a copy; the section itself is left as it is)."""
    out = dict(section)
    out["schedule"] = [{**row, "calendar_year": calendar_year(designated, row["year"])} for row in section["schedule"]]
    return out


def _empty(year: int) -> dict[str, Any]:
    return {"year": year, "paid": 0, "planned": 0, "committed": 0, "possible": 0, "possible_min": 0,
            "max_total": 0, "entries": []}


def forecast(entries: Iterable[FundedEntry], ctx_for_entry: Callable[[FundedEntry], RoundContext],
             years: Iterable[int] | None = None) -> dict[str, Any]:
    """Sum every entry's schedule by calendar year.

    `ctx_for_entry` gives the round context an entry is funded under; `years` limits (and fills with
    zeros) the calendar years reported. Possible amounts are the largest each undecided year can reach.
    """
    return forecast_schedules([(e.name, schedule(ctx_for_entry(e), e)["schedule"]) for e in entries], years)


def forecast_schedules(schedules: Iterable[tuple[str, list[dict[str, Any]]]],
                       years: Iterable[int] | None = None) -> dict[str, Any]:
    """`forecast` of schedules already evaluated: (entry name, schedule rows with their calendar year)."""
    wanted = None if years is None else sorted(set(years))
    table = {y: _empty(y) for y in wanted or []}
    for name, rows_of_entry in schedules:
        for row in rows_of_entry:
            cal = row["calendar_year"]
            if wanted is not None and cal not in table:
                continue
            slot = table.setdefault(cal, _empty(cal))
            if row["result"] == funding.POSSIBLE:
                slot["possible"] += row["max_amount"]
                slot["possible_min"] += row["min_amount"]
            elif row["result"] in (funding.PAID, funding.PLANNED):
                slot[row["result"]] += row["amount"]
                slot["committed"] += row["amount"]
            slot["entries"].append({"name": name, "year": row["year"], "result": row["result"],
                                    "amount": row["amount"], "max_amount": row["max_amount"]})
    rows = [table[y] for y in sorted(table)]
    for r in rows:
        r["max_total"] = r["committed"] + r["possible"]
    totals = {k: sum(r[k] for r in rows) for k in ("paid", "planned", "committed", "possible", "possible_min",
                                                   "max_total")}
    return {"years": rows, "totals": totals}
