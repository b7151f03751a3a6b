"""A plugin is found by convention (policies/, translations/, templates/ beside its module), a jurisdiction is
declared once (a plugin names its parent by code), and the bundled plugins share one policy-folder layout."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = {"jurisdictions", "documents", "schemes", "rounds", "cases", "regions"}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def conventional_plugin(tmp_path, monkeypatch):
    """A plugin package whose plugin.py has no hook at all, with the three folders beside it."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    pkg = tmp_path / "conv_plugin"
    _write(pkg / "__init__.py", "")
    _write(pkg / "plugin.py", '"""Nothing but folders."""\n')
    _write(pkg / "policies" / "jurisdictions" / "lakeside.yaml",
           'kind: jurisdiction\ncode: "970000"\nkey: lakeside\nname: {zh: 湖畔省, en: Lakeside}\nlevel: province\n')
    _write(pkg / "templates" / "conv_plugin" / "hello.html", "lakeside {{ n }}")
    catalog = Catalog(locale="zh_Hans_CN")
    catalog.add("Lakeside greeting", "湖畔问候")
    mo = pkg / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as fh:
        write_mo(fh, catalog)
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    module = importlib.import_module("conv_plugin.plugin")
    yield module, pkg
    for name in ("conv_plugin.plugin", "conv_plugin"):
        sys.modules.pop(name, None)


def test_policies_translations_and_templates_are_found_without_hook_code(conventional_plugin, tmp_path):
    from flask import render_template

    from policyhub.app import create_app
    from policyhub.folders import policy_folders_of, template_folders_of, translation_folders_of
    from policyhub.hub import Hub
    from policyhub.plugins import plugin_manager

    module, pkg = conventional_plugin
    pm = plugin_manager(entry_points=False, extra=[module])
    assert pm.get_hookcallers(module) == []                              # no hook implemented
    assert pkg / "policies" in policy_folders_of(pm)
    assert pkg / "translations" in translation_folders_of(pm)
    assert pkg / "templates" in template_folders_of(pm)
    assert Hub.from_plugins(pm=pm).policyset.jurisdictions["970000"].key == "lakeside"
    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.db'}"}, pm=pm)
    assert str(pkg / "translations") in app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    from flask_babel import gettext

    with app.test_request_context("/?lang=zh"):
        assert gettext("Lakeside greeting") == "湖畔问候"
        assert render_template("conv_plugin/hello.html", n=1) == "lakeside 1"
    with app.test_request_context("/?lang=en"):
        assert gettext("Lakeside greeting") == "Lakeside greeting"


def test_a_folder_returned_by_a_hook_and_found_by_convention_is_used_once(conventional_plugin):
    from policyhub.folders import policy_folders_of
    from policyhub.hookspecs import hookimpl
    from policyhub.plugins import plugin_manager

    module, pkg = conventional_plugin

    class Explicit:
        @hookimpl
        def policyhub_policy_paths(self):
            return [pkg / "policies"]

    folders = policy_folders_of(plugin_manager(entry_points=False, extra=[module, Explicit()]))
    assert [f.resolve() for f in folders].count((pkg / "policies").resolve()) == 1


def test_a_parent_named_by_code_comes_from_the_plugin_that_declares_it(tmp_path):
    from policyhub.errors import LoadError
    from policyhub.folders import with_ancestors
    from policyhub.loader import load_folders

    folder = tmp_path / "policies"
    _write(folder / "jurisdictions" / "tianhe.yaml",
           'kind: jurisdiction\ncode: "440106"\nkey: tianhe\nname: {zh: 天河区, en: Tianhe}\nlevel: district\n'
           'parent: "440100"\n')
    with pytest.raises(LoadError) as e:
        load_folders([folder])
    assert "unknown parent jurisdiction '440100': install the plugin that declares it" in str(e.value)
    ps = load_folders(with_ancestors([folder]))
    assert [j.code for j in ps.chain("440106")] == ["440106", "440100", "440000"]


def test_each_jurisdiction_is_declared_once_across_the_bundled_plugins_and_the_site_folder():
    from policyhub.yamlio import load_yaml

    seen: dict[str, list[str]] = {}
    for path in [*ROOT.glob("plugins/*/policyhub_*/policies/**/*.yaml"), *ROOT.glob("policies/**/*.yaml")]:
        data = load_yaml(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("kind") == "jurisdiction":
            seen.setdefault(str(data["code"]), []).append(str(path.relative_to(ROOT)))
    assert seen and {c: p for c, p in seen.items() if len(p) > 1} == {}


def test_the_bundled_plugins_share_one_policy_folder_layout():
    from policyhub.yamlio import load_yaml

    folders = sorted(ROOT.glob("plugins/*/policyhub_*/policies"))
    assert len(folders) == 4
    for folder in folders:
        for path in folder.rglob("*.yaml"):
            rel = path.relative_to(folder)
            assert len(rel.parts) == 2 and rel.parts[0] in LAYOUT, rel          # <kind folder>/<file>.yaml
            kind = load_yaml(path.read_text(encoding="utf-8"))["kind"]
            assert rel.parts[0] == {"jurisdiction": "jurisdictions", "document": "documents", "scheme": "schemes",
                                    "round": "rounds", "cases": "cases", "regions": "regions"}[kind], rel


def test_the_bundled_plugin_modules_hold_only_their_page_hooks():
    """Folders are found by convention: a bundled plugin's module holds only its back-office hook, and Guangdong's
    also the hook that adds its public directory to the portal."""
    from policyhub.plugins import plugin_manager

    pm = plugin_manager()
    public = {"guangdong": ["policyhub_init_app"]}
    for name in ("huangpu", "hunan", "guangdong", "guangzhou"):
        plugin = pm.get_plugin(name)
        assert plugin is not None, name
        assert sorted(h.name for h in pm.get_hookcallers(plugin)) == \
            sorted(["policyhub_admin_views", *public.get(name, [])]), name
