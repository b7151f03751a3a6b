"""comparison_of and gap: explaining a single comparison rule."""
from __future__ import annotations

import pytest

from policyhub.rules import Comparison, Gap, comparison_of, gap

STAFF = {">=": [{"var": "staff"}, {"param": "min_staff"}]}


def test_fact_against_parameter():
    c = comparison_of(STAFF)
    assert c == Comparison("staff", ">=", "min_staff", {"param": "min_staff"})
    assert c.threshold_value({"min_staff": 5}) == 5


def test_fact_against_literal():
    c = comparison_of({"<": [{"var": "debt_ratio"}, 0.7]})
    assert (c.fact, c.operator, c.parameter, c.threshold_source) == ("debt_ratio", "<", None, 0.7)
    assert c.threshold_value() == 0.7


@pytest.mark.parametrize("op,flipped", [(">=", "<="), (">", "<"), ("<=", ">="), ("<", ">"), ("==", "=="),
                                        ("!==", "!==")])
def test_reversed_operands_flip_the_operator(op, flipped):
    c = comparison_of({op: [{"param": "min_staff"}, {"var": "staff"}]})
    assert (c.fact, c.operator, c.parameter) == ("staff", flipped, "min_staff")


def test_between_gives_lower_and_upper_bounds():
    c = comparison_of({"<=": [18, {"var": "age"}, {"param": "max_age"}]})
    assert (c.fact, c.operator, c.parameter, c.threshold_source) == ("age", ">=", None, 18)
    assert c.upper == Comparison("age", "<=", "max_age", {"param": "max_age"})
    strict = comparison_of({"<": [0, {"var": "x"}, 10]})
    assert (strict.operator, strict.upper.operator) == (">", "<")


def test_var_with_default_and_dotted_path():
    assert comparison_of({">=": [{"var": ["staff", 0]}, 5]}).fact == "staff"
    assert comparison_of({">=": [{"var": "company.staff"}, 5]}).fact == "company.staff"


@pytest.mark.parametrize("rule", [
    {"and": [STAFF]},
    {">=": [{"var": "a"}, {"var": "b"}]},
    {">=": [1, 2]},
    {">=": [{"var": "a"}, {"+": [1, 2]}]},
    {">=": [{"var": "a"}, [1, 2]]},
    {">=": [{"var": ""}, 1]},
    {"in": [{"var": "a"}, ["x"]]},
    {">=": [{"var": "a"}, 1, 2]},
    {"<=": [{"var": "a"}, 1, 2]},
    {"var": "a"},
    "apple",
])
def test_anything_else_is_not_a_comparison(rule):
    assert comparison_of(rule) is None


def test_gap_for_a_shortfall_in_english_and_chinese():
    g = gap(comparison_of(STAFF), 3, 5)
    assert g == Gap("staff", 3, ">=", 5, 2)
    assert g.text("en", "full-time staff") == "full-time staff 3, needs ≥ 5"
    assert g.text("zh", "专职人员") == "专职人员 3，需 ≥ 5"
    assert g.text("zh_Hans_CN", {"en": "staff", "zh": "专职人员"}) == "专职人员 3，需 ≥ 5"
    assert g.text() == "staff 3, needs ≥ 5"


def test_gap_is_none_when_met():
    assert gap(comparison_of(STAFF), 5, 5) is None
    assert gap(comparison_of(STAFF), "7", 5) is None      # the engine's coercion decides


def test_gap_for_upper_limits_and_greater_than():
    over = gap(comparison_of({"<=": [{"var": "debt_ratio"}, 0.7]}), 0.9, 0.7)
    assert (over.operator, over.needed) == ("<=", 0.7) and over.shortfall == pytest.approx(0.2)
    assert over.text("en", "debt ratio") == "debt ratio 0.9, needs ≤ 0.7"
    gt = gap(comparison_of({">": [{"var": "staff"}, 5]}), 3, 5)
    assert (gt.needed, gt.shortfall) == (5, 2)


def test_gap_for_between_reports_the_failing_bound():
    c = comparison_of({"<=": [18, {"var": "age"}, {"param": "max_age"}]})
    assert gap(c, 30, (18, 65)) is None
    assert gap(c, 16, (18, 65)) == Gap("age", 16, ">=", 18, 2)
    assert gap(c, 70, (18, 65)) == Gap("age", 70, "<=", 65, 5)


def test_gap_without_numbers_has_no_shortfall():
    g = gap(comparison_of({"==": [{"var": "sector"}, "software"]}), "retail", "software")
    assert g.shortfall is None and g.text("en", "sector") == "sector retail, needs = software"
    missing = gap(comparison_of(STAFF), None, 5)
    assert missing.text("en", "staff") == "staff not provided, needs ≥ 5"
    assert missing.text("zh", "专职人员") == "专职人员 未提供，需 ≥ 5"


def test_gap_with_units_and_json():
    g = gap(comparison_of({">=": [{"var": "revenue"}, 500]}), 320.0, 500)
    assert g.text("en", "revenue", "10k CNY") == "revenue 320 10k CNY, needs ≥ 500 10k CNY"
    assert g.text("zh", "营业收入", {"zh": "万元"}) == "营业收入 320万元，需 ≥ 500万元"
    out = g.to_json(label={"en": "revenue", "zh": "营业收入"})
    assert out["shortfall"] == 180 and out["text"] == {"en": "revenue 320, needs ≥ 500",
                                                        "zh": "营业收入 320，需 ≥ 500"}
