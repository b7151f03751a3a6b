"""The whole tree passes the linter configured in pyproject.toml (`ruff check .`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_passes_on_the_whole_tree():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_reads_the_project_configuration(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx = '" + "a" * 130 + "'\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                        "--config", str(ROOT / "pyproject.toml"), str(bad)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "F401" in r.stdout and "E501" in r.stdout
