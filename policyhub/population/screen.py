"""Screening a population against a round: one compiled SQL query, or record by record when the round (or a
rule of it) cannot be compiled. Both give the same rows: id, region, category, outcome, score, failing,
missing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from sqlglot import exp

from ..errors import FactsError
from ..evaluation.result import FAIL
from ..hub import Hub
from .columns import CATEGORY, ID, NAME, REGION, python_value
from .sql_round import compile_round
from .store import PopulationInfo, PopulationStore
from .tables import table_ref

FIELDS = ("id", "region", "category", "outcome", "score", "failing", "missing")


@dataclass
class Screening:
    """A screening run: which engine answered (and why not SQL), the counts and the rows."""

    scheme: str
    round: str
    population: str
    engine: str  # sql | python
    fallback: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts, engine and fallback reasons, as JSON."""
        return {
            "scheme": self.scheme,
            "round": self.round,
            "population": self.population,
            "engine": self.engine,
            "fallback": list(self.fallback),
            "total": sum(self.counts.values()),
            "counts": {k: self.counts.get(k, 0) for k in ("pass", "fail", "undetermined")},
        }


def _split(text: str | None) -> list[str]:
    return [x for x in (text or "").split(",") if x]


def result_row(ident: str, res, region: Any = None, category: Any = None) -> dict[str, Any]:
    """The screening row of one per-record Result."""
    failing = [it.key for it in res.items if it.kind in ("criterion", "group") and it.result == FAIL]
    return {
        "id": ident,
        "region": region,
        "category": category,
        "outcome": res.outcome,
        "score": getattr(res.section("scoresheet"), "score", None),
        "failing": failing,
        "missing": list(res.missing),
    }


def screened(query: exp.Select, where: exp.Expression | None) -> exp.Select:
    """The compiled round's query keeping the rows that meet `where` (a condition on its columns) only."""
    if where is None:
        return query
    return exp.select("*").from_(
        exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier("screened")))).where(where)


def sql_rows(store: PopulationStore, hub: Hub, scheme: str, pop: PopulationInfo, round: str | None = None,
             where: exp.Expression | None = None):
    """(RoundQuery, rows) of the compiled query (only the rows meeting `where`, a condition on its columns, when
    given), or (RoundQuery, None) when it falls back."""
    ev = hub.evaluator(scheme, round)
    rq = compile_round(ev, pop.columns, store.dialect, pop.table)
    if rq.compiled and hub.derivations.get(scheme):
        rq.fallback.append("facts derived by plugins are computed in Python")
        rq.query = None
    if not rq.compiled:
        return rq, None
    query = screened(rq.query, where)

    def rows() -> Iterator[dict[str, Any]]:
        it = store.cursor_rows(query.sql(dialect=store.dialect))
        names = next(it)
        for r in it:
            d = dict(zip(names, r))
            yield {
                "id": d["id"],
                "region": d["region"],
                "category": d["category"],
                "outcome": d["outcome"],
                "score": d["score"],
                "failing": _split(d["failing"]),
                "missing": _split(d["missing"]),
            }

    return rq, rows()


def records(store: PopulationStore, pop: PopulationInfo, rnd) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """(id, region, category, facts) of every enterprise, with the facts the round `rnd` declares."""
    wanted = [c for c in sorted(pop.columns) if c in rnd.facts]
    select = exp.select(
        *[exp.column(c, quoted=True) for c in (ID, *wanted)],
        *[exp.column(c, quoted=True) if c in pop.columns else exp.Null() for c in (REGION,)],
    ).from_(table_ref(pop.table))
    it = store.cursor_rows(select.sql(dialect=store.dialect))
    next(it)
    cols = [pop.columns[c] for c in wanted]
    cat_index = wanted.index(CATEGORY) + 1 if CATEGORY in wanted else None
    for r in it:
        facts = {}
        for col, v in zip(cols, r[1 : 1 + len(cols)]):
            if v is not None:
                facts[col.name] = python_value(col, v)
        yield r[0], r[-1], (r[cat_index] if cat_index is not None else None), facts


def python_rows(
    store: PopulationStore,
    hub: Hub,
    scheme: str,
    pop: PopulationInfo,
    round: str | None = None,
    as_of: dt.date | None = None,
) -> Iterator[dict[str, Any]]:
    """Every enterprise through the per-record evaluator (facts a round does not declare left out)."""
    for ident, region, category, facts in records(store, pop, hub.round(scheme, round)):
        try:
            res = hub.evaluate(scheme, facts, round=round, as_of=as_of)
        except FactsError as e:
            yield {
                "id": ident,
                "region": region,
                "category": category,
                "outcome": "error",
                "score": None,
                "failing": [],
                "missing": [],
                "error": e.errors,
            }
            continue
        yield result_row(ident, res, region, category)


def screen(
    store: PopulationStore,
    hub: Hub,
    scheme: str,
    population: str,
    *,
    round: str | None = None,
    as_of: dt.date | None = None,
    engine: str = "sql",
) -> Screening:
    """Screen a population; the SQL engine falls back to Python for rounds it cannot compile."""
    pop = store.get(population)
    rnd = hub.round(scheme, round)
    run = Screening(scheme, rnd.key, population, engine)
    rows = None
    if engine == "sql":
        rq, rows = sql_rows(store, hub, scheme, pop, round)
        if rows is None:
            run.engine = "python"
            run.fallback = list(rq.fallback)
    if rows is None:
        rows = python_rows(store, hub, scheme, pop, round, as_of)
    for row in rows:
        run.counts[row["outcome"]] += 1
        run.rows.append(row)
    return run


__all__ = ["FIELDS", "NAME", "Screening", "python_rows", "records", "result_row", "screen", "screened",
           "sql_rows"]
