"""A score sheet whose facts are all known is scored by one engine call that adds the points up by group; the
explanation is built later from each indicator's points. These tests hold the two to each other, on every
bundled sheet, and cover what the short path must hand over to the careful one."""
from __future__ import annotations

import pytest

from policyhub.evaluation.result import FAIL, PASS
from policyhub.kinds.scoresheet.evaluate import POINTS_DECIMALS
from policyhub.testing.applicants import random_applicants

APPLICANTS = 60


def _bundled_sheets():
    from policyhub.hub import Hub

    hub = Hub.from_plugins()
    for key in sorted(hub.policyset.schemes):
        ev = hub.evaluator(key)
        for sheet in ev.ctx.round.score_sheets:
            yield pytest.param(ev, sheet, id=f"{key}/{sheet.key}")


def _clipped(value, most):
    try:
        return max(0.0, min(most, float(value)))
    except (TypeError, ValueError):
        return 0.0


@pytest.mark.parametrize("ev,sheet", list(_bundled_sheets()))
def test_score_and_outcome_agree_with_each_indicator(ev, sheet):
    rnd = ev.ctx.round
    plan = ev.plan("scoresheet").plans[sheet.key]
    category = sheet.category if "category" in rnd.facts else None
    for facts in random_applicants(rnd, plan.reads, APPLICANTS, category=category):
        res = ev.evaluate(facts)
        indicators = [it for it in res.items if it.kind == "indicator"]
        # each indicator, evaluated on its own rule and clipped in Python, as the careful path does
        expected = [_clipped(p.rule.evaluate(facts), p.indicator.max) for p in plan.indicators]
        assert [it.points for it in indicators] == expected
        sec = res.section("scoresheet")
        assert sec.score == round(sum(expected), POINTS_DECIMALS) and sec.score_range == [sec.score, sec.score]
        groups = {it.key: it for it in res.items if it.kind == "group"}
        mandatory_ok = all(groups[g.key].points >= g.max for g in sheet.groups if g.mandatory)
        mark = plan.pass_mark
        if mark is None:
            reaches = True
        else:
            reaches = res.score >= mark if sheet.pass_comparison == ">=" else res.score > mark
        has_outcome = mark is not None or any(g.mandatory for g in sheet.groups)
        expected_outcome = (PASS if reaches and mandatory_ok else FAIL) if has_outcome else None
        assert res.sections["score_sheet"]["outcome"] == expected_outcome
        if ev.single is not None:      # nothing else in the round: the sheet decides
            assert res.outcome == (expected_outcome or PASS)
    assert res.max_score == sheet.total and res.pass_mark == mark


def test_random_applicants_both_pass_and_fail_the_huangpu_annual_sheets():
    """The agreement test above is only as good as its applicants: across the sheets, some pass, some fail."""
    seen = set()
    for param in _bundled_sheets():
        ev, sheet = param.values
        if ev.ctx.scheme.key != "huangpu-platform-annual":
            continue
        plan = ev.plan("scoresheet").plans[sheet.key]
        for facts in random_applicants(ev.ctx.round, plan.reads, APPLICANTS, category=sheet.category):
            seen.add(ev.evaluate(facts).outcome)
    assert seen == {PASS, FAIL}


FULL = {"has_office": True, "clients": 20, "trainings": 10, "national_releases": 0, "provincial_releases": 0,
        "satisfaction": 85, "plan_quality": 10}      # 20 + 20 + 20 + 0 + 10 + 10 = 80, the pass mark


def _hub(folder):
    from policyhub.hub import Hub
    from policyhub.plugins import plugin_manager

    return Hub.from_folders([folder], pm=plugin_manager(entry_points=False))


def _edit(folder, old, new):
    f = folder / "schemes" / "sheet-round.yaml"
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new), encoding="utf-8")


def test_score_exactly_at_the_pass_mark_passes_with_at_least_and_fails_with_above(policy_copy):
    assert _hub(policy_copy).evaluate("example-sheet", FULL).outcome == PASS
    _edit(policy_copy, "    pass_mark: {param: pass_mark}\n",
          "    pass_mark: {param: pass_mark}\n    pass_comparison: \">\"\n")
    res = _hub(policy_copy).evaluate("example-sheet", FULL)
    assert res.score == 80 and res.outcome == FAIL and res.pass_comparison == ">"


