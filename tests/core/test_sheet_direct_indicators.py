"""A score-sheet group may hold its indicators directly, without a subgroup level."""
from __future__ import annotations

import pytest

from policyhub.errors import LoadError
from policyhub.hub import Hub
from policyhub.plugins import plugin_manager

ROUND = "schemes/sheet-round.yaml"
BASE_WITH_SUBGROUPS = '''        subgroups:
          - key: office
            label: {zh: 场地, en: Office}
            max: 20
            indicators:
              - key: office
'''
BASE_DIRECT = '''        indicators:
              - key: office
'''
CLIENTS_SUBGROUP = '''          - key: clients
            label: {zh: 服务企业, en: Clients}
            max: 20
            indicators:
'''
FULL = {"has_office": True, "clients": 25, "trainings": 10, "national_releases": 5, "provincial_releases": 0,
        "satisfaction": 95, "plan_quality": 10}


def _direct(policy_copy):
    f = policy_copy / ROUND
    text = f.read_text(encoding="utf-8")
    assert BASE_WITH_SUBGROUPS in text and CLIENTS_SUBGROUP in text
    f.write_text(text.replace(BASE_WITH_SUBGROUPS, BASE_DIRECT, 1).replace(CLIENTS_SUBGROUP, "", 1),
                 encoding="utf-8")
    return f


def _hub(folder):
    return Hub.from_folders([folder], pm=plugin_manager(entry_points=False))


def test_direct_indicators_score_as_with_subgroups_without_a_subgroup_item(policy_copy):
    before = _hub(policy_copy).evaluate("example-sheet", FULL)
    _direct(policy_copy)
    after = _hub(policy_copy).evaluate("example-sheet", FULL)
    assert (after.outcome, after.score) == (before.outcome, before.score)
    kinds = [(i.kind, i.key) for i in after.items]
    assert ("group", "base") in kinds and ("indicator", "office") in kinds and ("indicator", "clients") in kinds
    assert not any(k == "subgroup" and key.startswith("base/") for k, key in kinds)
    assert ("subgroup", "work/training") in kinds
    low = _hub(policy_copy).evaluate("example-sheet", {**FULL, "has_office": False})
    assert low.outcome == "fail" and low.item("base").result == "fail"      # the mandatory group still counts


def test_printed_sheet_leaves_the_subgroup_cells_empty(policy_copy):
    from policyhub.kinds.scoresheet.printing.layout import rows

    _direct(policy_copy)
    sheet = _hub(policy_copy).round("example-sheet").score_sheets[0]
    by_key = {r.key: r for r in rows(sheet, "zh")}
    assert by_key["office"].subgroup == "" and by_key["office"].group_span == 2
    assert by_key["trainings"].subgroup == "培训"


def test_direct_indicators_must_add_up_to_the_group(policy_copy):
    f = _direct(policy_copy)
    f.write_text(f.read_text(encoding="utf-8").replace("        max: 40\n", "        max: 45\n", 1)
                 .replace("    total: 100\n", "    total: 105\n", 1), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        _hub(policy_copy)
    assert "group 'base' is worth 45 but its indicators add up to 40" in str(e.value)


def test_subgroups_and_indicators_together_are_refused_with_the_place(policy_copy):
    f = policy_copy / ROUND
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace(BASE_WITH_SUBGROUPS, "        indicators: []\n" + BASE_WITH_SUBGROUPS, 1),
                 encoding="utf-8")
    with pytest.raises(LoadError) as e:
        _hub(policy_copy)
    assert "score_sheets[0].groups[0]: a group holds either subgroups or indicators, not both" in str(e.value)


def test_export_and_the_database_keep_the_direct_group(policy_copy, tmp_path):
    from policyhub.export import export_to

    _direct(policy_copy)
    hub = _hub(policy_copy)
    export_to(hub.policyset, tmp_path / "out")
    again = _hub(tmp_path / "out")
    assert again.round("example-sheet").score_sheets[0].groups[0].direct
    assert again.evaluate("example-sheet", FULL).score == hub.evaluate("example-sheet", FULL).score
