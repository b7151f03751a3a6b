"""`policyhub population match`: schemes an enterprise qualifies for, near misses with the change in words."""

from __future__ import annotations

import csv
import json

from policyhub.cli import main

from .test_screen_cli import GOOD, _import


def test_match_lists_qualifying_and_near_schemes(cli_runner, tmp_path):
    _import(
        cli_runner,
        tmp_path,
        [
            {"id": "ok", **GOOD},
            {"id": "short", **GOOD, "full_time_staff": 1},
            {"id": "far", **GOOD, "full_time_staff": 1, "office_area": 10},
        ],
    )
    r = cli_runner.invoke(main, ["population", "match", "--from-files", "--format", "json", "--near", "1"])
    assert r.exit_code == 0, r.output
    found = {(m["enterprise"], m["scheme"]): m for m in json.loads(r.output)}
    hunan = "hunan-park-subcentre-requirements"
    assert found[("ok", hunan)]["status"] == "qualifies"
    near = found[("short", hunan)]
    assert near["status"] == "near"
    assert near["changes"] == [
        {"zh": "驻中心专职工作人员人数增加至2名",
         "en": "Full-time staff resident at the sub-centre: raise to 2 persons"}
    ]
    assert ("far", hunan) not in found  # two changes away with --near 1
    r = cli_runner.invoke(
        main,
        [
            "population",
            "match",
            "--from-files",
            "--near",
            "2",
            "--enterprise",
            "far",
            "--out",
            str(tmp_path / "contacts.csv"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "far\thunan-park-subcentre-requirements\t差一点：" in r.output
    with open(tmp_path / "contacts.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["enterprise"] == "far" and "分中心独立办公场所面积增加至30平方米" in rows[0]["changes"]


def test_a_score_short_of_the_pass_mark_is_a_near_miss(tmp_path):
    """A score sheet failed only by its total (no mandatory group failing) is one change away: raise the score."""
    from policyhub.hub import Hub
    from policyhub.population.columns import columns_of_rounds
    from policyhub.population.generate import RecordGenerator
    from policyhub.population.match import match, pass_mark_gap
    from policyhub.population.screen import screen
    from policyhub.population.store import PopulationStore

    annual = "huangpu-platform-annual"
    hub = Hub.from_plugins()
    ev = hub.evaluator(annual)
    columns, _ = columns_of_rounds([ev.ctx.round])
    store = PopulationStore(f"duckdb:///{tmp_path / 'p.duckdb'}")
    store.replace("default", columns, list(RecordGenerator(ev, seed=5, missing=0.0).records(400)), source="gen")
    try:
        rows = screen(store, hub, annual, "default").rows
        short = {r["id"]: pass_mark_gap(ev, r) for r in rows
                 if r["outcome"] == "fail" and not r["failing"] and not r["missing"]}
        assert short and all(short.values())  # failing with no group failing: the total is short
        found = {m.enterprise: m for m in match(store, hub, near=1, schemes=[annual])}
    finally:
        store.close()
    for ident, (score, mark) in short.items():
        m = found[ident]
        assert m.status == "near"
        assert [c.code for c in m.changes] == ["population.change.score"]
        assert m.changes[0].texts()["zh"] == f"总分由{score:g}分提高至{mark:g}分"
