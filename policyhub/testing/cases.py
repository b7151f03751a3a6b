"""Run one policy test case against a Hub and say what differs from the expectation."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..definitions import Case, Cases
from ..definitions.cases import Expect
from ..errors import PolicyError


@dataclass
class CaseOutcome:
    scheme: str
    name: str
    source: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _subset(expected: Any, actual: Any, path: str, out: list[str]) -> None:
    """Every key in `expected` has the same value in `actual` (recursively); dates compare as ISO text."""
    if isinstance(expected, (dt.date, dt.datetime)):
        expected = expected.isoformat()
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            out.append(f"{path}: expected a mapping, got {actual!r}")
            return
        for k, v in expected.items():
            if k not in actual:
                out.append(f"{path}.{k}: missing (expected {v!r})")
            else:
                _subset(v, actual[k], f"{path}.{k}", out)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            out.append(f"{path}: expected {expected!r}, got {actual!r}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            _subset(e, a, f"{path}[{i}]", out)
    elif isinstance(expected, float) or isinstance(actual, float):
        try:
            if abs(float(expected) - float(actual)) > 1e-6:
                out.append(f"{path}: expected {expected!r}, got {actual!r}")
        except (TypeError, ValueError):
            out.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif expected != actual:
        out.append(f"{path}: expected {expected!r}, got {actual!r}")


def run_case(hub, cases: Cases, case: Case, source: str = "", *, round_key: str | None = None,
             expect: Expect | None = None) -> CaseOutcome:
    """Evaluate the case's facts and compare with its expectation (against `round_key` with the expectation
    the case has for that round, when given; else against the case's own round). `expect` replaces the
    expectation (a draft is checked against what the case expects of the round it replaces)."""
    own = case.round or cases.round
    name = case.title("en") if round_key is None or round_key == own else f"{case.title('en')} [{round_key}]"
    res = CaseOutcome(scheme=cases.scheme, name=name, source=source)
    exp = expect or case.expect_for(round_key, own)
    try:
        result = hub.evaluate(cases.scheme, case.facts, round=round_key or own, as_of=case.as_of)
    except PolicyError as e:
        if exp.error and exp.error in str(e):
            return res
        res.failures.append(f"error: {e}" if not exp.error else f"expected error containing {exp.error!r}, got {e}")
        return res
    exp = expect or case.expect_for(round_key or result.round, own)   # a case may expect something else per round
    if exp.error:
        res.failures.append(f"expected error containing {exp.error!r}, got outcome {result.outcome!r}")
        return res
    data = result.to_json(suggestions=False)     # suggestions are not compared
    if exp.outcome is not None and result.outcome != exp.outcome:
        res.failures.append(f"outcome: expected {exp.outcome!r}, got {result.outcome!r}")
    if exp.score is not None:
        _subset(float(exp.score), data.get("score"), "score", res.failures)
    if exp.score_range is not None:
        _subset([float(x) for x in exp.score_range], data.get("score_range"), "score_range", res.failures)
    if exp.missing is not None and sorted(exp.missing) != sorted(result.missing):
        res.failures.append(f"missing: expected {sorted(exp.missing)}, got {sorted(result.missing)}")
    by_key = {}
    for it in data["items"]:
        by_key.setdefault(it["key"], it)
        by_key.setdefault(it["path"], it)
    for key, fields in exp.items.items():
        item = by_key.get(key)
        if item is None:
            res.failures.append(f"items.{key}: no such item")
            continue
        _subset(fields, item, f"items.{key}", res.failures)
    if exp.section is not None:
        _subset(exp.section, data["sections"], "section", res.failures)
    return res


def run_all(hub) -> list[CaseOutcome]:
    """Every policy test case the hub's policy set holds."""
    out = []
    for i, cs in enumerate(hub.policyset.cases):
        source = hub.policyset.sources.get(("cases", f"{cs.scheme}:{i}"), "")
        for case in cs.cases:
            out.append(run_case(hub, cs, case, source))
            for key in case.expect_in:
                if key != (case.round or cs.round) and (cs.scheme, key) in hub.policyset.rounds:
                    out.append(run_case(hub, cs, case, source, round_key=key))
    return out
