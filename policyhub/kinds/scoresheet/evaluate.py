"""Score sheets: each indicator compiles to one JsonLogic rule returning points; unknown items give a range."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...definitions import ParamRef, dump
from .model import Group, Indicator, ScoreSheet, Scoring
from ...rules import CompiledRule
from ...context import RoundContext
from ...evaluation.fixed import fixed
from ...evaluation.result import FAIL, PASS, UNDETERMINED, Item
from ...i18n import Message
from .result import KIND_NAME, SheetScore


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
    sorted_reads: tuple[str, ...]
    expert: bool
    static: dict[str, Any]          # label, path, citation, detail: built once, copied into each Item


@dataclass
class SheetPlan:
    sheet: ScoreSheet
    indicators: list[IndicatorPlan]
    reads: frozenset[str]
    combined: CompiledRule              # every indicator's points in one rule: one engine call per sheet
    totals: CompiledRule                # [points outside mandatory groups, points of each mandatory group]
    maxes: list[float]
    groups: list[tuple[Group, int, int, list[tuple[str, int, int]]]]   # group, slice, subgroup slices
    static: dict[str, Any]
    mandatory: list[tuple[Group, int, int, dict[str, str]]]
    mandatory_required: list[float]     # the points each mandatory group requires, in `totals` order
    pass_mark: float | None
    pass_comparison: str | None         # >= or >, None without a pass mark


def plan(ctx: RoundContext, sheet: ScoreSheet) -> SheetPlan:
    """Compile every indicator of a sheet once, and the whole sheet as one rule."""
    out = []
    for g, s, i in sheet.indicators():
        compiled = ctx.compile(points_rule(i.score))
        expert = i.score.kind == "expert" or any(ctx.round.facts[f].expert for f in compiled.reads
                                                  if f in ctx.round.facts)
        static = {"label": fixed(dump(i.label)), "path": f"{sheet.key}/{g.key}/{s.key}/{i.key}",
                  "citation": fixed(ctx.citation(i.cite)),
                  "detail": {"standard": fixed(dump(i.standard)), "scoring": i.score.kind, "expert": expert}}
        static.update(_scoring_static(ctx, i))
        out.append(IndicatorPlan(g, s.key, i, compiled, compiled.reads, tuple(sorted(compiled.reads)), expert, static))
    # Each indicator clipped to 0..max inside the engine (unless it cannot leave that range), so the points of
    # a whole sheet cost one engine call; `totals` below adds them up in the same way.
    clipped = [p.rule.source if _within_max(ctx, p.indicator) else
               {"max": [0, {"min": [p.indicator.max, p.rule.source]}]} for p in out]
    combined = ctx.compile(clipped)
    groups, n = [], 0
    for g in sheet.groups:
        g_start, subs = n, []
        for s in g.subgroups:
            subs.append((s.key, n, n + len(s.indicators)))
            n += len(s.indicators)
        groups.append((g, g_start, n, subs))
    # the total in as few sums as the outcome needs: the indicators outside mandatory groups, then each
    # mandatory group (whose points the outcome compares with its maximum)
    rest = [r for (g, a, b, _) in groups if not g.mandatory for r in clipped[a:b]]
    totals = ctx.compile([{"+": rest}, *({"+": clipped[a:b]} for g, a, b, _ in groups if g.mandatory)])
    static = {
        "group": {g.key: {"label": fixed(dump(g.label)), "citation": fixed(ctx.citation(g.cite))}
                  for g in sheet.groups},
        "subgroup": {(g.key, s.key): fixed(dump(s.label)) for g in sheet.groups for s in g.subgroups},
        "sheet_label": dump(sheet.label),
        "pass_mark": ctx.value(sheet.pass_mark) if sheet.pass_mark is not None else None,
        "pass_parameter": ctx.ref_info(sheet.pass_mark),
        "mandatory_text": {g.key: _mandatory_text(g) for g in sheet.groups if g.mandatory},
    }
    mandatory = [(g, a, b, static["group"][g.key]["label"]) for g, a, b, _ in groups if g.mandatory]
    return SheetPlan(sheet, out, frozenset().union(*(p.reads for p in out)) if out else frozenset(),
                     combined, totals, [p.indicator.max for p in out], groups, static, mandatory,
                     [g.max for g, _, _, _ in groups if g.mandatory], static["pass_mark"],
                     sheet.pass_comparison if sheet.pass_mark is not None else None)


def _within_max(ctx: RoundContext, i: Indicator) -> bool:
    """Whether an indicator's rule can only give points within 0..max (fixed points and tiers whose values
    are), so that the engine need not clip them."""
    s = i.score
    if s.kind == "fixed":
        values = [ctx.value(s.fixed)]
    elif s.kind == "tiers":
        values = [ctx.value(t.points) for t in s.tiers]
    else:
        return False
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= i.max for v in values)


# Points are decimal quantities (0.5, 0.1 per unit, 6.5 from an expert) added up in binary floating point:
# every sum is rounded to this many decimal places, so that 0.1 + 0.2 is 0.3 and never decides a pass mark.
POINTS_DECIMALS = 6
_SCALE = 10 ** POINTS_DECIMALS


def _decimal(x: Any) -> Any:
    """`x` to POINTS_DECIMALS places when it is a float (as round(x, 6), several times faster)."""
    return round(x * _SCALE) / _SCALE if x.__class__ is float else x


def _sum(values: Any) -> float:
    return _decimal(sum(values))


def _clip(v: Any, hi: float) -> float:
    if v.__class__ is not int and v.__class__ is not float:
        try:
            v = float(v)
        except (TypeError, ValueError):
            return 0.0
    return hi if v > hi else (0.0 if v < 0 else v)


def evaluate(ctx: RoundContext, sp: SheetPlan, facts: dict[str, Any], res) -> str | None:
    """Score a sheet into the Result `res` (its typed section `SheetScore`: score, range, pass mark; the
    explanation is built when first read); return the sheet's outcome (None when the sheet has neither pass mark
    nor mandatory group)."""
    sheet = sp.sheet
    pass_mark = sp.pass_mark
    sec = SheetScore(sheet.total, pass_mark, sp.pass_comparison)
    res.put_section(KIND_NAME, sec)
    if not sp.reads.difference(facts):    # every fact known: the common case, one engine call and kept short
        try:
            sums = sp.totals.run(facts)
        except Exception:   # e.g. a formula that returned no number: score indicator by indicator below
            sums = None
        if sums is not None:
            total = sum(sums)
            if total.__class__ is float:        # fractional points: add them up as decimals do
                total = _decimal(total)
            sec.score = total
            sec.score_range = [total, total]
            if pass_mark is None:
                outcome = PASS if sp.mandatory_required else None
            else:
                outcome = PASS if (total >= pass_mark if sp.pass_comparison == ">=" else total > pass_mark) else FAIL
            k = 1
            for required in sp.mandatory_required:
                if sums[k] < required and _decimal(sums[k]) < required:
                    outcome = FAIL
                k += 1
            res.explain_later(_explain, (ctx, sp, facts, None, None, outcome, ()))
            return outcome

    lo, hi = [], []
    for p in sp.indicators:
        if facts.keys() >= p.reads:
            v = _clip(p.rule.evaluate(facts), p.indicator.max)
            lo.append(v)
            hi.append(v)
        else:
            lo.append(0.0)
            hi.append(p.indicator.max)
    missing = sorted(sp.reads - facts.keys())
    total_lo, total_hi = _sum(lo), _sum(hi)
    sec.score = total_lo if total_lo == total_hi else None
    sec.score_range = [total_lo, total_hi]
    outcome = _outcome(sheet, pass_mark, total_lo, total_hi, [v[4] for v in _verdicts(sp, lo, hi)])
    res.explain_later(_explain, (ctx, sp, facts, lo, hi, outcome, missing))
    if missing:
        res.missing = sorted(set(res.missing) | set(missing))
    return outcome


def _verdicts(sp: SheetPlan, lo: list[float], hi: list[float]) -> list[tuple[Group, dict, float, float, str]]:
    """(group, label, lowest, highest, result) of each mandatory group."""
    out = []
    for g, a, b, label in sp.mandatory:
        g_lo, g_hi = _sum(lo[a:b]), _sum(hi[a:b])
        out.append((g, label, g_lo, g_hi, PASS if g_lo >= g.max else (FAIL if g_hi < g.max else UNDETERMINED)))
    return out


def _explain(ctx: RoundContext, sp: SheetPlan, facts: dict[str, Any], lo: list[float], hi: list[float],
             outcome: str | None, missing: list[str]) -> tuple[list[Item], dict[str, Any]]:
    """The sheet's items and its `score_sheet` section (lo, hi None: every fact is known, points not yet read)."""
    if lo is None:
        lo = hi = sp.combined.evaluate(facts)
    section = {
        "sheet": sp.sheet.key, "sheet_label": sp.static["sheet_label"], "outcome": outcome,
        "pass_parameter": sp.static["pass_parameter"],
        "mandatory": [{"group": g.key, "label": label, "required": g.max, "score": g_lo if g_lo == g_hi else None,
                       "range": [g_lo, g_hi], "result": result}
                      for g, label, g_lo, g_hi, result in _verdicts(sp, lo, hi)],
        "missing": list(missing),
        "expert_missing": sorted({m for p in sp.indicators if p.expert for m in p.reads - facts.keys()})
        if missing else [],
    }
    return _items(ctx, sp, facts, lo, hi), {"score_sheet": section}


