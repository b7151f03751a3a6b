"""`policyhub population screen`: counts, both engines, the fallback message, exports safe against formulas."""

from __future__ import annotations

import csv
import json

import duckdb
from openpyxl import load_workbook

from policyhub.cli import main
from policyhub.population.export import safe_text, write_rows

HUNAN = "hunan-park-subcentre-requirements"
GOOD = {
    "park_type": "industrial",
    "park_level": "national",
    "office_area": 30,
    "office_independent": True,
    "service_window": True,
    "equipment_ready": True,
    "full_time_staff": 2,
    "staff_ip_experience_years": [1, 0],
    "park_commitment": True,
    "prefecture_commitment": True,
    "submitted_on": "2020-04-30",
}


def _import(cli_runner, tmp_path, rows):
    f = tmp_path / "pop.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    r = cli_runner.invoke(main, ["population", "import", str(f), "--from-files"])
    assert r.exit_code == 0, r.output


def test_screen_counts_with_both_engines(cli_runner, tmp_path):
    rows = [
        {"id": "pass", **GOOD},
        {"id": "fail", **GOOD, "office_area": 29.5},
        {"id": "unknown", **{k: v for k, v in GOOD.items() if k != "park_level"}},
    ]
    _import(cli_runner, tmp_path, rows)
    for engine in ("sql", "python"):
        r = cli_runner.invoke(
            main,
            [
                "population",
                "screen",
                HUNAN,
                "--from-files",
                "--engine",
                engine,
                "--format",
                "json",
                "--out",
                str(tmp_path / f"{engine}.csv"),
            ],
        )
        assert r.exit_code == 0, r.output
        out = json.loads(r.output)
        assert out["engine"] == engine and out["counts"] == {"pass": 1, "fail": 1, "undetermined": 1}
    with open(tmp_path / "sql.csv", encoding="utf-8-sig") as f:
        sql_rows = sorted(csv.DictReader(f), key=lambda r: r["id"])
    with open(tmp_path / "python.csv", encoding="utf-8-sig") as f:
        py_rows = sorted(csv.DictReader(f), key=lambda r: r["id"])
    assert sql_rows == py_rows
    fail = next(r for r in sql_rows if r["id"] == "fail")
    assert fail["outcome"] == "fail" and fail["failing"] == "office_area"
    unknown = next(r for r in sql_rows if r["id"] == "unknown")
    assert unknown["missing"] == "park_level"


def test_uncompilable_round_says_it_ran_record_by_record(cli_runner, tmp_path):
    _import(cli_runner, tmp_path, [{"id": "x"}])
    r = cli_runner.invoke(main, ["population", "screen", "huangpu-platform-lifecycle", "--from-files"])
    assert r.exit_code == 0, r.output
    assert "(python)" in r.output and "evaluated record by record" in r.output and "lifecycle" in r.output


def test_exports_neutralise_formulas(tmp_path):
    rows = [{"id": '=HYPERLINK("http://x")', "outcome": "+1", "score": -3, "failing": ["@SUM(A1)"]}]
    fields = ["id", "outcome", "score", "failing"]
    write_rows(tmp_path / "o.csv", fields, rows)
    with open(tmp_path / "o.csv", encoding="utf-8-sig") as f:
        got = list(csv.reader(f))[1]
    assert got == ['\'=HYPERLINK("http://x")', "'+1", "-3", "'@SUM(A1)"]
    write_rows(tmp_path / "o.xlsx", fields, rows)
    ws = load_workbook(tmp_path / "o.xlsx").active
    cells = list(ws.iter_rows(min_row=2, values_only=False))[0]
    assert cells[0].value == '=HYPERLINK("http://x")' and cells[0].data_type == "s"
    assert cells[2].value == -3 and cells[2].data_type == "n"
    write_rows(tmp_path / "o.parquet", fields, rows)
    back = duckdb.connect().execute(f"SELECT id, score FROM read_parquet('{tmp_path / 'o.parquet'}')").fetchall()
    assert back == [('=HYPERLINK("http://x")', -3)]
    assert safe_text("plain") == "plain" and safe_text("-x") == "'-x"
