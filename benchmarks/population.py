"""Benchmark: screening a population, the compiled SQL against a hand-written query, the per-record path and
the bare engine, side by side.

For the Hunan requirements checklist and a Huangpu annual score sheet (or any --scheme):
1. compiled SQL     the round compiled to one DuckDB query (outcome, score, failing criteria, missing facts),
                    counted by outcome;
2. hand-written     a DuckDB query written by hand for the same Hunan rule (three-valued, outcome only);
3. per-record       Hub.evaluate on each record (facts validated, outcome read, explanation not read);
4. bare engine      datalogic on the whole rule compiled once, one call per record (no validation, no
                    explanation, no three-valued logic).
The population is generated (boundary values, missing facts), then replicated to the sizes asked (DuckDB
tables; the largest size as a Parquet file on disk). Before timing, the compiled SQL must agree with the
per-record path on every sampled record (outcome, score, failing criteria, missing facts) and with the
hand-written query on every row. Peak memory is the process's (DuckDB runs inside it).

Run: python benchmarks/population.py [--sizes 10000,100000,1000000,8000000] [--sample 20000] [--all-schemes]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HUNAN = "hunan-park-subcentre-requirements"
ANNUAL = "huangpu-platform-annual"
AS_OF = dt.date(2022, 6, 1)

# The Hunan checklist written by hand (the rule of park-subcentre-requirements-2020, thresholds as published):
# every criterion is NULL when its facts are missing, and SQL's AND is the checklist's three-valued `all`.
HAND_HUNAN = """
SELECT id, CASE WHEN ok THEN 'pass' WHEN NOT ok THEN 'fail' ELSE 'undetermined' END AS outcome FROM (
  SELECT id, (park_type IN ('industrial', 'agricultural', 'other_special'))
     AND (park_level IN ('national', 'provincial'))
     AND (office_area >= 30) AND office_independent AND service_window AND equipment_ready
     AND (full_time_staff >= 2)
     AND (len(list_filter(staff_ip_experience_years, lambda x: x >= 1)) >= 1)
     AND park_commitment AND prefecture_commitment
     AND (submitted_on >= '2020-03-16') AND (submitted_on <= '2020-04-30') AS ok
  FROM {table})