def _items(ctx: RoundContext, sp: SheetPlan, facts: dict[str, Any], lo: list[float], hi: list[float]) -> list[Item]:
    """The explanation: each group, its subgroups and their indicators, in the order the sheet prints them."""
    sheet = sp.sheet
    out: list[Item] = []
    for g, a, b, subs in sp.groups:
        g_lo, g_hi = _sum(lo[a:b]), _sum(hi[a:b])
        gs = sp.static["group"][g.key]
        gi = Item(key=g.key, kind="group", label=gs["label"], path=f"{sheet.key}/{g.key}",
                  points=g_lo if g_lo == g_hi else None, max_points=g.max, citation=gs["citation"],
                  detail={"range": [g_lo, g_hi], "mandatory": g.mandatory})
        if g.mandatory:
            gi.result = PASS if g_lo >= g.max else (FAIL if g_hi < g.max else UNDETERMINED)
            if gi.result != PASS:
                gi.gap = {"needed": g.max, "actual": g_lo if g_lo == g_hi else None,
                          "text": sp.static["mandatory_text"][g.key]}
        out.append(gi)
        for s_key, sa, sb in subs:
            s_lo, s_hi = _sum(lo[sa:sb]), _sum(hi[sa:sb])
            if not g.direct:                    # indicators written directly under the group have no subgroup
                out.append(Item(key=f"{g.key}/{s_key}", kind="subgroup",
                                label=sp.static["subgroup"][(g.key, s_key)],
                                path=f"{sheet.key}/{g.key}/{s_key}", points=s_lo if s_lo == s_hi else None,
                                max_points=_sum(sp.maxes[sa:sb]), detail={"range": [s_lo, s_hi]}))
            for k in range(sa, sb):
                out.append(_indicator_item(sp.indicators[k], facts, lo[k], hi[k]))
    return out


