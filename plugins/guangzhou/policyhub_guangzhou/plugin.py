"""The Guangzhou plugin's own hook: its back-office pages. Its policies/, translations/ and templates/ beside this
module are found by convention (docs/plugins.md, "Found by convention")."""
from __future__ import annotations

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_admin_views(admin, app):
    """Record task progress per year, and the report by lead division."""
    from .admin_views import register

    register(admin, app)