"""


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, repeat: int = 3) -> float:
    """The median of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def whole_rule(ev):
    """The round as one engine rule (checklist: and/or of the leaves; sheets: the totals rule)."""
    from policyhub.population.plans import criteria_plan, sheet_plans
    from policyhub.rules import compile_rule

    if criteria_plan(ev):
        plan = criteria_plan(ev)

        def build(c):
            if c.rule is not None:
                return plan[c.key].rule.resolved
            return {"and" if c.all is not None else "or": [build(k) for k in c.children]}

        return compile_rule(build(ev.ctx.round.criteria)).run
    sp = next(iter(sheet_plans(ev).values()))
    return sp.totals.run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000,8000000")
    ap.add_argument("--sample", type=int, default=20000, help="records generated (and run record by record)")
    ap.add_argument("--schemes", default=f"{HUNAN},{ANNUAL}")
    ap.add_argument("--all-schemes", action="store_true", help="also every compiled scheme at the 1M size")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import duckdb

    from policyhub.hub import Hub
    from policyhub.population.columns import columns_of_rounds
    from policyhub.population.generate import RecordGenerator
    from policyhub.population.screen import result_row
    from policyhub.population.sql_round import compile_round
    from policyhub.population.tables import create_table, load_rows

    sizes = [int(s) for s in args.sizes.split(",")]
    hub = Hub.from_plugins()
    tmp = Path(tempfile.mkdtemp(prefix="policyhub-bench-"))
    con = duckdb.connect(str(tmp / "bench.duckdb"))
    print(f"{'scheme':36} {'way':14} {'records':>9} {'seconds':>9} {'us/record':>10}  ratio")
    summary = []
    for key in args.schemes.split(","):
        ev = hub.evaluator(key)
        columns, _ = columns_of_rounds([ev.ctx.round])
        base = f"base_{key.replace('-', '_')}"
        con.execute(create_table(base, columns, "duckdb"))
        records = list(RecordGenerator(ev, seed=11).records(args.sample))
        load_rows(con, "duckdb", base, columns, records)

        # agreement first: compiled SQL against the per-record path on every sampled record
        rq = compile_round(ev, columns, "duckdb", base)
        assert rq.compiled, rq.fallback
        cur = con.execute(rq.sql())
        names = [d[0] for d in cur.description]
        got = {r[0]: dict(zip(names, r)) for r in cur.fetchall()}
        facts_list = [{k: v for k, v in r.items() if k != "id"} for r in records]
        t = time.perf_counter()
        results = [hub.evaluate(key, f, round=ev.ctx.round.key, as_of=AS_OF) for f in facts_list]
        per_record = (time.perf_counter() - t) / len(records)
        for rec, res in zip(records, results):
            want = result_row(rec["id"], res)
            g = got[rec["id"]]
            same = (
                g["outcome"] == want["outcome"]
                and (g["score"] is None) == (want["score"] is None)
                and (g["score"] is None or abs(float(g["score"]) - float(want["score"])) < 1e-9)
                and [x for x in g["failing"].split(",") if x] == want["failing"]
                and [x for x in g["missing"].split(",") if x] == want["missing"]
            )
            if not same:
                print(f"DISAGREE {key} {rec['id']}: sql {g} python {want}", file=sys.stderr)
                return 1
        # the bare engine on the whole rule, records with every fact (it has no three-valued logic)
        run = whole_rule(ev)
        complete = [f for f in facts_list if set(ev.ctx.round.facts) <= f.keys()] or facts_list
        if ANNUAL == key:
            from policyhub.population.plans import sheet_plans

            sp = next(iter(sheet_plans(ev).values()))
            complete = [f for f in facts_list if sp.reads <= f.keys()] or facts_list
        t = time.perf_counter()
        for f in complete:
            run(f)
        bare = (time.perf_counter() - t) / len(complete)
        print(
            f"{key:36} {'per-record':14} {len(records):>9} {per_record * len(records):>9.3f} {per_record * 1e6:>10.2f}"
        )
        print(
            f"{key:36} {'bare engine':14} {len(complete):>9} {bare * len(complete):>9.3f} {bare * 1e6:>10.2f}"
            f"  per-record / bare = {per_record / bare:.1f}x"
        )

        for n in sizes:
            table = f"pop_{key.replace('-', '_')}_{n}"
            reps = -(-n // len(records))
            cols = ", ".join(f'"{c}"' for c in sorted(columns))
            source = f"SELECT b.id || '-' || r.range::VARCHAR AS id, {cols} FROM {base} b, range({reps}) r LIMIT {n}"
            if n >= 5_000_000:
                path = tmp / f"{table}.parquet"
                con.execute(f"COPY ({source}) TO '{path}' (FORMAT parquet)")
                con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
                where = "parquet"
            else:
                con.execute(f"CREATE OR REPLACE TABLE {table} AS {source}")
                where = "table"
            q = compile_round(ev, columns, "duckdb", table).sql()
            counted = f"SELECT outcome, count(*) FROM ({q}) GROUP BY outcome"
            full = f"CREATE OR REPLACE TEMP TABLE screened AS {q}"
            t_full = timed(lambda full=full: con.execute(full), args.repeat)
            t_count = timed(lambda counted=counted: con.execute(counted).fetchall(), args.repeat)
            line = (
                f"{key:36} {'compiled SQL':14} {n:>9} {t_full:>9.3f} {t_full / n * 1e6:>10.3f}  "
                f"{where}; outcome counts only {t_count:.3f} s; per-record / compiled = {per_record * n / t_full:.0f}x"
            )
            if key == HUNAN:
                hand = HAND_HUNAN.format(table=table)
                bad = con.execute(
                    f"SELECT count(*) FROM ({hand}) h JOIN ({q}) m USING (id) WHERE h.outcome <> m.outcome"
                ).fetchone()[0]
                if bad:
                    print(f"DISAGREE hand-written and compiled on {bad} rows", file=sys.stderr)
                    return 1
                t_hand = timed(
                    lambda hand=hand: con.execute(
                        f"SELECT outcome, count(*) FROM ({hand}) GROUP BY outcome").fetchall(),
                    args.repeat,
                )
                line += f"; hand-written {t_hand:.3f} s, compiled counts / hand-written = {t_count / t_hand:.2f}x"
            print(line + f"; peak {peak_mib():.0f} MiB", flush=True)
            summary.append((key, n, t_full))
            if where == "table":
                con.execute(f"DROP TABLE {table}")
            else:
                con.execute(f"DROP VIEW {table}")
    if args.all_schemes:
        total = 0.0
        for key in (
            "hunan-park-subcentre-requirements",
            "huangpu-platform-eligibility",
            "huangpu-platform-recognition",
            "huangpu-platform-annual",
        ):
            ev = hub.evaluator(key)
            columns, _ = columns_of_rounds([ev.ctx.round])
            base = f"all_{key.replace('-', '_')}"
            con.execute(create_table(base, columns, "duckdb"))
            load_rows(con, "duckdb", base, columns, RecordGenerator(ev, seed=5).records(20000))
            cols = ", ".join(f'"{c}"' for c in sorted(columns))
            con.execute(
                f"CREATE OR REPLACE TABLE {base}_1m AS SELECT b.id || '-' || r.range::VARCHAR AS id, {cols} "
                f"FROM {base} b, range(50) r"
            )
            q = compile_round(ev, columns, "duckdb", f"{base}_1m").sql()
            t = timed(lambda q=q: con.execute(f"CREATE OR REPLACE TEMP TABLE screened AS {q}"), 1)
            total += t
            print(f"{key:36} {'compiled SQL':14} {1_000_000:>9} {t:>9.3f}")
        print(f"every compiled bundled scheme over 1,000,000 enterprises: {total:.2f} s in all")
    print(f"peak memory {peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
