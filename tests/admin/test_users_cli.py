"""`policyhub users`: create (prompt twice or --password-stdin), set-role, set-password, list, deactivate."""
from __future__ import annotations

import json

import pytest

from policyhub.cli import main


@pytest.fixture(scope="module")
def initialised_db(tmp_path_factory):
    """`policyhub init` once per module; each test gets its own copy."""
    from click.testing import CliRunner

    path = tmp_path_factory.mktemp("cli-template") / "cli.db"
    mp = pytest.MonkeyPatch()
    mp.setenv("POLICYHUB_DATABASE_URL", f"sqlite:///{path}")
    try:
        r = CliRunner().invoke(main, ["init"])
    finally:
        mp.undo()
    assert r.exit_code == 0, r.output
    return path


@pytest.fixture
def cli(cli_runner, initialised_db, tmp_path):
    import shutil

    shutil.copy(initialised_db, tmp_path / "cli.db")         # cli_runner points at tmp_path/cli.db

    def run(*args, input=None):
        return cli_runner.invoke(main, ["users", *args], input=input)

    return run


def _users(cli):
    r = cli("list", "--format", "json")
    assert r.exit_code == 0, r.output
    return {u["username"]: u for u in json.loads(r.output)}


def _user_row(cli_runner, name):
    from policyhub.cli.common import app_context
    from policyhub.db import db
    from policyhub.db.models import User

    with app_context():
        u = db.session.query(User).filter_by(username=name).one()
        return {"hash": u.password_hash, "role": u.role, "jurisdiction_code": u.jurisdiction_code,
                "active": u.active}


def test_create_with_password_stdin(cli, cli_runner):
    r = cli("create", "root", "--role", "superuser", "--password-stdin", input="a very long password\n")
    assert r.exit_code == 0, r.output
    assert _users(cli)["root"] == {"id": 1, "username": "root", "role": "superuser", "jurisdiction_code": None,
                                   "active": True}
    row = _user_row(cli_runner, "root")
    assert row["hash"].startswith("scrypt:") and "a very long password" not in row["hash"]


def test_create_prompts_twice(cli):
    r = cli("create", "alice", "--role", "editor", "--jurisdiction", "huangpu",
            input="a very long password\na very long password\n")
    assert r.exit_code == 0, r.output
    assert r.output.count("assword") >= 2
    assert _users(cli)["alice"]["jurisdiction_code"] == "440112"          # the key was resolved


def test_create_refuses_mismatched_prompts(cli):
    r = cli("create", "alice", "--role", "viewer", "--jurisdiction", "440112",
            input="a very long password\nsomething else entirely\n")
    assert r.exit_code != 0
    assert "alice" not in _users(cli)


@pytest.mark.parametrize("password", ["", "short", "   "])
def test_create_refuses_empty_or_short_passwords(cli, password):
    r = cli("create", "alice", "--role", "superuser", "--password-stdin", input=password + "\n")
    assert r.exit_code != 0
    assert "alice" not in _users(cli)


def test_create_refuses_bad_input(cli):
    ok = "a very long password\n"
    assert cli("create", "alice", "--role", "editor", "--password-stdin", input=ok).exit_code != 0  # no jurisdiction
    assert cli("create", "alice", "--role", "editor", "--jurisdiction", "atlantis", "--password-stdin",
               input=ok).exit_code != 0
    assert cli("create", "alice", "--role", "king", "--password-stdin", input=ok).exit_code != 0
    assert cli("create", "a lice", "--role", "superuser", "--password-stdin", input=ok).exit_code != 0
    assert cli("create", "alice", "--role", "superuser", "--password-stdin", input=ok).exit_code == 0
    r = cli("create", "Alice", "--role", "superuser", "--password-stdin", input=ok)
    assert r.exit_code != 0 and "exists" in r.output


def test_set_role_set_password_deactivate(cli, cli_runner):
    ok = "a very long password\n"
    assert cli("create", "root", "--role", "superuser", "--password-stdin", input=ok).exit_code == 0
    assert cli("create", "bob", "--role", "viewer", "--jurisdiction", "hunan", "--password-stdin",
               input=ok).exit_code == 0
    r = cli("set-role", "bob", "editor", "--jurisdiction", "guangzhou")
    assert r.exit_code == 0, r.output
    assert (_users(cli)["bob"]["role"], _users(cli)["bob"]["jurisdiction_code"]) == ("editor", "440100")
    before = _user_row(cli_runner, "bob")["hash"]
    assert cli("set-password", "bob", "--password-stdin", input="another long password\n").exit_code == 0
    assert _user_row(cli_runner, "bob")["hash"] != before
    assert cli("set-password", "bob", "--password-stdin", input="tiny\n").exit_code != 0
    assert cli("deactivate", "bob").exit_code == 0
    assert _users(cli)["bob"]["active"] is False
    assert cli("activate", "bob").exit_code == 0
    assert cli("deactivate", "nobody").exit_code != 0


def test_the_last_superuser_stays(cli):
    assert cli("create", "root", "--role", "superuser", "--password-stdin",
               input="a very long password\n").exit_code == 0
    assert cli("deactivate", "root").exit_code != 0
    assert cli("set-role", "root", "viewer", "--jurisdiction", "hunan").exit_code != 0
    assert _users(cli)["root"]["active"] is True and _users(cli)["root"]["role"] == "superuser"


def test_cli_changes_are_audited(cli, cli_runner):
    from policyhub.cli.common import app_context
    from policyhub.db import db
    from policyhub.db.models import AuditLog

    cli("create", "root", "--role", "superuser", "--password-stdin", input="a very long password\n")
    cli("set-password", "root", "--password-stdin", input="another long password\n")
    with app_context():
        rows = db.session.query(AuditLog).order_by(AuditLog.id).all()
        assert [(r.action, r.object_type) for r in rows] == [("create", "user"), ("set-password", "user")]
        assert all(r.username.startswith("cli") for r in rows)
        assert "password" not in json.dumps(rows[0].after)


def test_list_text_and_empty_database(cli_runner):
    r = cli_runner.invoke(main, ["users", "list"])
    assert r.exit_code != 0 and "policyhub init" in r.output
    assert cli_runner.invoke(main, ["init"]).exit_code == 0
    r = cli_runner.invoke(main, ["users", "list"])
    assert r.exit_code == 0 and "no accounts" in r.output


def test_an_account_created_on_the_command_line_signs_in(cli, cli_runner, tmp_path):
    assert cli("create", "root", "--role", "superuser", "--password-stdin",
               input="a very long password\n").exit_code == 0
    from policyhub.cli.common import app_context

    from admin_helpers import login

    with app_context() as app:
        client = app.test_client()
        assert login(client, "root", "a very long password").status_code == 302
        assert client.get("/admin/").status_code == 200
