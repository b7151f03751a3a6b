"""CSRF on every back-office POST, and friendly errors (never SQL, tables or constraint names)."""
from __future__ import annotations

import re

import pytest

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, PASSWORD, audit_rows, csrf_token, make_entry, make_user, read_form, text

LIST = "/admin/registries/huangpu-platforms/"
LEAKS = re.compile(r"(?i)\b(INSERT INTO|UPDATE \w+ SET|SELECT .* FROM|FOREIGN KEY|constraint|sqlite3?|"
                   r"IntegrityError|psycopg|registry_entry|Traceback)\b")


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_login_without_token_is_refused(csrf_app):
    make_user(csrf_app, "alice", "editor", HUANGPU)
    c = csrf_app.test_client()
    c.get("/admin/login/")
    r = c.post("/admin/login/", data={"username": "alice", "password": PASSWORD})
    assert r.status_code == 400
    assert c.get("/admin/").status_code == 302


def test_edit_without_token_is_refused(csrf_app, client, official):
    eid = make_entry(csrf_app, "平台", HUANGPU)
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form.pop("csrf_token")
    form["name"] = "改名"
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 400
    form["csrf_token"] = "forged"
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 400
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with csrf_app.app_context():
        assert db.session.get(RegistryEntry, eid).name == "平台"


def test_delete_create_and_logout_without_token_are_refused(csrf_app, client, official):
    eid = make_entry(csrf_app, "平台", HUANGPU)
    official("editor", HUANGPU)
    assert client.post(f"{LIST}delete/", data={"id": str(eid)}).status_code == 400
    assert client.post(f"{LIST}action/", data={"action": "delete", "rowid": str(eid)}).status_code == 400
    assert client.post(f"{LIST}new/", data={"name": "新", "jurisdiction_code": HUANGPU}).status_code == 400
    assert client.post("/admin/logout/").status_code == 400
    assert client.get("/admin/").status_code == 200          # still signed in
    assert audit_rows(csrf_app) == []


def test_a_token_from_another_session_is_refused(csrf_app, client, official):
    eid = make_entry(csrf_app, "平台", HUANGPU)
    other = csrf_app.test_client()
    foreign = csrf_token(text(other.get("/admin/login/")))
    official("editor", HUANGPU)
    assert client.post(f"{LIST}delete/", data={"id": str(eid), "csrf_token": foreign}).status_code == 400


def test_integrity_errors_are_friendly(app, client, official, monkeypatch):
    from policyhub.admin.views.registries import RegistryEntryView

    eid = make_entry(app, "平台", HUANGPU)
    official("editor", HUANGPU)
    monkeypatch.setattr(RegistryEntryView, "before_audit",
                        lambda self, form, model, created: setattr(model, "scheme_key", "no-such-scheme"))
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form["name"] = "改名"
    r = client.post(f"{LIST}edit/?id={eid}", data=form)
    page = text(r)
    assert r.status_code == 200
    assert "conflicts with other records" in page or "与其他记录冲突" in page
    assert not LEAKS.search(page), LEAKS.search(page)


def test_unexpected_errors_are_friendly_with_a_reference(app, client, official, monkeypatch):
    from policyhub.admin.views.registries import RegistryEntryView

    official("editor", HUANGPU)

    def boom(self, form, model, created):
        raise RuntimeError("SELECT password_hash FROM user -- internal detail")

    monkeypatch.setattr(RegistryEntryView, "before_audit", boom)
    form = read_form(text(client.get(f"{LIST}new/")))
    form["name"] = "新平台"
    r = client.post(f"{LIST}new/", data=form)
    page = text(r)
    assert r.status_code == 200
    assert "password_hash" not in page and not LEAKS.search(page)
    assert re.search(r"\b[0-9a-f]{8}\b", page)                      # the reference for the administrator


def test_refusal_pages_are_friendly(app, client, official):
    hunan = make_entry(app, "湖南平台", "430000")
    official("editor", HUANGPU)
    r = client.get(f"{LIST}edit/?id={hunan}")
    page = text(r)
    assert r.status_code == 404 and 'id="ph-refused"' in page and not LEAKS.search(page)
    r = client.get("/admin/users/")
    assert r.status_code == 403 and 'id="ph-refused"' in text(r)