def _indicator_item(p: IndicatorPlan, facts: dict[str, Any], lo: float, hi: float) -> Item:
    i, st = p.indicator, p.static
    missing = [f for f in p.sorted_reads if f not in facts]
    if missing:
        pts, result = None, UNDETERMINED
    else:
        pts = lo
        result = PASS if pts >= i.max else (FAIL if pts == 0 else "partial")
    item = Item(i.key, "indicator", st["label"], result, st["path"], pts, i.max,
                {f: facts.get(f) for f in p.sorted_reads}, st.get("parameter"), None, st["citation"], missing,
                dict(st["detail"]))
    if "tiers" in st:
        item.detail["tiers"] = st["tiers"]
        value = facts.get(i.score.fact)
        if isinstance(value, (int, float)) and pts is not None:
            better = [t for t in st["tiers"] if t["points"] > pts]
            if better:
                nxt = min(better, key=lambda t: t["threshold"])
                item.gap = {"fact": i.score.fact, "actual": value, "operator": nxt["comparison"],
                            "needed": nxt["threshold"], "points": nxt["points"]}
    if "cap" in st:
        item.detail["cap"] = st["cap"]
    return item


def _passes(total: float, mark: float | None, comparison: str) -> bool:
    if mark is None:
        return True
    return total >= mark if comparison == ">=" else total > mark


def _outcome(sheet, mark, lo, hi, mandatory: list[str]) -> str | None:
    """PASS when even the lowest reachable total passes with every mandatory group full; FAIL when even the
    highest cannot; else UNDETERMINED. None for a sheet with neither pass mark nor mandatory group."""
    if mark is None and not mandatory:
        return None
    if _passes(lo, mark, sheet.pass_comparison) and all(m == PASS for m in mandatory):
        return PASS
    if not _passes(hi, mark, sheet.pass_comparison) or FAIL in mandatory:
        return FAIL
    return UNDETERMINED


def _mandatory_text(g: Group) -> dict[str, str]:
    return Message("sheet.mandatory_group", label=dump(g.label), n=g.max).texts()


def _scoring_static(ctx: RoundContext, i: Indicator) -> dict[str, Any]:
    """What an indicator's explanation always shows: the parameter it uses, its tiers, its cap."""
    from ...rules import comparison_of

    s, out = i.score, {}
    if s.kind == "fixed":
        if isinstance(s.fixed, ParamRef):
            out["parameter"] = ctx.ref_info(s.fixed)
        cmp = comparison_of(s.when)
        if cmp is not None and cmp.parameter:
            out["parameter"] = ctx.parameter_info(cmp.parameter)
    if s.kind == "per_unit" and s.cap is not None:
        out["cap"] = ctx.value(s.cap)
    if s.kind == "tiers":
        out["tiers"] = [{"threshold": ctx.value(t.at_least if t.at_least is not None else t.above),
                         "comparison": ">=" if t.at_least is not None else ">", "points": ctx.value(t.points)}
                        for t in s.tiers]
    return out
