"""The Spark SQL form of every compiled round runs on pyspark in local mode and gives the per-record answers."""

from __future__ import annotations

import datetime as dt

from policyhub.population.columns import columns_of_rounds
from policyhub.population.generate import RecordGenerator
from policyhub.population.screen import result_row
from policyhub.population.sql_round import compile_round
from policyhub.population.tables import spark_frame

from .conftest import SQL_SCHEMES

RECORDS = 400


def test_spark_sql_agrees_with_per_record(bundled_hub, spark):
    for n, key in enumerate(SQL_SCHEMES):
        ev = bundled_hub.evaluator(key)
        columns, _ = columns_of_rounds([ev.ctx.round])
        records = list(RecordGenerator(ev, seed=7 + n).records(RECORDS))
        spark_frame(spark, columns, records).createOrReplaceTempView("population")
        rq = compile_round(ev, columns, "spark", "population")
        got = {
            r["id"]: (
                r["outcome"],
                None if r["score"] is None else float(r["score"]),
                [x for x in r["failing"].split(",") if x],
                [x for x in r["missing"].split(",") if x],
            )
            for r in spark.sql(rq.sql()).collect()
        }
        for rec in records:
            res = ev.evaluate({k: v for k, v in rec.items() if k != "id"}, as_of=dt.date(2022, 6, 1))
            row = result_row(rec["id"], res)
            want = (
                row["outcome"],
                None if row["score"] is None else float(row["score"]),
                row["failing"],
                row["missing"],
            )
            assert got[rec["id"]] == want, (key, rec)
