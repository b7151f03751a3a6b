"""Targets: counts and coverage ratios over a registry of dated records, by region, each with a status.

The rule (documented in docs/kinds/targets.md): a record counts on a date when it was established on or before
that date. On or after the deadline a target is final: `met` if the comparison held at the deadline, else
`missed` (later records do not rescue it). Before the deadline it is `met` if the comparison holds now,
`on_track` if the value has reached the straight line from the baseline (at `start`) to the target (at
`deadline`) for the time elapsed, else `behind`. A coverage target whose scope is empty is
`not_measurable`; without the records fact every target is `undetermined`.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...definitions import dump
from .model import Target, Targets
from ...errors import FactsError
from ...context import RoundContext
from ...evaluation.result import Item
from ...evaluation.section import SectionResult
from ...i18n import M_, Message

# Worst first: the section outcome is the first status any target has.
STATUSES = ("missed", "behind", "undetermined", "not_measurable", "on_track", "met")
STATUS_CODES = {"met": M_("targets.met"), "on_track": M_("targets.on_track"), "behind": M_("targets.behind"),
                "missed": M_("targets.missed"), "not_measurable": M_("targets.not_measurable"),
                "undetermined": M_("targets.undetermined")}
STATUS_LABELS = {status: Message(code).texts() for status, code in STATUS_CODES.items()}


def level_nouns(ctx: RoundContext, regions_key: str | None, level: str | None) -> tuple[Any, Any]:
    """(one, many): how a gap names one and several regions of a level, from the `levels:` of the regions
    file (bilingual labels), else the catalog's words for regions."""
    regions = ctx.regions.get(regions_key) if regions_key and level is not None else None
    names = regions.levels.get(level) if regions is not None else None
    if names is None:
        return Message("targets.region"), Message("targets.regions")
    return dump(names.one), dump(names.many)


# -- regions ----------------------------------------------------------------------------------------
class RegionTree:
    """The regions of a `kind: regions` list by code, with ancestry; codes outside it named from the chain."""

    def __init__(self, ctx: RoundContext, key: str | None):
        self.ctx, self.key = ctx, key
        regions = ctx.regions.get(key) if key else None
        self.regions = {r.code: r for r in regions.regions} if regions else {}
        self.outside = {j.code: j for j in ctx.chain}

    def lineage(self, code: str) -> list[str]:
        """The code and its ancestors in the list, nearest first."""
        out, seen = [], set()
        while code is not None and code not in seen:
            seen.add(code)
            out.append(code)
            r = self.regions.get(code)
            code = r.parent if r is not None else None
        return out

    def area(self, code: str) -> str:
        """The top-most region in the list that holds the code (a prefecture for a county)."""
        top = code
        for c in self.lineage(code):
            if c in self.regions:
                top = c
        return top

    def known(self, code: str) -> bool:
        return code in self.regions or code in self.outside

    def name(self, code: str) -> dict[str, str] | None:
        r = self.regions.get(code) or self.outside.get(code)
        return dump(r.name) if r is not None else None

    def level(self, code: str) -> str | None:
        r = self.regions.get(code) or self.outside.get(code)
        return r.level if r is not None else None


# -- records ----------------------------------------------------------------------------------------
@dataclass
class Record:
    data: dict[str, Any]
    region: str
    established: dt.date


def parse_records(facts: dict[str, Any], name: str) -> list[Record] | None:
    """The records fact, each with its region code and date; None when the fact is missing."""
    raw = facts.get(name)
    if raw is None:
        return None
    out, errors = [], []
    for i, rec in enumerate(raw):
        if not isinstance(rec, dict):
            errors.append({"path": f"{name}/{i}", "message": Message("targets.record_not_object")})
            continue
        date = rec.get("established")
        try:
            date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
        except ValueError:
            errors.append({"path": f"{name}/{i}/established", "message": Message("kind.not_a_date", value=repr(date))})
            continue
        if rec.get("region") in (None, ""):
            errors.append({"path": f"{name}/{i}/region", "message": Message("targets.record_region")})
            continue
        out.append(Record(rec, str(rec["region"]), date))
    if errors:
        raise FactsError(errors)
    return out


