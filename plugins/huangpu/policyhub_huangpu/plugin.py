"""The Huangpu plugin's own hook: its back-office pages. Its policies/, translations/ and templates/ beside this
module are found by convention (docs/plugins.md, "Found by convention")."""
from __future__ import annotations

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_admin_views(admin, app):
    """The platform registry page (平台登记) in the officials' back office."""
    from .admin_views import register

    register(admin, app)
