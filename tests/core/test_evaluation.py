"""Checklists and score sheets: three-valued results, gaps, ranges, parameters and inheritance."""
from __future__ import annotations

import pytest

from policyhub.errors import FactsError


def test_gap_names_fact_value_and_threshold(hub):
    r = hub.evaluate("example-checklist", {"staff": 3, "office_area": 40, "registered_here": True})
    item = r.item("staff")
    assert r.outcome == "fail" and item.result == "fail"
    assert item.gap["actual"] == 3 and item.gap["needed"] == 5 and item.gap["shortfall"] == 2
    assert item.gap["text"]["en"] == "Full-time staff 3 persons, needs ≥ 5 persons"
    assert item.gap["text"]["zh"] == "专职人员 3人，需 ≥ 5人"
    assert item.parameter["name"] == "min_staff" and item.parameter["declared_in"] == "990000"
    assert item.citation == {"document": "示例〔2024〕1号", "ref": "第三条（二）",
                             "title": {"zh": "示例扶持办法", "en": "Example support measures"}}


def test_missing_fact_is_undetermined_not_false(hub):
    r = hub.evaluate("example-checklist", {"staff": 9, "registered_here": True})
    assert r.outcome == "undetermined"
    assert r.missing == ["office_area"]
    assert r.item("office").result == "undetermined"


def test_any_group_passes_on_one_branch(hub):
    r = hub.evaluate("example-checklist", {"staff": 9, "office_area": 31, "social_group": True})
    assert r.outcome == "pass" and r.item("registered").result == "undetermined"


def test_child_jurisdiction_overrides_inherited_parameter(hub):
    facts = {"staff": 6, "office_area": 40, "registered_here": True}
    assert hub.evaluate("example-checklist", facts).outcome == "pass"
    city = hub.evaluate("example-city-checklist", facts)
    assert city.outcome == "fail"
    assert city.item("staff").parameter["value"] == 8
    assert city.item("staff").parameter["assumption"] is True
    assert city.item("office").parameter["declared_in"] == "round:2024-city"


