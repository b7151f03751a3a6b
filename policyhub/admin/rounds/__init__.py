"""Round editing in the back office: list, clone, the section editors (round-wide parameters and categories
here, each scheme kind's in `policyhub/kinds/<kind>/editor.py`), diff, preview against the policy test cases,
and publish. `init_admin` calls `register(admin, app, pm)`.

Every page is scoped to the official's jurisdictions; every change is a checked, audited save of a draft
round with optimistic concurrency (see `service.py`); published rounds are immutable.
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"


def register(admin, app, pm=None) -> None:
    """Add the round editors to the back office: the round-wide editors and each scheme kind's (their templates
    join the template search path as kinds/<kind>/…); their catalog arrives through the translations hook."""
    from .sections import sections
    from .views import RoundsView

    editors, readonly, folders = sections()
    _register_templates(app, folders)
    admin.add_view(RoundsView(editors=editors, readonly=readonly))


def _register_templates(app, folders: dict) -> None:
    """Each kind's editor templates, found as kinds/<kind>/<template> (one blueprint whose loader maps them)."""
    from flask import Blueprint
    from jinja2 import FileSystemLoader, PrefixLoader

    bp = Blueprint("policyhub_round_kinds", __name__)
    bp.jinja_loader = PrefixLoader({"kinds": PrefixLoader({name: FileSystemLoader(str(folder))
                                                           for name, folder in folders.items()})})
    app.register_blueprint(bp)


__all__ = ["register"]
