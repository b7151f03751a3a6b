"""Funding schedule: yearly amounts set by the previous year's result, under a total cap (docs/kinds/funding.md)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ...definitions import ParamRef, dump
from .model import Amount, Funding
from ...errors import FactsError
from ...context import RoundContext
from ...evaluation.result import Item
from ...evaluation.section import SectionResult
from ...i18n import Message, amount

PAID, PLANNED, POSSIBLE, NONE = "paid", "planned", "possible", "none"
ACTIVE, ENDED, COMPLETED = "active", "ended", "completed"


@dataclass(frozen=True)
class Tier:
    """One configured amount: `key` is the result that leads to it (None for year 1)."""

    key: str | None
    amount: float
    stop: bool
    source: Amount


@dataclass(frozen=True)
class Schedule:
    """A funding definition with every parameter resolved."""

    years: int
    cap: float
    first: Tier
    tiers: dict[str, Tier]

    @classmethod
    def of(cls, ctx: RoundContext, funding: Funding) -> "Schedule":
        tiers = {k: Tier(k, ctx.value(a.amount), a.stop, a) for k, a in funding.by_previous_result.items()}
        first = Tier(None, ctx.value(funding.first_year.amount), False, funding.first_year)
        return cls(int(ctx.value(funding.years)), ctx.value(funding.cap), first, tiers)


def extreme_path(tiers: dict[str, Tier], years_left: int, pick: Callable = max) -> tuple[float, list[str]]:
    """The largest (pick=max) or smallest (pick=min) total the next `years_left` years can add, with
    the results that lead to it (the result of the year before each one). Ignores the cap."""
    best: tuple[float, list[str]] = (0, [])
    for _ in range(years_left):
        options = [(t.amount if t.stop else t.amount + best[0], [t.key] + ([] if t.stop else best[1]))
                   for t in tiers.values()]
        best = pick(options, key=lambda o: o[0]) if options else (0, [])
    return best


def money(v: Any) -> str:
    """200000 -> '200,000' (for messages)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.2f}"


# -- evaluation --------------------------------------------------------------------------------------
def _results(funding: Funding, sched: Schedule, facts: dict[str, Any]) -> list[str]:
    """The results fact, checked against the schedule; FactsError names the offending entry."""
    name = funding.results
    results = facts.get(name)
    if results is None:
        return []
    if not isinstance(results, list):
        raise FactsError([{"path": name, "message": Message("funding.results_not_a_list")}])
    errors = []
    for i, r in enumerate(results):
        path = f"{name}/{i}"
        if r not in funding.result_labels or r not in sched.tiers:
            errors.append({"path": path, "message": Message("funding.unknown_result", result=str(r),
                                                            choices=_labels(funding))})
        elif i >= sched.years:
            errors.append({"path": path, "message": Message("funding.no_such_year", years=sched.years,
                                                            year=i + 1)})
        elif i > 0 and results[i - 1] in sched.tiers and sched.tiers[results[i - 1]].stop:
            errors.append({"path": path, "message": Message("funding.ended_before", year=i,
                                                            result=_label(funding, results[i - 1]))})
    if errors:
        raise FactsError(errors)
    return results


def _labels(funding: Funding) -> list[dict[str, str]]:
    """The results' bilingual labels, for a message."""
    return [dump(label) for label in funding.result_labels.values()]


def _label(funding: Funding, key: str) -> Any:
    label = funding.result_labels.get(key)
    return dump(label) if label is not None else key


def _row(year: int, result: str, amount: Any, lo: Any, hi: Any, tier: Tier | None,
         capped: bool = False, cumulative: Any = None) -> dict[str, Any]:
    return {"year": year, "result": result, "amount": amount, "min_amount": lo, "max_amount": hi,
            "previous_result": tier.key if tier else None, "capped": capped, "cumulative": cumulative}


