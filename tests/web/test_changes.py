"""What would change the answer: suggestions read from real evaluations of the fixture policies, and from
hand-made results for the shapes the fixtures do not produce."""
from __future__ import annotations

import pytest

from policyhub.evaluation.changes import suggestions

CENTRE_OK = {"office_area": 40, "staff": 5, "has_plan": True, "applicant_kind": "enterprise",
             "founded": "2020-01-01"}
FINANCE_OK = {"category": "finance", "has_office": True, "staff": 5, "trainings": 10, "loans": 3000,
              "plan_quality": 20}


def run(hub, scheme, facts):
    res = hub.evaluate(scheme, facts).to_json()
    return res, suggestions(res, hub.round(scheme))


def by_kind(out, kind):
    return [s for s in out if s["kind"] == kind]


def test_passing_result_has_no_suggestions(fixture_hub):
    res, out = run(fixture_hub, "test-centre", CENTRE_OK)
    assert res["outcome"] == "pass"
    assert out == []


def test_raise_a_number_with_units_in_both_languages(fixture_hub):
    _, out = run(fixture_hub, "test-centre", {**CENTRE_OK, "staff": 3})
    assert out == [{"kind": "raise", "fact": "staff", "from": 3, "to": 5, "operator": ">=",
                    "text": {"zh": "将专职人员从3人增加到5人", "en": "increase full-time staff from 3 to 5 persons"},
                    "message": {"code": "suggest.increase", "params": {
                        "label": {"zh": "专职人员", "en": "full-time staff"}, "start": 3,
                        "unit": {"zh": "人", "en": "persons"},
                        "to": {"value": 5, "unit": {"zh": "人", "en": "persons"}}}},
                    "item": "conditions/staff",
                    "label": {"zh": "专职人员不少于5人", "en": "At least 5 full-time staff"},
                    "citation": out[0]["citation"]}]
    assert out[0]["citation"]["ref"] == "三、申报条件 (二)"


def test_threshold_comes_from_the_parameter_not_the_label(fixture_hub, web_policyset):
    rnd = web_policyset.rounds[("test-centre", "2024")]
    changed = rnd.model_copy(update={"parameters": {**rnd.parameters, "min_office_area": rnd.parameters[
        "min_office_area"].model_copy(update={"value": 45})}})
    web_policyset.rounds[("test-centre", "2024")] = changed
    try:
        from policyhub.hub import Hub
        hub = Hub(web_policyset)
        _, out = run(hub, "test-centre", {**CENTRE_OK, "office_area": 40})
    finally:
        web_policyset.rounds[("test-centre", "2024")] = rnd
    assert [(s["fact"], s["from"], s["to"]) for s in out] == [("office_area", 40, 45)]
    assert out[0]["text"]["zh"] == "将办公场所面积从40平方米增加到45平方米"


def test_boolean_that_must_be_true(fixture_hub):
    _, out = run(fixture_hub, "test-centre", {**CENTRE_OK, "has_plan": False})
    assert [(s["kind"], s["fact"], s["from"], s["to"]) for s in out] == [("set", "has_plan", False, True)]
    assert out[0]["text"] == {"zh": "需满足：有建设方案", "en": "must be yes: has a construction plan"}


def test_date_that_is_too_late(fixture_hub):
    _, out = run(fixture_hub, "test-centre", {**CENTRE_OK, "founded": "2024-02-01"})
    assert [(s["kind"], s["to"]) for s in out] == [("date", "2023-12-31")]
    assert out[0]["text"]["zh"] == "成立日期须不晚于2023-12-31（目前为2024-02-01）"


