"""Back-office sessions are checked on the server: a cookie copied before sign-out or before a password
change no longer works, and a session ends after the configured lifetime."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "admin"))
from admin_helpers import csrf_token, login, make_user  # noqa: E402

HOME = "/admin/"


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_cookie_copied_before_sign_out_is_refused(app, client):
    make_user(app, "alice")
    assert login(client, "alice").status_code == 302
    copied = _cookie(client)
    assert _with_cookie(app, copied).get(HOME).status_code == 200          # the copy works while signed in
    page = client.get("/admin/logout/")
    client.post("/admin/logout/", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert client.get(HOME).status_code == 302
    assert _with_cookie(app, copied).get(HOME).status_code == 302          # ... and no longer afterwards


def test_a_password_change_ends_every_session_of_that_official(app, client):
    from policyhub.admin.auth import hash_password
    from policyhub.admin.sessions import end_sessions_of
    from policyhub.db import db
    from policyhub.db.models import User

    uid = make_user(app, "bob")
    assert login(client, "bob").status_code == 302
    with app.app_context():
        user = db.session.get(User, uid)
        user.password_hash = hash_password("another long password")
        end_sessions_of(uid)
        db.session.commit()
    assert client.get(HOME).status_code == 302


def test_a_session_ends_after_its_lifetime(app, client):
    from policyhub.db import db
    from policyhub.db.signin_models import OfficialSession

    make_user(app, "carol")
    assert login(client, "carol").status_code == 302
    assert client.get(HOME).status_code == 200
    with app.app_context():
        row = db.session.query(OfficialSession).one()
        row.expires_at = dt.datetime(2000, 1, 1)
        db.session.commit()
    assert client.get(HOME).status_code == 302


def test_the_session_cookie_lasts_as_long_as_the_configured_lifetime(app, client):
    make_user(app, "dave")
    login(client, "dave")
    cookie = client.get_cookie("session")
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    assert cookie.expires is not None
    left = cookie.expires.replace(tzinfo=None) - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert lifetime - dt.timedelta(minutes=5) < left <= lifetime