def test_parameter_edit_changes_the_answer(policy_copy):
    from policyhub.hub import Hub

    f = policy_copy / "jurisdictions/province.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("value: 5\n    unit: {zh: 人", "value: 3\n    unit: {zh: 人"),
                 encoding="utf-8")
    r = Hub.from_folders([policy_copy]).evaluate("example-checklist",
                                                 {"staff": 4, "office_area": 40, "registered_here": True})
    assert r.outcome == "pass"


@pytest.mark.parametrize("trainings,points", [(4, 0), (5, 10), (9, 10), (10, 20)])
def test_tiers_on_each_side_of_the_thresholds(hub, trainings, points):
    facts = {"has_office": True, "clients": 20, "trainings": trainings, "national_releases": 0,
             "provincial_releases": 0, "satisfaction": 0, "plan_quality": 0}
    assert hub.evaluate("example-sheet", facts).item("trainings").points == points


def test_per_unit_points_are_capped(hub):
    facts = {"has_office": True, "clients": 20, "trainings": 0, "national_releases": 4, "provincial_releases": 3,
             "satisfaction": 0, "plan_quality": 0}
    r = hub.evaluate("example-sheet", facts)
    assert r.item("media").points == 10 and r.item("media").detail["cap"] == 10


def test_unknown_expert_item_gives_reachable_range(hub):
    facts = {"has_office": True, "clients": 25, "trainings": 10, "national_releases": 0, "provincial_releases": 0,
             "satisfaction": 85}
    r = hub.evaluate("example-sheet", facts)
    sec = r.section("scoresheet")
    assert sec.score is None and sec.score_range == [70, 80] and r.outcome == "undetermined"
    assert r.sections["score_sheet"]["expert_missing"] == ["plan_quality"]


def test_mandatory_group_short_fails_even_with_enough_points(hub):
    facts = {"has_office": False, "clients": 25, "trainings": 10, "national_releases": 5, "provincial_releases": 0,
             "satisfaction": 95, "plan_quality": 10}
    r = hub.evaluate("example-sheet", facts)
    assert r.section("scoresheet").score == 80 and r.outcome == "fail"
    base = r.sections["score_sheet"]["mandatory"][0]
    assert base["group"] == "base" and base["result"] == "fail" and base["score"] == 20


def test_facts_are_validated_with_paths(hub):
    with pytest.raises(FactsError) as e:
        hub.evaluate("example-checklist", {"staff": "many", "office_area": -1, "colour": "red"})
    paths = {err["path"] for err in e.value.errors}
    assert paths == {"staff", "office_area", "colour"}


def test_result_json_shape_is_stable(hub):
    data = hub.evaluate("example-sheet", {"has_office": True}).to_json()
    assert {"scheme", "round", "round_version", "digest", "outcome", "score", "max_score", "pass_mark", "items",
            "missing"} <= set(data)
    item = data["items"][0]
    assert {"key", "label", "result", "points", "values", "parameter", "gap", "citation"} <= set(item)
    assert data["digest"].startswith("sha256:")


def test_digest_changes_with_configuration_only(policy_copy):
    from policyhub.hub import Hub

    a = Hub.from_folders([policy_copy]).evaluate("example-checklist", {}).digest
    f = policy_copy / "schemes/checklist-round.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("value: 30", "value: 31"), encoding="utf-8")
    b = Hub.from_folders([policy_copy]).evaluate("example-checklist", {}).digest
    assert a != b


def test_the_score_sheet_is_a_typed_section_of_the_result(hub):
    """The sheet's score, range and pass mark are its typed section (SheetScore); JSON only at the edge keeps
    them at the top of the result, null for a round without a sheet."""
    from policyhub.kinds.scoresheet.result import SheetScore

    facts = {"has_office": True, "clients": 25, "trainings": 10, "national_releases": 5, "provincial_releases": 0,
             "satisfaction": 95, "plan_quality": 10}
    r = hub.evaluate("example-sheet", facts)
    sec = r.section("scoresheet")
    assert isinstance(sec, SheetScore) and r.typed_sections == {"scoresheet": sec}
    total = sum(it.points for it in r.items if it.kind == "group")
    sheet = r.definition.score_sheets[0]
    assert (sec.score, sec.score_range, sec.max_score) == (total, [total, total], sheet.total)
    assert isinstance(sec.pass_mark, (int, float)) and sec.pass_comparison == sheet.pass_comparison
    js = r.to_json()
    assert (js["score"], js["score_range"], js["max_score"], js["pass_mark"], js["pass_comparison"]) == \
        (total, [total, total], sheet.total, sec.pass_mark, sec.pass_comparison)
    assert list(js)[:12] == ["scheme", "round", "round_version", "digest", "outcome", "as_of", "score",
                             "max_score", "pass_mark", "pass_comparison", "score_range", "missing"]
    checklist = hub.evaluate("example-checklist", {"staff": 3, "office_area": 40, "registered_here": True})
    assert checklist.section("scoresheet") is None and checklist.typed_sections == {}
    assert all(checklist.to_json()[f] is None for f in ("score", "max_score", "pass_mark", "score_range"))


def test_result_score_reads_the_typed_section_for_older_plugins(hub):
    """Deprecated: `result.score` and the sheet's other JSON fields still read as attributes (plugins written
    before typed sections); anything else is an AttributeError."""
    facts = {"has_office": True, "clients": 25, "trainings": 10, "national_releases": 5, "provincial_releases": 0,
             "satisfaction": 95, "plan_quality": 10}
    r = hub.evaluate("example-sheet", facts)
    sec = r.section("scoresheet")
    assert (r.score, r.score_range, r.max_score, r.pass_mark) == (sec.score, sec.score_range, sec.max_score,
                                                                  sec.pass_mark)
    assert r.score is not None
    assert hub.evaluate("example-checklist", {"staff": 3}).score is None
    with pytest.raises(AttributeError):
        _ = r.no_such_field
