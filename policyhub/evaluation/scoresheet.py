"""Score sheets: each indicator compiles to one JsonLogic rule returning points; unknown items give a range."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..definitions import ParamRef, dump
from ..definitions.scoresheet import Group, Indicator, ScoreSheet, Scoring
from ..rules import CompiledRule
from .context import RoundContext
from .result import FAIL, PASS, UNDETERMINED, Item


def _num(n: Any) -> Any:
    """A Num as JsonLogic: literals stay, parameter references become {"param": name}."""
    return {"param": n.param} if isinstance(n, ParamRef) else n


def points_rule(score: Scoring) -> Any:
    """The JsonLogic rule that computes an indicator's points (before clipping to 0..max)."""
    kind = score.kind
    if kind == "fixed":
        return {"if": [score.when, _num(score.fixed), 0]}
    if kind == "expert":
        return {"var": score.expert}
    if kind == "tiers":
        branches: list[Any] = []
        for t in score.tiers:
            op, threshold = (">=", t.at_least) if t.at_least is not None else (">", t.above)
            branches += [{op: [{"var": score.fact}, _num(threshold)]}, _num(t.points)]
        return {"if": [*branches, 0]}
    if kind == "per_unit":
        total = {"+": [{"*": [{"var": u.fact}, _num(u.points)]} for u in score.per_unit]}
        return {"min": [_num(score.cap), total]} if score.cap is not None else total
    return score.formula


@dataclass
class IndicatorPlan:
    group: Group
    subgroup_key: str
    indicator: Indicator
    rule: CompiledRule
    reads: frozenset[str]
    expert: bool


@dataclass
class SheetPlan:
    sheet: ScoreSheet
    indicators: list[IndicatorPlan]
    reads: frozenset[str]


def plan(ctx: RoundContext, sheet: ScoreSheet) -> SheetPlan:
    """Compile every indicator of a sheet once."""
    out = []
    for g, s, i in sheet.indicators():
        compiled = ctx.compile(points_rule(i.score))
        expert = i.score.kind == "expert" or any(ctx.round.facts[f].expert for f in compiled.reads
                                                  if f in ctx.round.facts)
        out.append(IndicatorPlan(g, s.key, i, compiled, compiled.reads, expert))
    return SheetPlan(sheet, out, frozenset().union(*(p.reads for p in out)) if out else frozenset())


def _clip(v: Any, hi: float) -> float:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(hi, v))


