"""A third-party plugin installed from tests/plugins/example works without any core edit."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "plugins" / "example"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """pip-install the example plugin into a private folder put on PYTHONPATH (the venv is left alone)."""
    import shutil

    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("src") / "example"
    shutil.copytree(EXAMPLE, source)     # building writes build/ beside the sources: keep the checkout clean
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(source)], check=True, capture_output=True)
    return target


def _policyhub(installed, tmp_path, *args):
    env = dict(os.environ, PYTHONPATH=str(installed), POLICYHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}")
    env.pop("POLICYHUB_NO_ENTRY_POINTS", None)
    return subprocess.run([sys.executable, "-m", "policyhub", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_plugin_is_listed_with_its_hooks(installed, tmp_path):
    r = _policyhub(installed, tmp_path, "plugins", "--format", "json")
    assert r.returncode == 0, r.stderr
    example = next(p for p in json.loads(r.stdout) if p["name"] == "example")
    assert example["version"] == "0.3.0"
    assert set(example["hooks"]) >= {"policyhub_policy_paths", "policyhub_operators", "policyhub_fact_derivations",
                                     "policyhub_cli_commands"}


def test_plugin_scheme_operator_and_derivation_work(installed, tmp_path):
    facts = tmp_path / "f.json"
    facts.write_text(json.dumps({"founded": "2023-05-01"}))
    r = _policyhub(installed, tmp_path, "evaluate", "example-seaside-startup", "--facts", str(facts),
                   "--as-of", "2025-06-01", "--format", "json", "--from-files")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["outcome"] == "pass" and data["items"][0]["values"]["today"] == "2025-06-01"
    r = _policyhub(installed, tmp_path, "evaluate", "example-seaside-startup", "--facts", str(facts),
                   "--as-of", "2027-06-01", "--format", "json", "--from-files")
    assert r.returncode == 1 and json.loads(r.stdout)["outcome"] == "fail"


def test_plugin_cli_command_and_cases(installed, tmp_path):
    assert _policyhub(installed, tmp_path, "example-hello").stdout.strip() == "hello from policyhub-example"
    r = _policyhub(installed, tmp_path, "test", "--scheme", "example-seaside-startup", "--from-files")
    assert r.stdout.strip().splitlines()[-1] == "2 passed, 0 failed", r.stdout + r.stderr


def test_operator_is_refused_without_the_plugin():
    from policyhub.rules import OperatorSet, validate_rule

    problems = validate_rule({"years_since": ["2020-01-01", "2024-01-01"]}, operators=OperatorSet.standard())
    assert problems and problems[0].code == "unknown_operator"


def test_misspelled_hook_fails_loudly():
    import pluggy

    from policyhub.hookspecs import hookimpl
    from policyhub.plugins import plugin_manager

    class Bad:
        @hookimpl
        def policyhub_policy_path(self):  # misspelled
            return []

    with pytest.raises(pluggy.PluginValidationError):
        plugin_manager(entry_points=False, extra=[Bad()])


def test_duplicate_operator_is_refused():
    from policyhub.errors import PolicyError
    from policyhub.hookspecs import hookimpl
    from policyhub.plugins import operators_from, plugin_manager

    class One:
        @hookimpl
        def policyhub_operators(self):
            return [{"name": "twice", "func": lambda x: 2 * x}]

    class Two(One):
        pass

    pm = plugin_manager(entry_points=False, extra=[One(), Two()])
    with pytest.raises(PolicyError, match="twice"):
        operators_from(pm)


def test_every_hook_is_documented():
    """A hook without a section in the plugin author guide fails the suite."""
    from policyhub import hookspecs

    guide = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [n for n in dir(hookspecs) if n.startswith("policyhub_")]
    assert hooks
    for name in hooks:
        assert f"`{name}" in guide, f"{name} is not documented in docs/plugins.md"


def _app_with(tmp_path, *plugins):
    from policyhub.app import create_app
    from policyhub.plugins import plugin_manager

    pm = plugin_manager(entry_points=False, extra=list(plugins))
    return create_app({"POLICYHUB_MODE": "testing", "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.db'}"}, pm=pm)


def test_translations_hook_adds_a_catalog(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from flask_babel import gettext

    from policyhub.hookspecs import hookimpl

    folder = tmp_path / "translations"
    lc = folder / "zh_Hans_CN" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    cat = Catalog(locale="zh_Hans_CN")
    cat.add("Seaside start-up desk", "海滨初创服务台")
    with open(lc / "messages.mo", "wb") as fh:
        write_mo(fh, cat)

    class Plugin:
        @hookimpl
        def policyhub_translations(self):
            return [folder]

    app = _app_with(tmp_path, Plugin())
    assert str(folder) in app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    with app.test_request_context("/?lang=zh"):
        assert gettext("Seaside start-up desk") == "海滨初创服务台"
    with app.test_request_context("/?lang=en"):
        assert gettext("Seaside start-up desk") == "Seaside start-up desk"


def test_admin_views_hook_adds_a_view(tmp_path):
    from flask_admin import BaseView, expose

    from policyhub.hookspecs import hookimpl

    class DeskView(BaseView):
        @expose("/")
        def index(self):
            return "desk"

    class Plugin:
        @hookimpl
        def policyhub_admin_views(self, admin, app):
            admin.add_view(DeskView(name="Seaside desk", endpoint="seaside_desk"))

    app = _app_with(tmp_path, Plugin())
    assert "seaside_desk.index" in app.view_functions
    assert any(v.endpoint == "seaside_desk" for a in app.extensions["admin"] for v in a._views)


def test_every_hook_has_a_test():
    """A hook that no test exercises fails the suite (tests/ or a plugin's tests/ must name it)."""
    from policyhub import hookspecs

    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in (root / "tests").rglob("test_*.py")]
    texts += [p.read_text(encoding="utf-8") for p in (root / "plugins").glob("*/tests/test_*.py")]
    example = (EXAMPLE / "policyhub_example" / "plugin.py").read_text(encoding="utf-8")
    for name in (n for n in dir(hookspecs) if n.startswith("policyhub_")):
        tested = any(name in t for t in texts) or (name in example and "test_plugin_is_listed_with_its_hooks" in
                                                    (root / "tests/core/test_plugins.py").read_text(encoding="utf-8"))
        assert tested, f"no test exercises the hook {name}"


