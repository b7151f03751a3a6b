"""`policyhub jurisdictions`: the codes a plugin's jurisdiction refers to as its parent."""
from __future__ import annotations

import json

import pytest

from policyhub.cli import main
from policyhub.yamlio import load_yaml

from .conftest import POLICIES

EXPECTED = [{"code": "990000", "key": "example-province", "name": {"zh": "示例省", "en": "Example Province"},
             "level": "province", "parent": None},
            {"code": "990100", "key": "example-city", "name": {"zh": "示例市", "en": "Example City"},
             "level": "city", "parent": "990000"}]


@pytest.fixture
def run(cli_runner, monkeypatch):
    import policyhub.hub as hubmod

    monkeypatch.setattr(hubmod, "BUNDLED_POLICIES", POLICIES)
    monkeypatch.setenv("POLICYHUB_NO_ENTRY_POINTS", "1")
    return lambda *args: cli_runner.invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("source", [(), ("--from-files",)], ids=["database", "files"])
def test_json_lists_code_names_level_and_parent(run, source):
    if not source:
        assert run("init").exit_code == 0
    r = run("jurisdictions", "--format", "json", *source)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == EXPECTED


def test_yaml_is_the_same_list(run):
    r = run("jurisdictions", "--format", "yaml", "--from-files")
    assert r.exit_code == 0 and load_yaml(r.output) == EXPECTED


def test_text_shows_the_tree_parents_first(run):
    r = run("jurisdictions", "--from-files")
    lines = r.output.splitlines()
    assert lines[0].split() == ["code", "key", "level", "parent", "name"]
    assert lines[1].split()[:4] == ["990000", "example-province", "province", "-"]
    assert lines[2].split()[:4] == ["990100", "example-city", "city", "990000"]
    assert "示例市 / Example City" in lines[2]


def test_bundled_tree_names_huangpu_under_guangzhou_under_guangdong(cli_runner, monkeypatch):
    monkeypatch.delenv("POLICYHUB_NO_ENTRY_POINTS", raising=False)
    r = cli_runner.invoke(main, ["jurisdictions", "--from-files", "--format", "json"], catch_exceptions=False)
    rows = {row["code"]: row for row in json.loads(r.output)}
    assert rows["440112"]["parent"] == "440100" and rows["440100"]["parent"] == "440000"
    assert rows["440000"]["parent"] is None and rows["440112"]["level"] == "district"
