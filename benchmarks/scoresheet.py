"""Benchmark: a full score sheet for many applicants, three ways, run side by side.

1. policyhub  — Hub.evaluate: fact validation off (the API validates once per request), every indicator,
                group sums, mandatory groups, pass mark, and the explanation items.
2. bare       — the rule engine underneath (datalogic) on the same compiled indicator rules, nothing else:
                one call per indicator, and (the stricter baseline) the whole sheet as the one compiled rule
                policyhub itself evaluates.
3. panzi      — panzi-json-logic (pure Python) on the same rules, parameters already substituted.

Prints evaluations per second and the ratios policyhub/bare and panzi/policyhub.
Run: python benchmarks/scoresheet.py [--scheme KEY] [--applicants N] [--repeat R]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def applicants(rnd, sheet_plan, n: int, seed: int = 7) -> list[dict]:
    """Random but complete fact sets within each fact's declared range."""
    rng = random.Random(seed)
    out = []
    reads = sorted(sheet_plan.reads)
    for _ in range(n):
        facts = {}
        for name in reads:
            f = rnd.facts[name]
            if f.type == "boolean":
                facts[name] = rng.random() < 0.8
            elif f.type in ("integer", "number"):
                lo = f.minimum if f.minimum is not None else 0
                hi = f.maximum if f.maximum is not None else 30
                v = rng.uniform(lo, hi)
                facts[name] = int(round(v)) if f.type == "integer" else round(v, 1)
            elif f.enum:
                facts[name] = rng.choice(f.enum)
        if rnd.categories and "category" in rnd.facts:
            facts["category"] = sheet_plan.sheet.category
        out.append(facts)
    return out


def timed(func, repeat: int) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scheme", default="huangpu-platform-annual")
    ap.add_argument("--category", default=None, help="Which sheet, for schemes with one sheet per category.")
    ap.add_argument("--applicants", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    import json_logic  # panzi-json-logic

    from policyhub.hub import Hub

    example = ROOT / "tests" / "core" / "policies"
    hub = Hub.from_folders([example]) if args.scheme.startswith("example-") else Hub.from_plugins()
    ev = hub.evaluator(args.scheme)
    rnd = ev.ctx.round
    sheet = rnd.sheet_for(args.category) or rnd.score_sheets[0]
    plan = ev.sheet_plans[sheet.key]
    people = applicants(rnd, plan, args.applicants)
    rules = [p.rule for p in plan.indicators]
    engine_rules = [r._rule for r in rules]
    resolved = [r.resolved for r in rules]

    # the three agree before anything is timed
    for facts in people[:50]:
        ours = [it.points for it in hub.evaluate(args.scheme, facts).items if it.kind == "indicator"]
        bare = [max(0.0, min(p.indicator.max, float(r.evaluate(facts)))) for p, r in zip(plan.indicators, engine_rules)]
        panzi = [max(0.0, min(p.indicator.max, float(json_logic.jsonLogic(r, facts))))
                 for p, r in zip(plan.indicators, resolved)]
        assert ours == bare == panzi, (facts, ours, bare, panzi)

    evaluate = ev.evaluate

    def run_policyhub():
        for facts in people:
            evaluate(facts, validate=False)

    def run_bare():
        for facts in people:
            for r in engine_rules:
                r.evaluate(facts)

    combined = plan.combined._rule

    def run_bare_sheet():
        for facts in people:
            combined.evaluate(facts)

    def run_panzi():
        jl = json_logic.jsonLogic
        for facts in people:
            for r in resolved:
                jl(r, facts)

    t_ph = timed(run_policyhub, args.repeat)
    t_bare = timed(run_bare, args.repeat)
    t_sheet = timed(run_bare_sheet, args.repeat)
    t_panzi = timed(run_panzi, max(1, args.repeat // 2))
    n = len(people)
    print(f"scheme {args.scheme}, sheet {sheet.key}: {len(rules)} indicators, {n} applicants, "
          f"median of {args.repeat} runs")
    rows = (("policyhub", t_ph), ("bare, per indicator", t_bare), ("bare, whole sheet", t_sheet),
            ("panzi-json-logic", t_panzi))
    for name, t in rows:
        print(f"  {name:20} {n / t:10,.0f} sheets/s  ({t * 1e6 / n:8.1f} µs per sheet)")
    print(f"ratio policyhub / bare engine, per indicator: {t_ph / t_bare:.2f}x (target <= 1.5x)")
    print(f"ratio policyhub / bare engine, whole sheet:   {t_ph / t_sheet:.2f}x (target <= 1.5x)")
    print(f"ratio panzi-json-logic / policyhub:           {t_panzi / t_ph:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
