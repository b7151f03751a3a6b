"""The compiled SQL and the per-record evaluator agree on every generated enterprise: outcome, score, failing
criteria and missing facts, for every bundled checklist and score-sheet scheme, on DuckDB, SQLite and
PostgreSQL (and Spark SQL in test_spark.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter

import duckdb
import pytest

from policyhub.population.columns import columns_of_rounds
from policyhub.population.generate import RecordGenerator
from policyhub.population.screen import result_row
from policyhub.population.sql_round import compile_round
from policyhub.population.tables import create_table, load_rows

from .conftest import SQL_SCHEMES

RECORDS = 5000  # per scheme: 20,000 records in all
AS_OF = dt.date(2022, 6, 1)


def _norm(row: dict) -> tuple:
    score = row["score"]
    return (
        row["outcome"],
        None if score is None else round(float(score), 6),
        tuple(row["failing"]),
        tuple(row["missing"]),
    )


def _sql(conn, sql: str) -> dict[str, tuple]:
    cur = conn.execute(sql)
    names = [d[0] for d in cur.description]
    out = {}
    for r in cur.fetchall():
        d = dict(zip(names, r))
        out[d["id"]] = _norm(
            {
                "outcome": d["outcome"],
                "score": d["score"],
                "failing": [x for x in d["failing"].split(",") if x],
                "missing": [x for x in d["missing"].split(",") if x],
            }
        )
    return out


@pytest.fixture(scope="module")
def generated(bundled_hub):
    """Per scheme: (evaluator, columns, records, per-record answers by id)."""
    out = {}
    for n, key in enumerate(SQL_SCHEMES):
        ev = bundled_hub.evaluator(key)
        columns, conflicts = columns_of_rounds([ev.ctx.round])
        assert not conflicts
        records = list(RecordGenerator(ev, seed=100 + n).records(RECORDS))
        expected = {}
        for rec in records:
            facts = {k: v for k, v in rec.items() if k != "id"}
            expected[rec["id"]] = _norm(result_row(rec["id"], ev.evaluate(facts, as_of=AS_OF)))
        out[key] = (ev, columns, records, expected)
    return out


@pytest.mark.parametrize("scheme", SQL_SCHEMES)
def test_generated_records_cover_every_outcome(generated, scheme):
    _, _, _, expected = generated[scheme]
    counts = Counter(v[0] for v in expected.values())
    # the generator reaches each outcome often enough for the comparison to mean something
    assert all(counts[o] >= RECORDS // 50 for o in ("pass", "fail", "undetermined")), counts
    assert sum(1 for v in expected.values() if v[2]) >= RECORDS // 10  # failing criteria named
    assert sum(1 for v in expected.values() if v[3]) >= RECORDS // 10  # missing facts named


@pytest.mark.parametrize("scheme", SQL_SCHEMES)
def test_duckdb_agrees_with_per_record(generated, scheme):
    ev, columns, records, expected = generated[scheme]
    conn = duckdb.connect()
    conn.execute(create_table("population", columns, "duckdb"))
    load_rows(conn, "duckdb", "population", columns, records)
    rq = compile_round(ev, columns, "duckdb", "population")
    assert rq.compiled, rq.fallback
    got = _sql(conn, rq.sql())
    assert got.keys() == expected.keys()
    wrong = [(k, got[k], expected[k]) for k in expected if got[k] != expected[k]]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("scheme", SQL_SCHEMES)
def test_sqlite_agrees_with_per_record(generated, scheme):
    ev, columns, records, expected = generated[scheme]
    conn = sqlite3.connect(":memory:")
    conn.execute(create_table("population", columns, "sqlite"))
    load_rows(conn, "sqlite", "population", columns, records)
    got = _sql(conn, compile_round(ev, columns, "sqlite", "population").sql())
    wrong = [(k, got.get(k), expected[k]) for k in expected if got.get(k) != expected[k]]
    assert not wrong, wrong[:5]


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", SQL_SCHEMES)
def test_postgres_agrees_with_per_record(generated, scheme, pg_url):
    import psycopg

    ev, columns, records, expected = generated[scheme]
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute('DROP TABLE IF EXISTS "population"')
        conn.execute(create_table("population", columns, "postgres"))
        load_rows(conn, "postgres", "population", columns, records)
        got = _sql(conn, compile_round(ev, columns, "postgres", "population").sql())
    wrong = [(k, got.get(k), expected[k]) for k in expected if got.get(k) != expected[k]]
    assert not wrong, wrong[:5]
