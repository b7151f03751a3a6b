"""parse_rule_text and validate_rule: every problem, located by JSON pointer."""
from __future__ import annotations

import pytest

from policyhub.rules import OperatorSet, RuleError, compile_rule, parse_rule_text, validate_rule
from policyhub.rules.limits import MAX_DEPTH, MAX_NODES


def codes(problems):
    return [(p.path, p.code) for p in problems]


# -- parsing ------------------------------------------------------------------------------------

def test_parse_returns_the_rule():
    assert parse_rule_text('{">=": [{"var": "staff"}, 5]}') == {">=": [{"var": "staff"}, 5]}
    assert parse_rule_text('"apple"') == "apple"


def test_parse_error_has_line_and_column():
    text = '{"and": [\n  {"var": "staff"}\n  {"var": "age"}]}'
    with pytest.raises(RuleError) as info:
        parse_rule_text(text)
    (problem,) = info.value.errors
    assert (problem.code, problem.path, problem.line, problem.column) == ("parse", "", 3, 3)
    assert "line 3, column 3" in problem.message


def test_parse_error_at_end_of_text():
    with pytest.raises(RuleError) as info:
        parse_rule_text('{"var": "x"')
    assert info.value.errors[0].line == 1 and info.value.errors[0].column == 12


@pytest.mark.parametrize("text", ['{"var": "a", "var": "b"}', '{"+": [NaN, 1]}', '{"+": [Infinity]}'])
def test_parse_refuses_duplicate_keys_and_non_json_numbers(text):
    with pytest.raises(RuleError) as info:
        parse_rule_text(text)
    assert info.value.errors[0].code == "parse"


# -- operators and arity ------------------------------------------------------------------------

def test_a_valid_rule_has_no_problems():
    rule = {"and": [{">=": [{"var": "staff"}, {"param": "min_staff"}]}, {"<=": [0, {"var": "age"}, 5]}]}
    assert validate_rule(rule, facts={"staff", "age"}, parameters={"min_staff"}) == []


def test_unknown_operator_is_located_and_suggested():
    problems = validate_rule({"and": [True, {">=": [{"vr": "staff"}, 1]}]})
    assert codes(problems) == [("/and/1/>=/0", "unknown_operator")]
    assert "'var'" in problems[0].message


@pytest.mark.parametrize("op", ["length", "now", "abs", "type", "try", "throw",
                                "split", "starts_with", "datetime", "keys", "sort", "method", "log"])
def test_non_standard_operators_are_refused(op):
    problems = validate_rule({op: [1]})
    assert codes(problems) == [("", "unknown_operator")]


def test_val_and_exists_reads_are_checked_against_the_facts():
    facts = ["staff", "region"]
    assert validate_rule({"val": ["staff"]}, facts=facts) == []
    assert validate_rule({"exists": "region"}, facts=facts) == []
    assert codes(validate_rule({"val": ["staf", "x"]}, facts=facts)) == [("/val/0", "unknown_fact")]
    assert codes(validate_rule({"exists": "nope"}, facts=facts)) == [("/exists", "unknown_fact")]
    assert validate_rule({"map": [{"var": "staff"}, {"val": [[1], "region"]}]}, facts=facts) == []


def test_method_and_log_get_their_own_reason():
    assert "never allowed" in validate_rule({"method": ["a", "toUpperCase"]})[0].message
    assert "side effect" in validate_rule({"log": "x"})[0].message


@pytest.mark.parametrize("rule,message", [
    ({">=": [1]}, "'>=' takes exactly 2 arguments, got 1."),
    ({"<": [1, 2, 3, 4]}, "'<' takes 2 to 3 arguments, got 4."),
    ({"!": []}, "'!' takes exactly 1 argument, got 0."),
    ({"and": []}, "'and' takes at least 1 argument, got 0."),
    ({"map": [[1]]}, "'map' takes exactly 2 arguments, got 1."),
    ({"?:": [True, 1]}, "'?:' takes exactly 3 arguments, got 2."),
])
def test_arity(rule, message):
    (problem,) = validate_rule(rule)
    assert (problem.code, problem.message) == ("arity", message)


def test_a_single_non_list_argument_counts_as_one():
    assert validate_rule({"!": {"var": "x"}}) == []
    assert codes(validate_rule({"==": {"var": "x"}})) == [("", "arity")]


def test_pointer_escapes_slash_and_tilde():
    problems = validate_rule({"/": [{"~x": 1}, 2]})
    assert codes(problems) == [("/~1/0", "unknown_operator")]


# -- shape --------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule,path", [
    ({"var": "a", "cat": "b"}, ""),
    ({"cat": [float("nan")]}, "/cat/0"),
    ({"cat": [{1: 2}]}, "/cat/0"),
    ({"cat": [object()]}, "/cat/0"),
    ({"var": 1.5}, "/var"),
    ({"var": True}, "/var"),
    ({"param": 3}, ""),
])
def test_shape_problems(rule, path):
    assert codes(validate_rule(rule)) == [(path, "shape")]


def test_empty_object_is_a_literal():
    assert validate_rule({"!!": [{}]}) == []


def test_all_problems_are_returned_not_only_the_first():
    rule = {"and": [{"vr": "x"}, {">=": [1]}, {"var": "nope"}, {"param": "nope"}, {"a": 1, "b": 2}]}
    problems = validate_rule(rule, facts={"staff"}, parameters={"min_staff"})
    assert sorted(p.code for p in problems) == ["arity", "shape", "unknown_fact", "unknown_operator",
                                               "unknown_parameter"]


# -- facts --------------------------------------------------------------------------------------

