"""Who may see and change what: an official's jurisdiction and every jurisdiction below it.

Superusers see everything (`allowed_codes` returns None). Editors and viewers see the rows of their own
jurisdiction and of all its descendants (a province official sees its prefectures and districts); viewers
never change anything. A user without a jurisdiction, an inactive user or no user at all sees nothing.
"""
from __future__ import annotations

from typing import Any, Iterable

from flask import g, has_request_context
from sqlalchemy import false, select

from policyhub.db import db
from policyhub.db.models import JurisdictionRow, User

ROLES = ("superuser", "editor", "viewer")
EDIT_ROLES = ("superuser", "editor")


def is_superuser(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "active", False) and user.role == "superuser")


def descendants(code: str) -> set[str]:
    """`code` and every jurisdiction below it (follows parent_code; safe against cycles)."""
    rows = db.session.execute(select(JurisdictionRow.code, JurisdictionRow.parent_code)).all()
    children: dict[str, list[str]] = {}
    for c, parent in rows:
        if parent:
            children.setdefault(parent, []).append(c)
    out: set[str] = set()
    todo = [code]
    while todo:
        c = todo.pop()
        if c in out:
            continue
        out.add(c)
        todo.extend(children.get(c, ()))
    return out


def ancestors(code: str | None) -> list[str]:
    """The codes above `code`, nearest first (not `code` itself)."""
    if not code:
        return []
    parents = dict(db.session.execute(select(JurisdictionRow.code, JurisdictionRow.parent_code)).all())
    out: list[str] = []
    c = parents.get(code)
    while c and c not in out and c != code:
        out.append(c)
        c = parents.get(c)
    return out


def allowed_codes(user: User | None) -> set[str] | None:
    """The jurisdiction codes `user` may see: None means all of them (superusers)."""
    if user is None or not getattr(user, "active", False) or user.role not in ROLES:
        return set()
    if user.role == "superuser":
        return None
    if not user.jurisdiction_code:
        return set()
    key = ("policyhub_admin_scope", user.id, user.jurisdiction_code)
    cache = g.setdefault("_policyhub_scope", {}) if has_request_context() else {}
    if key not in cache:
        cache[key] = descendants(user.jurisdiction_code)
    return set(cache[key])


def can_view(user: User | None, code: str | None) -> bool:
    """May `user` see a row of jurisdiction `code`? Rows without a jurisdiction: superusers only."""
    allowed = allowed_codes(user)
    if allowed is None:
        return True
    return code is not None and code in allowed


def can_edit(user: User | None, code: str | None) -> bool:
    """May `user` change a row of jurisdiction `code`? Viewers never may."""
    return user is not None and user.role in EDIT_ROLES and can_view(user, code)


def can_edit_anything(user: User | None) -> bool:
    return user is not None and getattr(user, "active", False) and user.role in EDIT_ROLES


def scope_clause(column: Any, user: User | None):
    """A WHERE clause limiting `column` (a jurisdiction code column) to what `user` may see, or None."""
    allowed = allowed_codes(user)
    if allowed is None:
        return None
    if not allowed:
        return false()
    return column.in_(sorted(allowed))


def scope_query(query, column: Any, user: User | None):
    """`query` (legacy Query or select()) limited to the rows `user` may see through `column`."""
    clause = scope_clause(column, user)
    if clause is None:
        return query
    return query.filter(clause) if hasattr(query, "filter") else query.where(clause)


def visible_jurisdictions(user: User | None, *, editable: bool = False) -> list[JurisdictionRow]:
    """The jurisdictions `user` may see (or change), ordered by code: for select boxes."""
    if editable and not can_edit_anything(user):
        return []
    q = scope_query(select(JurisdictionRow), JurisdictionRow.code, user).order_by(JurisdictionRow.code)
    return list(db.session.scalars(q))


def official_scope(user: User | None):
    """The official's jurisdictions as the core's registry `Scope` (every jurisdiction for superusers)."""
    from policyhub.registries import Scope

    return Scope.of(allowed_codes(user))


def filter_visible(user: User | None, codes: Iterable[str | None]) -> list[str | None]:
    return [c for c in codes if can_view(user, c)]


__all__ = ["ROLES", "EDIT_ROLES", "allowed_codes", "ancestors", "can_edit", "can_edit_anything", "can_view",
           "descendants", "filter_visible", "is_superuser", "official_scope", "scope_clause", "scope_query",
           "visible_jurisdictions"]
