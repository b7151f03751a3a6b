"""The application factory: database, languages, login, CSRF, portal, API and back office."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from .config import load_config
from .i18n import AppBabel, add_directories, render, select_locale, ui_lang
from .i18n.formats import datetime as format_datetime
from .db import db
from .folders import template_folders_of, translation_folders_of
from .plugins import plugin_manager
from . import template_cache

babel = AppBabel()
csrf = CSRFProtect()
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def create_app(config: dict | None = None, *, pm=None, web: bool = True) -> Flask:
    """The policyhub web application: portal, JSON API and, through the `policyhub_init_app` hook, the back
    office and whatever else plugins add.

    `config` overrides the settings read from `POLICYHUB_*` environment variables and the instance folder
    (see docs/config.md); `pm` is a plugin manager to use instead of the installed plugins'. With
    `web=False` the app has its database and languages only (no pages, API or back office): what command-line
    tools need, without paying for the rest at start-up.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.jinja_options = {**app.jinja_options, "bytecode_cache": template_cache.SHARED}
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    pm = pm or plugin_manager(entry_points=app.config.get("POLICYHUB_ENTRY_POINTS", True))
    app.extensions["policyhub_pm"] = pm

    db.init_app(app)
    plugin_dirs = [str(p) for p in translation_folders_of(pm)]
    add_directories(plugin_dirs)                   # messages render with the plugins' codes, request or not
    dirs = [str(TRANSLATIONS)] + plugin_dirs
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(dirs)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)

    @app.context_processor
    def _lang():
        return {"ui_lang": ui_lang(), "locale": select_locale()}

    # {{ message | msg }}: a core Message (or {code, params}) in the request's language
    app.jinja_env.filters["msg"] = lambda message: render(message, select_locale())
    # {{ moment | local_time }}: Asia/Shanghai, to the minute
    app.jinja_env.filters["local_time"] = format_datetime

    if web:
        from .web import init_web
        init_web(app, csrf)
        _add_plugin_templates(app, pm)
        pm.hook.policyhub_init_app(app=app, pm=pm)
    return app


def _add_plugin_templates(app: Flask, pm) -> None:
    """Each plugin's `templates/` folder (beside its module) joins the template search path."""
    from flask import Blueprint

    for i, folder in enumerate(template_folders_of(pm)):
        app.register_blueprint(Blueprint(f"policyhub_plugin_templates_{i}", __name__, template_folder=str(folder)))