def matches(record: Record, flt: dict[str, list[Any]]) -> bool:
    return all(record.data.get(k) in allowed for k, allowed in flt.items())


# -- scope and measure ------------------------------------------------------------------------------
@dataclass
class Scope:
    codes: list[str]
    parameter: dict[str, Any] | None = None
    empty_reason: dict[str, str] | None = None


def scope_of(ctx: RoundContext, tree: RegionTree, t: Target) -> Scope | None:
    """The regions a target covers (every criterion given must hold), or None when it has no scope."""
    s = t.scope
    if s is None:
        return None
    codes = list(tree.regions)
    if s.level is not None:
        codes = [c for c in codes if tree.regions[c].level == s.level]
    if s.parent is not None:
        codes = [c for c in codes if tree.regions[c].parent == s.parent]
    if s.codes is not None:
        wanted = set(s.codes)
        codes = [c for c in codes if c in wanted]
    info = None
    if s.codes_param is not None:
        listed = set(map(str, ctx.value({"param": s.codes_param}) or []))
        codes = [c for c in codes if c in listed]
        info = ctx.parameter_info(s.codes_param)
    reason = None
    if not codes:
        if s.codes_param is not None and not ctx.value({"param": s.codes_param}):
            what = info["label"] if info else s.codes_param
            reason = Message("targets.empty_list", parameter=what).texts()
        else:
            reason = Message("targets.no_region_in_scope").texts()
    return Scope(codes, info, reason)


@dataclass
class Measure:
    value: Fraction | None
    numerator: int
    denominator: int | None
    covered: list[str]
    counted: list[Record]


def measure(t: Target, tree: RegionTree, scope: Scope | None, records: list[Record], on: dt.date) -> Measure:
    """The target's value on a date: records established on or before it that pass the filter."""
    active = [r for r in records if r.established <= on and matches(r, t.filter)]
    if t.measure == "count":
        if scope is not None:
            inside = set(scope.codes)
            active = [r for r in active if inside.intersection(tree.lineage(r.region))]
        return Measure(Fraction(len(active)), len(active), None, [], active)
    inside = set(scope.codes) if scope else set()
    covered = {c for r in active for c in tree.lineage(r.region) if c in inside}
    n = len(inside)
    value = Fraction(100 * len(covered), n) if n else None
    counted = [r for r in active if inside.intersection(tree.lineage(r.region))]
    return Measure(value, len(covered), n, [c for c in scope.codes if c in covered] if scope else [], counted)


def holds(value: Fraction, comparison: str, target: Fraction) -> bool:
    return value >= target if comparison == ">=" else value > target


def _frac(v: Any) -> Fraction:
    return Fraction(str(v)) if isinstance(v, float) else Fraction(v)