def evaluate(ctx: RoundContext, sp: SheetPlan, facts: dict[str, Any]) -> dict[str, Any]:
    """Score a sheet; returns outcome, score, range, items and the mandatory-group verdicts."""
    sheet = sp.sheet
    items: list[Item] = []
    lo: dict[tuple[str, str], float] = {}
    hi: dict[tuple[str, str], float] = {}
    ind_items: list[Item] = []
    for p in sp.indicators:
        i = p.indicator
        missing = sorted(p.reads - facts.keys())
        key = (p.group.key, p.subgroup_key)
        if missing:
            pts, result = None, UNDETERMINED
            lo[key] = lo.get(key, 0.0)
            hi[key] = hi.get(key, 0.0) + i.max
        else:
            pts = _clip(p.rule.evaluate(facts), i.max)
            result = PASS if pts >= i.max else (FAIL if pts == 0 else "partial")
            lo[key] = lo.get(key, 0.0) + pts
            hi[key] = hi.get(key, 0.0) + pts
        item = Item(key=i.key, kind="indicator", label=dump(i.label),
                    path=f"{sheet.key}/{p.group.key}/{p.subgroup_key}/{i.key}", result=result, points=pts,
                    max_points=i.max, values={f: facts.get(f) for f in sorted(p.reads)},
                    citation=ctx.citation(i.cite), missing=missing,
                    detail={"standard": dump(i.standard), "scoring": i.score.kind, "expert": p.expert})
        _explain_scoring(ctx, i, item, facts)
        ind_items.append(item)

    mandatory = []
    group_items = []
    for g in sheet.groups:
        g_lo = sum(lo.get((g.key, s.key), 0.0) for s in g.subgroups)
        g_hi = sum(hi.get((g.key, s.key), 0.0) for s in g.subgroups)
        known = g_lo == g_hi
        gi = Item(key=g.key, kind="group", label=dump(g.label), path=f"{sheet.key}/{g.key}",
                  points=g_lo if known else None, max_points=g.max, citation=ctx.citation(g.cite),
                  detail={"range": [g_lo, g_hi], "mandatory": g.mandatory})
        if g.mandatory:
            if g_lo >= g.max:
                gi.result = PASS
            elif g_hi < g.max:
                gi.result = FAIL
            else:
                gi.result = UNDETERMINED
            gi.gap = None if gi.result == PASS else {"needed": g.max, "actual": g_lo if known else None,
                                                       "text": _mandatory_text(g)}
            mandatory.append({"group": g.key, "label": dump(g.label), "required": g.max,
                              "score": g_lo if known else None, "range": [g_lo, g_hi], "result": gi.result})
        group_items.append(gi)
        for s in g.subgroups:
            s_lo, s_hi = lo.get((g.key, s.key), 0.0), hi.get((g.key, s.key), 0.0)
            group_items.append(Item(key=f"{g.key}/{s.key}", kind="subgroup", label=dump(s.label),
                                    path=f"{sheet.key}/{g.key}/{s.key}",
                                    points=s_lo if s_lo == s_hi else None, max_points=s.max,
                                    detail={"range": [s_lo, s_hi]}))
    # order: group, its subgroups, their indicators, as the sheet prints them
    ordered: list[Item] = []
    for g in sheet.groups:
        ordered.append(next(x for x in group_items if x.kind == "group" and x.key == g.key))
        for s in g.subgroups:
            ordered.append(next(x for x in group_items if x.kind == "subgroup" and x.key == f"{g.key}/{s.key}"))
            ordered.extend(x for x in ind_items if x.path.startswith(f"{sheet.key}/{g.key}/{s.key}/"))
    items.extend(ordered)

    total_lo, total_hi = sum(lo.values()), sum(hi.values())
    pass_mark = ctx.value(sheet.pass_mark) if sheet.pass_mark is not None else None
    outcome = _outcome(sheet, pass_mark, total_lo, total_hi, mandatory)
    return {
        "outcome": outcome,
        "score": total_lo if total_lo == total_hi else None,
        "score_range": [total_lo, total_hi],
        "max_score": sheet.total,
        "pass_mark": pass_mark,
        "pass_comparison": sheet.pass_comparison if pass_mark is not None else None,
        "pass_parameter": ctx.ref_info(sheet.pass_mark),
        "mandatory": mandatory,
        "items": items,
        "sheet": sheet.key,
        "sheet_label": dump(sheet.label),
        "missing": sorted({m for it in ind_items for m in it.missing}),
        "expert_missing": sorted({m for it in ind_items if it.detail.get("expert") for m in it.missing}),
    }


def _passes(total: float, mark: float | None, comparison: str) -> bool:
    if mark is None:
        return True
    return total >= mark if comparison == ">=" else total > mark


def _outcome(sheet, mark, lo, hi, mandatory) -> str | None:
    if mark is None and not mandatory:
        return None
    surely = _passes(lo, mark, sheet.pass_comparison) and all(m["result"] == PASS for m in mandatory)
    if surely:
        return PASS
    surely_not = (not _passes(hi, mark, sheet.pass_comparison)) or any(m["result"] == FAIL for m in mandatory)
    return FAIL if surely_not else UNDETERMINED


def _mandatory_text(g: Group) -> dict[str, str]:
    return {"zh": f"{g.label.zh}为必要项，须得满分{g.max:g}分",
            "en": f"{g.label.en} is mandatory and must score the full {g.max:g} points"}


def _explain_scoring(ctx: RoundContext, i: Indicator, item: Item, facts: dict[str, Any]) -> None:
    """Parameters used and, for tiers, what the next tier needs."""
    s = i.score
    if s.kind == "fixed" and isinstance(s.fixed, ParamRef):
        item.parameter = ctx.ref_info(s.fixed)
    if s.kind == "per_unit" and s.cap is not None:
        item.detail["cap"] = ctx.value(s.cap)
    if s.kind == "tiers":
        tiers = [{"threshold": ctx.value(t.at_least if t.at_least is not None else t.above),
                  "comparison": ">=" if t.at_least is not None else ">", "points": ctx.value(t.points)}
                 for t in s.tiers]
        item.detail["tiers"] = tiers
        value = facts.get(s.fact)
        if isinstance(value, (int, float)) and item.points is not None:
            better = [t for t in tiers if t["points"] > item.points]
            if better:
                nxt = min(better, key=lambda t: t["threshold"])
                item.gap = {"fact": s.fact, "actual": value, "operator": nxt["comparison"],
                            "needed": nxt["threshold"], "points": nxt["points"]}
    if s.kind == "fixed":
        from ..rules import comparison_of
        cmp = comparison_of(s.when)
        if cmp is not None:
            item.parameter = ctx.parameter_info(cmp.parameter) or item.parameter