def _decided(sched: Schedule, results: list[str]) -> tuple[list[dict[str, Any]], int | None]:
    """Rows of the years whose amount is known, and the year whose result ended funding (or None)."""
    rows, total, ended = [], 0, None
    for year in range(1, sched.years + 1):
        if ended is not None:
            stop = sched.tiers[results[ended - 1]] if year == ended + 1 else None
            rows.append(_row(year, NONE, 0, 0, 0, stop, cumulative=total))
            continue
        if year > len(results) + 1:
            break
        tier = sched.first if year == 1 else sched.tiers[results[year - 2]]
        amount = min(tier.amount, max(sched.cap - total, 0))
        total += amount
        rows.append(_row(year, PAID if year <= len(results) else PLANNED, amount, amount, amount, tier,
                         amount < tier.amount, total))
        if year <= len(results) and sched.tiers[results[year - 1]].stop:
            ended = year
    return rows, ended


def _possible(sched: Schedule, start: int, committed: float) -> list[dict[str, Any]]:
    """Rows of the years not yet decided, from `start`: min/max along the smallest/largest path."""
    left = sched.years - start + 1
    bounds = []
    for pick in (min, max):
        _, path = extreme_path(sched.tiers, left, pick)
        amounts, total = [], committed
        for key in path:
            a = min(sched.tiers[key].amount, max(sched.cap - total, 0))
            amounts.append(a)
            total += a
        bounds.append(amounts + [0] * (left - len(amounts)))
    return [_row(start + i, POSSIBLE, None, bounds[0][i], bounds[1][i], None) for i in range(left)]


def _item(ctx: RoundContext, funding: Funding, row: dict[str, Any], tier: Tier | None,
          missing: list[str]) -> Item:
    y = row["year"]
    source = tier.source if tier else None
    detail = dict(row)
    if tier is not None and tier.key is not None:
        detail["previous_result_label"] = dump(funding.result_labels[tier.key])
    if source is not None and source.label is not None:
        detail["tier_label"] = dump(source.label)
    return Item(key=f"year_{y}", kind="year", label=Message("funding.year", year=y).texts(),
                result=row["result"], path=f"funding/year_{y}", detail=detail,
                citation=ctx.citation((source.cite if source else None) or funding.cite),
                parameter=ctx.ref_info(source.amount) if source else None,
                missing=missing if row["result"] == POSSIBLE else [])


def evaluate(ctx: RoundContext, funding: Funding, facts: dict[str, Any], as_of=None) -> SectionResult:
    """The disbursement schedule for the yearly results given so far (see docs/kinds/funding.md)."""
    sched = Schedule.of(ctx, funding)
    results = _results(funding, sched, facts)
    missing = [] if funding.results in facts else [funding.results]
    rows, ended = _decided(sched, results)
    committed = sum(r["amount"] for r in rows)
    if ended is None and len(rows) < sched.years:
        rows += _possible(sched, len(rows) + 1, committed)
    status = ENDED if ended else (COMPLETED if len(results) == sched.years else ACTIVE)
    tiers = [sched.first] + [sched.tiers[r] for r in results]
    items = [_item(ctx, funding, row, tiers[i] if i < len(tiers) else None, missing)
             for i, row in enumerate(rows)]
    possible_max = sum(r["max_amount"] for r in rows if r["result"] == POSSIBLE)
    possible_min = sum(r["min_amount"] for r in rows if r["result"] == POSSIBLE)
    data = {
        "status": status,
        "title": "removed" if ended else "held",
        "ended_after_year": ended,
        "years": sched.years,
        "results": list(results),
        "years_assessed": len(results),
        "schedule": rows,
        "amounts": [r["amount"] for r in rows],
        "paid": sum(r["amount"] for r in rows if r["result"] == PAID),
        "planned": sum(r["amount"] for r in rows if r["result"] == PLANNED),
        "committed": committed,
        "cumulative": committed,
        "possible": possible_max,
        "possible_min": possible_min,
        "max_total": committed + possible_max,
        "cap": sched.cap,
        "headroom": sched.cap - committed,
        "cap_parameter": ctx.ref_info(funding.cap),
        "citation": ctx.citation(funding.cite),
    }
    return SectionResult(outcome=status, items=items, data=data, missing=missing)


