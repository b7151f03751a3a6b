"""Random enterprise records for a round: boundary values around every threshold, and missing facts."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Iterator

from ..definitions import Round
from ..evaluation.evaluate import Evaluator
from .columns import CATEGORY, ID, REGION
from .plans import criteria_plan, sheet_plans


def _literals(node: Any, out: set) -> None:
    if isinstance(node, dict):
        for v in node.values():
            _literals(v, out)
    elif isinstance(node, list):
        for v in node:
            _literals(v, out)
    elif node is not None:
        out.add(node)


def _per_fact(node: Any, out: dict[str, set]) -> None:
    """Literals compared with, or listed for, a fact: {"op": [{"var": f}, literal]} and {"in": [{"var": f}, [...]]}."""
    if isinstance(node, dict):
        for args in node.values():
            if (
                isinstance(args, list)
                and len(args) == 2
                and isinstance(args[0], dict)
                and set(args[0]) == {"var"}
                and isinstance(args[0]["var"], str)
            ):
                lit = args[1]
                if isinstance(lit, list):
                    out.setdefault(args[0]["var"], set()).update(v for v in lit if not isinstance(v, (list, dict)))
                elif not isinstance(lit, dict):
                    out.setdefault(args[0]["var"], set()).add(lit)
            _per_fact(args, out)
    elif isinstance(node, list):
        for v in node:
            _per_fact(v, out)


def fact_literals(ev: Evaluator) -> dict[str, set]:
    """For each fact, the literals the round's rules compare it with."""
    out: dict[str, set] = {}
    rules = [n.rule.resolved for n in (criteria_plan(ev) or {}).values() if n.rule is not None]
    rules += [p.rule.resolved for sp in sheet_plans(ev).values() for p in sp.indicators]
    for r in rules:
        _per_fact(r, out)
    return out


def rule_literals(ev: Evaluator) -> set:
    """Every literal in the round's resolved rules (thresholds, points, codes)."""
    out: set = set()
    if criteria_plan(ev):
        for node in criteria_plan(ev).values():
            if node.rule is not None:
                _literals(node.rule.resolved, out)
    for sp in sheet_plans(ev).values():
        for p in sp.indicators:
            _literals(p.rule.resolved, out)
    return out


def _is_date(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    try:
        dt.date.fromisoformat(v)
        return True
    except ValueError:
        return False


class RecordGenerator:
    """Records for a round's facts: each fact missing with probability `missing`, numbers at and around the
    rules' thresholds (and anywhere in range), enums from their values, dates around the rules' dates."""

    def __init__(self, ev: Evaluator, *, seed: int = 0, missing: float = 0.1, regions: list[str] | None = None):
        self.rnd: Round = ev.ctx.round
        self.random = random.Random(seed)
        self.near = fact_literals(ev)
        self.good = 0.6
        self.missing = missing
        self.regions = regions or []
        lits = rule_literals(ev)
        nums = sorted({float(v) for v in lits if isinstance(v, (int, float)) and not isinstance(v, bool)})
        self.numbers = sorted({x + d for x in nums for d in (-1, -0.5, 0, 0.5, 1)} | {0.0})
        self.dates = sorted(
            {
                (dt.date.fromisoformat(v) + dt.timedelta(days=d)).isoformat()
                for v in lits
                if _is_date(v)
                for d in (-1, 0, 1)
            }
        ) or ["2020-01-01"]
        self.strings = sorted({v for v in lits if isinstance(v, str) and not _is_date(v)})
        cats = [c.key for c in self.rnd.categories] if self.rnd.categories else []
        self.categories = cats or [sp.sheet.category for sp in sheet_plans(ev).values() if sp.sheet.category]

    def _number(self, fact, integer: bool) -> Any:
        r = self.random
        if r.random() < 0.7 and self.numbers:
            v = r.choice(self.numbers)
        else:
            v = r.uniform(0, (max(self.numbers) if self.numbers else 100) * 1.5)
        if fact is not None and fact.minimum is not None:
            v = max(v, fact.minimum)
        if fact is not None and fact.maximum is not None:
            v = min(v, fact.maximum)
        if integer:
            return int(round(v))
        return round(v, 2)

    def value(self, name: str) -> Any:
        """A random value of one fact."""
        fact = self.rnd.facts[name]
        r = self.random
        near = self.near.get(name)
        if near and r.random() < 0.8 and fact.type in ("integer", "number", "string", "date"):
            v = r.choice(sorted(near, key=str))
            if fact.type in ("integer", "number") and isinstance(v, (int, float)):
                step = r.choice([0, 0, 1, 2, 10] if r.random() < self.good else [-1, -0.5, -2])
                if fact.type == "integer":
                    step = int(step) if step == int(step) else -1
                v = max(v + step, fact.minimum) if fact.minimum is not None else v + step
                return int(v) if fact.type == "integer" else v
            if fact.type == "date" and _is_date(v):
                return (dt.date.fromisoformat(v) + dt.timedelta(days=r.choice([-1, 0, 0, 1, 5, -5]))).isoformat()
            if fact.enum is None or v in fact.enum:
                return v
        if name == CATEGORY and (fact.enum is None) and self.categories:
            return r.choice(self.categories)
        if fact.enum is not None:
            return r.choice(list(fact.enum))
        t = fact.type
        if t == "boolean":
            return r.random() < self.good
        if t == "integer":
            return self._number(fact, True)
        if t == "number":
            return self._number(fact, False)
        if t == "date":
            if r.random() < 0.8:
                return r.choice(self.dates)
            return (dt.date(2019, 1, 1) + dt.timedelta(days=r.randrange(1000))).isoformat()
        if t == "string":
            return r.choice(self.strings) if self.strings and r.random() < 0.8 else f"s{r.randrange(5)}"
        if t == "array":
            items = fact.items or {}
            item = items.get("type")
            n = r.choice([0, 1, 1, 2, 2, 3, 4])
            lo, hi = items.get("minimum"), items.get("maximum")
            if item in ("number", "integer"):
                out = [self._number(None, item == "integer") for _ in range(n)]
                return [
                    min(max(v, lo) if lo is not None else v, hi)
                    if hi is not None
                    else (max(v, lo) if lo is not None else v)
                    for v in out
                ]
            if item == "boolean":
                return [r.random() < 0.5 for _ in range(n)]
            if item == "string":
                return [r.choice(self.strings or ["a", "b"]) for _ in range(n)]
        return None

    def records(self, n: int, *, start: int = 0) -> Iterator[dict[str, Any]]:
        """`n` records with ids E<start>..; facts a round cannot generate (objects) are left out."""
        names = sorted(self.rnd.facts)
        for k in range(start, start + n):
            rec: dict[str, Any] = {ID: f"E{k:08d}"}
            if self.regions:
                rec[REGION] = self.random.choice(self.regions)
            self.good = self.random.choice([0.5, 0.9, 0.97, 1.0])
            missing = self.random.choice([0.0, 0.0, self.missing / 4, self.missing, self.missing * 2])
            for name in names:
                if self.random.random() < missing:
                    continue
                v = self.value(name)
                if v is not None:
                    rec[name] = v
            yield rec
