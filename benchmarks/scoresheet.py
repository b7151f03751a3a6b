"""Benchmark: full score sheets for many applicants, evaluated four ways side by side.

1. policyhub            Evaluator.evaluate with fact validation off (the API validates once per request):
                        outcome, score, mandatory groups and pass mark, as a caller reads them. The
                        per-item explanation is built only when read; a fifth row reads it for every
                        applicant, to show what it costs.
2. bare, per indicator  the engine underneath (datalogic) on the same compiled indicator rules, one call per
                        indicator, nothing else: the baseline of the 1.5x target, as for panzi.
3. bare, whole sheet    the engine on every indicator's points as one compiled rule (one call per sheet): a
                        stricter baseline than the target's, reported for information.
4. panzi-json-logic     the pure-Python engine on the same indicator rules, parameters already substituted.

Before timing, the four must agree on every indicator's points and the total for the first 50 applicants.
Each round runs the five once, in a rotating order; the ratios are the medians of the rounds' ratios.
Run: python benchmarks/scoresheet.py [--scheme KEY] [--category C] [--applicants N] [--repeat ROUNDS]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
TARGET_BARE, TARGET_PANZI = 1.5, 10.0     # policyhub / bare per indicator at most; panzi / policyhub at least


def side_by_side(runs: dict[str, Callable[[], None]], rounds: int) -> list[dict[str, float]]:
    """Seconds of each run, round after round: every round runs each way once, in a rotating order, so
    that a burst of other work on the machine slows the ways of one round alike and ratios stay fair."""
    names = list(runs)
    out = []
    for r in range(rounds):
        times = {}
        for name in names[r % len(names):] + names[:r % len(names)]:
            t = time.perf_counter()
            runs[name]()
            times[name] = time.perf_counter() - t
        out.append(times)
    return out


def bench_sheet(ev, sheet, n: int, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds per applicant of each way on one sheet, and the median of each round's ratios."""
    import json_logic  # panzi-json-logic

    from policyhub.evaluation.scoresheet import POINTS_DECIMALS
    from policyhub.testing.applicants import random_applicants

    rnd = ev.ctx.round
    plan = ev.sheet_plans[sheet.key]
    people = random_applicants(rnd, plan.reads, n, category=sheet.category if "category" in rnd.facts else None)
    engine_rules = [p.rule.run for p in plan.indicators]
    resolved = [p.rule.resolved for p in plan.indicators]
    maxes = [p.indicator.max for p in plan.indicators]
    whole_sheet = plan.combined.run
    evaluate = ev.evaluate

    def clip(values):
        return [max(0.0, min(m, float(v))) for m, v in zip(maxes, values)]

    for facts in people[:50]:       # the four agree before anything is timed
        res = evaluate(facts)
        ours = [it.points for it in res.items if it.kind == "indicator"]
        bare = clip(r(facts) for r in engine_rules)
        panzi = clip(json_logic.jsonLogic(r, facts) for r in resolved)
        assert ours == bare == panzi == whole_sheet(facts), (facts, ours, bare, panzi)
        assert res.score == round(sum(bare), POINTS_DECIMALS), (facts, res.score, sum(bare))

    def run_policyhub():
        for facts in people:
            evaluate(facts, validate=False).outcome  # noqa: B018 - reading it is the work measured

    def run_policyhub_explained():
        for facts in people:
            evaluate(facts, validate=False).items  # noqa: B018 - reading it is the work measured

    def run_bare():
        for facts in people:
            for r in engine_rules:
                r(facts)

    def run_bare_sheet():
        for facts in people:
            whole_sheet(facts)

    def run_panzi():
        jl = json_logic.jsonLogic
        for facts in people:
            for r in resolved:
                jl(r, facts)

    runs = {"policyhub": run_policyhub, "bare, per indicator": run_bare, "bare, whole sheet": run_bare_sheet,
            "panzi-json-logic": run_panzi, "policyhub, explained": run_policyhub_explained}
    rounds = side_by_side(runs, repeat)
    seconds = {name: statistics.median(r[name] for r in rounds) / n for name in runs}
    ratios = {
        "bare": statistics.median(r["policyhub"] / r["bare, per indicator"] for r in rounds),
        "sheet": statistics.median(r["policyhub"] / r["bare, whole sheet"] for r in rounds),
        "panzi": statistics.median(r["panzi-json-logic"] / r["policyhub"] for r in rounds),
    }
    return seconds, ratios


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scheme", default="huangpu-platform-annual")
    ap.add_argument("--category", default=None, help="Only this category's sheet (default: every sheet).")
    ap.add_argument("--applicants", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7, help="Rounds; each runs every way once.")
    args = ap.parse_args(argv)

    from policyhub.hub import Hub

    example = ROOT / "tests" / "core" / "policies"
    hub = Hub.from_folders([example]) if args.scheme.startswith("example-") else Hub.from_plugins()
    ev = hub.evaluator(args.scheme)
    rnd = ev.ctx.round
    sheets = [rnd.sheet_for(args.category)] if args.category else rnd.score_sheets
    if not sheets or sheets[0] is None:
        ap.error(f"scheme {args.scheme} has no score sheet" + (f" for {args.category}" if args.category else ""))

    print(f"scheme {args.scheme}: {len(sheets)} sheet(s), {args.applicants} applicants each, {args.repeat} rounds "
          "run side by side; medians of the rounds' times and of the rounds' ratios")
    if not ev.sheets_only:
        print("note: this round holds more than score sheets (eligibility criteria, lifecycle, ...); policyhub's rows "
              "evaluate all of it, the other ways only the sheet's indicators")
    worst_bare, worst_panzi, worst_sheet = 0.0, float("inf"), 0.0
    for sheet in sheets:
        seconds, ratios = bench_sheet(ev, sheet, args.applicants, args.repeat)
        print(f"\n{sheet.key}: {len(ev.sheet_plans[sheet.key].indicators)} indicators")
        for name, sec in seconds.items():
            print(f"  {name:22} {1 / sec:10,.0f} sheets/s  ({sec * 1e6:7.1f} µs per sheet)")
        print(f"  policyhub / bare engine per indicator: {ratios['bare']:5.2f}x   (target <= {TARGET_BARE}x)")
        print(f"  panzi-json-logic / policyhub:          {ratios['panzi']:5.1f}x   (target >= {TARGET_PANZI:g}x)")
        print(f"  policyhub / bare engine whole sheet:   {ratios['sheet']:5.2f}x   (for information)")
        worst_bare = max(worst_bare, ratios["bare"])
        worst_panzi = min(worst_panzi, ratios["panzi"])
        worst_sheet = max(worst_sheet, ratios["sheet"])

    met = worst_bare <= TARGET_BARE and worst_panzi >= TARGET_PANZI
    print(f"\nworst sheet: policyhub / bare per indicator {worst_bare:.2f}x, panzi / policyhub {worst_panzi:.1f}x, "
          f"policyhub / bare whole sheet {worst_sheet:.2f}x: targets {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
