"""Chinese by default, English on request, Flask-Admin's own strings included; catalogs in sync."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, make_entry, read_form, text

import policyhub.admin

TRANSLATIONS = Path(policyhub.admin.__file__).parent / "translations"
LC = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES"
LIST = "/admin/registries/huangpu-platforms/"


def _messages(catalog) -> dict:
    def key(v):
        return v if isinstance(v, str) else tuple(v)

    return {key(m.id): key(m.string) for m in catalog if m.id}


@pytest.mark.parametrize("domain", ["messages", "admin"])
def test_compiled_catalog_matches_its_po(domain):
    po = read_po((LC / f"{domain}.po").open("rb"), locale="zh_Hans_CN")
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    expected = _messages(read_mo(compiled))
    actual = _messages(read_mo((LC / f"{domain}.mo").open("rb")))
    assert actual == expected, "run: python policyhub/admin/translations/update.py --compile"


def test_every_message_is_translated():
    po = read_po((LC / "messages.po").open("rb"), locale="zh_Hans_CN")
    untranslated = [m.id for m in po if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


def test_the_template_lists_every_message_in_the_source():
    """A new string in the code or a template must reach the catalog (run update.py)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (TRANSLATIONS / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"lazy_gettext": None, "gettext": None, "ngettext": (1, 2), "_": None}
    found = {msg if isinstance(msg, str) else msg[0]
             for _file, _line, msg, _comments, _ctx in extract_from_dir(
                 str(TRANSLATIONS.parent.parent), method_map, options_map, keywords=keywords)}
    pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po((TRANSLATIONS / "messages.pot").open("rb"))
           if m.id}
    assert found - pot == set(), "run: python policyhub/admin/translations/update.py"


def test_flask_admin_catalog_is_complete():
    import flask_admin

    shipped = Path(flask_admin.__file__).parent / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "admin.po"
    ours = _messages(read_mo((LC / "admin.mo").open("rb")))
    theirs = _messages(read_po(shipped.open("rb")))
    assert {k: v for k, v in theirs.items() if v} .items() <= ours.items()
    assert ours["Failed to save record."] == "保存记录失败。"
    assert ours["Failed to create record."] == "创建记录失败。"


def test_catalog_folder_is_zh_hans_cn():
    assert (TRANSLATIONS / "zh_Hans_CN").is_dir() and not (TRANSLATIONS / "zh_CN").exists()


def test_chinese_is_the_default(client):
    page = text(client.get("/admin/login/"))
    assert "登录" in page and "用户名" in page and "密码" in page
    assert '<html' in page


def test_english_on_request_and_remembered(client):
    page = text(client.get("/admin/login/?lang=en"))
    assert "Sign in" in page and "User name" in page and "登录" not in page.replace('lang="zh-CN">中文', "")
    assert "User name" in text(client.get("/admin/login/"))          # remembered in the session
    assert "用户名" in text(client.get("/admin/login/?lang=zh_CN"))


@pytest.mark.parametrize("bad", ["zh-CN-x", "../../etc", "fr", "zh_Hans_CN%00"])
def test_unknown_languages_fall_back_to_chinese(client, bad):
    r = client.get(f"/admin/login/?lang={bad}")
    assert r.status_code == 200 and "用户名" in text(r)


def test_flask_admin_strings_are_translated(app, client, official):
    eid = make_entry(app, "平台", HUANGPU)
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form["name"] = ""
    page = text(client.post(f"{LIST}edit/?id={eid}", data=form))
    assert "保存记录失败。" in page                   # Flask-Admin's flash (missing from its own .mo)
    assert "该字段是必填字段。" in page or "必填" in page      # WTForms' message
    assert "保存" in page and "取消" in page              # Flask-Admin's buttons
    page = text(client.post(f"{LIST}edit/?id={eid}&lang=en", data=form))
    assert "Failed to save record." in page and "This field is required." in page


def test_english_interface_is_complete(app, client, official):
    """In English, no Chinese text of our own remains (data and the language link excepted)."""
    import re

    client.get("/admin/login/?lang=en")
    official("superuser", None)
    for url in ("/admin/?lang=en", "/admin/users/", "/admin/audit/", LIST, f"{LIST}new/", "/admin/jurisdictions/"):
        page = text(client.get(url))
        page = page.replace(">中文<", "><")
        page = re.sub(r"<td[^>]*>.*?</td>", "", page, flags=re.S)             # data cells
        page = re.sub(r"<option[^>]*>.*?</option>", "", page, flags=re.S)     # data choices
        page = re.sub(r'<ul class="dropdown-menu".*?</ul>', "", page, flags=re.S)  # registry menu labels
        page = re.sub(r'<small>\(.*?\)</small>', "", page, flags=re.S)        # the official's jurisdiction
        han = re.findall(r"[\u4e00-\u9fff]+", page)
        assert han == [], (url, han[:10])


def test_each_app_merges_its_own_catalogs(tmp_path):
    """Flask-Babel caches merged catalogs on the factory's shared Babel(); the back office keeps that cache
    per app, so an app created after another one still sees its own plugins' catalogs."""
    from babel.messages.catalog import Catalog
    from flask_babel import gettext

    from policyhub.app import create_app
    from policyhub.hookspecs import hookimpl
    from policyhub.plugins import plugin_manager

    folder = tmp_path / "translations"
    (folder / "zh_Hans_CN" / "LC_MESSAGES").mkdir(parents=True)
    catalog = Catalog(locale="zh_Hans_CN")
    catalog.add("A string only the test plugin translates", "只有测试插件翻译的字符串")
    with (folder / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo").open("wb") as f:
        write_mo(f, catalog)

    class Plugin:
        __name__ = "test-translations-plugin"

        @hookimpl
        def policyhub_translations(self):
            return [folder]

    def translated(pm):
        app = create_app({"POLICYHUB_MODE": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, pm=pm)
        with app.test_request_context("/?lang=zh_CN"):
            return gettext("A string only the test plugin translates")

    assert translated(plugin_manager(entry_points=False)) == "A string only the test plugin translates"
    assert translated(plugin_manager(entry_points=False, extra=[Plugin()])) == "只有测试插件翻译的字符串"
