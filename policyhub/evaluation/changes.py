"""What would change the answer: concrete suggestions read from an evaluation result.

`suggestions(result_json, round)` turns the explanation of a non-passing result into steps an applicant can
act on, each a Message (a code with the round's own labels, units and values; rendered through the catalogs,
and given as `text` in both languages at the edge):

- a failed comparison with a gap -> raise / lower a number, set a yes/no or choice fact, move a date;
- a failed `any` group -> one suggestion listing the alternatives (`kind: one_of`);
- a mandatory score-sheet group short of full marks -> the steps that fill it (`kind: mandatory`);
- a total below the pass mark -> the points short and the cheapest indicator steps (next tiers, fixed
  points, per-unit counts) that close it (`kind: points`);
- facts that would decide an undetermined result -> provide them (`kind: provide`).

"Cheapest" means fewest indicator changes first, then the smallest relative increase of the facts.
Nothing here knows a policy: thresholds, labels and units all come from the result and the round.
"""
from __future__ import annotations

import itertools
import math
from collections import defaultdict
from typing import Any

from ..definitions import ParamRef, Round
from ..i18n import M_, Message, quantity
from ..rules import comparison_of
from .result import FAIL, PASS, UNDETERMINED

EPS = 1e-9
MAX_COMBINATION = 3          # larger combinations of indicator steps are chosen greedily
MAX_CANDIDATES = 200_000     # ... and so are smaller ones when there are too many to compare


# -- formatting -----------------------------------------------------------------------------------
def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)


def _shown(v: Any) -> Any:
    """A number as a message shows it: at most two decimals."""
    return round(v, 2) if isinstance(v, float) else v


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _lower_first(text: str) -> str:
    """'Full-time staff' -> 'full-time staff'; acronyms ('IP staff') stay as they are."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


class _Facts:
    """Labels, units and types of a round's facts, with the fact name as the fallback label."""

    def __init__(self, rnd: Round | None):
        self.facts = rnd.facts if rnd is not None else {}
        self.round = rnd

    def label(self, name: str) -> dict[str, str]:
        f = self.facts.get(name)
        return {"zh": f.label.zh, "en": f.label.en} if f else {"zh": name, "en": name}

    def unit(self, name: str) -> dict[str, str]:
        f = self.facts.get(name)
        return {"zh": f.unit.zh, "en": f.unit.en} if f and f.unit else {"zh": "", "en": ""}

    def type(self, name: str) -> str | None:
        f = self.facts.get(name)
        return f.type if f else None

    def expert(self, name: str) -> bool:
        f = self.facts.get(name)
        return bool(f and f.expert)

    def choice(self, name: str, value: Any) -> dict[str, str]:
        f = self.facts.get(name)
        labels = (f.enum_labels or {}) if f else {}
        lab = labels.get(value) if isinstance(value, str) else None
        if lab is not None:
            return {"zh": lab.zh, "en": lab.en}
        if self.round is not None and name == "category":
            for c in self.round.categories:
                if c.key == value:
                    return {"zh": c.label.zh, "en": c.label.en}
        return {"zh": _fmt(value), "en": _fmt(value)}

    def param(self, num: Any) -> Any:
        """A Num's value when the round itself declares it (inherited parameters are not visible here)."""
        if isinstance(num, ParamRef):
            p = self.round.parameters.get(num.param) if self.round is not None else None
            return p.value if p is not None else None
        return num


def _label(lab: dict[str, str]) -> dict[str, str]:
    """A fact or item label as a message value: English lower-cased inside a sentence."""
    return {"zh": lab.get("zh", ""), "en": _lower_first(lab.get("en", ""))}


# -- one comparison -----------------------------------------------------------------------------------
def comparison_step(facts: _Facts, fact: str, op: str, actual: Any, needed: Any) -> dict[str, Any]:
    """The change that makes `fact op needed` hold, from `actual` (None when not given)."""
    label, unit = _label(facts.label(fact)), facts.unit(fact)
    ftype = facts.type(fact)
    base = {"fact": fact, "from": actual, "operator": op}
    if isinstance(needed, bool) or isinstance(actual, bool) or ftype == "boolean":
        if op in ("!=", "!=="):
            needed = not needed
        yes = bool(needed)
        msg = Message(M_("suggest.set_yes") if yes else M_("suggest.set_no"), label=label)
        return {**base, "kind": "set", "to": yes, "effort": 1.0, "message": msg}
    if ftype == "date" or (isinstance(needed, str) and not _number(actual) and op in (">", ">=", "<", "<=")):
        code = {">=": M_("suggest.date_on_or_after"), ">": M_("suggest.date_after"),
                "<=": M_("suggest.date_on_or_before"), "<": M_("suggest.date_before")}.get(op, M_("suggest.date_on"))
        now = Message("suggest.now", value=actual) if actual is not None else ""
        return {**base, "kind": "date", "to": needed, "effort": 1.0,
                "message": Message(code, label=label, date=needed, now=now)}
    if _number(needed) and op in (">", ">=", "<", "<="):
        return _numeric_step(base, ftype, label, unit, op, actual, needed)
    # equality with a choice or a literal
    want = facts.choice(fact, needed)
    now = Message("suggest.now_choice", value=facts.choice(fact, actual)) if actual is not None else ""
    if op in ("!=", "!=="):
        return {**base, "kind": "set", "to": None, "effort": 1.0,
                "message": Message("suggest.must_not_be", label=label, value=want, now=now)}
    return {**base, "kind": "set", "to": needed, "effort": 1.0,
            "message": Message("suggest.must_be", label=label, value=want, now=now)}


