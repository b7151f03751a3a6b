"""The back-office home page: who you are, what you may see, the latest changes in your jurisdictions."""
from __future__ import annotations

from sqlalchemy import func, select

from policyhub.db import db
from policyhub.db.models import AuditLog, JurisdictionRow, RegistryEntry

from ..scoping import allowed_codes, scope_clause


def dashboard(admin, user) -> dict:
    allowed = allowed_codes(user)
    counts = select(RegistryEntry.registry_name, func.count()).group_by(RegistryEntry.registry_name)
    clause = scope_clause(RegistryEntry.jurisdiction_code, user)
    if clause is not None:
        counts = counts.where(clause)
    recent = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(10)
    clause = scope_clause(AuditLog.jurisdiction_code, user)
    if clause is not None:
        recent = recent.where(clause)
    jurisdiction = db.session.get(JurisdictionRow, user.jurisdiction_code) if user and user.jurisdiction_code \
        else None
    from .registries import _RegistryLabel

    endpoints = {getattr(v, "registry", None): v.endpoint for v in admin._views if hasattr(v, "registry")}
    registries = [{"name": name, "label": str(_RegistryLabel(name)), "count": n,
                   "endpoint": endpoints.get(name)}
                  for name, n in sorted(db.session.execute(counts).all())]
    return {
        "registries": registries,
        "recent_changes": list(db.session.scalars(recent)),
        "jurisdiction": jurisdiction,
        "scope_size": None if allowed is None else len(allowed),
    }
