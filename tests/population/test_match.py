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
        {"zh": "驻中心专职工作人员人数增加至2名", "en": "raise full-time staff resident at the sub-centre to 2 persons"}
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
