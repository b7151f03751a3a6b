"""`impact` of a draft round with funding: the commitments under each round and their change."""

from __future__ import annotations

from pathlib import Path

from policyhub.hub import Hub
from policyhub.population.columns import Column, columns_of_rounds
from policyhub.population.impact import impact
from policyhub.population.impact_text import impact_lines
from policyhub.population.store import PopulationStore

FUNDING = "hunan-park-subcentre-funding"
ROUND = (
    Path(__file__).resolve().parents[2]
    / "plugins/hunan/policyhub_hunan/policies/rounds/park-subcentre-funding-2020.yaml"
)


def test_a_draft_with_more_start_up_funds_commits_more(tmp_path):
    folder = tmp_path / "draft" / "rounds"
    folder.mkdir(parents=True)
    text = ROUND.read_text(encoding="utf-8").replace('key: "2020"', 'key: "2021"').replace(
        "status: published", "status: draft")
    text = text.replace("  startup_amount:\n    type: number\n    value: 200000\n",
                        "  startup_amount:\n    type: number\n    value: 250000\n", 1)
    text = text.replace("    value: 800000\n", "    value: 850000\n", 1)  # the cap keeps every path within it
    assert "value: 250000" in text and "value: 850000" in text
    (folder / "draft.yaml").write_text(text, encoding="utf-8")
    hub = Hub.from_plugins(extra=[folder.parent])
    columns, _ = columns_of_rounds([hub.round(FUNDING)])
    columns["region"] = Column("region", "str")
    records = [{"id": "a", "region": "430100", "results": []},
               {"id": "b", "region": "430100", "results": ["qualified"]},
               {"id": "c", "region": "430200", "results": ["excellent", "qualified"]}]
    store = PopulationStore(f"duckdb:///{tmp_path / 'p.duckdb'}")
    store.replace("default", columns, records, source="test")
    try:
        run = impact(store, hub, FUNDING, "2021")
    finally:
        store.close()
    # every sub-centre gets its year-1 start-up funds: 50,000 more each under the draft
    before = sum(hub.evaluate(FUNDING, {"results": r["results"]}).sections["funding"]["committed"] for r in records)
    assert run.funding["against"]["committed"] == before
    assert run.funding["draft"]["committed"] == before + 3 * 50000
    assert run.funding["change"]["committed"] == 150000
    zh = "\n".join(impact_lines(run.to_json(), "default", "zh"))
    en = "\n".join(impact_lines(run.to_json(), "default", "en"))
    assert "增加150,000元" in zh.replace(" ", ""), zh
    assert "+150,000" in en, en
