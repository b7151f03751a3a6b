"""One language layer: code builds no zh/en text outside the catalogs, and messages render in both languages.

The scan reads every module of policyhub/ and of the bundled plugins' packages and flags: dict literals keyed
"zh"/"en" with text values (WORDS tables, inline bilingual strings), f-strings with Chinese text, and Chinese
string constants (docstrings aside). Wording belongs in the catalogs (policyhub/translations, or a plugin's
own through the `policyhub_translations` hook); the core returns `Message(code, params)`.
"""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from policyhub.i18n import Message, amount, percent, quantity, render
from policyhub.i18n.formats import datetime as format_datetime

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LANG_KEYS = {"zh", "en"}

# (file, text on the flagged line): each entry says why it is not wording.
ALLOWED = {
    ("policyhub/i18n/locale.py", "LOCALE_ALIASES"): "locale names a ?lang= value may take, not text",
    ("policyhub/web/fact_form.py", '"，"'): "reads a full-width comma typed in a number",
    ("policyhub/admin/task_progress.py", r"[.、．]"): "reads a task number like 1、",
    ("policyhub/population/importer.py", "_TRUE = "): "yes/no words a population file's cells may hold",
    ("policyhub/population/importer.py", "_FALSE = "): "yes/no words a population file's cells may hold",
    ("policyhub/population/importer.py", 'value.replace("；", ";")'): "reads a full-width semicolon in a list cell",
}
# Modules not yet converted to messages: each one here is a known gap, to be emptied.
PENDING: set[str] = set()


def _flag(node: ast.AST, docstrings: set[int]) -> str | None:
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            text = isinstance(v, (ast.JoinedStr, ast.Dict)) or (isinstance(v, ast.Constant)
                                                                 and isinstance(v.value, str) and v.value != "")
            if isinstance(k, ast.Constant) and k.value in LANG_KEYS and text:
                return "dict keyed zh/en with text"
    elif isinstance(node, ast.JoinedStr):
        if any(isinstance(v, ast.Constant) and CJK.search(str(v.value)) for v in node.values):
            return "f-string with Chinese text"
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
        if CJK.search(node.value):
            return "Chinese string constant"
    return None


def scan(path: Path) -> list[tuple[int, str]]:
    """(line, what) of every place in one module that builds zh/en text in code (outermost node only)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body:
            first = n.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    out: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        what = _flag(node, docstrings)
        if what:
            out.append((node.lineno, what))
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def modules() -> list[Path]:
    roots = [ROOT / "policyhub", *sorted((ROOT / "plugins").glob("*/policyhub_*"))]
    return [p for r in roots for p in sorted(r.rglob("*.py"))]


def places() -> list[tuple[str, int, str, str]]:
    """Every flagged place: (file, line, what, source line)."""
    out = []
    for path in modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        rel = path.relative_to(ROOT).as_posix()
        out += [(rel, n, what, lines[n - 1]) for n, what in scan(path)]
    return out


def _allowed(rel: str, line: str) -> bool:
    return any(rel == f and marker in line for f, marker in ALLOWED)


def test_no_language_text_outside_the_catalogs():
    found = [f"{rel}:{n}: {what}: {line.strip()}" for rel, n, what, line in places()
             if rel not in PENDING and not _allowed(rel, line)]
    assert found == [], "word it in a catalog and return a Message (see policyhub/i18n/message.py)"


def test_the_lists_are_current():
    """An allow-list entry that no longer matches, or a pending module that is clean, must be removed."""
    flagged = places()
    stale = [key for key in ALLOWED if not any(rel == key[0] and key[1] in line for rel, _n, _w, line in flagged)]
    clean = [rel for rel in PENDING if not any(r == rel for r, *_ in flagged)]
    assert stale == [] and clean == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""模块说明"""\nWORDS = {"zh": {"pass": "符合"}, "en": {"pass": "pass"}}\n'
                   'def f(x):\n    return f"需 {x}"\nLABEL = "申报条件"\nOK = {"zh": x, "en": y}\n',
                   encoding="utf-8")
    assert [w for _n, w in scan(bad)] == ["dict keyed zh/en with text", "f-string with Chinese text",
                                          "Chinese string constant"]


@pytest.mark.parametrize("locale,expected", [
    ("zh_Hans_CN", "专职人员 3人，需 ≥ 5人"), ("zh", "专职人员 3人，需 ≥ 5人"),
    ("en", "full-time staff 3 people, needs ≥ 5 people")])
def test_a_message_renders_in_each_language(locale, expected):
    msg = Message("gap.found", label={"zh": "专职人员", "en": "full-time staff"},
                  actual=quantity(3, {"zh": "人", "en": "people"}), op="≥",
                  needed=quantity(5.0, {"zh": "人", "en": "people"}))
    assert render(msg, locale) == expected
    assert msg == "full-time staff 3 people, needs ≥ 5 people"          # its str value is the English
    assert msg.to_json()["code"] == "gap.found" and msg.to_json()["params"]["needed"]["value"] == 5.0


def test_formats_amounts_percentages_and_times():
    assert render(Message("funding.stop_amount", key="k", value=amount(800000, "元"), note=""), "zh").endswith(
        "而不是 800,000元。")
    assert render(Message("value.below_minimum", value=percent(0.125), min=0), "en") == \
        "value 12.5% is below the minimum 0"
    moment = dt.datetime(2026, 12, 1, 10, 5, 7, 123456, tzinfo=dt.timezone.utc)
    assert format_datetime(moment) == "2026-12-01 18:05"                  # Asia/Shanghai, no microseconds


def test_a_missing_code_falls_back_to_english_then_the_code():
    assert render(Message("no.such.code"), "zh") == "no.such.code"


if __name__ == "__main__":      # python tests/core/test_language_layer.py [TREE]: count the places in a tree
    import sys

    ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    flagged = places()
    outside = [p for p in flagged if p[0] not in PENDING and not _allowed(p[0], p[3])]
    for rel, n, what, _line in outside:
        print(f"{rel}:{n}: {what}")
    print(f"{len(outside)} places build zh/en text outside the catalogs ({len(flagged) - len(outside)} allowed)")