def test_failed_any_group_lists_its_alternatives_with_choice_labels(fixture_hub):
    _, out = run(fixture_hub, "test-centre", {**CENTRE_OK, "applicant_kind": "individual"})
    assert [s["kind"] for s in out] == ["one_of"]
    steps = out[0]["steps"]
    assert [(s["fact"], s["to"]) for s in steps] == [("applicant_kind", "enterprise"),
                                                     ("applicant_kind", "social_group")]
    assert steps[0]["text"]["zh"] == "申报主体类型须为“企业”（目前为“个人”）"
    assert steps[1]["text"]["en"] == "kind of applicant must be “Social group” (now “Individual”)"


def test_failed_alternative_under_a_passing_any_group_is_not_suggested(fixture_hub):
    res, out = run(fixture_hub, "test-centre", {**CENTRE_OK, "applicant_kind": "social_group", "staff": 1})
    assert res["outcome"] == "fail"
    assert [s.get("fact") for s in out] == ["staff"]          # not "become an enterprise"


def test_missing_facts_are_asked_for(fixture_hub):
    res, out = run(fixture_hub, "test-centre", {"office_area": 40, "staff": 5, "has_plan": True})
    assert res["outcome"] == "undetermined"
    assert [s["fact"] for s in by_kind(out, "provide")] == ["applicant_kind", "founded"]
    assert by_kind(out, "provide")[0]["text"] == {"zh": "请提供申报主体类型", "en": "provide kind of applicant"}


def test_mandatory_group_not_full(fixture_hub):
    _, out = run(fixture_hub, "test-platform-annual", {**FINANCE_OK, "staff": 3})
    mandatory = by_kind(out, "mandatory")
    assert len(mandatory) == 1
    assert mandatory[0]["text"] == {"zh": "基础条件须得满分25分（目前18分）",
                                    "en": "base conditions must score the full 25 (now 18)"}
    assert [(s["fact"], s["from"], s["to"], s["points"]) for s in mandatory[0]["steps"]] == [("staff", 3, 5, 7)]
    assert mandatory[0]["steps"][0]["text"]["zh"] == "将专职人员从3人增加到5人（+7分）"


def test_points_short_takes_the_cheapest_next_tier(fixture_hub):
    # 10 + 15 + 15 (6 trainings) + 10 (1000 -> 10 points) + 5 expert = 55, pass mark 60: 5 short.
    # Either 6 -> 10 trainings (+10) or 1000 -> 1500 loans (+5); trainings is the smaller relative increase.
    res, out = run(fixture_hub, "test-platform-annual",
                   {**FINANCE_OK, "trainings": 6, "loans": 1000, "plan_quality": 5})
    assert (res["outcome"], res["score"]) == ("fail", 55)
    points = by_kind(out, "points")[0]
    assert (points["short"], points["pass_mark"], points["basis"], points["reachable"]) == (5, 60, "known", True)
    assert points["text"]["zh"] == "总分55分，须达到60分，还差5分"
    assert [(s["fact"], s["to"]) for s in points["steps"]] == [("trainings", 10)]


def test_per_unit_step_asks_for_just_enough_units(fixture_hub):
    res, out = run(fixture_hub, "test-platform-annual", {**FINANCE_OK, "loans": 0, "plan_quality": 5})
    assert res["score"] == 55
    steps = by_kind(out, "points")[0]["steps"]
    assert [(s["fact"], s["from"], s["to"], s["points"]) for s in steps] == [("loans", 0, 500, 5)]
    assert steps[0]["text"]["zh"] == "将质押融资金额从0万元增加到500万元（+5分）"


def test_mandatory_steps_count_towards_the_pass_mark(fixture_hub):
    # base 18 (staff 3): filling it (+7) also closes a 5-point shortfall, so no further step is needed.
    res, out = run(fixture_hub, "test-platform-annual", {**FINANCE_OK, "staff": 3, "loans": 1000, "plan_quality": 2})
    assert res["score"] == 55
    steps = by_kind(out, "points")[0]["steps"]
    assert [s["fact"] for s in steps] == ["staff"]


