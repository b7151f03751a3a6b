"""Which enterprises belong to a jurisdiction: by the division code of their region, in Python and in SQL alike."""

from __future__ import annotations

import duckdb
import pytest
from sqlglot import exp

from policyhub.population.regions import region_condition, region_test, significant

REGIONS = ["430000", "430100", "430102", "430102001000", "431000", "440112", "440112001000", "440100", "4401",
           "990001", "x-1", None, ""]


@pytest.mark.parametrize("code, part", [("430000", "43"), ("440100", "4401"), ("440112", "440112"),
                                        ("440112001000", "440112001"), ("990001", "990001"), ("x-1", "x-1")])
def test_the_significant_part_of_a_division_code(code, part):
    assert significant(code) == part


@pytest.mark.parametrize("allowed, inside", [
    (["430000"], {"430000", "430100", "430102", "430102001000", "431000"}),
    (["430100"], {"430100", "430102", "430102001000"}),
    (["440112"], {"440112", "440112001000"}),
    (["440000", "440100", "440112"], {"440112", "440112001000", "440100", "4401"}),
    (["990001"], {"990001"}),
    ([], set()),
    (None, set(REGIONS)),
])
def test_python_and_sql_agree(allowed, inside):
    test = region_test(allowed)
    assert {r for r in REGIONS if test(r)} == ({r for r in inside if r} if allowed is not None else set(REGIONS))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (region VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[r] for r in REGIONS])
    cond = region_condition(allowed)
    q = exp.select("region").from_("t")
    if cond is not None:
        q = q.where(cond)
    got = {r for (r,) in con.execute(q.sql(dialect="duckdb")).fetchall()}
    assert got == {r for r in REGIONS if test(r)}
