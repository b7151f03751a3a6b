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
BY_DESIGN = [("zh|en", r"/admin/jurisdictions/(details/\?id=N)?", {"en", "zh"})]

# What the crawl still finds: (languages, page pattern, kinds of finding, why). Kinds: en, zh (text of that
# language), code, json, path, repr. A known gap to be emptied; an entry nothing matches any more fails.
KNOWN = [
    ("zh|en", r"/admin/rounds/N/(preview|cases/(N/N)?)", {"en", "zh", "code"},
     "policy test cases have English-only names and descriptions, and facts shown by their codes (cases/ YAML)"),
    ("zh|en", r"/admin/rounds/N/criteria(/edit)?", {"en", "code", "json"},
     "rules are shown and edited as JsonLogic, criteria by key: a worded rule view is still to do"),
    ("zh", r"/admin/registries/[\w-]+/(edit|details)/\?id=N", {"en"},
     "registry entries and events are typed as JSON (issue 13 §2: typed forms from the fact schemas)"),
    ("zh", r"/admin/(audit|calendar|users|registries/[\w-]+)/", {"en"},
     "Flask-Admin's page-size word 'items' has no entry in its shipped zh catalog"),
    ("zh", r"/admin/population/([\w-]+/)?", {"en"}, "the population page (policyhub/population) is its own helper's"),
    ("zh", r"/admin/calendar/new/", {"en"}, "the calendar's holiday names are English keys (the calendar's form)"),
    ("zh", r"/admin/guangdong/import/", {"en"}, "the import file's column names are its English keys"),
    ("en", r"/admin/guangdong/measures/", {"zh"}, "the measures page quotes the notice's numbering in Chinese"),
    ("zh", r"/admin/rounds/N/sheets(/N)?", {"en"}, "a score sheet's category choice is shown by its key"),
]


def _matches(entry, key: tuple[str, str, str]) -> bool:
    langs, page, kinds = entry[:3]
    return key[0] in langs.split("|") and re.fullmatch(page, key[1]) is not None and key[2] in kinds


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
                 if not any(_matches(e, k) for e in KNOWN + BY_DESIGN))
    assert new == [], "\n".join(new)


def test_the_known_gaps_are_current(found):
    assert [e[-1] for e in KNOWN if not any(_matches(e, k) for k in found)] == []


def test_the_checks_find_what_they_look_for():
    from page_words import problems, visible

    page = ('<h1>Rounds</h1><p>参数 <code>criteria.all[applicant].rule</code> {"var": "x"} None '
            "param='annual_pass_mark' industrial</p><div class=\"d-none\">{\"hidden\": 1}</div>")
    found = problems(visible(page), "zh", set(), {"industrial"}, WORDS_OK["zh"])
    kinds = {f.split(":")[0] for f in found}
    assert kinds == {"en", "code", "path", "repr", "json"}, found
    assert problems(visible("<p>Rounds of 黄埔区 中文</p>"), "en", {"黄埔区"}, set(), WORDS_OK["en"]) == []
    assert problems(visible("<p>轮次 申报</p>"), "en", set(), set(), WORDS_OK["en"]) == ["zh: 轮次", "zh: 申报"]
