"""The officials' back office (Flask-Admin): sign-in, jurisdiction scoping, roles, audit, registries.

`init_admin(app, pm)` is called by the core's application factory when this package is installed.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:                                  # Flask is imported by the functions that need it, so
    from flask import Flask                        # that `policyhub` commands registering this plugin
    from flask_admin import Admin                  # do not pay for it

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"
DEMO_USERNAME = "demo"


def init_admin(app: Flask, pm) -> Admin:
    """Set up sign-in, the back office and its views on `app`; plugins add theirs through the
    `policyhub_admin_views` hook."""
    from flask import Blueprint
    from flask_admin import Admin
    from flask_admin.theme import Bootstrap4Theme
    from flask_babel import lazy_gettext

    from .auth import OfficialIndexView, init_login
    from .views import add_core_views, add_registry_view
    from .views.home import dashboard
    from policyhub.web.headers import csp_nonce

    # templates/ (policyhub_admin/*.html, rounds/*.html) joins the app's template search path
    app.register_blueprint(Blueprint("policyhub_admin", __name__, template_folder="templates",
                                     static_folder="static", static_url_path="/admin/policyhub-static"))
    init_login(app)

    admin = Admin(app, name=lazy_gettext("policyhub back office"),
                  theme=Bootstrap4Theme(swatch="cerulean", base_template="policyhub_admin/base.html"),
                  index_view=OfficialIndexView(name=lazy_gettext("Home"), url="/admin", dashboard=dashboard),
                  translations_path=str(TRANSLATIONS), csp_nonce_generator=csp_nonce)
    app.extensions["policyhub_admin"] = admin
    add_core_views(admin, app)

    try:
        from .rounds import register as register_rounds
    except ImportError as e:                      # the round editors are optional (and may be unfinished)
        app.logger.info("back office: round editors not loaded (%s)", e)
    else:
        register_rounds(admin, app, pm)

    # Plugins add views; a plugin may also return registry declarations: [{"registry": name,
    # "label": {"zh": ..., "en": ...}}], each of which gets a registry view like the core's.
    for result in pm.hook.policyhub_admin_views(admin=admin, app=app):
        if not isinstance(result, (list, tuple)):
            continue
        for item in result:
            if isinstance(item, dict) and item.get("registry"):
                add_registry_view(admin, item["registry"], label=item.get("label"))

    @app.context_processor
    def _admin_template_helpers():
        return {"lang_url": _lang_url, "shows_sample_data": _shows_sample_data}

    if app.config.get("POLICYHUB_MODE") == "demo":
        app.extensions["policyhub_demo_account"] = lambda: demo_account(app)
    return admin


def _lang_url(lang: str) -> str:
    """The current page in another language (the core's locale selector reads ?lang=)."""
    from flask import request

    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    from urllib.parse import urlencode

    return request.path + "?" + urlencode(args, doseq=True)


def _shows_sample_data() -> bool:
    """Whether the database holds the demo's synthetic sample entries (checked once per request)."""
    from flask import g

    if "ph_sample_data" not in g:
        from policyhub.db import db
        from policyhub.sample_data import has_sample_data

        g.ph_sample_data = has_sample_data(db.session)
    return g.ph_sample_data


def demo_account(app: Flask) -> tuple[str, str]:
    """Create (or reset) the demo superuser with a fresh random password; demo mode only."""
    if app.config.get("POLICYHUB_MODE") != "demo":
        raise RuntimeError("the demo account exists only in demo mode")
    from sqlalchemy import select

    from policyhub.db import db
    from policyhub.db.models import User

    from policyhub.i18n import M_, Message

    from . import audit
    from .auth import demo_password_hash

    db.create_all()
    password = secrets.token_urlsafe(12)
    user = db.session.scalar(select(User).where(User.username == DEMO_USERNAME))
    action = "update" if user is not None else "create"
    if user is None:
        user = User(username=DEMO_USERNAME, role="superuser", jurisdiction_code=None, active=True)
        db.session.add(user)
    user.password_hash, user.role, user.active = demo_password_hash(password), "superuser", True
    db.session.flush()
    audit.record("demo", action, "user", user.id, None, None, {"username": DEMO_USERNAME, "role": "superuser"},
                 Message(M_("Demo account (policyhub serve --demo)")))
    db.session.commit()
    return DEMO_USERNAME, password


__all__ = ["init_admin", "demo_account"]
