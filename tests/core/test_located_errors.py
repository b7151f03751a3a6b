"""A broken policy file gives the same located message everywhere: init, evaluate, test, schemes --from-files
and pytest collection; evaluate exits 2 (never 1) on a broken policy or facts file."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from policyhub.cli import main

ROUND = "schemes/checklist-round.yaml"
# the misspelt key `minimun` on line 16, column 5 of the round
LOCATED = re.compile(r"checklist-round\.yaml:16:5: facts\.staff\.minimun: Extra inputs are not permitted")


@pytest.fixture
def broken(policy_copy):
    f = policy_copy / ROUND
    text = f.read_text(encoding="utf-8")
    assert text.splitlines()[15] == "    minimum: 0"
    f.write_text(text.replace("    minimum: 0\n", "    minimun: 0\n", 1), encoding="utf-8")
    return policy_copy


@pytest.fixture
def run(cli_runner, monkeypatch, broken):
    import policyhub.hub as hubmod

    monkeypatch.setattr(hubmod, "BUNDLED_POLICIES", broken)
    monkeypatch.setenv("POLICYHUB_NO_ENTRY_POINTS", "1")
    return lambda *args: cli_runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def facts(tmp_path):
    p = tmp_path / "facts.json"
    p.write_text(json.dumps({"staff": 5}), encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("args", [("init",), ("evaluate", "example-checklist", "--facts", "FACTS"),
                                  ("evaluate", "example-checklist", "--facts", "FACTS", "--from-files"),
                                  ("test",), ("test", "--from-files"), ("schemes", "--from-files")],
                         ids=lambda a: " ".join(a))
def test_every_command_reports_the_file_key_line_and_column_and_exits_2(run, facts, args):
    r = run(*[facts if a == "FACTS" else a for a in args])
    assert r.exit_code == 2, r.output
    assert LOCATED.search(r.stderr), r.stderr
    assert "Traceback" not in r.output


def test_yaml_syntax_error_has_line_and_column(run, broken):
    f = broken / "schemes/checklist.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "audience: [enterprise\n", encoding="utf-8")
    r = run("init")
    assert r.exit_code == 2
    assert re.search(r"checklist\.yaml:\d+:\d+: \(file\): not valid YAML: ", r.stderr), r.stderr


def test_an_unknown_fact_in_a_rule_is_located_at_its_criterion(run, broken):
    f = broken / ROUND
    f.write_text(f.read_text(encoding="utf-8").replace("    minimun: 0\n", "    minimum: 0\n")
                 .replace("{var: staff}", "{var: stafff}"), encoding="utf-8")
    lines = f.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "stafff" in t)
    r = run("test")
    assert r.exit_code == 2
    m = re.search(r"checklist-round\.yaml:(\d+):(\d+): criteria\[staff\]\.rule", r.stderr)
    assert m and int(m.group(1)) == line, r.stderr


@pytest.mark.parametrize("content", ["{staff: [1,", '{"staff": 5,,}', "- a\nb: c\n"], ids=["yaml", "json", "mixed"])
def test_evaluate_exits_2_on_a_malformed_facts_file(cli_runner, monkeypatch, tmp_path, content):
    from .conftest import POLICIES
    import policyhub.hub as hubmod

    monkeypatch.setattr(hubmod, "BUNDLED_POLICIES", POLICIES)
    monkeypatch.setenv("POLICYHUB_NO_ENTRY_POINTS", "1")
    p = tmp_path / "facts.yaml"
    p.write_text(content, encoding="utf-8")
    r = cli_runner.invoke(main, ["evaluate", "example-checklist", "--facts", str(p)], catch_exceptions=False)
    assert r.exit_code == 2, r.output
    assert re.search(r"error: facts: .*facts\.yaml:\d+:\d+: neither JSON nor YAML", r.stderr), r.stderr


def test_evaluate_exits_2_on_a_missing_facts_file(cli_runner, tmp_path):
    r = cli_runner.invoke(main, ["evaluate", "example-checklist", "--facts", str(tmp_path / "nope.json")])
    assert r.exit_code == 2 and "cannot read" in r.stderr


def test_test_of_an_unknown_scheme_is_an_error(cli_runner, monkeypatch):
    from .conftest import POLICIES
    import policyhub.hub as hubmod

    monkeypatch.setattr(hubmod, "BUNDLED_POLICIES", POLICIES)
    monkeypatch.setenv("POLICYHUB_NO_ENTRY_POINTS", "1")
    r = cli_runner.invoke(main, ["test", "--scheme", "no-such-scheme", "--from-files"])
    assert r.exit_code == 2 and "unknown scheme 'no-such-scheme'" in r.stderr
    r = cli_runner.invoke(main, ["test", "--scheme", "example-checklist", "--from-files"])
    assert r.exit_code == 0 and r.output.splitlines()[-1].endswith("0 failed")


def test_pytest_collection_is_one_located_error_not_a_traceback_per_case(broken, tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n", encoding="utf-8")
    env = {**os.environ, "POLICYHUB_NO_ENTRY_POINTS": "1"}
    r = subprocess.run([sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"), "--rootdir",
                        str(tmp_path), str(broken)], capture_output=True, text=True, env=env, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 2, out
    assert re.search(r"\b1 error\b", out) and "passed" not in out, out
    assert LOCATED.search(out), out
    assert "Traceback" not in out and len(out.splitlines()) < 40, out


def test_pytest_still_runs_the_cases_of_good_files(policy_copy, tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n", encoding="utf-8")
    env = {**os.environ, "POLICYHUB_NO_ENTRY_POINTS": "1"}
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-c", str(tmp_path / "pytest.ini"), "--rootdir",
                        str(tmp_path), str(policy_copy)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0 and re.search(r"\d+ passed", r.stdout), r.stdout + r.stderr
