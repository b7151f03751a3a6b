"""The impact of a draft round before it is published: both rounds over the population, who gains and who
loses eligibility, by region and category, with examples and their reasons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlglot import exp

from ..errors import FactsError
from ..evaluation.result import FAIL, UNDETERMINED
from ..hub import Hub
from .regions import region_condition, region_test
from .screen import python_rows, records, sql_rows
from .plans import criteria_plan, sheet_plans
from .store import PopulationStore

GAIN, LOSE, SAME = "gain", "lose", "same"
EXAMPLES = 5


@dataclass
class Impact:
    """Gains and losses of a draft against a round, counted by (region, category), with examples."""

    scheme: str
    draft: str
    against: str
    population: str
    engine: str
    total: int = 0
    counts: Counter = field(default_factory=Counter)  # change -> n
    by_group: dict[tuple[Any, Any], Counter] = field(default_factory=dict)  # (region, category) -> change -> n
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fallback: list[str] = field(default_factory=list)
    funding: dict[str, Any] | None = None  # commitments under each round and their change (schemes with funding)

    def to_json(self) -> dict[str, Any]:
        """The impact as JSON."""
        return {
            "scheme": self.scheme,
            "draft": self.draft,
            "against": self.against,
            "population": self.population,
            "engine": self.engine,
            "fallback": self.fallback,
            "total": self.total,
            "gain": self.counts.get(GAIN, 0),
            "lose": self.counts.get(LOSE, 0),
            "by_region_category": [
                {"region": r, "category": c, "gain": n.get(GAIN, 0), "lose": n.get(LOSE, 0)}
                for (r, c), n in sorted(self.by_group.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))
                if n.get(GAIN) or n.get(LOSE)
            ],
            "examples": self.examples,
            "funding": self.funding,
        }


def commitments(store: PopulationStore, hub: Hub, scheme: str, pop, round_key: str,
                allowed: Iterable[str] | None = None) -> dict[str, Any] | None:
    """What a round with funding commits to the population: the sums of the enterprises' committed amounts and
    of the most they can reach (committed + possible), over the enterprises the round does not reject; None when
    the round has no funding."""
    rnd = hub.round(scheme, round_key)
    if not rnd.funding:
        return None
    out: dict[str, Any] = {"committed": 0, "max_total": 0, "enterprises": 0, "unit": None}
    inside = region_test(allowed)
    for _ident, region, _category, facts in records(store, pop, rnd):
        if not inside(region):
            continue
        try:
            res = hub.evaluate(scheme, facts, round=round_key)
        except FactsError:
            continue
        if res.outcome in (FAIL, UNDETERMINED):
            continue
        data = res.sections.get("funding") or {}
        out["committed"] += data.get("committed") or 0
        out["max_total"] += data.get("max_total") or 0
        out["enterprises"] += 1
        out["unit"] = out["unit"] or (data.get("cap_parameter") or {}).get("unit")
    return out


def funding_change(store: PopulationStore, hub: Hub, scheme: str, pop, draft: str, against: str,
                   allowed: Iterable[str] | None = None):
    """The commitments under `against` and `draft` and the change (None when neither round has funding)."""
    before = commitments(store, hub, scheme, pop, against, allowed)
    after = commitments(store, hub, scheme, pop, draft, allowed)
    if before is None and after is None:
        return None
    empty = {"committed": 0, "max_total": 0, "enterprises": 0, "unit": None}
    before, after = before or empty, after or empty
    return {"against": before, "draft": after, "unit": after["unit"] or before["unit"],
            "change": {k: after[k] - before[k] for k in ("committed", "max_total", "enterprises")}}


def criterion_labels(hub: Hub, scheme: str, round: str) -> dict[str, dict[str, str]]:
    """Criterion and mandatory-group keys to their bilingual labels."""
    ev = hub.evaluator(scheme, round)
    out = {k: n.label for k, n in (criteria_plan(ev) or {}).items()}
    for sp in sheet_plans(ev).values():
        for g in sp.sheet.groups:
            out.setdefault(g.key, {"zh": g.label.zh, "en": g.label.en})
    return out


def _reason(change: str, draft: dict, against: dict, labels: dict) -> dict[str, Any]:
    """Why an enterprise gains or loses: the criteria it now meets or no longer meets."""
    if change == GAIN:
        keys = [k for k in against["failing"] if k not in draft["failing"]]
    else:
        keys = [k for k in draft["failing"] if k not in against["failing"]]
    return {
        "criteria": keys,
        "labels": [labels.get(k, {"zh": k, "en": k}) for k in keys],
        "draft_outcome": draft["outcome"],
        "against_outcome": against["outcome"],
        "draft_score": draft["score"],
        "against_score": against["score"],
    }


def impact(
    store: PopulationStore,
    hub: Hub,
    scheme: str,
    draft: str,
    *,
    against: str | None = None,
    population: str = "default",
    allowed: Iterable[str] | None = None,
) -> Impact:
    """Run `draft` and `against` (the current published round by default) over the population; with `allowed`,
    over the enterprises whose region lies in those jurisdictions only (`regions`)."""
    pop = store.get(population)
    against_key = hub.round(scheme, against).key
    draft_key = hub.round(scheme, draft).key
    run = Impact(scheme, draft_key, against_key, population, "sql")
    labels = {**criterion_labels(hub, scheme, against_key), **criterion_labels(hub, scheme, draft_key)}
    run.funding = funding_change(store, hub, scheme, pop, draft_key, against_key, allowed)
    rq_a, rows_a = sql_rows(store, hub, scheme, pop, draft_key)
    rq_b, rows_b = sql_rows(store, hub, scheme, pop, against_key)
    if rows_a is None or rows_b is None:
        run.engine = "python"
        run.fallback = list(rq_a.fallback) + list(rq_b.fallback)
        rows_a = python_rows(store, hub, scheme, pop, draft_key)
        rows_b = python_rows(store, hub, scheme, pop, against_key)
    else:
        # both compiled: let the database join them and count; only the examples come back row by row
        return _sql_impact(store, run, rq_a, rq_b, labels, region_condition(allowed))
    inside = region_test(allowed)
    by_id = {r["id"]: r for r in rows_b if inside(r["region"])}
    for a in rows_a:
        b = by_id.get(a["id"])
        if b is None:
            continue
        _count(run, a, b, labels)
    return run


def _change(draft_outcome: str, against_outcome: str) -> str:
    if draft_outcome == "pass" and against_outcome != "pass":
        return GAIN
    if against_outcome == "pass" and draft_outcome != "pass":
        return LOSE
    return SAME


def _count(run: Impact, a: dict, b: dict, labels: dict) -> None:
    change = _change(a["outcome"], b["outcome"])
    run.total += 1
    run.counts[change] += 1
    run.by_group.setdefault((a["region"], a["category"]), Counter())[change] += 1
    if change != SAME:
        ex = run.examples.setdefault(change, [])
        if len(ex) < EXAMPLES:
            ex.append(
                {
                    "id": a["id"],
                    "region": a["region"],
                    "category": a["category"],
                    "reason": _reason(change, a, b, labels),
                }
            )


def _sql_impact(store: PopulationStore, run: Impact, rq_a, rq_b, labels, where=None) -> Impact:
    a, b = exp.to_identifier("d"), exp.to_identifier("c")
    joined = (
        exp.select(
            exp.column("id", table="d"),
            exp.column("region", table="d"),
            exp.column("category", table="d"),
            exp.alias_(exp.column("outcome", table="d"), "d_outcome"),
            exp.alias_(exp.column("outcome", table="c"), "c_outcome"),
            exp.alias_(exp.column("score", table="d"), "d_score"),
            exp.alias_(exp.column("score", table="c"), "c_score"),
            exp.alias_(exp.column("failing", table="d"), "d_failing"),
            exp.alias_(exp.column("failing", table="c"), "c_failing"),
        )
        .from_(exp.Subquery(this=rq_a.query, alias=exp.TableAlias(this=a)))
        .join(
            exp.Subquery(this=rq_b.query, alias=exp.TableAlias(this=b)),
            on=exp.EQ(this=exp.column("id", table="d"), expression=exp.column("id", table="c")),
        )
    )
    pass_ = exp.Literal.string("pass")
    d_pass = exp.EQ(this=exp.column("d_outcome"), expression=pass_)
    c_pass = exp.EQ(this=exp.column("c_outcome"), expression=pass_)
    change = exp.Case(
        ifs=[
            exp.If(this=exp.And(this=d_pass, expression=exp.Not(this=c_pass)), true=exp.Literal.string(GAIN)),
            exp.If(this=exp.And(this=c_pass, expression=exp.Not(this=d_pass)), true=exp.Literal.string(LOSE)),
        ],
        default=exp.Literal.string(SAME),
    )
    with_change = exp.select("*", exp.alias_(change, "change")).from_(
        exp.Subquery(this=joined, alias=exp.TableAlias(this=exp.to_identifier("j")))
    )
    if where is not None:
        with_change = with_change.where(where)
    t = exp.TableAlias(this=exp.to_identifier("x"))
    counts = (
        exp.select("region", "category", "change", exp.alias_(exp.Count(this=exp.Star()), "n"))
        .from_(exp.Subquery(this=with_change, alias=t))
        .group_by("region", "category", "change")
    )
    for region, category, ch, n in store.execute(counts.sql(dialect=store.dialect)):
        run.total += n
        run.counts[ch] += n
        run.by_group.setdefault((region, category), Counter())[ch] += n
    for ch in (GAIN, LOSE):
        q = (
            exp.select(
                "id", "region", "category", "d_outcome", "c_outcome", "d_score", "c_score", "d_failing", "c_failing"
            )
            .from_(exp.Subquery(this=with_change, alias=t))
            .where(exp.EQ(this=exp.column("change"), expression=exp.Literal.string(ch)))
            .order_by("id")
            .limit(EXAMPLES)
        )
        for r in store.execute(q.sql(dialect=store.dialect)):
            split = lambda s: [x for x in (s or "").split(",") if x]  # noqa: E731
            da = {"outcome": r[3], "score": r[5], "failing": split(r[7])}
            cb = {"outcome": r[4], "score": r[6], "failing": split(r[8])}
            run.examples.setdefault(ch, []).append(
                {"id": r[0], "region": r[1], "category": r[2], "reason": _reason(ch, da, cb, labels)}
            )
    return run
