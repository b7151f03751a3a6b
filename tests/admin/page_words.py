"""What a back-office page says in words: a crawl of every page an official can reach, and the checks of its
visible text (the other language outside policy data, JSON braces, enum codes, rule paths, Python reprs).

Used by tests/admin/test_every_page_language.py; run as a script on a demo database to list the findings:

    python tests/admin/page_words.py
"""
from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+")
LATIN_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z][A-Za-z]{2,}(?![\w@/-])")
RULE_PATH = re.compile(r"\b\w+(?:\.\w+)*\[[^\]\s]+\]\.\w+|\bparameters\.\w+\.value\b|\bcriteria\.all\b")
PYTHON = re.compile(r"\b(?:None|null|True|False)\b|param='|param:\w")
BRACES = re.compile(r"[{}]")

# words that are no language's: the product's name, the language switch, file formats, the rule language
# (and a term the notice coins, quoted as it is in an English label)
WORDS_OK = {"zh": {"policyhub", "English", "CSV", "Excel", "xlsx", "YYYY", "JsonLogic"}, "en": {"中文", "一业多会"}}
# links never followed: they change something, download a file, or only re-order or page a list
SKIP = re.compile(r"/logout|/export/|/delete|/download|\.(?:csv|xlsx|pdf|json)\b|/static/|/sheet\.")
KEEP_QUERY = {"id", "against", "section", "as_of", "item"}
PER_KIND = 20                     # pages visited per kind of page (its URL with numbers as N): the first ones


def visible(page: str) -> str:
    """The words a reader sees: no scripts, styles, hidden data blocks, tags or attribute values."""
    body = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", page)
    body = re.sub(r'(?s)<div [^>]*class="[^"]*\bd-none\b[^"]*"[^>]*>.*?</div>', " ", body)
    body = re.sub(r"(?s)<textarea\b[^>]*>.*?</textarea>", " ", body)          # what the official typed
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


def links(page: str) -> list[str]:
    out = []
    for href in re.findall(r'href="(/admin/[^"#]*)"', page):
        href = html.unescape(href)
        if SKIP.search(href):
            continue
        parts = urlsplit(href)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k in KEEP_QUERY]
        out.append(parts.path + ("?" + urlencode(sorted(query)) if query else ""))
    return out


def crawl(client, start: str = "/admin/", limit: int = 600) -> dict[str, str]:
    """Every kind of back-office page reachable from `start` by GET links (`PER_KIND` of each, rounds, cases,
    entries...): {url: html} of the 200 HTML answers; `limit` only stops a runaway crawl."""
    seen: dict[str, str] = {}
    queue, queued = [start], {start}
    per_kind: Counter = Counter()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        r = client.get(url)
        if r.status_code != 200 or not r.mimetype.startswith("text/html"):
            continue
        page = r.get_data(as_text=True)
        seen[url] = page
        for link in links(page):
            kind = re.sub(r"\d+", "N", link)
            if link in queued or per_kind[kind] >= PER_KIND:
                continue
            per_kind[kind] += 1
            queued.add(link)
            queue.append(link)
    return seen


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def policy_words(app) -> dict[str, set[str]]:
    """Policy data that keeps its own language on every page: document titles and numbers, citations, the
    names and notes officials and the sample data typed in; {"zh": texts allowed on English pages, "en": ...}."""
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry, RegistryEvent, User
    from policyhub.webhub import current_hub

    zh: set[str] = set()
    en: set[str] = set()
    with app.test_request_context():
        ps = current_hub().policyset
        for doc in ps.documents.values():
            data = doc.model_dump()
            zh.update(s for s in _strings({k: data.get(k) for k in ("number", "title", "issuer", "key")}) if s)
            en.update(s for s in _strings(data.get("title")) if s)
        for rnd in ps.rounds.values():
            _cites(rnd.model_dump(), zh)
            for param in rnd.parameters.values():           # a note's English quotes the notice's words
                if param.note is not None:
                    zh.update(CJK.findall(param.note.en))
        for entry in db.session.query(RegistryEntry):
            zh.add(entry.name)
            en.add(entry.name)
            zh.update(s for s in _strings(entry.data) if s)
            en.update(s for s in _strings(entry.data) if s)
        for event in db.session.query(RegistryEvent):
            zh.update(s for s in (event.note, *_strings(event.data)) if s)
            en.update(s for s in (event.note, *_strings(event.data)) if s)
        en.update(u.username for u in db.session.query(User))
    return {"zh": zh, "en": en}