# -- checks when a round is loaded or saved --------------------------------------------------------------
def _param_note(num: Any) -> Message | str:
    return Message("funding.parameter_note", name=num.param) if isinstance(num, ParamRef) else ""


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_fact(ctx: RoundContext, funding: Funding) -> list[tuple[str, str]]:
    fact = ctx.round.facts.get(funding.results)
    if fact is None:
        return [("results", Message("funding.fact_undeclared", fact=funding.results))]
    if fact.type != "array":
        return [("results", Message("funding.fact_not_array", fact=funding.results, type=fact.type))]
    enum = (fact.items or {}).get("enum")
    if enum is not None and set(enum) != set(funding.result_labels):
        return [("results", Message("funding.fact_choices", fact=funding.results, allowed=", ".join(map(str, enum)),
                                    labels=", ".join(funding.result_labels)))]
    return []


def _check_values(ctx: RoundContext, funding: Funding) -> list[tuple[str, str]]:
    out = []
    years = ctx.value(funding.years)
    if not (isinstance(years, int) and not isinstance(years, bool) and years >= 1):
        out.append(("years", Message("funding.years_invalid", value=repr(years), note=_param_note(funding.years))))
    amounts = [("first_year.amount", funding.first_year.amount), ("cap", funding.cap)]
    amounts += [(f"by_previous_result.{k}.amount", a.amount) for k, a in funding.by_previous_result.items()]
    for path, num in amounts:
        v = ctx.value(num)
        if not _is_number(v):
            out.append((path, Message("funding.not_a_number", value=repr(v), note=_param_note(num))))
        elif v < 0:
            out.append((path, Message("funding.negative", value=money(v), note=_param_note(num))))
    for k, a in funding.by_previous_result.items():
        v = ctx.value(a.amount)
        if a.stop and _is_number(v) and v != 0:
            out.append((f"by_previous_result.{k}.amount", Message("funding.stop_amount", key=k, value=amount(v),
                                                                  note=_param_note(a.amount))))
    if funding.first_year.stop:
        out.append(("first_year.stop", Message("funding.first_year_stop")))
    return out


def _check_labels(funding: Funding) -> list[tuple[str, str]]:
    labels = funding.result_labels
    if not labels:
        return [("result_labels", Message("funding.no_results"))]
    out = [(f"by_previous_result.{k}", Message("funding.result_not_labelled", key=k, labels=", ".join(labels)))
           for k in funding.by_previous_result if k not in labels]
    out += [("by_previous_result", Message("funding.result_without_amount", key=k))
            for k in labels if k not in funding.by_previous_result]
    return out


def _check_cap(ctx: RoundContext, funding: Funding) -> list[tuple[str, str]]:
    sched = Schedule.of(ctx, funding)
    extra, path = extreme_path(sched.tiers, sched.years - 1, max)
    total = sched.first.amount + extra
    if total <= sched.cap:
        return []
    parts = [sched.first.amount] + [sched.tiers[k].amount for k in path]
    via = Message("funding.via", keys=", ".join(path)) if path else ""
    where = "first_year.amount"
    if path:
        where = f"by_previous_result.{max(path, key=lambda k: sched.tiers[k].amount)}.amount"
    return [(where, Message("funding.over_cap", total=amount(total), parts=" + ".join(map(money, parts)), via=via,
                            cap=amount(sched.cap), note=_param_note(funding.cap)))]


def check(ctx: RoundContext, funding: Funding) -> list[tuple[str, str]]:
    """Problems that refuse the round, as (path under `funding`, message)."""
    out = _check_fact(ctx, funding) + _check_labels(funding) + _check_values(ctx, funding)
    return out or _check_cap(ctx, funding)
