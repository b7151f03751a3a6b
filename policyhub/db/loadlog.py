"""What loading policy files into the database did: rows inserted and updated (each audited as the action
"load"), and conflicts (what the database kept because officials changed it, or because it is a published or
archived round)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import Message, stored
from .models import AuditLog, JurisdictionRow

KINDS = ("jurisdictions", "documents", "schemes", "rounds", "regions", "cases", "calendar")
LOAD_ACTION = "load"


@dataclass(frozen=True)
class Conflict:
    """A definition the files would change but the database keeps.

    `reason` is "edited" (changed in the back office; params `by`, `at`) or "not_draft" (a published or
    archived round; param `status`)."""

    object_type: str
    object_id: str
    reason: str
    params: dict[str, Any]

    def __str__(self) -> str:
        p = self.params
        what = f"{self.object_type} {self.object_id}"
        if self.reason == "edited":
            return (f"{what}: edited in the back office by {p.get('by')} at {p.get('at')}; "
                    "the database's version was kept")
        if self.reason == "not_draft":
            return f"{what}: the stored round is {p.get('status')}; published and archived rounds never change"
        return f"{what}: {self.reason}"


@dataclass
class LoadReport:
    """Counts of inserted (`loaded`) and `updated` rows per kind, and the conflicts. `report[kind]` is the
    number inserted."""

    loaded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    conflicts: list[Conflict] = field(default_factory=list)

    def __getitem__(self, kind: str) -> int:
        return self.loaded[kind]

    def items(self):
        return self.loaded.items()

    def conflict(self, object_type: str, object_id: Any, reason: str, **params: Any) -> None:
        self.conflicts.append(Conflict(object_type, str(object_id), reason, params))


def row_snapshot(row: Any) -> dict[str, Any]:
    """The row's column values, JSON-safe (dates as ISO text)."""
    out = {}
    for attr in sa_inspect(row).mapper.column_attrs:
        value = getattr(row, attr.key, None)
        out[attr.key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return out


class LoadLog:
    """Inserts and updates rows on behalf of a load, auditing each change and refusing back-office edits."""

    def __init__(self, session: Session, actor: str, report: LoadReport):
        self.session, self.actor, self.report = session, actor, report
        # The first load fills an empty database from the files (they are its record); a later load that
        # adds definitions (a newly installed plugin) is audited like any other change.
        self.audit_inserts = session.scalar(select(JurisdictionRow.code).limit(1)) is not None

    def _audit(self, row: Any, object_id: Any, code: str | None, before: Any, after: Any, summary: Message) -> None:
        self.session.add(AuditLog(username=self.actor, action=LOAD_ACTION, object_type=row.__tablename__,
                                  object_id=str(object_id), jurisdiction_code=code, before=before, after=after,
                                  summary=stored(summary)))

    def insert(self, kind: str, row: Any, object_id: Any, code: str | None) -> None:
        """Add a new row (audited as loaded)."""
        self.session.add(row)
        self.session.flush()
        if object_id is None:
            object_id = sa_inspect(row).identity[0]
        if self.audit_inserts:
            self._audit(row, object_id, code, None, row_snapshot(row), Message("audit.loaded"))
        self.report.loaded[kind] += 1

    def last_edit(self, object_type: str, object_id: Any) -> AuditLog | None:
        """The newest audit entry for the object if it is not a load: the object was changed since."""
        last = self.session.scalar(select(AuditLog).where(AuditLog.object_type == object_type,
                                                          AuditLog.object_id == str(object_id))
                                   .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(1))
        return last if last is not None and last.action != LOAD_ACTION else None

    def update(self, kind: str, row: Any, values: dict[str, Any], object_id: Any, code: str | None, *,
               label: str | None = None) -> None:
        """Bring `row` to `values` unless it already has them or was edited in the back office (a conflict)."""
        changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
        if not changed:
            return
        edit = self.last_edit(row.__tablename__, object_id)
        if edit is not None:
            self.report.conflict(row.__tablename__, label or object_id, "edited", by=edit.username,
                                 at=edit.at.strftime("%Y-%m-%d %H:%M"))
            return
        before = row_snapshot(row)
        for k in changed:
            setattr(row, k, values[k])
        mapper = sa_inspect(row).mapper
        if "version" not in values and mapper.version_id_col is None and isinstance(getattr(row, "version", None), int):
            row.version += 1            # caches keyed on versions see the change (versioned rows count themselves)
        self.session.flush()
        self._audit(row, object_id, code, before, row_snapshot(row), Message("audit.updated_from_files"))
        self.report.updated[kind] += 1

    def delete(self, kind: str, row: Any, object_id: Any, code: str | None, *, label: str | None = None) -> None:
        """Remove a row the files no longer hold, unless it was edited in the back office (a conflict)."""
        edit = self.last_edit(row.__tablename__, object_id)
        if edit is not None:
            self.report.conflict(row.__tablename__, label or object_id, "edited", by=edit.username,
                                 at=edit.at.strftime("%Y-%m-%d %H:%M"))
            return
        self._audit(row, object_id, code, row_snapshot(row), None, "removed: no policy file holds it any more")
        self.session.delete(row)
        self.session.flush()
        self.report.updated[kind] += 1
