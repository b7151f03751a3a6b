"""Scoped queries on registry rows: every read, count, write and replace goes through `Registries`.

A query always takes a `Scope` (the jurisdictions the caller may touch: an official's, or everything for the
command line) and is further limited to the registry's own jurisdictions (its writers and those below them),
so a row written under another jurisdiction is never read, counted, evaluated, replaced or copied.
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import RegistryEntry, RegistryEvent
from ..errors import PolicyError
from ..policyset import PolicySet
from .declarations import Registry, parents_of, registries_of, within
from .scope import Scope

_NAME = RegistryEntry.__table__.c.registry        # the column; the mapped attribute's name has changed before


class WriteRefused(PolicyError):
    """A registry write outside the registry's writer jurisdictions or the caller's scope."""


class Registries:
    """The registries a policy set declares, and the scoped queries on their rows."""

    def __init__(self, ps: PolicySet):
        self.ps = ps
        self.declared: dict[str, Registry] = registries_of(ps)
        self.parents = parents_of(ps)
        self._codes: dict[str, frozenset[str]] = {}

    # -- declarations -----------------------------------------------------------------------------------
    def get(self, key: str) -> Registry | None:
        """The declaration of registry `key` (None for a registry no scheme declares)."""
        return self.declared.get(key)

    def of_scheme(self, scheme: str) -> Registry | None:
        """The registry scheme `scheme` declares, if any."""
        return next((r for r in self.declared.values() if r.scheme == scheme), None)

    def home(self, key: str) -> str:
        """The jurisdiction a declared registry belongs to (its scheme's)."""
        reg = self.get(key)
        if reg is None:
            raise PolicyError(f"registry '{key}' is not declared by any scheme")
        return reg.jurisdiction

    def scope(self, key: str, scope: Scope) -> Scope:
        """`scope` limited to the registry's own jurisdictions (unchanged for an undeclared registry)."""
        reg = self.get(key)
        if reg is None:
            return scope
        if key not in self._codes:
            self._codes[key] = reg.codes(self.parents)
        return scope & Scope(self._codes[key])

    def may_write(self, key: str, code: str | None) -> bool:
        """May a row of registry `key` be written under jurisdiction `code`? (its writers and below them)"""
        reg = self.get(key)
        if reg is None:
            return code is not None
        return within(code, reg.writers, self.parents)

    # -- reads ------------------------------------------------------------------------------------------
    def _select(self, key: str, scope: Scope):
        q = select(RegistryEntry).where(_NAME == key)
        clause = self.scope(key, scope).clause(RegistryEntry.jurisdiction_code)
        return q if clause is None else q.where(clause)

    def where(self, query, key: str, scope: Scope):
        """A query on RegistryEntry (select() or legacy Query) limited to registry `key` within `scope`."""
        clause = self.scope(key, scope).clause(RegistryEntry.jurisdiction_code)
        add = query.filter if hasattr(query, "filter") else query.where
        query = add(_NAME == key)
        return query if clause is None else add(clause)

    def entries(self, session: Session, key: str, scope: Scope, *, by: str = "name") -> list[RegistryEntry]:
        """The registry's rows within `scope`, by name (`by="id"`: in the order they were written)."""
        order = (RegistryEntry.id,) if by == "id" else (RegistryEntry.name, RegistryEntry.id)
        return list(session.scalars(self._select(key, scope).order_by(*order)))

    def entry(self, session: Session, key: str, scope: Scope, entry_id: int) -> RegistryEntry | None:
        """One row by id, if it is the registry's and within `scope`."""
        return session.scalar(self._select(key, scope).where(RegistryEntry.id == entry_id))

    def count(self, session: Session, key: str, scope: Scope) -> int:
        """How many rows the registry holds within `scope`."""
        sub = self._select(key, scope).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)

    def counts(self, session: Session, scope: Scope, keys: Iterable[str] | None = None) -> dict[str, int]:
        """Rows per registry within `scope` (declared registries and `keys`), registries with rows only."""
        names = set(self.declared) | set(keys or ())
        if keys is None:
            names |= set(session.scalars(select(_NAME).distinct()))
        out = {}
        for key in sorted(n for n in names if n):
            n = self.count(session, key, scope)
            if n:
                out[key] = n
        return out

    def records(self, session: Session, key: str, scope: Scope) -> list[dict[str, Any]]:
        """The rows' data (a targets round's records), in the order they were written."""
        return [dict(e.data or {}) for e in self.entries(session, key, scope, by="id")]

    # -- writes (the one place registry rows are written) ----------------------------------------------
    def check_write(self, key: str, code: str | None, scope: Scope) -> None:
        """WriteRefused unless a row of registry `key` may be written under `code` by a caller of `scope`."""
        if not scope.covers(code):
            raise WriteRefused(f"jurisdiction '{code}' is outside your jurisdictions")
        if not self.may_write(key, code):
            reg = self.get(key)
            raise WriteRefused(f"registry '{key}' holds rows of {', '.join(reg.writers) if reg else '-'} only, "
                               f"not of '{code}'")

    def add(self, session: Session, key: str, scope: Scope, *, name: str, jurisdiction: str,
            data: dict[str, Any] | None = None, scheme: str | None = None,
            natural_key: str | None = None) -> RegistryEntry:
        """Add a row (checked with `check_write`); the caller commits. A `natural_key` names what the row
        stands for: the database refuses a second row with it in the registry and jurisdiction."""
        self.check_write(key, jurisdiction, scope)
        reg = self.get(key)
        entry = RegistryEntry(registry_name=key, name=name, jurisdiction_code=jurisdiction, data=dict(data or {}),
                              scheme_key=scheme or (reg.scheme if reg else None), natural_key=natural_key)
        session.add(entry)
        return entry

    def add_event(self, session: Session, key: str, scope: Scope, entry: RegistryEntry, *, date, event: str,
                  data: dict[str, Any] | None = None, note: str = "") -> RegistryEvent:
        """Append a dated event to a row of registry `key` within `scope` (else WriteRefused); the caller
        commits."""
        if entry.registry_name != key or not self.scope(key, scope).covers(entry.jurisdiction_code):
            raise WriteRefused(f"row {entry.id} is not a row of '{key}' you may change")
        item = RegistryEvent(date=date, event=event, data=dict(data or {}), note=note or "")
        entry.events.append(item)
        return item

    def remove(self, session: Session, key: str, scope: Scope, entry: RegistryEntry) -> None:
        """Delete a row, if it is the registry's and within `scope` (else WriteRefused)."""
        if entry.registry_name != key or not self.scope(key, scope).covers(entry.jurisdiction_code):
            raise WriteRefused(f"row {entry.id} is not a row of '{key}' you may change")
        session.delete(entry)

    def replace(self, session: Session, key: str, scope: Scope, rows: Iterable[dict[str, Any]]
                ) -> tuple[list[RegistryEntry], list[RegistryEntry]]:
        """Replace the registry's rows within `scope` by `rows` ({name, jurisdiction, data[, natural_key]}); rows
        the caller cannot see stay as they are. Returns (removed, added); the caller commits."""
        rows = list(rows)
        for row in rows:
            self.check_write(key, row["jurisdiction"], scope)
        removed = self.entries(session, key, scope, by="id")
        for entry in removed:
            session.delete(entry)
        session.flush()
        added = [self.add(session, key, scope, name=r["name"], jurisdiction=r["jurisdiction"], data=r.get("data"),
                          natural_key=r.get("natural_key"))
                 for r in rows]
        return removed, added
