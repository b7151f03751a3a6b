"""compile_rule: parameter substitution, cache, reads, parameters, digest."""
from __future__ import annotations

import hashlib
import json

import pytest

from policyhub.rules import OperatorSet, RuleError, clear_cache, compile_rule
from policyhub.rules import compiler
from policyhub.rules.limits import CACHE_SIZE

RULE = {"and": [
    {">=": [{"var": "staff"}, {"param": "min_staff"}]},
    {"in": [{"var": "company.region"}, {"param": "regions"}]},
    {"some": [{"var": "projects"}, {">": [{"var": "budget"}, 0]}]},
]}
PARAMS = {"min_staff": 5, "regions": ["SH", "BJ"], "unused": 1}


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def test_parameters_are_substituted_and_source_keeps_references():
    compiled = compile_rule(RULE, parameters=PARAMS)
    assert compiled.source == RULE
    assert compiled.resolved["and"][0] == {">=": [{"var": "staff"}, 5]}
    assert compiled.resolved["and"][1] == {"in": [{"var": "company.region"}, ["SH", "BJ"]]}
    assert compiled.parameter_values == {"min_staff": 5, "regions": ["SH", "BJ"]}
    data = {"staff": 5, "company": {"region": "SH"}, "projects": [{"budget": 1}]}
    assert compiled.evaluate(data) is True
    assert compiled.truthy({**data, "staff": 4}) is False


def test_reads_parameters_digest():
    compiled = compile_rule(RULE, parameters=PARAMS)
    assert compiled.reads == frozenset({"staff", "company", "projects"})
    assert compiled.parameters == frozenset({"min_staff", "regions"})
    canonical = json.dumps(RULE, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert compiled.digest == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:16]


def test_digest_ignores_key_order_and_parameter_values_but_not_content():
    a = compile_rule({">=": [{"var": "staff"}, {"param": "min_staff"}]}, parameters={"min_staff": 5})
    b = compile_rule({">=": [{"var": "staff"}, {"param": "min_staff"}]}, parameters={"min_staff": 9})
    c = compile_rule({">=": [{"var": "staff"}, {"param": "max_staff"}]}, parameters={"max_staff": 5})
    assert a.digest == b.digest != c.digest
    rule1 = {"if": [{"var": "a"}, {"cat": ["x", "y"]}, None]}
    rule2 = json.loads(json.dumps(rule1))
    assert compile_rule(rule1).digest == compile_rule(rule2).digest


def test_same_rule_and_parameters_give_the_same_object():
    first = compile_rule(RULE, parameters=PARAMS)
    again = compile_rule(json.loads(json.dumps(RULE)), parameters={"min_staff": 5, "regions": ["SH", "BJ"]})
    assert again is first


def test_unused_parameter_change_reuses_used_parameter_change_recompiles():
    first = compile_rule(RULE, parameters=PARAMS)
    assert compile_rule(RULE, parameters={**PARAMS, "unused": 2}) is first
    changed = compile_rule(RULE, parameters={**PARAMS, "min_staff": 6})
    assert changed is not first
    data = {"staff": 5, "company": {"region": "SH"}, "projects": [{"budget": 1}]}
    assert first.evaluate(data) is True and changed.evaluate(data) is False


def test_int_and_float_parameter_values_are_different_keys_but_both_work():
    a = compile_rule(RULE, parameters={**PARAMS, "min_staff": 5})
    b = compile_rule(RULE, parameters={**PARAMS, "min_staff": 5.5})
    assert a is not b and b.resolved["and"][0][">="][1] == 5.5


def test_operator_set_is_part_of_the_key():
    ops = OperatorSet.standard().with_operator("double", lambda x: 2 * x, min_args=1, max_args=1)
    assert compile_rule(RULE, parameters=PARAMS, operators=ops) is not compile_rule(RULE, parameters=PARAMS)


def test_cache_is_bounded_lru():
    first = compile_rule({"+": [0, 1]})
    second = compile_rule({"+": [1, 1]})
    for i in range(2, CACHE_SIZE):
        compile_rule({"+": [i, 1]})
    assert compiler.cache_size() == CACHE_SIZE
    assert compile_rule({"+": [0, 1]}) is first          # touched: now most recent
    compile_rule({"+": [-1, 1]})                          # evicts the least recent, {"+": [1, 1]}
    assert compiler.cache_size() == CACHE_SIZE
    assert compile_rule({"+": [0, 1]}) is first
    assert compile_rule({"+": [1, 1]}) is not second


def test_later_mutation_of_inputs_does_not_change_a_compiled_rule():
    rule = {"in": [{"var": "region"}, {"param": "regions"}]}
    params = {"regions": ["SH"]}
    compiled = compile_rule(rule, parameters=params)
    rule["in"][0] = {"var": "other"}
    params["regions"].append("BJ")
    assert compiled.source == {"in": [{"var": "region"}, {"param": "regions"}]}
    assert compiled.evaluate({"region": "BJ"}) is False


def test_missing_parameter_values_are_refused():
    with pytest.raises(RuleError) as info:
        compile_rule({">=": [{"var": "staff"}, {"param": "min_staff"}]})
    assert [(p.path, p.code) for p in info.value.errors] == [("/>=/1", "unknown_parameter")]


@pytest.mark.parametrize("value", [{"var": "x"}, [1, {"a": 1}], float("inf"), object()])
def test_parameter_values_must_be_literals(value):
    with pytest.raises(RuleError) as info:
        compile_rule({"in": [{"var": "x"}, {"param": "p"}]}, parameters={"p": value})
    assert [(p.path, p.code) for p in info.value.errors] == [("/in/1", "shape")]


def test_facts_are_checked_on_every_call_even_when_cached():
    rule = {">=": [{"var": "staff"}, 1]}
    compile_rule(rule)
    with pytest.raises(RuleError) as info:
        compile_rule(rule, facts={"age"})
    assert info.value.errors[0].code == "unknown_fact"


def test_string_and_scalar_rules_are_literals():
    assert compile_rule("apple").evaluate({}) == "apple"
    assert compile_rule('{"var": "x"}').evaluate({"x": 1}) == '{"var": "x"}'
    assert compile_rule(None).evaluate(None) is None
