"""A scheme's figures over a population, for the enterprises one official may see: how many qualify, nearly
qualify (at most `near` changes away, as `policyhub population match` counts them), lack information, or do
not qualify, by region and category."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..evaluation.result import FAIL, PASS, UNDETERMINED
from ..hub import Hub
from .figures_sql import grouped
from .match import changes_needed
from .regions import region_condition, region_test
from .screen import python_rows, screened, sql_rows
from .store import PopulationStore

QUALIFIES, NEAR, MISSING, FAILS = "qualifies", "near", "missing", "fails"
STATUSES = (QUALIFIES, NEAR, MISSING, FAILS)
ROW_FIELDS = ("id", "region", "category", "status", "outcome", "score", "failing", "missing")


@dataclass
class Figures:
    """The counts of one scheme's round over the enterprises in scope, and their rows (for the download)."""

    scheme: str
    round: str
    population: str
    engine: str
    counts: Counter = field(default_factory=Counter)  # status -> n
    by_group: dict[tuple[Any, Any], Counter] = field(default_factory=dict)  # (region, category) -> status -> n
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def groups(self) -> list[tuple[Any, Any, Counter]]:
        """(region, category, counts) ordered by region then category (unknown last)."""
        def order(k):
            return (k[0] is None, str(k[0]), k[1] is None, str(k[1]))
        return [(r, c, self.by_group[(r, c)]) for r, c in sorted(self.by_group, key=order)]

    def by(self, index: int) -> list[tuple[Any, Counter]]:
        """Counts by region (index 0) or by category (index 1)."""
        out: dict[Any, Counter] = {}
        for key, n in self.by_group.items():
            out.setdefault(key[index], Counter()).update(n)
        return sorted(out.items(), key=lambda kv: (kv[0] is None, str(kv[0])))


def status_of(ev, row: dict[str, Any], near: int) -> str:
    """qualifies | near | missing | fails for one screening row."""
    if row["outcome"] == PASS:
        return QUALIFIES
    if row["outcome"] in (UNDETERMINED, "error"):
        return MISSING
    n = changes_needed(ev, row)
    return NEAR if n is not None and n <= near else FAILS


def group_status(g: dict[str, Any], near: int) -> str:
    """The status of a group of `figures_sql.grouped` (the same rule as `status_of`)."""
    if g["outcome"] == PASS:
        return QUALIFIES
    if g["outcome"] != FAIL:
        return MISSING
    n = (g["failing"] or 0) + (g["short"] or 0)
    return NEAR if not g["has_missing"] and 1 <= n <= near else FAILS


def figures(store: PopulationStore, hub: Hub, scheme: str, population: str, *,
            allowed: Iterable[str] | None, round: str | None = None, near: int = 1, rows: bool = True) -> Figures:
    """Screen the population against the round (the current one by default) and count the enterprises whose
    region lies in the jurisdictions `allowed` (None: all, for superusers; see `regions`). With `rows=False`
    a compiled round is counted in the database and no row comes back (the page); the download wants rows."""
    pop = store.get(population)
    rnd = hub.round(scheme, round)
    ev = hub.evaluator(scheme, rnd.key)
    where = region_condition(allowed)
    rq, found = sql_rows(store, hub, scheme, pop, rnd.key, where=where)
    run = Figures(scheme, rnd.key, population, "sql")
    if found is not None and not rows:
        for g in grouped(store, ev, screened(rq.query, where)):
            status = group_status(g, near)
            run.counts[status] += g["n"]
            run.by_group.setdefault((g["region"], g["category"]), Counter())[status] += g["n"]
        return run
    rows_ = found
    if rows_ is None:
        run.engine = "python"
        rows_ = python_rows(store, hub, scheme, pop, rnd.key)
    inside = region_test(allowed)  # the SQL path already kept these only; the per-record path is filtered here
    for row in rows_:
        if not inside(row["region"]):
            continue
        status = status_of(ev, row, near)
        run.counts[status] += 1
        run.by_group.setdefault((row["region"], row["category"]), Counter())[status] += 1
        if rows:
            run.rows.append({**row, "status": status})
    return run


__all__ = ["FAILS", "Figures", "MISSING", "NEAR", "QUALIFIES", "ROW_FIELDS", "STATUSES", "figures", "status_of"]
