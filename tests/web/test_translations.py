"""The core's catalogs (the portal's UI strings and the core's message codes): complete in both languages, and
the committed .mo files compiled from the .po files."""
from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "policyhub" / "translations"
LOCALES = ("zh_Hans_CN", "en")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "Message": None, "M_": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def used_ids() -> set[str]:
    """Every id the core uses, extracted as policyhub/translations/update.py does (babel.cfg)."""
    with (TRANSLATIONS / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = extract_from_dir(str(ROOT / "policyhub"), method_map, options_map, keywords=KEYWORDS)
    return {msg if isinstance(msg, str) else msg[0] for _file, _line, msg, _comments, _ctx in found}


@pytest.mark.parametrize("locale", LOCALES)
def test_mo_matches_po(locale):
    po = catalog(locale)
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    expected = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    compiled = {k: v for k, v in mo._catalog.items() if k}             # "" is the header
    assert compiled == expected, "run: pybabel compile -d policyhub/translations"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete_and_current(locale):
    po = catalog(locale)
    ids = {m.id for m in po if m.id}
    used = used_ids()
    assert used - ids == set(), "strings not in the catalog: run python policyhub/translations/update.py"
    assert ids - used == set(), "strings no longer used: run pybabel update"
    assert [m.id for m in po if m.id and (not m.string or m.fuzzy)] == []
    assert not po.obsolete


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_survive_translation(locale):
    problems = [(m.id, [str(e) for e in errs]) for m, errs in catalog(locale).check() if errs]
    assert problems == []


def test_chinese_catalog_is_chinese():
    zh = catalog("zh_Hans_CN")
    assert zh["Eligible"].string == "符合"
    assert zh["Not eligible"].string == "不符合"
    assert zh["Need more information"].string == "需补充信息"
    untranslated = [m.id for m in zh if m.id and m.string == m.id and any(c.isalpha() for c in m.id)]
    assert untranslated == []


def test_message_codes_are_worded_in_both_languages():
    """Every message code has a wording in each language that formats with the values the code's messages
    carry (a language may leave a value out, e.g. the unit after an English "from 3")."""
    en = {m.id: m.string for m in catalog("en") if m.id}
    zh = {m.id: m.string for m in catalog("zh_Hans_CN") if m.id}
    codes = [i for i in en if re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", i)]
    assert len(codes) > 50, "the core's message codes are in the catalog"
    broken = []
    for code in codes:
        names = set(PLACEHOLDER.findall(zh[code])) | set(PLACEHOLDER.findall(en[code]))
        for text in (zh[code], en[code]):
            try:
                text % {n: "x" for n in names}
            except (KeyError, ValueError, TypeError):
                broken.append((code, text))
    assert broken == []
    assert [c for c in codes if zh[c] == en[c] and re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", zh[c]))] == []
