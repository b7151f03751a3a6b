"""How an audit row reads to an official: who, when, what (the object's name and its jurisdiction's name), and
before → after as labelled values, in the interface language. No JSON, no rule paths, no codes.

A round's change is read as the round editors' diff (`rounds/where.py`); any other object's snapshot by its
columns, the facts in a registry entry's data by their labels in the policies, events by their labels.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext, lazy_gettext

from policyhub.db import db
from policyhub.db.models import AuditLog, RegistryEntry, RoundRow, SchemeRow, User
from policyhub.i18n import render, render_value
from policyhub.i18n.formats import datetime as format_datetime

from .audit import SECRET_FIELDS, changed_keys, summary_message
from .jurisdiction_pages import jurisdiction_name, tr

ACTIONS = {"create": lazy_gettext("Created"), "update": lazy_gettext("Changed"), "delete": lazy_gettext("Deleted"),
           "publish": lazy_gettext("Published"), "clone": lazy_gettext("Copied"),
           "archive": lazy_gettext("Archived"), "import": lazy_gettext("Imported"),
           "set-password": lazy_gettext("Password set"), "load": lazy_gettext("Loaded from the policy files")}
OBJECTS = {"user": lazy_gettext("User account"), "round": lazy_gettext("Round"),
           "registry_entry": lazy_gettext("Registry entry"), "registry": lazy_gettext("Registry"),
           "jurisdiction": lazy_gettext("Jurisdiction"), "scheme": lazy_gettext("Scheme"),
           "document": lazy_gettext("Document"), "cases": lazy_gettext("Policy test cases"),
           "regions": lazy_gettext("Regions")}
COLUMNS = {"username": lazy_gettext("User name"), "role": lazy_gettext("Role"),
           "jurisdiction_code": lazy_gettext("Jurisdiction"), "active": lazy_gettext("Active"),
           "password_hash": lazy_gettext("Password"), "name": lazy_gettext("Name"), "data": lazy_gettext("Data"),
           "scheme_key": lazy_gettext("Scheme"), "events": lazy_gettext("Events"),
           "name_zh": lazy_gettext("Chinese name"),
           "name_en": lazy_gettext("English name"), "parent_code": lazy_gettext("Parent"),
           "status": lazy_gettext("Status"), "version": lazy_gettext("Version"), "entries": lazy_gettext("Entries"),
           "replaced": lazy_gettext("Entries replaced"), "file": lazy_gettext("File"),
           "replace": lazy_gettext("Replace the existing entries"), "imported": lazy_gettext("Entries imported"),
           "date": lazy_gettext("Date"), "event": lazy_gettext("Event"), "note": lazy_gettext("Note")}
# bookkeeping columns: they change with every save and say nothing to an official
HIDDEN = {"id", "version", "natural_key", "created_at", "updated_at", "registry_name", "entry_id", "data_version"}
_STATUSES = {"draft": lazy_gettext("draft"), "published": lazy_gettext("published"),
             "archived": lazy_gettext("archived")}


def who(row: AuditLog) -> str:
    """The official's user name; the command line and the system by name."""
    name = row.username or ""
    if name == "system":
        return gettext("the system")
    if name.startswith("cli:"):
        return gettext("command line (%(name)s)", name=name[4:])
    return name


def when(row: AuditLog) -> str:
    """Asia/Shanghai local time, to the minute."""
    return format_datetime(row.at) if isinstance(row.at, dt.datetime) else ""


def action(row: AuditLog) -> str:
    label = ACTIONS.get(row.action)
    return str(label) if label is not None else row.action


def object_type(row_or_type: AuditLog | str) -> str:
    kind = row_or_type if isinstance(row_or_type, str) else row_or_type.object_type
    label = OBJECTS.get(kind)
    return str(label) if label is not None else kind


def _round_data(row: AuditLog) -> dict[str, Any] | None:
    for data in (row.after, row.before):
        if isinstance(data, dict) and "scheme" in data:
            return data
    found = db.session.get(RoundRow, _int(row.object_id))
    return found.data if found is not None else None


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _snapshot_value(row: AuditLog, key: str) -> Any:
    for data in (row.after, row.before):
        if isinstance(data, dict) and data.get(key):
            return data[key]
    return None


def object_name(row: AuditLog) -> str:
    """The name of what changed: a round by its scheme's title and its own, an account by its user name..."""
    kind = row.object_type
    if kind == "round":
        data = _round_data(row) or {}
        scheme = db.session.get(SchemeRow, data.get("scheme")) if data.get("scheme") else None
        scheme_title = tr((scheme.data or {}).get("title")) if scheme is not None else data.get("scheme", "")
        return " · ".join(p for p in (scheme_title, tr(data.get("title")) or data.get("key", "")) if p)
    if kind == "user":
        name = _snapshot_value(row, "username")
        found = None if name else db.session.get(User, _int(row.object_id))
        return name or (found.username if found is not None else row.object_id)
    if kind == "registry_entry":
        name = _snapshot_value(row, "name")
        found = None if name else db.session.get(RegistryEntry, _int(row.object_id))
        return name or (found.name if found is not None else row.object_id)
    if kind == "registry":
        from .registry_labels import _RegistryLabel

        return str(_RegistryLabel(row.object_id))
    if kind == "jurisdiction":
        return jurisdiction_name(row.object_id)
    if kind == "cases":                 # a file of policy test cases: its scheme's title
        data = next((d for d in (row.after, row.before) if isinstance(d, dict)), {})
        scheme = db.session.get(SchemeRow, data.get("scheme")) if data.get("scheme") else None
        return tr((scheme.data or {}).get("title")) if scheme is not None else data.get("scheme") or row.object_id
    return row.object_id


