"""The back office's own model views, declared in one place."""
from __future__ import annotations

from flask import Flask
from flask_admin import Admin

from flask_babel import lazy_gettext

from .registries import add_registry_view, registry_names

ADMINISTRATION = lazy_gettext("Administration")


def add_core_views(admin: Admin, app: Flask) -> None:
    """Jurisdictions, registries (one view per registry name), enterprise screening, users, the working-day
    calendar and the audit log."""
    from .audit import AuditLogView
    from .calendar import CalendarDayView
    from .jurisdictions import JurisdictionView
    from .population import PopulationView
    from .users import UserView

    for name in registry_names(app):
        add_registry_view(admin, name)
    admin.add_view(PopulationView())
    # the administration pages share one menu, so that the menu bar keeps to one row at 1280 px
    for view in (JurisdictionView(), UserView(), CalendarDayView(), AuditLogView()):
        view.category = ADMINISTRATION
        admin.add_view(view)


__all__ = ["add_core_views", "add_registry_view", "registry_names"]