def test_expert_items_unknown_give_worst_case_and_expert_note(fixture_hub):
    facts = {k: v for k, v in FINANCE_OK.items() if k != "plan_quality"}
    res, out = run(fixture_hub, "test-platform-annual", {**facts, "loans": 0})
    assert res["outcome"] == "undetermined" and res["score_range"] == [50, 70]
    points = by_kind(out, "points")[0]
    assert points["basis"] == "worst" and points["short"] == 10
    assert points["text"]["en"].startswith("with the expert items at their lowest the total is 50")
    assert [(s["fact"], s["to"]) for s in points["steps"]] == [("loans", 1000)]
    provide = by_kind(out, "provide")
    assert [(p["fact"], p["expert"]) for p in provide] == [("plan_quality", True)]
    assert provide[0]["text"]["zh"] == "待专家评审：工作计划质量（专家评分）"


def test_no_points_suggestion_while_questions_are_open(fixture_hub):
    _, out = run(fixture_hub, "test-platform-annual", {"category": "finance", "has_office": True})
    assert not by_kind(out, "points")
    assert {"staff", "trainings", "loans"} <= {p["fact"] for p in by_kind(out, "provide")}


def test_missing_yes_no_fact_is_asked_as_a_question(fixture_hub):
    _, out = run(fixture_hub, "test-centre", {**CENTRE_OK, "has_plan": None})
    assert out == [{"kind": "provide", "fact": "has_plan", "expert": False,
                    "label": {"zh": "有建设方案", "en": "Has a construction plan"},
                    "text": {"zh": "请说明是否有建设方案", "en": "say whether: has a construction plan"},
                    "message": {"code": "suggest.say_whether", "params": {"label": out[0]["label"] | {
                        "en": "has a construction plan"}}}}]


def test_missing_category_is_asked_for(fixture_hub):
    _, out = run(fixture_hub, "test-platform-annual", {})
    assert [(s["kind"], s["fact"]) for s in out] == [("provide", "category")]


# -- hand-made results: shapes the fixtures do not produce -----------------------------------------
def _criterion(path, result, gap=None, missing=()):
    return {"key": path.rsplit("/", 1)[-1], "kind": "criterion", "path": path, "result": result,
            "label": {"zh": path, "en": path}, "gap": gap, "missing": list(missing), "values": {}}


def test_strict_comparison_on_an_unknown_fact_type_and_lower_bound():
    res = {"outcome": "fail", "missing": [], "items": [
        {"key": "c", "kind": "all", "path": "c", "result": "fail", "label": {"zh": "条件", "en": "Conditions"}},
        _criterion("c/ratio", "fail", {"fact": "ratio", "actual": 25, "operator": ">", "needed": 25}),
        _criterion("c/debt", "fail", {"fact": "debt", "actual": 90, "operator": "<=", "needed": 80}),
        _criterion("c/other", "fail"),
    ]}
    out = suggestions(res, None)
    assert out[0]["kind"] == "raise" and out[0]["text"]["zh"] == "将ratio从25增加到超过25"
    assert out[0]["text"]["en"] == "increase ratio from 25 to more than 25"
    assert (out[1]["kind"], out[1]["to"], out[1]["text"]["en"]) == ("lower", 80, "reduce debt from 90 to 80")
    assert out[2] == {"kind": "meet", "item": "c/other", "label": {"zh": "c/other", "en": "c/other"}, "citation": None,
                      "text": {"zh": "需满足：c/other", "en": "must meet: c/other"},
                      "message": {"code": "suggest.meet", "params": {"label": {"zh": "c/other", "en": "c/other"}}}}


def test_moot_missing_facts_are_not_asked_for():
    res = {"outcome": "fail", "missing": ["a", "b"], "items": [
        {"key": "root", "kind": "all", "path": "root", "result": "fail", "label": {"zh": "r", "en": "r"}},
        {"key": "who", "kind": "any", "path": "root/who", "result": "pass", "label": {"zh": "w", "en": "w"}},
        _criterion("root/who/x", "pass"),
        _criterion("root/who/y", "undetermined", missing=["a"]),
        _criterion("root/z", "undetermined", missing=["b"]),
        _criterion("root/q", "fail"),
    ]}
    out = suggestions(res, None)
    assert [s.get("fact") for s in by_kind(out, "provide")] == ["b"]


