"""What would change a score sheet's answer: a mandatory group short of full marks -> the steps that fill it
(`kind: mandatory`); a total below the pass mark -> the points short and the cheapest indicator steps (next
tiers, fixed points, per-unit counts) that close it (`kind: points`).

"Cheapest" means fewest indicator changes first, then the smallest relative increase of the facts.
"""
from __future__ import annotations

import itertools
import math
from typing import Any

from ...definitions import Round
from ...evaluation.changes import EPS, _Facts, _label, _number, _shown, comparison_step
from ...i18n import M_, Message
from ...evaluation.result import FAIL
from ...rules import comparison_of

MAX_COMBINATION = 3          # larger combinations of indicator steps are chosen greedily
MAX_CANDIDATES = 200_000     # ... and so are smaller ones when there are too many to compare


def suggest(result_json: dict[str, Any], rnd: Round | None, facts: _Facts) -> list[dict[str, Any]]:
    """The score sheet's suggestions for a result (as JSON); empty without a score sheet."""
    return _score_sheet(facts, rnd, result_json)


def _indicator_defs(rnd: Round | None, sheet_key: str | None) -> dict[str, Any]:
    if rnd is None:
        return {}
    for sheet in rnd.score_sheets:
        if sheet.key == sheet_key:
            return {i.key: i for _, _, i in sheet.indicators()}
    return {}


def _options(facts: _Facts, it: dict[str, Any], definition: Any) -> list[dict[str, Any]]:
    """Ways to raise one indicator's points, each a step with the points it gains."""
    pts, top = it.get("points"), it.get("max_points")
    if not _number(pts) or not _number(top) or pts >= top - EPS or it.get("missing"):
        return []
    detail = it.get("detail") or {}
    if detail.get("expert"):
        return []
    values = it.get("values") or {}
    scoring = detail.get("scoring")
    out: list[dict[str, Any]] = []
    if scoring == "tiers":
        fact = definition.score.fact if definition is not None else (it.get("gap") or {}).get("fact")
        for t in detail.get("tiers") or []:
            if _number(t.get("points")) and t["points"] > pts + EPS and fact:
                out.append(comparison_step(facts, fact, t.get("comparison", ">="), values.get(fact), t["threshold"]))
                out[-1]["points"] = min(t["points"], top) - pts
    elif scoring == "fixed" and definition is not None:
        cmp = comparison_of(definition.score.when)
        if cmp is not None and cmp.upper is None:
            param = it.get("parameter") or {}
            needed = param.get("value") if cmp.parameter else cmp.threshold_source
            if needed is not None:
                out.append(comparison_step(facts, cmp.fact, cmp.operator, values.get(cmp.fact), needed))
        else:
            std = detail.get("standard") or it.get("label") or {"zh": "", "en": ""}
            out.append({"kind": "meet", "effort": 1.0, "message": Message("suggest.meet", label=_label(std))})
        if out:
            out[-1]["points"] = top - pts
    elif scoring == "per_unit" and definition is not None:
        best = None
        for u in definition.score.per_unit or []:
            ppu = facts.param(u.points)
            if _number(ppu) and ppu > 0 and _number(values.get(u.fact)) and (best is None or ppu > best[1]):
                best = (u.fact, ppu)
        if best is not None:
            fact, ppu = best
            step = _per_unit_step(facts, fact, values[fact], ppu, top - pts)
            out.append(step)
    for o in out:
        o.update(item=it.get("path"), label=it.get("label"), citation=it.get("citation"))
    return out


def _per_unit_step(facts: _Facts, fact: str, actual: float, ppu: float, gain: float) -> dict[str, Any]:
    units = math.ceil(gain / ppu - EPS)
    step = comparison_step(facts, fact, ">=", actual, actual + units)
    step.update(points=gain, per_unit=ppu)
    return step


def _closes(gain: float, short: float, strict: bool) -> bool:
    return gain > short + EPS if strict else gain >= short - EPS


def _cheapest(options: dict[str, list[dict]], short: float, strict: bool) -> tuple[list[dict], bool]:
    """The fewest indicator steps (then least effort) that gain enough points; (steps, closes)."""
    keys = sorted(options)
    widest = max((len(v) for v in options.values()), default=1)
    for k in range(1, min(MAX_COMBINATION, len(keys)) + 1):
        if math.comb(len(keys), k) * widest ** k > MAX_CANDIDATES:
            break
        best = None
        for combo in itertools.combinations(keys, k):
            for choice in itertools.product(*(options[c] for c in combo)):
                gain = sum(s["points"] for s in choice)
                if _closes(gain, short, strict):
                    effort = sum(s["effort"] for s in choice)
                    if best is None or effort < best[0] - EPS:
                        best = (effort, list(choice))
        if best is not None:
            return best[1], True
    chosen, gain = [], 0.0
    for key in sorted(keys, key=lambda c: -max(s["points"] for s in options[c])):
        step = max(options[key], key=lambda s: s["points"])
        chosen.append(step)
        gain += step["points"]
        if _closes(gain, short, strict):
            return chosen, True
    return chosen, False


