"""Evaluations per second: CompiledRule.evaluate against the raw engine.

Run: ``python -m policyhub.rules.bench [seconds]``.
"""
from __future__ import annotations

import sys
import time
from typing import Any, Callable

from . import engine
from .compiler import compile_rule
from .operators import OperatorSet

RULE = {"and": [
    {">=": [{"var": "staff"}, {"param": "min_staff"}]},
    {"<=": [{"var": "age"}, 5]},
    {"in": [{"var": "region"}, ["SH", "BJ", "GZ"]]},
    {"!": {"var": "blacklisted"}},
    {">": [{"var": "revenue"}, {"param": "min_revenue"}]},
    {"==": [{"var": "sector"}, "software"]},
]}
PARAMETERS = {"min_staff": 5, "min_revenue": 1_000_000}
DATA = {"staff": 12, "age": 3, "region": "SH", "blacklisted": False, "revenue": 2_500_000,
        "sector": "software"}


def rate(func: Callable[[Any], Any], seconds: float) -> float:
    """Calls of ``func(DATA)`` per second, best of three runs."""
    best = 0.0
    for _ in range(3):
        count, end = 0, time.perf_counter() + seconds / 3
        start = time.perf_counter()
        while time.perf_counter() < end:
            for _ in range(1000):
                func(DATA)
            count += 1000
        best = max(best, count / (time.perf_counter() - start))
    return best


def main(argv: list[str]) -> None:
    seconds = float(argv[0]) if argv else 3.0
    compiled = compile_rule(RULE, parameters=PARAMETERS)
    raw = engine.engine_for(OperatorSet.standard()).compile(compiled.resolved)
    plain = engine._dl.Engine().compile(compiled.resolved)   # datalogic defaults, no budget
    assert compiled.evaluate(DATA) is True and raw.evaluate(DATA) is True
    results = {
        "raw datalogic, default Engine": rate(plain.evaluate, seconds),
        "raw datalogic, our Engine": rate(raw.evaluate, seconds),
        "CompiledRule.evaluate": rate(compiled.evaluate, seconds),
        "CompiledRule.truthy": rate(compiled.truthy, seconds),
    }
    for name, value in results.items():
        print(f"{name:30s} {value:12,.0f} evals/s")


if __name__ == "__main__":
    main(sys.argv[1:])