@pytest.mark.parametrize("mark,comparison,score,short_text", [(60, ">=", 59, "还差1分"), (60, ">", 60, "还差0分")])
def test_strict_pass_mark_needs_more_than_the_mark(mark, comparison, score, short_text):
    res = {"outcome": "fail", "missing": [], "score": score, "score_range": [score, score], "pass_mark": mark,
           "pass_comparison": comparison, "sections": {"score_sheet": {"sheet": "s", "mandatory": []}},
           "items": [{"key": "t", "kind": "indicator", "path": "s/g/sg/t", "result": "partial", "points": 5,
                      "max_points": 10, "values": {"n": 2}, "missing": [], "label": {"zh": "t", "en": "t"},
                      "detail": {"scoring": "tiers", "tiers": [{"threshold": 5, "comparison": ">=", "points": 10},
                                                              {"threshold": 2, "comparison": ">=", "points": 5}]},
                      "gap": {"fact": "n", "actual": 2, "operator": ">=", "needed": 5, "points": 10}}]}
    points = by_kind(suggestions(res, None), "points")[0]
    assert short_text in points["text"]["zh"]
    assert ("须超过" in points["text"]["zh"]) == (comparison == ">")
    assert [(s["fact"], s["to"]) for s in points["steps"]] == [("n", 5)]


def test_unreachable_pass_mark_says_so():
    res = {"outcome": "fail", "missing": [], "score": 10, "score_range": [10, 10], "pass_mark": 60,
           "pass_comparison": ">=", "sections": {"score_sheet": {"sheet": "s", "mandatory": []}}, "items": []}
    points = by_kind(suggestions(res, None), "points")[0]
    assert points["reachable"] is False
    assert points["text"]["en"].endswith("raising every self-assessed indicator would not be enough")


def test_fully_failed_when_even_full_expert_marks_fall_short(fixture_hub):
    facts = {k: v for k, v in FINANCE_OK.items() if k != "plan_quality"}
    res, out = run(fixture_hub, "test-platform-annual", {**facts, "trainings": 0, "loans": 0})
    assert res["outcome"] == "fail" and res["score_range"] == [25, 45]
    points = by_kind(out, "points")[0]
    assert (points["basis"], points["short"]) == ("best", 15)
    assert points["text"]["zh"] == "即使专家评分项得满分，总分最多45分，须达到60分，还差15分"


def test_not_a_result():
    assert suggestions(None, None) == []
    assert suggestions({"outcome": "pass", "items": [{"kind": "criterion", "result": "fail"}]}, None) == []


def test_many_indicators_fall_back_to_the_largest_gains():
    tiers = [{"threshold": 10, "comparison": ">=", "points": 10}, {"threshold": 5, "comparison": ">=", "points": 5}]
    items = [{"key": f"i{n}", "kind": "indicator", "path": f"s/g/sg/i{n}", "result": "fail", "points": 0,
              "max_points": 10, "values": {f"n{n}": 0}, "missing": [], "label": {"zh": "i", "en": "i"},
              "detail": {"scoring": "tiers", "tiers": tiers}, "gap": {"fact": f"n{n}"}} for n in range(120)]
    res = {"outcome": "fail", "missing": [], "score": 0, "score_range": [0, 0], "pass_mark": 45,
           "pass_comparison": ">=", "sections": {"score_sheet": {"sheet": "s", "mandatory": []}}, "items": items}
    points = by_kind(suggestions(res, None), "points")[0]
    assert points["reachable"] and [s["points"] for s in points["steps"]] == [10] * 5