def _trim(facts: _Facts, steps: list[dict], short: float, strict: bool) -> list[dict]:
    """Shrink a per-unit step to just the units that close the gap with the other steps."""
    total = sum(s["points"] for s in steps)
    out = []
    for s in steps:
        ppu = s.get("per_unit")
        if ppu:
            q = (short - (total - s["points"])) / ppu
            units = math.floor(q + EPS) + 1 if strict and abs(q - round(q)) < EPS else math.ceil(q - EPS)
            gain = min(max(units, 1) * ppu, s["points"])
            if gain < s["points"] - EPS:
                trimmed = _per_unit_step(facts, s["fact"], s["from"], ppu, gain)
                trimmed.update(item=s.get("item"), label=s.get("label"), citation=s.get("citation"))
                total += gain - s["points"]
                s = trimmed
        out.append(s)
    return out


def _with_points(step: dict[str, Any]) -> dict[str, Any]:
    return {**step, "message": Message("suggest.with_points", step=step["message"], points=_shown(step["points"]))}


def _score_sheet(facts: _Facts, rnd: Round | None, res: dict[str, Any]) -> list[dict[str, Any]]:
    sec = (res.get("sections") or {}).get("score_sheet")
    if not sec:
        return []
    sheet = sec.get("sheet")
    defs = _indicator_defs(rnd, sheet)
    indicators = [it for it in res.get("items", []) if it.get("kind") == "indicator"]
    options: dict[str, list[dict]] = {}
    group_of: dict[str, str] = {}
    for it in indicators:
        opts = _options(facts, it, defs.get(it.get("key")))
        if opts:
            options[it["path"]] = opts
            group_of[it["path"]] = it["path"].split("/")[1] if it["path"].count("/") >= 2 else ""
    out: list[dict[str, Any]] = []
    required: list[dict] = []
    for m in sec.get("mandatory") or []:
        if m.get("result") != FAIL:
            continue
        steps = [max(opts, key=lambda s: s["points"]) for path, opts in options.items()
                 if group_of[path] == m.get("group")]
        required += steps
        label = m.get("label") or {"zh": m.get("group"), "en": m.get("group")}
        score = m.get("score")
        now = Message("suggest.now_points", n=_shown(score)) if _number(score) else ""
        out.append({"kind": "mandatory", "group": m.get("group"), "label": label, "required": m.get("required"),
                    "score": score, "steps": [_with_points(s) for s in steps],
                    "message": Message("suggest.mandatory", label=_label(label), n=m.get("required"), now=now)})
    totals = {k: res.get(k) if res.get(k) is not None else sec.get(k)
              for k in ("pass_mark", "pass_comparison", "score", "score_range")}
    open_facts = set(sec.get("missing") or []) - set(sec.get("expert_missing") or [])
    points = _points_short(facts, totals, options, required, open_facts)
    if points is not None:
        out.append(points)
    return out


def _points_short(facts: _Facts, sec: dict, options: dict, required: list[dict],
                  open_facts: set[str]) -> dict[str, Any] | None:
    """Points short of the pass mark and the cheapest steps; None when the total passes, or when unanswered
    (non-expert) questions could still make it pass (then `provide` says what to answer)."""
    mark, comparison = sec.get("pass_mark"), sec.get("pass_comparison") or ">="
    if not _number(mark):
        return None
    strict = comparison == ">"
    lo, hi = (sec.get("score_range") or [sec.get("score"), sec.get("score")])[:2]
    if not (_number(lo) and _number(hi)):
        return None
    passes = (lambda x: x > mark) if strict else (lambda x: x >= mark)
    if passes(lo):
        return None
    base, basis = (hi, "best") if not passes(hi) else (lo, "worst")
    if basis == "worst" and open_facts:
        return None
    if abs(lo - hi) < EPS:
        basis = "known"
    short = mark - base
    fixed_gain = sum(s["points"] for s in required)
    rest = {k: v for k, v in options.items() if k not in {s.get("item") for s in required}}
    steps: list[dict] = []
    closes = _closes(fixed_gain, short, strict)
    if not closes:
        steps, closes = _cheapest(rest, short - fixed_gain, strict) if rest else ([], False)
        steps = _trim(facts, steps, short - fixed_gain, strict)
    lead_code = {"known": M_("suggest.total_known"), "best": M_("suggest.total_best"),
                 "worst": M_("suggest.total_worst")}[basis]
    lead = Message(lead_code, n=_shown(base))
    need = Message(M_("suggest.need_more_than") if strict else M_("suggest.need_at_least"), n=_shown(mark))
    msg = Message("suggest.points_short", lead=lead, need=need, short=_shown(short))
    if not closes:
        msg = Message("suggest.points_unreachable", text=msg)
    return {"kind": "points", "short": short, "pass_mark": mark, "comparison": comparison, "score": base,
            "basis": basis, "reachable": closes, "steps": [_with_points(x) for x in (required + steps)],
            "message": msg}