def _num(v: Fraction | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if v.denominator == 1 else round(float(v), 2)


# -- status -----------------------------------------------------------------------------------------
def expected_value(baseline: Fraction, target: Fraction, start: dt.date, deadline: dt.date,
                   on: dt.date) -> tuple[Fraction, Fraction]:
    """The straight-line expectation on a date, and the fraction of the period elapsed (0..1)."""
    total = (deadline - start).days
    elapsed = Fraction(1) if total <= 0 else min(Fraction(1), max(Fraction(0), Fraction((on - start).days, total)))
    return baseline + (target - baseline) * elapsed, elapsed


def gap(t: Target, tree: RegionTree, m: Measure, target: Fraction, scope: Scope | None) -> dict[str, Any] | None:
    """What is still needed for the comparison to hold, in regions (coverage) or records (count)."""
    if m.value is not None and holds(m.value, t.comparison, target):
        return None
    if t.measure == "count":
        needed = math.floor(target) + 1 if t.comparison == ">" else math.ceil(target)
        more = needed - m.numerator
        unit = dump(t.unit) if t.unit else Message("targets.records")
        return {"more": more, "needed": needed, "actual": m.numerator,
                **_text(Message("targets.more_records", more=more, unit=unit, op=t.comparison,
                                target=_num(target)))}
    n = m.denominator or 0
    needed = next((k for k in range(n + 1) if holds(Fraction(100 * k, n), t.comparison, target)), None)
    levels = {tree.level(c) for c in scope.codes} if scope else set()
    one, many = level_nouns(tree.ctx, tree.key, levels.pop() if len(levels) == 1 else None)
    if needed is None:
        return {"more": None, "needed": None, "actual": m.numerator, "of": n,
                **_text(Message("targets.unreachable", n=n, regions=many))}
    more = needed - m.numerator
    return {"more": more, "needed": needed, "actual": m.numerator, "of": n,
            **_text(Message("targets.more_regions", more=more, needed=needed, n=n, regions=many,
                            noun=one if more == 1 else many))}


def _text(message: Message) -> dict[str, Any]:
    """A gap's message as code and parameters, and its text in both languages."""
    return {"message": message.to_json(), "text": message.texts()}


def _target_value(ctx: RoundContext, t: Target) -> Fraction:
    return _frac(ctx.value(t.value))


def _baseline(ctx: RoundContext, t: Target, recorded: Fraction | None) -> Fraction | None:
    return _frac(ctx.value(t.baseline)) if t.baseline is not None else recorded


def _trajectory(t, tree, scope, records, start, until) -> list[dict[str, Any]]:
    """The value at the start, on each date a counted record was established, and on the last date."""
    dates = sorted({start, until, *(r.established for r in records if start < r.established < until
                                    and matches(r, t.filter))})
    out = []
    for d in dates:
        m = measure(t, tree, scope, records, d)
        out.append({"date": d.isoformat(), "value": _num(m.value), "numerator": m.numerator})
    return out


def _by_area(t: Target, tree: RegionTree, scope: Scope | None, m: Measure) -> list[dict[str, Any]]:
    """Per top-level region (prefecture): regions in scope, covered and percent; or records counted."""
    out: dict[str, dict[str, Any]] = {}

    def row(code: str) -> dict[str, Any]:
        return out.setdefault(code, {"code": code, "name": tree.name(code)})

    if t.measure == "coverage":
        covered = set(m.covered)
        for c in scope.codes if scope else []:
            r = row(tree.area(c))
            r["in_scope"] = r.get("in_scope", 0) + 1
            r["covered"] = r.get("covered", 0) + (c in covered)
            r.setdefault("uncovered", [])
            if c not in covered:
                r["uncovered"].append({"code": c, "name": tree.name(c)})
        for r in out.values():
            r["percent"] = _num(Fraction(100 * r["covered"], r["in_scope"]))
    else:
        for rec in m.counted:
            r = row(tree.area(rec.region))
            r["count"] = r.get("count", 0) + 1
    return sorted(out.values(), key=lambda r: r["code"])


# -- the section ------------------------------------------------------------------------------------
def evaluate(ctx: RoundContext, targets: Targets, facts: dict[str, Any], as_of: dt.date | None) -> SectionResult:
    as_of = as_of or dt.date.today()
    tree = RegionTree(ctx, targets.regions)
    records = parse_records(facts, targets.records)
    items: list[Item] = []
    rows: list[dict[str, Any]] = []
    for t in targets.items:
        row = _evaluate_target(ctx, tree, t, records, as_of)
        rows.append(row)
        items.append(_item(ctx, t, row))
    worst = min((r["status"] for r in rows), key=STATUSES.index, default=None)
    data = {
        "as_of": as_of.isoformat(),
        "records": targets.records,
        "regions": targets.regions,
        "status": worst,
        "statuses": [{"key": s, "label": STATUS_LABELS[s]} for s in STATUSES],
        "counts": {s: sum(r["status"] == s for r in rows) for s in STATUSES},
        "targets": rows,
        "areas": _areas(tree, rows, records or [], as_of),
        "warnings": _warnings(tree, targets, records or []),
    }
    return SectionResult(outcome=worst, items=items, data=data,
                         missing=[targets.records] if records is None else [])


def _evaluate_target(ctx: RoundContext, tree: RegionTree, t: Target, records: list[Record] | None,
                     as_of: dt.date) -> dict[str, Any]:
    target = _target_value(ctx, t)
    scope = scope_of(ctx, tree, t)
    row: dict[str, Any] = {
        "key": t.key, "label": dump(t.label), "measure": t.measure, "comparison": t.comparison,
        "target": _num(target), "unit": dump(t.unit) if t.unit else None,
        "start": t.start.isoformat(), "deadline": t.deadline.isoformat(), "final": as_of >= t.deadline,
        "citation": ctx.citation(t.cite), "parameter": ctx.ref_info(t.value),
        "scope": {**({k: v for k, v in dump(t.scope).items()} if t.scope else {}),
                  "size": len(scope.codes) if scope else None,
                  "parameter": scope.parameter if scope else None},
        "filter": dict(t.filter),
        "current": None, "numerator": None, "denominator": None, "at_deadline": None, "baseline": None,
        "baseline_recorded": None, "expected": None, "elapsed": None, "gap": None, "note": None,
        "by_area": [], "records": [], "trajectory": [],
    }
    if t.measure == "coverage" and (scope is None or not scope.codes):
        row["status"] = "not_measurable"
        row["note"] = (scope.empty_reason if scope else
                       Message("targets.no_scope").texts())
        row["denominator"] = 0
        return _labelled(row)
    if records is None:
        row["status"] = "undetermined"
        row["note"] = Message("targets.no_records").texts()
        return _labelled(row)
    now = measure(t, tree, scope, records, as_of)
    at_start = measure(t, tree, scope, records, t.start)
    row.update(current=_num(now.value), numerator=now.numerator, denominator=now.denominator,
               baseline_recorded=_num(at_start.value))
    baseline = _baseline(ctx, t, at_start.value)
    row["baseline"] = _num(baseline)
    if t.baseline is not None:
        row["baseline_parameter"] = ctx.ref_info(t.baseline)
    if row["final"]:
        at_dl = measure(t, tree, scope, records, t.deadline)
        row["at_deadline"] = {"current": _num(at_dl.value), "numerator": at_dl.numerator,
                              "denominator": at_dl.denominator}
        row["status"] = "met" if holds(at_dl.value, t.comparison, target) else "missed"
    elif holds(now.value, t.comparison, target):
        row["status"] = "met"
    else:
        expected, elapsed = expected_value(baseline, target, t.start, t.deadline, as_of)
        row.update(expected=_num(expected), elapsed=_num(elapsed))
        row["status"] = "on_track" if now.value >= expected else "behind"
    row["gap"] = gap(t, tree, now, target, scope)
    row["by_area"] = _by_area(t, tree, scope, now)
    row["records"] = [{"name": r.data.get("name"), "region": r.region, "established": r.established.isoformat()}
                      for r in sorted(now.counted, key=lambda r: (r.established, r.region))]
    row["trajectory"] = _trajectory(t, tree, scope, records, t.start, max(t.start, as_of))
    return _labelled(row)


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    row["status_label"] = STATUS_LABELS[row["status"]]
    return row


def _item(ctx: RoundContext, t: Target, row: dict[str, Any]) -> Item:
    values = {k: row[k] for k in ("current", "target", "comparison", "deadline", "numerator", "denominator")}
    values.update(start=row["start"], baseline=row["baseline"], expected=row["expected"])
    detail = {k: row[k] for k in ("measure", "status_label", "unit", "final", "at_deadline", "elapsed",
                                  "baseline_recorded", "scope", "filter", "note")}
    return Item(key=t.key, kind="target", label=row["label"], result=row["status"], path=f"targets/{t.key}",
                values=values, parameter=row["parameter"], gap=row["gap"], citation=row["citation"],
                missing=[] if row["status"] != "undetermined" else [ctx.round.targets.records], detail=detail)


def _areas(tree: RegionTree, rows: list[dict[str, Any]], records: list[Record], as_of: dt.date) -> list[dict]:
    """One row per top-level region (prefecture): its records and its cell for every target."""
    out: dict[str, dict[str, Any]] = {}
    for code, r in tree.regions.items():
        if r.parent not in tree.regions:
            out[code] = {"code": code, "name": dump(r.name), "level": r.level, "records": 0, "cells": {}}
    for rec in records:
        area = out.get(tree.area(rec.region))
        if area is not None and rec.established <= as_of:
            area["records"] += 1
    for row in rows:
        for cell in row["by_area"]:
            if cell["code"] in out:
                out[cell["code"]]["cells"][row["key"]] = {k: v for k, v in cell.items()
                                                          if k not in ("code", "name", "uncovered")}
    return sorted(out.values(), key=lambda a: a["code"])


def _warnings(tree: RegionTree, targets: Targets, records: list[Record]) -> list[dict[str, Any]]:
    if not tree.regions:
        return []
    return [{"path": f"{targets.records}/{i}/region", "message": Message("targets.unknown_region", code=r.region)}
            for i, r in enumerate(records) if not tree.known(r.region)]


# -- load / save checks -----------------------------------------------------------------------------
def check(ctx: RoundContext, targets: Targets) -> list[tuple[str, str]]:
    """Problems of a targets section as (path, message); empty means it may be loaded or saved."""
    out: list[tuple[str, str]] = []
    fact = ctx.round.facts.get(targets.records)
    if fact is None or fact.type != "array":
        out.append(("records", Message("targets.records_fact", fact=targets.records)))
    props = ((fact.items or {}).get("properties") or {}) if fact is not None else {}
    regions = ctx.regions.get(targets.regions) if targets.regions else None
    if targets.regions and regions is None:
        out.append(("regions", Message("targets.unknown_regions", key=targets.regions)))
    codes = {r.code for r in regions.regions} if regions else set()
    parents = {r.parent for r in regions.regions} if regions else set()
    levels = {r.level for r in regions.regions} if regions else set()
    keys = [t.key for t in targets.items]
    for k in sorted({k for k in keys if keys.count(k) > 1}):
        out.append(("items", Message("targets.duplicate_key", key=k)))
    for i, t in enumerate(targets.items):
        p = f"items[{i}]"
        if t.deadline <= t.start:
            out.append((f"{p}.deadline", Message("targets.deadline_before_start")))
        for name, num in (("value", t.value), ("baseline", t.baseline)):
            v = ctx.value(num) if num is not None else 0
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                out.append((f"{p}.{name}", Message("kind.not_a_number", value=repr(v))))
            elif t.measure == "coverage" and name == "value" and not 0 <= v <= 100:
                out.append((f"{p}.value", Message("targets.coverage_percent", value=v)))
        for key, allowed in t.filter.items():
            if not allowed:
                out.append((f"{p}.filter.{key}", Message("targets.empty_filter")))
            if props and key not in props:
                out.append((f"{p}.filter.{key}", Message("targets.no_field", field=key, fields=", ".join(props))))
            enum = (props.get(key) or {}).get("enum")
            for v in allowed if enum else []:
                if v not in enum:
                    out.append((f"{p}.filter.{key}", Message("targets.filter_value", value=v,
                                                             choices=", ".join(map(str, enum)))))
        out += _check_scope(ctx, t, p, targets.regions, codes, parents, levels)
    return out


def _check_scope(ctx, t: Target, p: str, regions_key, codes, parents, levels) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    s = t.scope
    if t.measure == "coverage" and s is None:
        out.append((f"{p}.scope", Message("targets.scope_needed")))
    if s is None:
        return out
    if not regions_key:
        return out + [(f"{p}.scope", Message("targets.scope_regions"))]
    if not codes:
        return out
    if s.level is not None and s.level not in levels:
        out.append((f"{p}.scope.level", Message("targets.no_level", level=s.level, levels=", ".join(sorted(levels)))))
    if s.parent is not None and s.parent not in parents:
        out.append((f"{p}.scope.parent", Message("targets.no_parent", parent=s.parent)))
    for c in s.codes or []:
        if c not in codes:
            out.append((f"{p}.scope.codes", Message("targets.unknown_region", code=c)))
    if s.codes_param is not None:
        param = ctx.parameters.get(s.codes_param)
        if param is None:
            out.append((f"{p}.scope.codes_param", Message("kind.param_undeclared", name=s.codes_param)))
        elif param.type != "list":
            out.append((f"{p}.scope.codes_param", Message("kind.param_not_list", name=s.codes_param, type=param.type)))
        else:
            for c in param.value:
                if str(c) not in codes:
                    out.append((f"{p}.scope.codes_param", Message("targets.param_unknown_region", name=s.codes_param,
                                                                  code=c)))
    return out
