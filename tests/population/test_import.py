"""`policyhub population import` and `list`: four file formats, located errors, all-or-nothing, mappings."""

from __future__ import annotations

import json

import duckdb
import pytest
from openpyxl import Workbook

from policyhub.cli import main
from policyhub.population.store import PopulationStore

HUNAN = "hunan-park-subcentre-requirements"


def _store(tmp_path):
    return PopulationStore(f"duckdb:///{tmp_path / 'population.duckdb'}")


def _rows(tmp_path, name="default"):
    with _store(tmp_path) as s:
        pop = s.get(name)
        return s.execute(f'SELECT * FROM "{pop.table}" ORDER BY id'), pop


def test_csv_import_converts_and_lists(cli_runner, tmp_path):
    f = tmp_path / "parks.csv"
    f.write_text(
        "id,park_type,office_area,office_independent,staff_ip_experience_years,submitted_on,region\n"
        'A1,industrial,35.5,是,"[1.5, 0.5]",2020-04-01,430100\n'
        "A2,agricultural,,false,2;0.5,,430200\n",
        encoding="utf-8",
    )
    r = cli_runner.invoke(main, ["population", "import", str(f), "--from-files"])
    assert r.exit_code == 0, r.output
    assert "imported 2 enterprises" in r.output
    rows, pop = _rows(tmp_path)
    assert pop.rows == 2 and pop.columns["office_area"].kind == "num"
    by_id = {r[0]: r for r in rows}
    names = ["id"] + sorted(pop.columns)
    a1 = dict(zip(names, by_id["A1"]))
    a2 = dict(zip(names, by_id["A2"]))
    assert a1["office_independent"] is True and a1["office_area"] == 35.5
    assert a1["staff_ip_experience_years"] == [1.5, 0.5] and a2["staff_ip_experience_years"] == [2.0, 0.5]
    assert a2["office_area"] is None and a2["office_independent"] is False and a2["region"] == "430200"
    listed = cli_runner.invoke(main, ["population", "list", "--format", "json"])
    assert json.loads(listed.output)[0]["rows"] == 2


def test_bad_rows_are_located_and_nothing_is_stored(cli_runner, tmp_path):
    f = tmp_path / "parks.csv"
    f.write_text(
        "id,park_type,office_area,full_time_staff\nA1,industrial,35,3\nA2,castle,-4,2.5\nA1,industrial,40,x\n",
        encoding="utf-8",
    )
    r = cli_runner.invoke(main, ["population", "import", str(f), "--from-files"])
    assert r.exit_code == 2
    err = r.output
    assert "row 3, column park_type" in err and "castle" in err.replace("'", "") or "row 3, column park_type" in err
    assert "row 3, column office_area" in err
    assert "row 3, column full_time_staff" in err and "whole number" in err
    assert "row 4, column id" in err and "repeats row 2" in err
    assert "row 4, column full_time_staff" in err
    with _store(tmp_path) as s:
        assert s.populations() == []


def test_unknown_column_and_replace(cli_runner, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "A1", "park_type": "industrial"}\n', encoding="utf-8")
    assert cli_runner.invoke(main, ["population", "import", str(f), "--from-files", "--name", "p"]).exit_code == 0
    again = cli_runner.invoke(main, ["population", "import", str(f), "--from-files", "--name", "p"])
    assert again.exit_code == 2 and "--replace" in again.output
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"id": "B1", "colour": "red"}\n', encoding="utf-8")
    r = cli_runner.invoke(main, ["population", "import", str(bad), "--from-files", "--name", "p", "--replace"])
    assert r.exit_code == 2 and "column colour" in r.output
    rows, _ = _rows(tmp_path, "p")
    assert [r[0] for r in rows] == ["A1"]  # the failed replace left the old population alone
    good = tmp_path / "c.jsonl"
    good.write_text('{"id": "C1", "park_level": "national"}\n{"id": "C2"}\n', encoding="utf-8")
    assert (
        cli_runner.invoke(
            main, ["population", "import", str(good), "--from-files", "--name", "p", "--replace"]
        ).exit_code
        == 0
    )
    rows, pop = _rows(tmp_path, "p")
    assert [r[0] for r in rows] == ["C1", "C2"] and "park_type" not in pop.columns


