"""`policyhub new-plugin` writes a plugin package that, installed, passes `policyhub test` and pytest as written."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from policyhub.cli import main

PARENT = "440100"                                # Guangzhou, in the bundled jurisdiction tree


def _env(site, tmp_path, **more):
    env = dict(os.environ, PYTHONPATH=str(site), POLICYHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}", **more)
    env.pop("POLICYHUB_NO_ENTRY_POINTS", None)
    return env


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """`policyhub new-plugin tianhe` written to a temporary folder and pip-installed into a private folder put
    on PYTHONPATH (the shared venv is left alone)."""
    from click.testing import CliRunner

    dest = tmp_path_factory.mktemp("dest")
    r = CliRunner().invoke(main, ["new-plugin", "tianhe", "--parent", PARENT, "--dest", str(dest),
                                  "--name-zh", "天河区", "--name-en", "Tianhe District"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    project = dest / "policyhub-tianhe"
    site = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(site), str(project)], check=True, capture_output=True)
    return project, site


def _policyhub(generated, tmp_path, *args):
    _, site = generated
    return subprocess.run([sys.executable, "-m", "policyhub", *args], env=_env(site, tmp_path),
                          capture_output=True, text=True, timeout=300)


def test_skeleton_has_the_documented_layout(generated):
    project, _ = generated
    files = {str(p.relative_to(project)) for p in project.rglob("*") if p.is_file() and "build" not in p.parts
             and ".egg-info" not in str(p)}
    assert files == {"pyproject.toml", "README.md", "policyhub_tianhe/__init__.py", "policyhub_tianhe/plugin.py",
                     "policyhub_tianhe/policies/jurisdictions/tianhe.yaml",
                     "policyhub_tianhe/policies/documents/notice.yaml",
                     "policyhub_tianhe/policies/schemes/tianhe-example.yaml",
                     f"policyhub_tianhe/policies/rounds/tianhe-example-{_year()}.yaml",
                     "policyhub_tianhe/policies/cases/tianhe-example.yaml", "tests/test_policyhub_tianhe.py"}
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.policyhub]\ntianhe = "policyhub_tianhe.plugin"' in pyproject
    # the plugin that declares Guangzhou comes with it
    assert 'dependencies = ["policyhub", "policyhub-guangzhou"]' in pyproject


def _year() -> str:
    import datetime as dt

    return str(dt.date.today().year)


def test_installed_skeleton_is_a_plugin_under_its_parent(generated, tmp_path):
    r = _policyhub(generated, tmp_path, "plugins", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert next(p for p in json.loads(r.stdout) if p["name"] == "tianhe")["version"] == "0.1.0"
    r = _policyhub(generated, tmp_path, "jurisdictions", "--format", "json", "--from-files")
    row = next(j for j in json.loads(r.stdout) if j["key"] == "tianhe")
    assert row == {"code": "440101", "key": "tianhe", "name": {"zh": "天河区", "en": "Tianhe District"},
                   "level": "district", "parent": PARENT}


def test_policyhub_test_passes_from_files_and_from_the_database(generated, tmp_path):
    r = _policyhub(generated, tmp_path, "test", "--from-files", "--scheme", "tianhe-example")
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "2 passed, 0 failed", r.stdout + r.stderr
    r = _policyhub(generated, tmp_path, "init")
    assert r.returncode == 0, r.stderr
    r = _policyhub(generated, tmp_path, "test", "--scheme", "tianhe-example")
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "2 passed, 0 failed", r.stdout + r.stderr


def test_pytest_passes_in_the_generated_project(generated, tmp_path):
    project, site = generated
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project,
                       env=_env(site, tmp_path), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "4 passed" in r.stdout, r.stdout + r.stderr


def test_generated_python_passes_the_linter(generated):
    from pathlib import Path

    project, _ = generated
    config = Path(__file__).resolve().parents[2] / "pyproject.toml"
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(config),
                        str(project / "policyhub_tianhe"), str(project / "tests")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["tianhe", "--parent", "999999"], "unknown parent jurisdiction '999999'"),
    (["Tian_He", "--parent", PARENT], "use lower-case letters"),
    (["tianhe", "--parent", PARENT, "--code", "440112"], "'440112' is already declared"),
    (["tianhe", "--parent", PARENT, "--name-en", "Tianhe: a district"], "give a plain name"),
])
def test_bad_requests_are_refused_with_a_reason(cli_runner, tmp_path, args, message):
    r = cli_runner.invoke(main, ["new-plugin", *args, "--dest", str(tmp_path)])
    assert r.exit_code == 2 and message in r.stderr, r.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(cli_runner, tmp_path):
    (tmp_path / "policyhub-tianhe").mkdir()
    r = cli_runner.invoke(main, ["new-plugin", "tianhe", "--parent", PARENT, "--dest", str(tmp_path)])
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert list((tmp_path / "policyhub-tianhe").iterdir()) == []


def test_the_skeletons_words_and_values_are_template_data_not_code():
    import re
    from pathlib import Path

    import policyhub.scaffold as scaffold

    code = Path(scaffold.__file__).read_text(encoding="utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", code)              # no Chinese label, name or number format
    assert "min_staff" not in code and "第二条" not in code
    templates = {p.name for p in scaffold.TEMPLATES.rglob("*.tmpl")}
    assert "__scheme__-__year__.yaml.tmpl" in templates and "plugin.py.tmpl" in templates
