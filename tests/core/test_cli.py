"""The command line, as an applicant or official would call it."""
from __future__ import annotations

import json

import pytest

from policyhub.cli import main

from .conftest import POLICIES


@pytest.fixture
def run(cli_runner, monkeypatch):
    """Run `policyhub` with only the example policies as the installed ones."""
    import policyhub.hub as hubmod

    monkeypatch.setattr(hubmod, "BUNDLED_POLICIES", POLICIES)
    monkeypatch.setenv("POLICYHUB_NO_ENTRY_POINTS", "1")

    def _run(*args, input=None):
        return cli_runner.invoke(main, list(args), input=input, catch_exceptions=False)
    return _run


@pytest.fixture
def facts_file(tmp_path):
    def _write(data):
        p = tmp_path / "facts.json"
        p.write_text(json.dumps(data), encoding="utf-8")
        return str(p)
    return _write


def test_init_then_schemes_json(run):
    r = run("init")
    assert r.exit_code == 0, r.output
    assert "3 schemes" in r.output and "3 rounds" in r.output
    r = run("schemes", "--format", "json")
    rows = json.loads(r.output)
    assert [x["key"] for x in rows] == ["example-checklist", "example-city-checklist", "example-sheet"]
    assert rows[0]["round"] == {"key": "2024", "status": "published", "version": 1}


def test_evaluate_json_shape_and_exit_codes(run, facts_file):
    run("init")
    r = run("evaluate", "example-checklist", "--facts",
            facts_file({"staff": 3, "office_area": 40, "registered_here": True}), "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert data["outcome"] == "fail" and data["scheme"] == "example-checklist" and data["round"] == "2024"
    staff = next(i for i in data["items"] if i["key"] == "staff")
    assert staff["gap"]["needed"] == 5 and staff["parameter"]["name"] == "min_staff"
    r = run("evaluate", "example-checklist", "--facts",
            facts_file({"staff": 5, "office_area": 40, "registered_here": True}))
    assert r.exit_code == 0 and "符合" in r.output
    r = run("evaluate", "example-checklist", "--facts", facts_file({"staff": 5}), "--lang", "en")
    assert r.exit_code == 3 and "office_area" in r.output


def test_evaluate_bad_facts_reports_paths(run, facts_file):
    run("init")
    r = run("evaluate", "example-checklist", "--facts", facts_file({"staff": "x"}))
    assert r.exit_code == 2 and "staff:" in r.output


def test_evaluate_unknown_scheme_is_a_clear_error(run, facts_file):
    run("init")
    r = run("evaluate", "nope", "--facts", facts_file({}))
    assert r.exit_code == 2 and "unknown scheme 'nope'" in r.output


def test_facts_prints_json_schema(run):
    run("init")
    schema = json.loads(run("facts", "example-sheet").output)
    assert schema["properties"]["plan_quality"]["x-expert"] is True
    assert schema["properties"]["satisfaction"]["maximum"] == 100


def test_policy_cases_last_line(run):
    run("init")
    r = run("test")
    assert r.output.strip().splitlines()[-1] == "6 passed, 0 failed"


def test_diff_child_against_parent_and_rounds(run, tmp_path):
    run("init")
    r = run("diff", "example-city")
    assert "overridden" in r.output and "parameters.min_staff: 5 -> 8" in r.output
    r = run("diff", "example-checklist", "2024", "2024", "--format", "json")
    assert json.loads(r.output) == []


def test_export_writes_loadable_files(run, tmp_path):
    run("init")
    r = run("export", str(tmp_path / "out"))
    assert r.exit_code == 0
    from policyhub.loader import load_folders
    assert len(load_folders([tmp_path / "out"]).rounds) == 3


def test_rules_eval_and_check_suite(run, tmp_path):
    r = run("rules", "eval", '{">=": [{"var": "a"}, 3]}', '{"a": 4}')
    assert r.output.strip() == "true"
    r = run("rules", "eval", '{"method": ["x", "upper"]}')
    assert r.exit_code == 2 and "method" in r.output
    suite = tmp_path / "suite.json"
    suite.write_text(json.dumps(["header", [{"+": [1, 2]}, None, 3], [{"+": [1, 2]}, None, 4]]))
    r = run("rules", "check-suite", str(suite))
    assert r.output.strip().splitlines()[-1] == "1 passed, 1 failed" and r.exit_code == 1


def test_evaluate_without_init_reads_files(run, facts_file):
    r = run("evaluate", "example-checklist", "--facts",
            facts_file({"staff": 5, "office_area": 40, "registered_here": True}))
    assert r.exit_code == 0