def test_fixed_points_above_the_indicator_maximum_are_clipped(policy_copy):
    _edit(policy_copy, "score: {fixed: 20, when: {var: has_office}}", "score: {fixed: 25, when: {var: has_office}}")
    res = _hub(policy_copy).evaluate("example-sheet", FULL)
    assert res.item("office").points == 20 and res.score == 80


def test_formula_points_are_clipped_to_the_maximum(policy_copy):
    _edit(policy_copy, "score: {expert: plan_quality}", "score: {formula: {'*': [{var: plan_quality}, 2]}}")
    hub = _hub(policy_copy)
    assert hub.evaluate("example-sheet", {**FULL, "plan_quality": 7}).item("plan").points == 10
    res = hub.evaluate("example-sheet", {**FULL, "plan_quality": 3})
    assert res.item("plan").points == 6 and res.score == 76 and res.outcome == FAIL


def test_a_formula_that_gives_no_number_scores_nothing_and_the_rest_still_counts(policy_copy):
    _edit(policy_copy, "score: {expert: plan_quality}", "score: {formula: {cat: ['grade ', {var: plan_quality}]}}")
    res = _hub(policy_copy).evaluate("example-sheet", FULL)
    assert res.item("plan").points == 0 and res.score == 70 and res.outcome == FAIL
    assert res.item("office").points == 20 and res.item("trainings").points == 20


@pytest.mark.parametrize("comparison,outcome", [(">=", PASS), (">", FAIL)])
def test_fractional_points_that_add_up_to_the_pass_mark_are_exactly_the_pass_mark(policy_copy, comparison, outcome):
    """0.1 + 0.2 is 0.30000000000000004 in binary floating point: a total of 0.3 must still be 0.3, so that a
    pass mark of 0.3 with > fails it."""
    _edit(policy_copy, "{fact: national_releases, points: 2}", "{fact: national_releases, points: 0.1}")
    _edit(policy_copy, "    value: 80\n", "    value: 0.3\n")
    _edit(policy_copy, "        mandatory: true\n", "")
    _edit(policy_copy, "    pass_mark: {param: pass_mark}\n",
          f"    pass_mark: {{param: pass_mark}}\n    pass_comparison: \"{comparison}\"\n")
    facts = {"has_office": False, "clients": 0, "trainings": 0, "national_releases": 1, "provincial_releases": 0,
             "satisfaction": 0, "plan_quality": 0.2}
    res = _hub(policy_copy).evaluate("example-sheet", facts)
    assert res.score == 0.3 and res.pass_mark == 0.3
    assert res.outcome == outcome
    assert sum(it.points for it in res.items if it.kind == "group") == res.score
    assert [it.points for it in res.items if it.kind == "indicator"] == [0, 0, 0, 0.1, 0, 0.2]


def test_a_mandatory_group_whose_fractional_points_add_up_to_its_maximum_is_full(policy_copy):
    """4 × 0.1 + 28 × 0.7 is 19.999999999999996 in binary floating point, 20 in decimals: two such indicators
    fill the mandatory 40 points."""
    formula = "score: {formula: {'+': [{'*': [{var: trainings}, 0.1]}, {'*': [{var: national_releases}, 0.7]}]}}"
    _edit(policy_copy, "score: {fixed: 20, when: {var: has_office}}", formula)
    _edit(policy_copy, "score: {fixed: 20, when: {\">=\": [{var: clients}, {param: min_clients}]}}", formula)
    facts = {"has_office": True, "clients": 20, "trainings": 4, "national_releases": 28, "provincial_releases": 0,
             "satisfaction": 95, "plan_quality": 10}
    res = _hub(policy_copy).evaluate("example-sheet", facts)
    assert res.score == 80
    assert res.sections["score_sheet"]["mandatory"][0]["result"] == PASS
    assert res.outcome == PASS
