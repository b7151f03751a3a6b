"""The application factory: database, languages, login, CSRF, portal, API and back office."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from flask import Flask, g, request, session
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from .config import DEFAULT_LANGUAGE, LANGUAGES, load_config
from .db import db
from .plugins import collect, plugin_manager

babel = Babel()
csrf = CSRFProtect()
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """?lang= (whitelisted) remembered in the session, else zh_CN. Never pass a raw value through."""
    want = request.args.get("lang")
    aliases = {"zh": "zh_Hans_CN", "zh_CN": "zh_Hans_CN", "zh-CN": "zh_Hans_CN", "zh_Hans_CN": "zh_Hans_CN",
               "en": "en", "en_US": "en", "en-US": "en"}
    if want in aliases:
        session["lang"] = aliases[want]
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def ui_lang() -> str:
    """'zh' or 'en': which side of a bilingual label to show."""
    return "en" if select_locale() == "en" else "zh"


def create_app(config: dict | None = None, *, pm=None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    pm = pm or plugin_manager(entry_points=app.config.get("POLICYHUB_ENTRY_POINTS", True))
    app.extensions["policyhub_pm"] = pm

    db.init_app(app)
    dirs = [str(TRANSLATIONS)] + [str(p) for p in collect(pm, "policyhub_translations")]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(dirs)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)

    @app.context_processor
    def _lang():
        return {"ui_lang": ui_lang(), "locale": select_locale()}

    from .web import init_web
    init_web(app)
    if importlib.util.find_spec("policyhub_admin") is not None:
        from policyhub_admin import init_admin
        init_admin(app, pm)
    return app
