"""The `policyhub` commands in the README's shell blocks work as written, in the order written."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from policyhub.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXIT = {"evaluate": (0, 1, 3)}          # yes, no, information missing: answers, not errors
INPUT = {"users": "a long enough password\na long enough password\n"}   # typed at the prompt


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("policyhub ") and not line.startswith("policyhub serve"):
                out.append(shlex.split(line)[1:])
    return out


def test_readme_says_how_to_put_policyhub_on_the_path():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ". .venv/bin/activate" in text
    assert len(readme_commands()) >= 8 and readme_commands()[0] == ["init"]


def test_readme_commands_run_as_written(cli_runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICYHUB_NO_ENTRY_POINTS", raising=False)
    for args in readme_commands():
        r = cli_runner.invoke(main, args, input=INPUT.get(args[0]))
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.output)
        assert r.exit_code in EXIT.get(args[0], (0,)), (args, r.output)
        if args[0] == "test":
            assert re.fullmatch(r"\d+ passed, 0 failed", r.output.splitlines()[-1]), r.output


@pytest.mark.parametrize("name", ["my-park.json", "platform.yaml"])
def test_example_facts_files_are_used_by_the_readme(name):
    assert any(f"examples/{name}" in args for args in readme_commands())