def jurisdiction(row: AuditLog) -> str:
    return jurisdiction_name(row.jurisdiction_code) if row.jurisdiction_code else ""


def summary(row: AuditLog) -> str:
    return render(summary_message(row.summary))


# -- before → after ------------------------------------------------------------------------------------------
def _facts() -> dict[str, Any]:
    """Every fact the loaded policies declare, by name (for the labels of a registry entry's data)."""
    from policyhub.webhub import current_hub

    out: dict[str, Any] = {}
    try:
        rounds = current_hub().policyset.rounds.values()
    except Exception:  # noqa: BLE001 - without policies, names stay as they are
        return out
    for rnd in rounds:
        for name, fact in rnd.facts.items():
            out.setdefault(name, fact)
    return out


def _event_labels() -> dict[str, Any]:
    from policyhub.webhub import current_hub

    out: dict[str, Any] = {}
    try:
        rounds = current_hub().policyset.rounds.values()
    except Exception:  # noqa: BLE001
        return out
    for rnd in rounds:
        life = getattr(rnd, "lifecycle", None)
        for key, named in (getattr(life, "events", None) or {}).items():
            out.setdefault(key, getattr(named, "label", None))
    return out


class Labels:
    """Labels of columns, facts, choices and events, read once from the loaded policies."""

    def __init__(self):
        self._facts: dict[str, Any] | None = None
        self._events: dict[str, Any] | None = None

    @property
    def facts(self) -> dict[str, Any]:
        if self._facts is None:
            self._facts = _facts()
        return self._facts

    @property
    def events(self) -> dict[str, Any]:
        if self._events is None:
            self._events = _event_labels()
        return self._events

    def column(self, key: str) -> str:
        label = COLUMNS.get(key)
        if label is not None:
            return str(label)
        fact = self.facts.get(key)
        return tr(fact.label.model_dump()) if fact is not None else key

    def choice(self, key: str, value: str) -> str | None:
        fact = self.facts.get(key)
        labels = getattr(fact, "enum_labels", None) or {}
        label = labels.get(value)
        return tr(label.model_dump()) if label is not None else None


def value_text(key: str, value: Any, labels: Labels) -> str:
    """One value as an official reads it (a jurisdiction by name, a choice by its label, no JSON)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if key in ("jurisdiction_code", "parent_code"):
        return jurisdiction_name(value)
    if key == "role":
        from .views.users import ROLE_LABELS

        return str(ROLE_LABELS.get(value, value))
    if key == "status":
        return str(_STATUSES.get(value, value))
    if key == "event" and isinstance(value, str):
        return tr(labels.events.get(value)) or value
    if isinstance(value, str) and labels.choice(key, value):
        return labels.choice(key, value)
    if isinstance(value, dict):
        if set(value) <= {"zh", "en"}:
            return tr(value)
        return gettext("; ").join(gettext("%(label)s: %(value)s", label=labels.column(k),
                                          value=value_text(k, v, labels))
                                  for k, v in value.items() if k not in HIDDEN)
    if isinstance(value, list):
        if all(isinstance(v, dict) for v in value):
            return "\n".join(value_text(key, v, labels) for v in value)
        return render_value([value_text(key, v, labels) for v in value])
    return render_value(value)


def changes(row: AuditLog) -> list[tuple[str, str, str]]:
    """(what, before, after) for each value that changed, labelled; [] when there is nothing to compare."""
    before, after = row.before, row.after
    if row.object_type == "round" and isinstance(before, dict) and isinstance(after, dict) \
            and isinstance(before.get("data"), dict) and isinstance(after.get("data"), dict):
        before, after = before["data"], after["data"]               # a round row loaded from the files
    if row.object_type == "round" and isinstance(before, dict) and isinstance(after, dict) \
            and "scheme" in before and "scheme" in after:
        return _round_changes(before, after)
    if row.object_type == "cases" and isinstance(before or after, dict) and "cases" in (before or after):
        from .rounds.case_audit import case_changes
        return case_changes(before, after)
    if not isinstance(before, (dict, type(None))) or not isinstance(after, (dict, type(None))):
        return []
    labels = Labels()
    out = []
    for key in changed_keys(before, after):
        if key in HIDDEN:
            continue
        b, a = (before or {}).get(key), (after or {}).get(key)
        if key in SECRET_FIELDS:
            out.append((labels.column(key), gettext("earlier password") if b else "—",
                        gettext("new password") if a else "—"))
        elif key == "data" and isinstance(b or {}, dict) and isinstance(a or {}, dict):
            for k in changed_keys(b or {}, a or {}):
                out.append((labels.column(k), value_text(k, (b or {}).get(k), labels),
                            value_text(k, (a or {}).get(k), labels)))
        else:
            out.append((labels.column(key), value_text(key, b, labels), value_text(key, a, labels)))
    return out


def _round_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str]]:
    from policyhub.diff import diff_data

    from .rounds import where
    from .rounds.display import show

    strip = lambda d: {k: v for k, v in d.items() if k not in ("status", "version", "key")}  # noqa: E731
    found = where.readable(diff_data(strip(before), strip(after)))
    return [(where.where(c, before, after), show(c["old"]), show(c["new"])) for c in found]
