"""The back office's own model views, declared in one place."""
from __future__ import annotations

from flask import Flask
from flask_admin import Admin

from .registries import add_registry_view, registry_names


def add_core_views(admin: Admin, app: Flask) -> None:
    """Jurisdictions, registries (one view per registry name), enterprise screening, users, the working-day
    calendar and the audit log."""
    from .audit import AuditLogView
    from .calendar import CalendarDayView
    from .jurisdictions import JurisdictionView
    from .population import PopulationView
    from .users import UserView

    admin.add_view(JurisdictionView())
    for name in registry_names(app):
        add_registry_view(admin, name)
    admin.add_view(PopulationView())
    admin.add_view(UserView())
    admin.add_view(CalendarDayView())
    admin.add_view(AuditLogView())


__all__ = ["add_core_views", "add_registry_view", "registry_names"]
