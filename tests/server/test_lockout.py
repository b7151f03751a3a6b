"""Failed sign-ins lock one account for one client address only, and the count is kept in the database so
that every worker process sees it."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "admin"))
from admin_helpers import PASSWORD, login, make_user  # noqa: E402

ATTACKER, OFFICE = "203.0.113.9", "198.51.100.7"


def _login_from(app, address: str, name: str, password: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return login(client, name, password)


def _lock(app, name: str, address: str) -> None:
    from policyhub.admin.auth import MAX_FAILURES

    for _ in range(MAX_FAILURES):
        assert _login_from(app, address, name, "wrong password!").status_code == 200


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(app):
    make_user(app, "erin")
    _lock(app, "erin", ATTACKER)
    assert _login_from(app, ATTACKER, "erin", PASSWORD).status_code == 200     # locked from there
    assert _login_from(app, OFFICE, "erin", PASSWORD).status_code == 302       # the official still gets in


def test_the_lock_is_shared_by_every_worker_process(app, tmp_path):
    """A second app on the same database stands for another gunicorn worker."""
    from policyhub.app import create_app

    make_user(app, "frank")
    _lock(app, "frank", ATTACKER)
    other_worker = create_app({"POLICYHUB_MODE": "testing", "TESTING": True,
                               "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    assert _login_from(other_worker, ATTACKER, "frank", PASSWORD).status_code == 200


def test_a_successful_sign_in_clears_the_failures(app):
    from policyhub.admin.auth import MAX_FAILURES

    make_user(app, "grace")
    for _ in range(MAX_FAILURES - 1):
        _login_from(app, OFFICE, "grace", "wrong password!")
    assert _login_from(app, OFFICE, "grace", PASSWORD).status_code == 302
    for _ in range(MAX_FAILURES - 1):
        _login_from(app, OFFICE, "grace", "wrong password!")
    assert _login_from(app, OFFICE, "grace", PASSWORD).status_code == 302
