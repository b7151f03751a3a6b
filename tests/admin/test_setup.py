"""init_admin: registry views (known, from the database, from plugins), the demo account, the round editors
being optional."""
from __future__ import annotations

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, login, make_entry, make_user, text


def _app(db_url: str, mode: str = "testing", extra=()):
    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.plugins import plugin_manager

    pm = plugin_manager(extra=list(extra)) if extra else None
    app = create_app({"POLICYHUB_MODE": mode, "TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url}, pm=pm)
    with app.app_context():
        db.create_all()
    return app


def test_known_registries_have_views(app):
    rules = {r.rule for r in app.url_map.iter_rules()}
    for name in ("huangpu-platforms", "hunan-subcentres", "guangdong-institutions", "guangzhou-tasks"):
        assert f"/admin/registries/{name}/" in rules


def test_registry_names_in_the_database_get_views(app, tmp_path):
    make_entry(app, "自定义", HUANGPU, registry="shenzhen-labs")
    again = _app(app.config["SQLALCHEMY_DATABASE_URI"])
    assert "/admin/registries/shenzhen-labs/" in {r.rule for r in again.url_map.iter_rules()}


def test_plugins_declare_registries_through_the_admin_hook(tmp_path):
    from policyhub.hookspecs import hookimpl

    class Plugin:
        __name__ = "test-registry-plugin"

        @hookimpl
        def policyhub_admin_views(self, admin, app):
            return [{"registry": "foshan-centres", "label": {"zh": "佛山中心", "en": "Foshan centres"}}]

    app = _app(f"sqlite:///{tmp_path / 'p.db'}", extra=[Plugin()])
    assert "/admin/registries/foshan-centres/" in {r.rule for r in app.url_map.iter_rules()}


def test_add_registry_view_is_idempotent(app):
    from policyhub.admin.views import add_registry_view

    admin = app.extensions["policyhub_admin"]
    first = add_registry_view(admin, "huangpu-platforms")
    assert add_registry_view(admin, "huangpu-platforms") is first


def test_demo_account_exists_only_in_demo_mode(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'demo.db'}", mode="demo")
    make_demo = app.extensions["policyhub_demo_account"]
    with app.app_context():
        user, password = make_demo()
    assert user == "demo" and len(password) >= 12
    client = app.test_client()
    assert login(client, user, password).status_code == 302
    with app.app_context():
        _, second = make_demo()                      # a restart resets the password
    assert second != password
    other = app.test_client()
    assert login(other, user, password).status_code == 200      # the old one no longer works
    assert login(other, user, second).status_code == 302


def test_round_editors_are_optional(app, monkeypatch, tmp_path):
    """A missing (or unfinished) rounds package must not stop the back office."""
    import sys

    monkeypatch.setitem(sys.modules, "policyhub.admin.rounds", None)        # import fails with ImportError
    other = _app(f"sqlite:///{tmp_path / 'norounds.db'}")
    make_user(other, "alice", "editor", None)
    client = other.test_client()
    assert login(client, "alice").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "/admin/audit/" in {r.rule for r in other.url_map.iter_rules()}


def test_home_page_shows_role_and_scope(app, client, official):
    official("viewer", HUANGPU)
    page = text(client.get("/admin/"))
    assert "广州市黄埔区" in page
