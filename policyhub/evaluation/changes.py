"""What would change the answer: concrete suggestions read from an evaluation result.

`suggestions(result_json, round)` turns the explanation of a non-passing result into steps an applicant can
act on, each a Message (a code with the round's own labels, units and values, rendered through the
catalogs). Each scheme kind suggests for its own section (`SchemeKind.suggest`: a checklist's failed
criteria, a score sheet's points short); this module gives them the shared steps:

- a failed comparison with a gap -> raise / lower a number, set a yes/no or choice fact, move a date;
- facts that would decide an undetermined result -> provide them (`kind: provide`).

Nothing here knows a policy: thresholds, labels and units all come from the result and the round.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from ..definitions import ParamRef, Round
from ..i18n import M_, Message, quantity
from ..kinds import registry
from .outcomes import FAIL, PASS, UNDETERMINED

EPS = 1e-9


# -- formatting -----------------------------------------------------------------------------------
def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _lower_first(text: str) -> str:
    """'Full-time staff' -> 'full-time staff'; acronyms ('IP staff') stay as they are."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _shown(v: Any) -> Any:
    """A number as a message shows it: at most two decimals."""
    return round(v, 2) if isinstance(v, float) else v


def _label(lab: dict[str, str]) -> dict[str, str]:
    """A fact or item label as a message value: English lower-cased inside a sentence."""
    return {"zh": lab.get("zh", ""), "en": _lower_first(lab.get("en", ""))}


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


def _en_unit(u: str) -> str:
    return f" {u}" if u and u[:1].isalnum() else u


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
    out = [s for kind in registry.kinds() for s in kind.suggest(result_json, round, facts)]
    if result_json.get("outcome") in (FAIL, UNDETERMINED) or result_json.get("missing"):
        out += _provide(facts, result_json)
    return [_clean(s) for s in out]
