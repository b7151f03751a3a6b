"""The back office as a built-in plugin: registered by the core's plugin manager like any other plugin.

Nothing in the core imports this package; it plugs in through `policyhub_init_app` (the back office on the
Flask app) and `policyhub_cli_commands` (`policyhub users`). Imports stay inside the hooks so that the command
line does not pay for Flask-Admin.
"""
from __future__ import annotations

from ..hookspecs import hookimpl


@hookimpl
def policyhub_init_app(app, pm):
    """The back office at /admin/, with the views plugins add through `policyhub_admin_views`."""
    from . import init_admin

    init_admin(app, pm)


@hookimpl
def policyhub_translations():
    """The back office's catalogs (its own and the round editors'), read after the core's."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    return [here / "translations", here / "rounds" / "translations"]


@hookimpl
def policyhub_cli_commands():
    """`policyhub users`: back-office accounts."""
    from .cli import COMMANDS

    return COMMANDS
