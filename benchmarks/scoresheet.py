"""Benchmark: one record at a time, policyhub against the bare engine on the same whole rule, side by side.

For every score sheet of a scheme (the Huangpu annual sheets by default) and for checklists (the Hunan
requirements by default), each way evaluates the same records:
1. public API           Hub.evaluate: the round in force, facts validated, the outcome read, the explanation
                        not read (what a caller of the Python API pays per record);
2. evaluator            Evaluator.evaluate with fact validation off, the outcome read;
3. bare, whole rule     the engine underneath (datalogic) on the round as one compiled rule, one call per
                        record, nothing else: a sheet's totals rule; a checklist's leaves joined by and / or.
                        The baseline of the target: the public API at most 3x this;
4. explained            the public API reading the per-item explanation too, to show what it costs.
For score sheets, for information: the engine on one call per indicator, and panzi-json-logic (the pure-Python
engine) on the same indicator rules, parameters already substituted.
Records have every fact the rule reads (the bare engine has no three-valued logic): score sheets' random
applicants; checklists' generated records (boundary values) that give every fact.

Before timing, the ways must agree on the first 50 records (outcome; for sheets each indicator's points and the
total). Each round runs every way once, in a rotating order; the ratios are the medians of the rounds' ratios.
Run: python benchmarks/scoresheet.py [--scheme KEY] [--checklist KEY] [--category C] [--applicants N]
                                     [--repeat ROUNDS]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
TARGET_API = 3.0       # public API / bare engine on the whole rule, at most


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


def ratios_of(rounds: list[dict[str, float]], base: str) -> dict[str, float]:
    """Each way's median ratio to `base` over the rounds."""
    return {name: statistics.median(r[name] / r[base] for r in rounds) for name in rounds[0]}


def report(title: str, rounds: list[dict[str, float]], n: int) -> float:
    """Print each way's time per record and its ratio to the bare engine on the whole rule; the API's ratio."""
    ratios = ratios_of(rounds, "bare, whole rule")
    print(f"\n{title}")
    for name in rounds[0]:
        sec = statistics.median(r[name] for r in rounds) / n
        print(f"  {name:22} {sec * 1e6:8.1f} µs per record   {ratios[name]:7.2f}x the bare whole rule")
    print(f"  public API / bare engine whole rule: {ratios['public API']:6.2f}x   (target <= {TARGET_API:g}x)")
    return ratios["public API"]


def bench_sheet(hub, scheme: str, sheet, n: int, repeat: int) -> tuple[list[dict[str, float]], int]:
    """The rounds' seconds of each way on one sheet."""
    import json_logic  # panzi-json-logic

    from policyhub.kinds.scoresheet.evaluate import POINTS_DECIMALS
    from policyhub.testing.applicants import random_applicants

    ev = hub.evaluator(scheme)
    rnd = ev.ctx.round
    on = rnd.effective
    plan = ev.plan("scoresheet").plans[sheet.key]
    people = random_applicants(rnd, plan.reads, n, category=sheet.category if "category" in rnd.facts else None)
    engine_rules = [p.rule.run for p in plan.indicators]
    resolved = [p.rule.resolved for p in plan.indicators]
    maxes = [p.indicator.max for p in plan.indicators]
    whole_sheet = plan.totals.run
    evaluate, api = ev.evaluate, hub.evaluate

    def clip(values):
        return [max(0.0, min(m, float(v))) for m, v in zip(maxes, values)]

    for facts in people[:50]:       # the ways agree before anything is timed
        res = api(scheme, facts, as_of=on)
        ours = [it.points for it in res.items if it.kind == "indicator"]
        bare = clip(r(facts) for r in engine_rules)
        panzi = clip(json_logic.jsonLogic(r, facts) for r in resolved)
        assert ours == bare == panzi == plan.combined.run(facts), (facts, ours, bare, panzi)
        assert res.score == round(sum(bare), POINTS_DECIMALS) == round(sum(whole_sheet(facts)), POINTS_DECIMALS)
        assert evaluate(facts, as_of=on, validate=False).outcome == res.outcome

    def run_api():
        for facts in people:
            api(scheme, facts, as_of=on).outcome  # noqa: B018 - reading it is the work measured

    def run_evaluator():
        for facts in people:
            evaluate(facts, as_of=on, validate=False).outcome  # noqa: B018

    def run_bare_sheet():
        for facts in people:
            whole_sheet(facts)

    def run_explained():
        for facts in people:
            api(scheme, facts, as_of=on).items  # noqa: B018

    def run_bare():
        for facts in people:
            for r in engine_rules:
                r(facts)

    def run_panzi():
        jl = json_logic.jsonLogic
        for facts in people:
            for r in resolved:
                jl(r, facts)

    runs = {"public API": run_api, "evaluator": run_evaluator, "bare, whole rule": run_bare_sheet,
            "explained": run_explained, "bare, per indicator": run_bare, "panzi-json-logic": run_panzi}
    return side_by_side(runs, repeat), len(people)


