"""Evaluation: bounded cost, errors, data conversion, plugin operators, apply."""
from __future__ import annotations

import datetime as dt
import decimal
import threading
import time

import pytest

from policyhub.rules import OperatorSet, RuleEvaluationError, apply, compile_rule


def test_pathological_rule_stops_with_an_error_not_a_hang():
    # Quadratic: each step copies the growing accumulator.
    rule = {"reduce": [{"var": "xs"}, {"merge": [{"var": "accumulator"}, [{"var": "current"}]]}, []]}
    compiled = compile_rule(rule)
    assert compiled.evaluate({"xs": list(range(50))}) == list(range(50))
    start = time.perf_counter()
    with pytest.raises(RuleEvaluationError) as info:
        compiled.evaluate({"xs": list(range(20_000))})
    assert time.perf_counter() - start < 2
    assert info.value.code == "BudgetExceeded" and info.value.operator is not None
    assert "100,000 operations" in str(info.value)


def test_large_data_is_refused_before_the_work():
    rule = {"some": [{"var": "xs"}, {"==": [{"var": ""}, -1]}]}
    with pytest.raises(RuleEvaluationError) as info:
        apply(rule, {"xs": list(range(300_000))})
    assert info.value.code == "BudgetExceeded"
    assert apply(rule, {"xs": list(range(1_000))}) is False


def test_evaluation_error_names_the_operator_and_pointer():
    with pytest.raises(RuleEvaluationError) as info:
        apply({"and": [{"var": "a"}, {"+": [1, {"/": [1, {"var": "staff"}]}]}]}, {"a": 1, "staff": 0})
    err = info.value
    assert (err.operator, err.pointer) == ("/", "/and/1/+/1")
    assert "division by zero" in str(err)


def test_dates_and_decimals_in_data_are_converted():
    rule = {"and": [{">=": [{"var": "founded"}, "2020-01-01"]}, {">": [{"var": "revenue"}, 2]},
                    {"==": [{"var": "staff"}, 5]}]}
    data = {"founded": dt.date(2021, 3, 1), "revenue": decimal.Decimal("2.5"), "staff": decimal.Decimal("5")}
    assert apply(rule, data) is True
    assert apply({"var": "at"}, {"at": dt.datetime(2026, 1, 2, 3, 4)}) == "2026-01-02T03:04:00"
    assert apply({"var": "t"}, {"t": (1, 2)}) == [1, 2]


def test_non_json_data_is_an_evaluation_error():
    with pytest.raises(RuleEvaluationError) as info:
        apply({"var": "x"}, {"x": object()})
    assert info.value.code == "Data"


def test_string_data_is_a_string_value_not_json_text():
    assert apply({"var": ""}, "apple") == "apple"
    assert apply({"var": ""}, '{"a": 1}') == '{"a": 1}'


def test_plugin_operator_gets_evaluated_arguments():
    seen = []

    def years_between(start, end):
        seen.append((start, end))
        return int(end[:4]) - int(start[:4])

    ops = OperatorSet.standard().with_operator("years_between", years_between, min_args=2, max_args=2)
    rule = {">=": [{"years_between": [{"var": "founded"}, {"cat": ["2026", "-01-01"]}]}, 3]}
    assert apply(rule, {"founded": "2020-05-01"}, operators=ops) is True
    assert seen == [("2020-05-01", "2026-01-01")]


def test_plugin_errors_become_evaluation_errors():
    def boom(x):
        raise ValueError("bad input")

    ops = (OperatorSet.standard().with_operator("boom", boom)
           .with_operator("not_json", lambda: object()))
    with pytest.raises(RuleEvaluationError, match="bad input"):
        apply({"boom": [1]}, operators=ops)
    with pytest.raises(RuleEvaluationError):
        apply({"not_json": []}, operators=ops)


def test_plugin_may_use_a_name_of_a_datalogic_extension():
    ops = OperatorSet.standard().with_operator("length", lambda s: len(s), min_args=1, max_args=1)
    assert apply({"length": ["专职人员"]}, operators=ops) == 4


def test_apply_with_parameters():
    assert apply({">=": [{"var": "x"}, {"param": "min"}]}, {"x": 3}, parameters={"min": 3}) is True


def test_compiled_rule_is_thread_safe():
    compiled = compile_rule({"+": [{"var": "a"}, {"var": "b"}]})
    errors = []

    def work(n):
        for i in range(2000):
            if compiled.evaluate({"a": n, "b": i}) != n + i:
                errors.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