def test_init_app_hook_sets_a_plugin_up(tmp_path):
    """A plugin's `policyhub_init_app` receives the new app (the back office arrives the same way)."""
    from flask import Blueprint

    from policyhub.hookspecs import hookimpl

    desk = Blueprint("seaside_desk_bp", __name__)
    desk.add_url_rule("/seaside-desk", "index", lambda: "desk")

    class Plugin:
        @hookimpl
        def policyhub_init_app(self, app, pm):
            app.register_blueprint(desk)

    app = _app_with(tmp_path, Plugin())
    assert app.test_client().get("/seaside-desk").get_data(as_text=True) == "desk"
    assert "policyhub_admin" in app.extensions          # the built-in back office plugin ran too


def test_back_office_is_a_built_in_plugin():
    """The back office is registered like any plugin, and no core module imports it (a scheme kind's editor,
    kinds/<kind>/editor.py, may: it is loaded by the back office only, by its dotted path)."""
    import ast

    from policyhub.plugins import plugin_manager

    pm = plugin_manager(entry_points=False)
    assert pm.get_plugin("policyhub.admin.plugin") is not None
    root = Path(__file__).resolve().parents[2] / "policyhub"
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if rel.parts[0] == "admin":
            continue
        kind_editor = rel.parts[0] == "kinds" and rel.name == "editor.py"     # a kind's back-office editor
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if node.level:           # resolve relative imports against the file's package
                    pkg = ["policyhub", *rel.parts[:-1]][: len(rel.parts) - node.level + 1]
                    mod = ".".join(pkg + ([mod] if mod else []))
                names = [mod] + [f"{mod}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if not kind_editor and any(n == "policyhub.admin" or n.startswith("policyhub.admin.") for n in names):
                offenders.append(str(rel))
            if any(n.startswith("policyhub.kinds.") and ".editor" in n for n in names):
                offenders.append(str(rel))           # only the back office loads an editor, by its dotted path
    assert offenders == [], f"core modules import the back office: {offenders}"


# Modules outside the kinds' packages that serve particular scheme kinds and may import them: population
# screening (it compiles checklists and score sheets to SQL). The printed score sheet and the funding forecast
# live in their kinds' packages.
KIND_FEATURES = ("population",)


def _imports(path: Path, rel: Path) -> list[str]:
    """Every module name a file imports (relative imports resolved against its package)."""
    import ast

    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                pkg = ["policyhub", *rel.parts[:-1]][: len(rel.parts) - node.level + 1]
                mod = ".".join(pkg + ([mod] if mod else []))
            names += [mod] + [f"{mod}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def test_scheme_kinds_are_built_in_plugins_and_the_core_imports_none():
    """The six kinds are registered through `policyhub_scheme_kinds` like a third party's, and nothing in the
    core (hub, policy set, loader, rules, evaluation, validation, db, web, cli) imports one: only their
    interface (`policyhub.kinds.base`) and registry (`policyhub.kinds.registry`)."""
    from policyhub.kinds import registry
    from policyhub.plugins import DEFAULT_PLUGINS, plugin_manager, scheme_kinds

    pm = plugin_manager(entry_points=False)
    builtin = [k.name for k in scheme_kinds(pm)]
    assert builtin == ["checklist", "scoresheet", "lifecycle", "funding", "targets", "tasks"]
    assert [f"policyhub.kinds.{n}.kind" for n in builtin] == [p for p in DEFAULT_PLUGINS if ".kinds." in p]
    assert [k.section for k in registry.kinds()][:6] == ["criteria", "score_sheets", "lifecycle", "funding",
                                                         "targets", "tasks"]
    root = Path(__file__).resolve().parents[2] / "policyhub"

    def kind_of(name: str) -> str | None:
        parts = name.split(".")
        if parts[:2] == ["policyhub", "kinds"] and len(parts) > 2 and parts[2] not in ("base", "registry"):
            return parts[2]
        return None

    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if rel.parts[0] in ("kinds", "admin", *KIND_FEATURES):
            continue
        offenders += [f"{rel}: {name}" for name in _imports(path, rel) if kind_of(name)]
    assert offenders == [], f"core modules import a scheme kind: {offenders}"
    # and a kind's package never imports another kind
    for path in (root / "kinds").rglob("*.py"):
        rel = path.relative_to(root)
        if len(rel.parts) < 3:
            continue
        offenders += [f"{rel}: {name}" for name in _imports(path, rel) if kind_of(name) not in (None, rel.parts[1])]
    assert offenders == [], f"a scheme kind imports another: {offenders}"


def test_validation_does_not_reach_into_evaluation():
    """Load-time checks need a round's context (policyhub.context) and the kinds' checks, never the evaluator."""
    root = Path(__file__).resolve().parents[2] / "policyhub"
    names = _imports(root / "validation.py", Path("validation.py"))
    assert names and not [n for n in names if n.startswith("policyhub.evaluation")]
