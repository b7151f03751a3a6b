"""Test helpers for the plugins' back-office pages (plugins/*/tests/test_*_admin_views.py, pages built on
`policyhub.admin.jurisdiction_pages`): the core's fixtures, registry rows, the refusals every such page
makes, and the check of the plugin's own catalog.

The plugin tests are not below tests/, so they put tests/ and tests/admin/ on sys.path before importing
this module; the fixtures are re-exported here so that one import brings them all, and so are the catalog
tests every plugin runs:

    from plugin_pages import app, bundled_policyset, client, official  # noqa: E402,F401 - fixtures
    ...
    from plugin_pages import (  # noqa: E402,F401 - collected here, run on the test file's PACKAGE
        test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words,
        test_the_plugin_declares_its_catalog)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from admin_helpers import official, text  # noqa: F401 - official is a fixture, re-exported
from conftest import app, bundled_policyset, client  # noqa: F401 - fixtures, re-exported

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------------
# data

def registry_rows(app, registry: str, row: Callable[[Any], Any]) -> list[Any]:
    """`row(entry)` for every entry of `registry`, in id order (read inside an app context)."""
    from sqlalchemy import select

    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        rows = db.session.scalars(select(RegistryEntry).where(RegistryEntry.registry_name == registry)
                                  .order_by(RegistryEntry.id))
        return [row(r) for r in rows]


# --------------------------------------------------------------------------------------------------
# access

def refused(client, url: str, *names: str) -> str:
    """GET `url` as the signed-in official: a friendly 403 naming each of `names`; returns the page."""
    r = client.get(url)
    page = text(r)
    assert r.status_code == 403, (url, r.status_code)
    for name in names:
        assert name in page, (url, name)
    return page


def assert_not_in_menu(client, url: str) -> None:
    assert url not in text(client.get("/admin/"))


def assert_sends_to_sign_in(client, *urls: str) -> None:
    """Signed out, each of `urls` redirects to the sign-in page."""
    for url in urls:
        r = client.get(url)
        assert r.status_code == 302 and "/admin/login/" in r.location, url


# --------------------------------------------------------------------------------------------------
# the plugin's catalog

def check_catalog(package: Path) -> None:
    """Every string of the plugin's pages is in its catalog, translated and compiled; a string the core's or
    another plugin's catalog also has keeps its translation (Flask-Babel merges every catalog into one)."""
    import io

    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import read_po

    folder = package / "translations"
    po = read_po((folder / "zh_Hans_CN/LC_MESSAGES/messages.po").open("rb"), locale="zh_Hans_CN")
    ours = {m.id: m.string for m in po if m.id}
    assert [k for k, v in ours.items() if not v] == [] and not any(m.fuzzy for m in po if m.id)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    assert dict(read_mo(compiled)._messages) == dict(read_mo((folder / "zh_Hans_CN/LC_MESSAGES/messages.mo")
                                                             .open("rb"))._messages), "run pybabel compile"
    with (folder / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {m if isinstance(m, str) else m[0] for _f, _l, m, _c, _x in extract_from_dir(
        str(package), method_map, options_map, keywords={"lazy_gettext": None, "gettext": None, "_": None})}
    assert found - set(ours) == set(), "run the pybabel commands in translations/babel.cfg"
    others = [ROOT / "policyhub/translations/zh_Hans_CN/LC_MESSAGES/messages.po",
              *(p for p in ROOT.glob("plugins/*/policyhub_*/translations/zh_Hans_CN/LC_MESSAGES/messages.po")
                if package not in p.parents)]
    for other in others:
        theirs = {m.id: m.string for m in read_po(other.open("rb"), locale="zh_Hans_CN") if m.id and m.string}
        differ = {k: (ours[k], theirs[k]) for k in set(ours) & set(theirs) if ours[k] != theirs[k]}
        assert differ == {}, f"same msgid, other translation in {other}"


def check_catalog_declared(package: Path) -> None:
    """The plugin's catalog folder is found (by convention: `translations/` beside the plugin module), and
    so are its `policies/` and `templates/` folders."""
    from policyhub.folders import policy_folders_of, template_folders_of, translation_folders_of
    from policyhub.plugins import plugin_manager

    pm = plugin_manager()
    assert package / "translations" in [Path(p).resolve() for p in translation_folders_of(pm)]
    assert package / "policies" in [Path(p).resolve() for p in policy_folders_of(pm)]
    assert package / "templates" in [Path(p).resolve() for p in template_folders_of(pm)]


# The same two tests for every plugin: a test file imports them (pytest collects them there, under its own
# name) and sets PACKAGE, the folder of the plugin's package.

def test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words(request):
    check_catalog(request.module.PACKAGE)


def test_the_plugin_declares_its_catalog(request):
    check_catalog_declared(request.module.PACKAGE)


__all__ = ["app", "assert_not_in_menu", "assert_sends_to_sign_in", "bundled_policyset", "check_catalog",
           "check_catalog_declared", "client", "official", "refused", "registry_rows",
           "test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words",
           "test_the_plugin_declares_its_catalog"]
