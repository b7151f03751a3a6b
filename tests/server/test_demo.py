"""The demo account stays out of production: `serve --demo` uses its own database, and a demo account found
in a production database is refused."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "admin"))
from admin_helpers import login  # noqa: E402

SECRET = "s" * 64


def _app(db_url: str, mode: str):
    from policyhub.app import create_app
    from policyhub.db import db

    app = create_app({"POLICYHUB_MODE": mode, "SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": SECRET,
                      "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        db.create_all()
    return app


def test_demo_account_is_refused_by_a_production_server_on_the_same_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    demo = _app(url, "demo")
    with demo.app_context():
        user, password = demo.extensions["policyhub_demo_account"]()
    r = login(demo.test_client(), user, password)
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/")      # works in demo mode

    production = _app(url, "production")
    client = production.test_client()
    r = login(client, user, password)
    assert r.status_code == 200                                  # the login page again, with a refusal
    assert client.get("/admin/").status_code == 302              # not signed in


def test_demo_mode_uses_its_own_database_by_default(tmp_path, monkeypatch):
    from policyhub.config import load_config

    monkeypatch.delenv("POLICYHUB_DATABASE_URL", raising=False)
    monkeypatch.setenv("POLICYHUB_SECRET_KEY", SECRET)
    demo = load_config(str(tmp_path), {"POLICYHUB_MODE": "demo"})["SQLALCHEMY_DATABASE_URI"]
    production = load_config(str(tmp_path), {"POLICYHUB_MODE": "production"})["SQLALCHEMY_DATABASE_URI"]
    assert demo != production
    assert demo.endswith("policyhub-demo.db") and production.endswith("policyhub.db")


def test_serve_demo_fills_its_own_database(tmp_path, monkeypatch):
    from policyhub.app import create_app
    from policyhub.cli.serve import _load_demo_policies
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    app = create_app({"POLICYHUB_MODE": "demo", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.db'}"})
    _load_demo_policies(app)
    _load_demo_policies(app)                                   # the second start keeps what is there
    with app.app_context():
        assert db.session.query(RoundRow).count() > 0