def _cites(data: Any, out: set[str]) -> None:
    if isinstance(data, dict):
        cite = data.get("cite")
        if isinstance(cite, dict):
            out.update(s for s in (cite.get("doc"), cite.get("ref"), cite.get("quote")) if isinstance(s, str) and s)
        for v in data.values():
            _cites(v, out)
    elif isinstance(data, list):
        for v in data:
            _cites(v, out)


def enum_codes(app) -> set[str]:
    """Codes of choices (facts' enums, categories, lifecycle statuses and events) whose labels differ from them."""
    from policyhub.webhub import current_hub

    codes: set[str] = set()
    with app.test_request_context():
        for rnd in current_hub().policyset.rounds.values():
            for fact in rnd.facts.values():
                for code, label in (fact.enum_labels or {}).items():
                    if isinstance(code, str) and code.lower() != label.en.lower():
                        codes.add(code)
            for cat in rnd.categories:
                if cat.key.lower() != cat.label.en.lower():
                    codes.add(cat.key)
            life = getattr(rnd, "lifecycle", None)
            for table in ("statuses", "events"):
                for code, named in (getattr(life, table, None) or {}).items():
                    if code.lower() != named.label.en.lower():
                        codes.add(code)
    return {c for c in codes if len(c) > 2 and re.fullmatch(r"[a-z][a-z0-9_]+", c)}


def problems(text: str, lang: str, allowed: set[str], codes: set[str], words_ok: set[str]) -> list[str]:
    """What a reader should not see on a page in `lang`, each as a short quote."""
    for s in sorted(allowed, key=len, reverse=True):
        if len(s) > 1:
            text = text.replace(s, " ")
    out = []
    if lang == "en":
        out += [f"zh: {m}" for m in CJK.findall(text) if m not in words_ok]
    else:
        out += [f"en: {m}" for m in LATIN_WORD.findall(text) if m not in words_ok]
    out += [f"code: {m}" for m in re.findall(r"(?<![\w-])[a-z][a-z0-9_]+(?![\w-])", text)
            if m in codes and (lang == "zh" or "_" in m)]          # "industrial" is also an English word
    out += [f"path: {m}" for m in RULE_PATH.findall(text)]
    out += [f"repr: {m}" for m in PYTHON.findall(text)]
    out += [f"json: {text[max(0, m.start() - 30):m.end() + 30]}" for m in BRACES.finditer(text)][:3]
    return out


def demo_app(tmp_path):
    """An app on a demo database: the bundled policies and the plugins' sample data."""
    from policyhub.app import create_app
    from policyhub.cli.serve import _load_demo_policies

    app = create_app({"POLICYHUB_MODE": "demo", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.db'}",
                      "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": True})
    _load_demo_policies(app)
    return app


def findings(app, client, words_ok: dict[str, set[str]]) -> dict[str, list[str]]:
    """{"lang url": [problems]} for every page the signed-in client reaches, in zh_CN and in English."""
    allowed, codes = policy_words(app), enum_codes(app)
    out: dict[str, list[str]] = {}
    for lang in ("zh_CN", "en"):
        client.get(f"/admin/?lang={lang}")
        key = "en" if lang == "en" else "zh"
        for url, page in crawl(client).items():
            found = problems(visible(page), key, allowed["zh" if key == "en" else "en"], codes, words_ok[key])
            if found:
                out[f"{key} {url}"] = sorted(set(found))
    return out


if __name__ == "__main__":                                   # pragma: no cover - a tool for developers
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from admin_helpers import login, make_user

    with tempfile.TemporaryDirectory() as tmp:
        app = demo_app(Path(tmp))
        make_user(app, "root", "superuser", None)
        client = app.test_client()
        login(client, "root")
        for where, found in findings(app, client, WORDS_OK).items():
            print(where, found[:12])
