"""`impact`: a draft round against the published one over a population, by SQL and record by record."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyhub.hub import Hub
from policyhub.population.generate import RecordGenerator
from policyhub.population.impact import impact
from policyhub.population.store import PopulationStore
from policyhub.population.columns import columns_of_rounds

HUNAN = "hunan-park-subcentre-requirements"
ROUND = (
    Path(__file__).resolve().parents[2]
    / "plugins/hunan/policyhub_hunan/policies/rounds/park-subcentre-requirements-2020.yaml"
)


@pytest.fixture(scope="module")
def draft_hub(tmp_path_factory):
    """The bundled policies plus a draft Hunan round asking 25 m² of office instead of 30, and 3 staff instead of 2."""
    folder = tmp_path_factory.mktemp("draft") / "rounds"
    folder.mkdir()
    text = (
        ROUND.read_text(encoding="utf-8")
        .replace('key: "2020"', 'key: "2021"')
        .replace("status: published", "status: draft")
    )
    text = text.replace("    value: 30\n", "    value: 25\n", 1).replace(
        "  min_full_time_staff:\n    type: integer\n    value: 2\n",
        "  min_full_time_staff:\n    type: integer\n    value: 3\n",
        1,
    )
    assert "value: 25" in text and "value: 3\n" in text
    (folder / "draft.yaml").write_text(text, encoding="utf-8")
    return Hub.from_plugins(extra=[folder.parent])


@pytest.fixture
def store(tmp_path, draft_hub):
    ev = draft_hub.evaluator(HUNAN)
    columns, _ = columns_of_rounds([ev.ctx.round])
    columns["region"] = type(columns["park_type"])("region", "str")
    records = list(RecordGenerator(ev, seed=3, regions=["430100", "430200"]).records(3000))
    s = PopulationStore(f"duckdb:///{tmp_path / 'p.duckdb'}")
    s.replace("default", columns, records, source="generated")
    yield s
    s.close()


def test_impact_counts_agree_between_sql_and_per_record(store, draft_hub, monkeypatch):
    sql = impact(store, draft_hub, HUNAN, "2021")
    assert sql.engine == "sql" and sql.against == "2020" and sql.total == 3000
    assert sql.counts["gain"] > 0 and sql.counts["lose"] > 0
    # the same answer record by record
    import policyhub.population.impact as mod

    monkeypatch.setattr(mod, "sql_rows", lambda *a, **k: (type("RQ", (), {"fallback": ["forced"]})(), None))
    py = impact(store, draft_hub, HUNAN, "2021")
    assert py.engine == "python"
    assert (py.counts, py.by_group) == (sql.counts, sql.by_group)
    data = sql.to_json()
    assert sum(g["gain"] for g in data["by_region_category"]) == data["gain"]
    assert {g["region"] for g in data["by_region_category"]} == {"430100", "430200"}
    gain = data["examples"]["gain"][0]["reason"]
    assert gain["criteria"] == ["office_area"] and gain["labels"][0]["zh"].startswith("独立办公场所")
    lose = data["examples"]["lose"][0]["reason"]
    assert "full_time_staff" in lose["criteria"]


def test_impact_over_one_jurisdictions_enterprises(store, draft_hub, monkeypatch):
    """With `allowed`, only the enterprises whose region lies in those jurisdictions count, on both paths."""
    whole = impact(store, draft_hub, HUNAN, "2021")
    sql = impact(store, draft_hub, HUNAN, "2021", allowed=["430100"])
    assert {r for r, _ in sql.by_group} == {"430100"}
    assert sql.by_group == {k: v for k, v in whole.by_group.items() if k[0] == "430100"}
    assert 0 < sql.total < whole.total
    assert all(ex["region"] == "430100" for exs in sql.examples.values() for ex in exs)
    province = impact(store, draft_hub, HUNAN, "2021", allowed=["430000"])   # by division code: all of Hunan
    assert province.total == whole.total
    assert impact(store, draft_hub, HUNAN, "2021", allowed=["440000"]).total == 0
    import policyhub.population.impact as mod

    monkeypatch.setattr(mod, "sql_rows", lambda *a, **k: (type("RQ", (), {"fallback": ["forced"]})(), None))
    py = impact(store, draft_hub, HUNAN, "2021", allowed=["430100"])
    assert (py.counts, py.by_group) == (sql.counts, sql.by_group)
