"""Every back-office page in each language (issue 13 §1, §2): signed in as a superuser and as a district
editor on a demo database, every page reachable by a link (menus, lists, edit and details pages of each model,
round pages and their tabs, preview) is read in zh_CN and in English. A page fails on text of the other
language outside policy data (document titles, names, citations, what officials and the sample data typed),
on visible JSON braces, enum codes, rule paths, `param=...` and `None`/`null`.

`page_words.WORDS_OK` is the short list of words that are no language's. `KNOWN` lists what the crawl still
finds, each with why: a known gap to be emptied, never a place to hide a new one (a stale entry fails too).
"""
from __future__ import annotations

import re

import pytest

from admin_helpers import HUANGPU, login, make_user
from page_words import WORDS_OK, demo_app, findings

# Pages that show both languages on purpose: the jurisdictions' Chinese and English names are edited there.
BY_DESIGN = {("zh", "/admin/jurisdictions/", "en"), ("en", "/admin/jurisdictions/", "zh"),
             ("zh", "/admin/jurisdictions/details/?id=N", "en"), ("en", "/admin/jurisdictions/details/?id=N", "zh")}

_CASES = "policy test cases have English-only names and show facts and expectations as JSON (plugins' cases/)"
_RULES = "rules are shown and edited as JsonLogic, criteria by key; a worded rule view is still to do"
_NOTES = "parameter and payment notes are English-only policy data (Parameter.note is text, not a label)"
_TYPED = "registry entries and events are typed as JSON (issue 13 §2: typed forms from the fact schemas)"
_ITEMS = "Flask-Admin's page-size word 'items' has no entry in its shipped zh catalog"
_POPULATION = "the population page (policyhub/population) is worded by its own helper"
# (language, page with numbers as N, kind of finding): what is still to do. Kinds: en, zh, code, json, path, repr.
KNOWN: dict[tuple[str, str, str], str] = {
    **{(lang, "/admin/rounds/N/preview", kind): _CASES
       for lang, kind in (("zh", "en"), ("en", "zh"), ("zh", "code"), ("en", "code"), ("zh", "json"), ("en", "json"),
                          ("zh", "repr"), ("en", "repr"))},
    **{(lang, page, kind): _RULES for lang in ("zh", "en") for page in ("/admin/rounds/N/criteria",
                                                                         "/admin/rounds/N/criteria/edit")
       for kind in ("code", "json")},
    ("zh", "/admin/rounds/N/criteria", "en"): _RULES,
    ("zh", "/admin/rounds/N/criteria/edit", "en"): _RULES,
    ("zh", "/admin/huangpu/platforms/", "en"): _NOTES,
    ("en", "/admin/huangpu/platforms/", "zh"): _NOTES,
    **{("zh", f"/admin/registries/{r}/{page}", "en"): _TYPED
       for r in ("guangdong-institutions", "guangzhou-tasks", "huangpu-platforms", "hunan-subcentres")
       for page in ("new/", "edit/?id=N", "details/?id=N")
       if r != "guangdong-institutions" or page == "new/"},
    **{("zh", page, "en"): _ITEMS for page in ("/admin/audit/", "/admin/calendar/", "/admin/users/",
                                                 *(f"/admin/registries/{r}/" for r in (
                                                     "guangdong-institutions", "guangzhou-tasks", "huangpu-platforms",
                                                     "hunan-subcentres")))},
    **{("zh", f"/admin/population/{s}", "en"): _POPULATION
       for s in ("", "huangpu-platform-annual/", "huangpu-platform-eligibility/", "huangpu-platform-recognition/",
                 "hunan-park-subcentre-requirements/")},
    ("zh", "/admin/calendar/new/", "en"): "the calendar's holiday names are English keys (the calendar helper's form)",
    ("zh", "/admin/guangdong/import/", "en"): "the import file's column names are its English keys",
    ("zh", "/admin/rounds/N/sheets", "en"): "a score sheet's category is shown by its key",
    ("zh", "/admin/rounds/N/sheets/N", "en"): "a score sheet's category choice is shown by its key",
}


def _normal(url: str) -> str:
    return re.sub(r"\d+", "N", url)


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> dict[tuple[str, str, str], list[str]]:
    """{(language, page, kind): [what was found]} over every page, for a superuser and a district editor."""
    app = demo_app(tmp_path_factory.mktemp("demo"))
    make_user(app, "root", "superuser", None)
    make_user(app, "district", "editor", HUANGPU)
    out: dict[tuple[str, str, str], list[str]] = {}
    for name in ("root", "district"):
        client = app.test_client()
        assert login(client, name).status_code == 302
        for where, problems in findings(app, client, WORDS_OK).items():
            lang, url = where.split(" ", 1)
            for p in problems:
                kind, _sep, what = p.partition(": ")
                out.setdefault((lang, _normal(url), kind), []).append(what)
    return out


def test_every_page_speaks_the_ui_language(found):
    new = sorted(f"{' '.join(k)}: {sorted(set(v))[:8]}" for k, v in found.items()
                 if k not in KNOWN and k not in BY_DESIGN)
    assert new == [], "\n".join(new)


def test_the_known_gaps_are_current(found):
    assert sorted(k for k in KNOWN if k not in found) == []


def test_the_checks_find_what_they_look_for():
    from page_words import problems, visible

    page = ('<h1>Rounds</h1><p>参数 <code>criteria.all[applicant].rule</code> {"var": "x"} None '
            "param='annual_pass_mark' industrial</p><div class=\"d-none\">{\"hidden\": 1}</div>")
    found = problems(visible(page), "zh", set(), {"industrial"}, WORDS_OK["zh"])
    kinds = {f.split(":")[0] for f in found}
    assert kinds == {"en", "code", "path", "repr", "json"}, found
    assert problems(visible("<p>Rounds of 黄埔区 中文</p>"), "en", {"黄埔区"}, set(), WORDS_OK["en"]) == []
    assert problems(visible("<p>轮次 申报</p>"), "en", set(), set(), WORDS_OK["en"]) == ["zh: 轮次", "zh: 申报"]