def test_unknown_fact_uses_the_first_path_segment():
    problems = validate_rule({"and": [{"var": "company.staff"}, {"var": "staf"}]}, facts={"company", "staff"})
    assert codes(problems) == [("/and/1/var", "unknown_fact")]
    assert "Did you mean 'staff'?" in problems[0].message


def test_facts_are_not_checked_when_not_given():
    assert validate_rule({"var": "anything"}) == []


@pytest.mark.parametrize("rule", [{"var": ""}, {"var": []}, {"var": None}, {"var": [""]}])
def test_whole_data_reads_are_allowed(rule):
    assert validate_rule(rule, facts=set()) == []


def test_var_default_and_computed_path_are_walked():
    assert codes(validate_rule({"var": ["x", {"var": "y"}]}, facts={"x"})) == [("/var/1/var", "unknown_fact")]
    assert codes(validate_rule({"var": {"var": "y"}}, facts={"x"})) == [("/var/var", "unknown_fact")]


def test_vars_inside_iterators_refer_to_the_item():
    rule = {"and": [
        {"some": [{"var": "projects"}, {">=": [{"var": "budget"}, 1]}]},
        {"all": [{"var": "projects"}, {"none": [{"var": "risks"}, {"var": "severe"}]}]},
        {"filter": [{"var": "nope"}, {"var": ""}]},
    ]}
    assert codes(validate_rule(rule, facts={"projects"})) == [("/and/2/filter/0/var", "unknown_fact")]


def test_reduce_scope_reads_current_and_accumulator_only():
    good = {"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current.n"}]}, {"var": "base"}]}
    assert validate_rule(good, facts={"xs", "base"}) == []
    bad = {"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "base"}]}, 0]}
    assert codes(validate_rule(bad, facts={"xs", "base"})) == [("/reduce/1/+/1/var", "unknown_fact")]


def test_missing_keys_are_facts_too():
    problems = validate_rule({"and": [{"missing": ["vat_id", "nope.x"]}, {"missing_some": [1, ["a", "b"]]}]},
                             facts={"vat_id", "a"})
    assert codes(problems) == [("/and/0/missing/1", "unknown_fact"), ("/and/1/missing_some/1/1", "unknown_fact")]


# -- parameters ---------------------------------------------------------------------------------

def test_unknown_parameter():
    problems = validate_rule({">=": [{"var": "staff"}, {"param": "min_staf"}]}, parameters={"min_staff"})
    assert codes(problems) == [("/>=/1", "unknown_parameter")]
    assert "Did you mean 'min_staff'?" in problems[0].message


def test_parameters_are_not_checked_when_not_given():
    assert validate_rule({">=": [{"var": "staff"}, {"param": "min_staff"}]}) == []


# -- limits -------------------------------------------------------------------------------------

def nested(levels):
    rule = {"var": "x"}
    for _ in range(levels - 1):
        rule = {"!": [rule]}
    return rule


def test_depth_limit():
    assert validate_rule(nested(MAX_DEPTH)) == []
    problems = validate_rule(nested(MAX_DEPTH + 1))
    assert [p.code for p in problems] == ["too_deep"]


def test_very_deep_rule_is_refused_without_recursion_error():
    assert [p.code for p in validate_rule(nested(50_000))] == ["too_deep"]


def test_nested_literal_arrays_count_as_depth():
    value = 1
    for _ in range(MAX_DEPTH + 1):
        value = [value]
    assert [p.code for p in validate_rule({"merge": value})] == ["too_deep"]


def test_size_limit():
    assert validate_rule({"cat": ["a"] * (MAX_NODES - 1)}) == []
    problems = validate_rule({"cat": ["a"] * MAX_NODES})
    assert codes(problems) == [("", "too_large")]
    assert "2,001 nodes" in problems[0].message


# -- plugin operators ---------------------------------------------------------------------------

def test_plugin_operator_is_allowed_only_when_registered():
    ops = OperatorSet.standard().with_operator("years_between", lambda a, b: 0, min_args=2, max_args=2)
    rule = {">=": [{"years_between": [{"var": "founded"}, "2026-01-01"]}, 3]}
    assert validate_rule(rule, operators=ops) == []
    assert codes(validate_rule(rule)) == [("/>=/0", "unknown_operator")]
    assert codes(validate_rule({"years_between": [1]}, operators=ops)) == [("", "arity")]
    assert "years_between" in ops.names and "years_between" not in OperatorSet.standard().names


@pytest.mark.parametrize("name", ["var", "+", "param", "log", "val", "", "bad name", 3])
def test_plugin_names_that_are_refused(name):
    with pytest.raises((ValueError, TypeError)):
        OperatorSet.standard().with_operator(name, lambda: 0)


def test_plugin_registered_twice_is_refused():
    ops = OperatorSet.standard().with_operator("double", lambda x: 2 * x)
    with pytest.raises(ValueError):
        ops.with_operator("double", lambda x: 2 * x)


def test_standard_set_is_the_jsonlogic_list_without_log_with_the_community_additions():
    expected = set("var missing missing_some if ?: == === != !== ! !! or and > >= < <= max min "
                   "+ - * / % map reduce filter all none some merge in cat substr val exists ??".split())
    assert OperatorSet.standard().names == expected
    assert OperatorSet.standard() is OperatorSet.standard()


def test_compile_refuses_with_every_problem():
    with pytest.raises(RuleError) as info:
        compile_rule({"and": [{"vr": 1}, {">=": [1]}]})
    assert [p.code for p in info.value.errors] == ["unknown_operator", "arity"]