def test_xlsx_with_mapping_and_id_column(cli_runner, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["信用代码", "园区类型", "办公面积（万平方米）", "所在地", "备注"])
    ws.append(["9143X", "产业园区", 0.004, "长沙市", "x"])
    f = tmp_path / "parks.xlsx"
    wb.save(f)
    m = tmp_path / "map.yaml"
    m.write_text(
        "id: 信用代码\ncolumns: {园区类型: park_type, 办公面积（万平方米）: office_area, 所在地: region}\n"
        "scale: {office_area: 10000}\ncodes: {park_type: {产业园区: industrial}, region: {长沙市: '430100'}}\n"
        "drop: [备注]\n",
        encoding="utf-8",
    )
    r = cli_runner.invoke(main, ["population", "import", str(f), "--mapping", str(m), "--from-files"])
    assert r.exit_code == 0, r.output
    rows, pop = _rows(tmp_path)
    row = dict(zip(["id"] + sorted(pop.columns), rows[0]))
    assert row == {"id": "9143X", "park_type": "industrial", "office_area": 40.0, "region": "430100"}


def test_parquet_import(cli_runner, tmp_path):
    f = tmp_path / "p.parquet"
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT 'P' || i::VARCHAR AS id, i * 10.0 AS office_area, "
        "[1.0, i::DOUBLE] AS staff_ip_experience_years FROM range(3) r(i)"
    )
    con.execute(f"COPY t TO '{f}' (FORMAT parquet)")
    r = cli_runner.invoke(main, ["population", "import", str(f), "--from-files"])
    assert r.exit_code == 0, r.output
    rows, _ = _rows(tmp_path)
    assert [(r[0], r[1]) for r in rows] == [("P0", 0.0), ("P1", 10.0), ("P2", 20.0)]


def test_name_must_be_a_plain_word(cli_runner, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "A1"}\n', encoding="utf-8")
    r = cli_runner.invoke(main, ["population", "import", str(f), "--from-files", "--name", 'x"; drop'])
    assert r.exit_code == 2 and "population name" in r.output


@pytest.mark.postgres
def test_postgres_store(tmp_path, pg_url, bundled_policyset):
    from policyhub.population.importer import import_file

    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"id": "A1", "park_type": "industrial", "staff_ip_experience_years": [2, 0.5]}\n'
        '{"id": "A2", "office_area": 12}\n',
        encoding="utf-8",
    )
    with PopulationStore(pg_url) as store:
        assert import_file(store, bundled_policyset, f, name="pg", replace=True) == 2
        pop = store.get("pg")
        rows = store.execute(f'SELECT id, staff_ip_experience_years FROM "{pop.table}" ORDER BY id')
    assert rows == [("A1", [2, 0.5]), ("A2", None)]


def test_json_lines_keep_a_fact_absent_from_the_first_rows(cli_runner, tmp_path):
    """In JSON Lines a fact may be missing from the first objects: its column is still imported for the rest."""
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "A1"}\n{"id": "A2", "park_level": "national", "region": "430100"}\n', encoding="utf-8")
    r = cli_runner.invoke(main, ["population", "import", str(f), "--from-files"])
    assert r.exit_code == 0, r.output
    rows, pop = _rows(tmp_path, "default")
    assert "park_level" in pop.columns and "region" in pop.columns
    with _store(tmp_path) as s:
        got = s.execute(f'SELECT id, park_level FROM "{pop.table}" ORDER BY id')
    assert [tuple(r) for r in got] == [("A1", None), ("A2", "national")]
