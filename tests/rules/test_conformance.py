"""The official JsonLogic suite, and a community-format file, through our wrapper."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyhub.rules import load_suite, run_case, run_suite

DATA = Path(__file__).parent / "data"
OFFICIAL = DATA / "jsonlogic-tests.json"
COMMUNITY = DATA / "community-sample.json"
OFFICIAL_CASES = load_suite(OFFICIAL)


def test_official_suite_all_277_pass():
    report = run_suite(OFFICIAL)
    assert (report.passed, report.failed) == (277, 0), report.failures[:5]


@pytest.mark.parametrize("case", OFFICIAL_CASES, ids=[c.description for c in OFFICIAL_CASES])
def test_official_case(case):
    assert run_case(case) is None


def test_community_file_passes_including_expected_errors():
    cases = load_suite(COMMUNITY)
    assert len(cases) == 8
    assert sum(c.expects_error for c in cases) == 3
    report = run_suite([COMMUNITY])
    assert (report.passed, report.failed) == (8, 0), report.failures


def test_formats_are_detected_per_entry_and_wrong_expectations_fail(tmp_path):
    suite = tmp_path / "mixed.json"
    suite.write_text(json.dumps([
        "# mixed",
        [{"+": [1, 1]}, None, 2],                                   # official, passes
        [{"+": [1, 1]}, None, 3],                                   # official, wrong
        {"description": "true is not 1", "rule": {"==": [1, 1]}, "result": 1},
        {"description": "expects an error, gets 2", "rule": {"+": [1, 1]}, "error": {"type": "x"}},
        {"description": "unexpected error", "rule": {"/": [1, 0]}, "result": None},
    ]))
    report = run_suite(str(suite))
    assert (report.passed, report.failed) == (1, 4)
    by_name = {f.description: f for f in report.failures}
    assert by_name["mixed #2"].got == 2 and by_name["mixed #2"].expected == 3
    assert by_name["true is not 1"].got is True
    assert by_name["expects an error, gets 2"].got == 2
    assert by_name["unexpected error"].got.startswith("error: RuleEvaluationError")


def test_a_file_that_is_not_a_suite_is_refused(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"rule": 1}')
    with pytest.raises(ValueError):
        run_suite(bad)
