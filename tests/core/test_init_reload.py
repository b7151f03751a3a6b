"""`policyhub init` on an existing database: a newly installed plugin's cases are loaded, and a round or cases
file that changed since is named with the advice to run `init --reload`."""
from __future__ import annotations

import shutil

import pytest

from policyhub.cli import main

SHEET = ["schemes/sheet.yaml", "schemes/sheet-round.yaml", "cases/sheet.yaml"]


@pytest.fixture
def run(cli_runner, monkeypatch, policy_copy):
    import policyhub.hub as hubmod

    monkeypatch.setattr(hubmod, "BUNDLED_POLICIES", policy_copy)
    monkeypatch.setenv("POLICYHUB_NO_ENTRY_POINTS", "1")

    def _run(*args):
        r = cli_runner.invoke(main, list(args), catch_exceptions=False)
        assert r.exit_code in (0, 1), r.output
        return r
    return _run


def test_a_new_plugins_cases_are_loaded_into_an_existing_database(run, policy_copy, tmp_path):
    later = tmp_path / "later"
    for rel in SHEET:                                   # the sheet scheme arrives with a plugin installed later
        (later / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(policy_copy / rel, later / rel)
    run("init")
    assert run("test").output.splitlines()[-1] == "3 passed, 0 failed"
    for rel in SHEET:
        shutil.move(later / rel, policy_copy / rel)
    r = run("init")
    assert "1 schemes" in r.output and "1 rounds" in r.output and "1 cases" in r.output, r.output
    assert run("test", "--scheme", "example-sheet").output.splitlines()[-1] == "3 passed, 0 failed"
    assert run("test").output.splitlines()[-1] == "6 passed, 0 failed"
    assert "0 cases" in run("init").output                      # nothing twice


def test_a_changed_round_file_is_named_and_a_published_round_never_changes(run, policy_copy):
    run("init")
    assert "differs from its file" not in run("init").output
    f = policy_copy / "schemes/checklist-round.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("    value: 30\n", "    value: 35\n", 1), encoding="utf-8")
    r = run("init")
    assert "differs from its file, the database keeps its version: example-checklist 2024 " in r.output
    assert "policyhub init --reload" in r.output
    facts = policy_copy.parent / "facts.json"
    facts.write_text('{"staff": 5, "office_area": 32, "registered_here": true}', encoding="utf-8")
    assert run("evaluate", "example-checklist", "--facts", str(facts)).exit_code == 0      # still 30 m²
    r = run("init", "--reload")                       # the round is published: reload refuses to change it
    assert "conflict" in r.output and "example-checklist 2024" in r.output and "published" in r.output
    assert run("evaluate", "example-checklist", "--facts", str(facts)).exit_code == 0      # still 30 m²
    assert "differs from its file" in run("init").output


def test_changed_cases_are_named_too(run, policy_copy):
    run("init")
    f = policy_copy / "cases/checklist.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("all conditions met", "every condition met"), encoding="utf-8")
    assert "example-checklist cases" in run("init").output
