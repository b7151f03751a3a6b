"""Sign-in: every back-office URL needs it; wrong passwords, inactive accounts, redirects, sessions."""
from __future__ import annotations

import re

import pytest

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, PASSWORD, csrf_token, login, make_entry, make_user, text

OPEN = {"/admin/login/", "/admin/logout/"}


def _admin_rules(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or "static" in rule.endpoint or rule.rule in OPEN:
            continue
        yield rule


def _concrete(rule) -> str:
    """The rule with every argument filled in (1 for numbers, x otherwise)."""
    def value(m):
        return "1" if m.group(1) in ("int", "float") else "x"
    return re.sub(r"<(?:([^:<>]+):)?[^<>]+>", value, rule.rule)


def test_every_admin_url_requires_login(app, client):
    eid = make_entry(app, "平台A")
    rules = list(_admin_rules(app))
    assert len(rules) > 20                      # the core views, registries, audit log (and round editors)
    token = csrf_token(text(client.get("/admin/login/")))
    for rule in rules:
        url = _concrete(rule)
        if "GET" in rule.methods:
            r = client.get(url + f"?id={eid}")
            assert r.status_code == 302 and "/admin/login/" in r.location, (url, r.status_code)
        if "POST" in rule.methods:
            r = client.post(url + f"?id={eid}", data={"csrf_token": token, "id": str(eid)})
            assert r.status_code == 302 and "/admin/login/" in r.location, (url, r.status_code)


def test_login_redirect_remembers_the_page(client):
    r = client.get("/admin/audit/?page=1")
    assert r.status_code == 302
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(r.location).query)["next"] == ["/admin/audit/?page=1"]


def test_login_and_home(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    r = login(client, "alice")
    assert r.status_code == 302 and r.location.endswith("/admin/")
    page = text(client.get("/admin/"))
    assert "alice" in page and 'id="ph-logout"' in page


def test_wrong_password_and_unknown_user_get_the_same_answer(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    wrong = login(client, "alice", "not the password")
    unknown = login(client, "nobody", "not the password")
    for r in (wrong, unknown):
        assert r.status_code == 200
        assert "Wrong user name or password" in text(r) or "用户名或密码错误" in text(r)
    assert client.get("/admin/").status_code == 302


def test_empty_password_is_refused(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    r = login(client, "alice", "")
    assert r.status_code == 200 and client.get("/admin/").status_code == 302


def test_inactive_account_cannot_sign_in(app, client):
    make_user(app, "bob", "editor", HUANGPU, active=False)
    assert login(client, "bob").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_deactivation_ends_open_sessions(app, client):
    from policyhub.db import db
    from policyhub.db.models import User

    uid = make_user(app, "alice", "editor", HUANGPU)
    login(client, "alice")
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        db.session.get(User, uid).active = False
        db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_password_change_ends_other_sessions(app, client):
    from policyhub.db import db
    from policyhub.db.models import User
    from policyhub.admin.auth import hash_password

    uid = make_user(app, "alice", "editor", HUANGPU)
    login(client, "alice")
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        db.session.get(User, uid).password_hash = hash_password("another long password")
        db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_passwords_are_stored_hashed(app):
    from policyhub.db import db
    from policyhub.db.models import User

    uid = make_user(app, "alice", "editor", HUANGPU)
    with app.app_context():
        stored = db.session.get(User, uid).password_hash
    assert PASSWORD not in stored and stored.startswith("scrypt:")


def test_no_open_redirect_after_login(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    page = client.get("/admin/login/?next=https://evil.example/")
    r = client.post("/admin/login/", data={"username": "alice", "password": PASSWORD,
                                           "next": "https://evil.example/", "csrf_token": csrf_token(text(page))})
    assert r.status_code == 302 and "evil" not in r.location


def test_login_follows_a_local_next(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    page = client.get("/admin/login/?next=/admin/audit/")
    r = client.post("/admin/login/", data={"username": "alice", "password": PASSWORD,
                                           "next": "/admin/audit/", "csrf_token": csrf_token(text(page))})
    assert r.status_code == 302 and r.location.endswith("/admin/audit/")


def test_repeated_failures_lock_the_user_name(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    for _ in range(5):
        login(client, "alice", "wrong password!")
    r = login(client, "alice")                       # even the right password, for a while
    assert r.status_code == 200 and client.get("/admin/").status_code == 302


def test_logout_is_a_post(app, client):
    make_user(app, "alice", "editor", HUANGPU)
    login(client, "alice")
    page = client.get("/admin/logout/")
    assert page.status_code == 200                    # a confirmation page, not a sign-out
    assert client.get("/admin/").status_code == 200
    r = client.post("/admin/logout/", data={"csrf_token": csrf_token(text(page))})
    assert r.status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_users_view_is_for_superusers_only(app, client, official, role):
    official(role, HUANGPU)
    r = client.get("/admin/users/")
    assert r.status_code == 403 and 'id="ph-refused"' in text(r)
    assert "/admin/users/" not in text(client.get("/admin/"))     # not in the menu either


def test_no_default_credentials(app, client):
    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        assert db.session.query(User).count() == 0
    for name, pw in [("admin", "admin"), ("admin", "password"), ("demo", "demo"), ("root", "root")]:
        login(client, name, pw)
        assert client.get("/admin/").status_code == 302
    assert "policyhub_demo_account" not in app.extensions        # demo accounts exist in demo mode only
