"""The audit trail: every change an official makes, who, when, on what, before → after.

`record()` adds an AuditLog row to the current session and never commits: it is saved in the same
transaction as the change it describes, or not at all. The read-only audit log view is in
`views/audit.py`.
"""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any, Iterable

from sqlalchemy import inspect as sa_inspect

from policyhub.db import db
from policyhub.db.models import AuditLog, User
from policyhub.i18n import Message, from_stored, stored

# Never copied into the audit trail: a changed secret shows as "<changed>".
SECRET_FIELDS = frozenset({"password_hash"})
SECRET_MARK = "<changed>"


def _username(user: User | str | None) -> str:
    if user is None:
        return "system"
    if isinstance(user, str):
        return user
    return getattr(user, "username", None) or str(user)


def jsonable(value: Any) -> Any:
    """`value` as JSON-safe data (dates as ISO strings, sets sorted, unknown objects as str)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    return str(value)


def snapshot(model: Any, children: Iterable[str] = ()) -> dict[str, Any] | None:
    """The column values of `model` (JSON-safe), plus the snapshots of the named child collections.

    Secret columns are replaced by a marker so the trail shows that they changed, never their value.
    """
    if model is None:
        return None
    mapper = sa_inspect(model).mapper
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        value = getattr(model, attr.key, None)
        if attr.key in SECRET_FIELDS:
            out[attr.key] = _secret_mark(value)
        else:
            out[attr.key] = jsonable(value)
    for name in children:
        items = getattr(model, name, None) or []
        out[name] = [snapshot(child) for child in items]
    return out


def _secret_mark(value: Any) -> str | None:
    # A short, non-reversible fingerprint: enough to see that a secret changed between two snapshots.
    if not value:
        return None
    import hashlib

    return "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:8]


def changed_keys(before: dict | None, after: dict | None) -> list[str]:
    """The top-level keys whose values differ between two snapshots."""
    before, after = before or {}, after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def record(user: User | str | None, action: str, object_type: str, object_id: Any,
           jurisdiction_code: str | None, before: Any, after: Any, summary: str | Message = "") -> AuditLog:
    """Add an audit row for a change to the session (same transaction as the change; not committed).

    `user` is the official (a User), a name (the command line passes "cli:<os user>") or None ("system").
    A `summary` given as a Message is stored as its code and values, and shown in the reader's language.
    """
    row = AuditLog(username=_username(user), action=action, object_type=object_type,
                   object_id=str(object_id) if object_id is not None else "",
                   jurisdiction_code=jurisdiction_code, before=jsonable(before), after=jsonable(after),
                   summary=stored_summary(summary))
    db.session.add(row)
    return row


def stored_summary(summary: str | Message | None) -> str:
    """A summary as the audit_log column holds it: a Message as JSON {code, params}, plain text as it is."""
    return stored(summary)


def summary_message(text: str | None) -> Message | str:
    """The summary of an audit row: the Message it was recorded as, or the plain text of an older row."""
    return from_stored(text)


def last_change(object_type: str, object_id: Any) -> AuditLog | None:
    """The most recent audit row for an object (who changed it last, and when)."""
    return (db.session.query(AuditLog)
            .filter(AuditLog.object_type == object_type, AuditLog.object_id == str(object_id))
            .order_by(AuditLog.at.desc(), AuditLog.id.desc()).first())


__all__ = ["SECRET_FIELDS", "changed_keys", "jsonable", "last_change", "record", "snapshot", "stored_summary",
           "summary_message"]