def checklist_rule(ev):
    """A checklist as one engine rule: its leaves' rules joined by and (an `all` group) and or (an `any`)."""
    from policyhub.rules import compile_rule

    root, nodes, _ = ev.plan("checklist")

    def build(c):
        if c.rule is not None:
            return nodes[c.key].rule.resolved
        return {"and" if c.all is not None else "or": [build(k) for k in c.children]}

    return compile_rule(build(root), operators=ev.ctx.operators)


def bench_checklist(hub, scheme: str, n: int, repeat: int) -> tuple[list[dict[str, float]], int]:
    """The rounds' seconds of each way on a scheme's checklist."""
    from policyhub.population.generate import RecordGenerator
    from policyhub.rules.truth import truthy

    ev = hub.evaluator(scheme)
    rnd = ev.ctx.round
    on = rnd.effective
    rule = checklist_rule(ev)
    records = []
    for rec in RecordGenerator(ev, seed=11).records(n * 20):
        facts = ev.check_facts({k: v for k, v in rec.items() if k != "id"})
        if rule.reads <= facts.keys():
            records.append(facts)
            if len(records) == n:
                break
    bare, evaluate, api = rule.run, ev.evaluate, hub.evaluate
    for facts in records[:50]:
        res = api(scheme, facts, as_of=on)
        assert res.outcome == ("pass" if truthy(rule.evaluate(facts)) else "fail") == res.items[0].result, facts
        assert evaluate(facts, as_of=on, validate=False).outcome == res.outcome

    def run_api():
        for facts in records:
            api(scheme, facts, as_of=on).outcome  # noqa: B018 - reading it is the work measured

    def run_evaluator():
        for facts in records:
            evaluate(facts, as_of=on, validate=False).outcome  # noqa: B018

    def run_bare():
        for facts in records:
            bare(facts)

    def run_explained():
        for facts in records:
            api(scheme, facts, as_of=on).items  # noqa: B018

    runs = {"public API": run_api, "evaluator": run_evaluator, "bare, whole rule": run_bare,
            "explained": run_explained}
    return side_by_side(runs, repeat), len(records)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scheme", default="huangpu-platform-annual", help="A scheme with score sheets.")
    ap.add_argument("--checklist", default="hunan-park-subcentre-requirements",
                    help="Schemes with a checklist, comma-separated.")
    ap.add_argument("--category", default=None, help="Only this category's sheet (default: every sheet).")
    ap.add_argument("--applicants", type=int, default=2000, help="Records per sheet and per checklist.")
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
    print(f"{args.applicants} records per sheet and per checklist, {args.repeat} rounds run side by side; "
          "medians of the rounds' times and of the rounds' ratios")
    if ev.single is None:
        print(f"note: {args.scheme} holds more than score sheets (eligibility criteria, lifecycle, ...); the "
              "policyhub rows evaluate all of it, the bare rows only the sheet")
    worst = {}
    for key in [k for k in args.checklist.split(",") if k] if not args.scheme.startswith("example-") else []:
        rounds, n = bench_checklist(hub, key, args.applicants, args.repeat)
        worst[key] = report(f"checklist {key}: {n} records", rounds, n)
    for sheet in sheets:
        rounds, n = bench_sheet(hub, args.scheme, sheet, args.applicants, args.repeat)
        plans = ev.plan("scoresheet").plans
        worst[sheet.key] = report(f"{sheet.key}: {len(plans[sheet.key].indicators)} indicators", rounds, n)
    name, ratio = max(worst.items(), key=lambda kv: kv[1])
    met = ratio <= TARGET_API
    print(f"\nworst: public API / bare engine whole rule {ratio:.2f}x on {name}: target "
          f"{'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
