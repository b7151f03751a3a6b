"""The back-office home page: who you are, what you may see, the latest changes in your jurisdictions."""
from __future__ import annotations

from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import AuditLog, JurisdictionRow

from ..scoping import allowed_codes, official_scope, scope_clause


def _change(row: AuditLog) -> dict:
    """One audit row as the home page lists it: when, who, what was done to what, where."""
    from .. import audit_text

    return {"id": row.id, "when": audit_text.when(row), "who": audit_text.who(row), "action": audit_text.action(row),
            "object": f"{audit_text.object_type(row)} · {audit_text.object_name(row)}",
            "jurisdiction": audit_text.jurisdiction(row)}


def dashboard(admin, user) -> dict:
    allowed = allowed_codes(user)
    from .registries import current_registries

    counts = current_registries().counts(db.session, official_scope(user))
    recent = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(10)
    clause = scope_clause(AuditLog.jurisdiction_code, user)
    if clause is not None:
        recent = recent.where(clause)
    jurisdiction = db.session.get(JurisdictionRow, user.jurisdiction_code) if user and user.jurisdiction_code \
        else None
    from .registries import RegistryEntryView, _RegistryLabel

    endpoints = {v.registry: v.endpoint for v in admin._views if isinstance(v, RegistryEntryView)}
    registries = [{"name": name, "label": str(_RegistryLabel(name)), "count": n,
                   "endpoint": endpoints.get(name)}
                  for name, n in counts.items()]
    return {
        "registries": registries,
        "recent_changes": [_change(row) for row in db.session.scalars(recent)],
        "jurisdiction": jurisdiction,
        "scope_size": None if allowed is None else len(allowed),
    }