def _numeric_step(base, ftype, label, unit, op, actual, needed) -> dict[str, Any]:
    up = op in (">", ">=")
    strict = op in (">", "<")
    to, more_than = needed, False
    if strict:
        if ftype == "integer":
            to = math.floor(needed) + 1 if up else math.ceil(needed) - 1
        else:
            more_than = True
    elif ftype == "integer":
        to = math.ceil(needed) if up else math.floor(needed)
    target: Any = quantity(_shown(to), unit)
    if more_than:
        target = Message(M_("suggest.more_than") if up else M_("suggest.less_than"), n=target)
    if actual is not None:
        code = M_("suggest.increase") if up else M_("suggest.reduce")
        msg = Message(code, label=label, start=_shown(actual), unit=unit, to=target)
    else:
        msg = Message(M_("suggest.reach") if up else M_("suggest.at_most"), label=label, to=target)
    effort = 1.0
    if _number(actual):
        effort = abs(to - actual) / max(abs(actual), 1)
    return {**base, "kind": "raise" if up else "lower", "to": to, "effort": effort, "message": msg}


# -- eligibility checklist -----------------------------------------------------------------------
def _tree(items: list[dict[str, Any]]) -> tuple[list[dict], dict[str, list[dict]], dict[str, dict]]:
    crit = [it for it in items if it.get("kind") in ("all", "any", "criterion")]
    by_path = {it.get("path", it.get("key")): it for it in crit}
    children: dict[str, list[dict]] = defaultdict(list)
    roots = []
    for it in crit:
        parent = it.get("path", "").rpartition("/")[0]
        if parent in by_path:
            children[parent].append(it)
        else:
            roots.append(it)
    return roots, children, by_path


def _leaf(facts: _Facts, it: dict[str, Any]) -> dict[str, Any]:
    g = it.get("gap") or {}
    label = it.get("label") or {"zh": it.get("key", ""), "en": it.get("key", "")}
    if g.get("fact") and g.get("operator"):
        step = comparison_step(facts, g["fact"], g["operator"], g.get("actual"), g.get("needed"))
    else:
        step = {"kind": "meet", "effort": 1.0, "message": Message("suggest.meet", label=_label(label))}
    step.update(item=it.get("path"), label=label, citation=it.get("citation"))
    return step


def _criteria(facts: _Facts, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roots, children, _ = _tree(items)

    def visit(it: dict[str, Any]) -> list[dict[str, Any]]:
        if it.get("result") != FAIL:
            return []
        kind = it.get("kind")
        if kind == "criterion":
            return [_leaf(facts, it)]
        below = [s for c in children[it["path"]] for s in visit(c)]
        if kind == "any" and len(below) > 1:
            label = it.get("label") or {"zh": it["key"], "en": it["key"]}
            return [{"kind": "one_of", "item": it["path"], "label": label, "steps": below,
                     "message": Message("suggest.one_of", label=_label(label))}]
        return below

    return [s for r in roots for s in visit(r)]


def _moot_paths(items: list[dict[str, Any]]) -> set[str]:
    """Paths of criteria that cannot change the answer: below a passing ancestor."""
    _, children, by_path = _tree(items)
    out: set[str] = set()

    def mark(path: str) -> None:
        for c in children[path]:
            out.add(c["path"])
            mark(c["path"])

    for path, it in by_path.items():
        if it.get("result") == PASS and it.get("kind") in ("all", "any"):
            mark(path)
    return out


# -- score sheets ---------------------------------------------------------------------------------
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


# -- missing facts ----------------------------------------------------------------------------------
def _provide(facts: _Facts, res: dict[str, Any]) -> list[dict[str, Any]]:
    items = res.get("items") or []
    moot = _moot_paths(items)
    moot_facts: set[str] = set()
    live_facts: set[str] = set()
    for it in items:
        if it.get("kind") in ("all", "any"):
            continue
        target = moot_facts if it.get("path") in moot else live_facts
        target.update(it.get("missing") or [])
    out = []
    for name in res.get("missing") or []:
        if name in moot_facts and name not in live_facts:
            continue
        lab = facts.label(name)
        if facts.expert(name):
            code = M_("suggest.expert")
        elif facts.type(name) == "boolean":
            code = M_("suggest.say_whether")
        else:
            code = M_("suggest.provide")
        out.append({"kind": "provide", "fact": name, "label": lab, "expert": facts.expert(name),
                    "message": Message(code, label=_label(lab))})
    return out


# -- public ---------------------------------------------------------------------------------------
def _tidy(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _clean(s: dict[str, Any]) -> dict[str, Any]:
    """A suggestion as JSON: its message as code and parameters, and as `text` in both languages."""
    out = {k: _tidy(v) for k, v in s.items() if k not in ("effort", "per_unit", "message")}
    msg = s.get("message")
    if isinstance(msg, Message):
        out["message"], out["text"] = msg.to_json(), msg.texts()
    if "steps" in out:
        out["steps"] = [_clean(x) for x in out["steps"]]
    return out


def suggestions(result_json: dict[str, Any], round: Round | None) -> list[dict[str, Any]]:
    """What would change a result's answer, most decisive first; empty when it already passes.

    `result_json` is `Result.to_json()`; `round` is the round it was evaluated against (for fact labels,
    units, choices and the score-sheet definitions).
    """
    if not isinstance(result_json, dict) or result_json.get("outcome") == PASS:
        return []
    facts = _Facts(round)
    items = result_json.get("items") or []
    out = _criteria(facts, items) + _score_sheet(facts, round, result_json)
    if result_json.get("outcome") in (FAIL, UNDETERMINED) or result_json.get("missing"):
        out += _provide(facts, result_json)
    return [_clean(s) for s in out]
