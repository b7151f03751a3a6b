"""The Hunan plugin's own hook: its back-office pages. Its policies/, translations/ and templates/ beside this
module are found by convention (docs/plugins.md, "Found by convention")."""
from __future__ import annotations

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_admin_views(admin, app):
    """The sub-centre registry report and the province-wide budget forecast."""
    from .admin_views import register

    register(admin, app)
