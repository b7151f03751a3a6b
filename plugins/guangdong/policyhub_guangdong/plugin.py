"""The Guangdong plugin's own hooks: its back-office pages and the public directory of institutions. Its
policies/, translations/ and templates/ beside this module are found by convention (docs/plugins.md,
"Found by convention")."""
from __future__ import annotations

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_admin_views(admin, app):
    """Import the institutions' registry (CSV / Excel) and the coverage status report with its downloads."""
    from .admin_views import register

    register(admin, app)


@hookimpl
def policyhub_init_app(app):
    """The public directory of institutions on the portal (四、(七)), without sign-in."""
    from .portal_views import register

    register(app)
