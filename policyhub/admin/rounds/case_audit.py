"""A change to a file of policy test cases as the audit log shows it: one row per case added, removed or changed,
with the changed facts by their labels and the expectations in words (never the stored keys)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext

from policyhub.db import db
from policyhub.db.models import RoundRow

from .case_expect import describe
from .display import show, tr


def _labels(scheme: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fact labels and item labels ({key: label}) from the scheme's newest round."""
    facts: dict[str, Any] = {}
    items: dict[str, Any] = {}
    if not scheme:
        return facts, items
    row = db.session.query(RoundRow).filter_by(scheme_key=scheme).order_by(RoundRow.id.desc()).first()
    data = row.data if row is not None else {}
    for name, f in (data.get("facts") or {}).items():
        if isinstance(f, dict) and f.get("label"):
            facts[name] = f["label"]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("key"), str) and isinstance(node.get("label"), dict):
                items.setdefault(node["key"], node["label"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk({k: v for k, v in data.items() if k != "facts"})
    return facts, items


def _name(case: dict[str, Any]) -> str:
    return tr(case.get("name")) or "—"


def _expect_text(expect: dict[str, Any] | None, items: dict[str, Any]) -> str:
    data = {"items": [{"key": k, "label": v} for k, v in items.items()]}
    return "; ".join(describe(expect or {}, data)) or "—"


def _case_text(case: dict[str, Any], other: dict[str, Any] | None, facts: dict[str, Any],
               items: dict[str, Any]) -> str:
    """What of `case` differs from `other` (all of it when there is no other)."""
    parts = []
    mine, theirs = case.get("facts") or {}, (other or {}).get("facts") or {}
    for name in sorted(set(mine) | set(theirs)):
        if other is None or mine.get(name) != theirs.get(name):
            parts.append(f"{tr(facts.get(name)) or gettext('a fact')}: {show(mine.get(name))}")
    if other is None or case.get("expect") != other.get("expect"):
        parts.append(gettext("expects: %(what)s", what=_expect_text(case.get("expect"), items)))
    later, theirs_later = case.get("expect_in") or {}, (other or {}).get("expect_in") or {}
    for key in sorted(set(later) | set(theirs_later)):
        if other is None or later.get(key) != theirs_later.get(key):
            parts.append(gettext("expects of round %(key)s: %(what)s", key=key,
                                 what=_expect_text(later.get(key), items) if key in later else "—"))
    if other is None or case.get("as_of") != other.get("as_of"):
        if case.get("as_of"):
            parts.append(gettext("evaluated on %(date)s", date=case["as_of"]))
    return "\n".join(parts) or "—"


def case_changes(before: Any, after: Any) -> list[tuple[str, str, str]]:
    """(case, before, after) for each case added, removed or changed between two case files."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    facts, items = _labels(after.get("scheme") or before.get("scheme"))
    old = list(before.get("cases") or [])
    new = list(after.get("cases") or [])
    out = []
    if len(old) == len(new):             # changed in place: pair by position (the name may have changed too)
        for a, b in zip(old, new):
            if a != b:
                out.append((_name(b), _case_text(a, b, facts, items), _case_text(b, a, facts, items)))
        return out
    unmatched = list(old)
    for case in new:
        match = next((c for c in unmatched if c == case), None) or \
            next((c for c in unmatched if c.get("name") == case.get("name")), None)
        if match is not None:
            unmatched.remove(match)
            if match != case:
                out.append((_name(case), _case_text(match, case, facts, items), _case_text(case, match, facts, items)))
        else:
            out.append((_name(case), "—", _case_text(case, None, facts, items)))
    for case in unmatched:
        out.append((_name(case), _case_text(case, None, facts, items), "—"))
    return out
