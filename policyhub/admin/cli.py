"""`policyhub users`: back-office accounts (create, set-role, set-password, list, deactivate, activate).

There is no default account: the first superuser is created here. Passwords are typed twice at a
terminal, or read from standard input with --password-stdin (one line), and stored hashed (scrypt).
Every change is written to the audit log as "cli:<operating-system user>".
"""
from __future__ import annotations

import getpass
import json
import sys

import click

from ..cli.common import app_context
from ..i18n import M_, Message

ROLES = ("superuser", "editor", "viewer")


def _actor() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def _require_tables() -> None:
    from sqlalchemy import inspect

    from ..db import db

    if not inspect(db.engine).has_table("user"):
        raise click.ClickException("the database is empty: run `policyhub init` first")


def _find_user(username: str):
    from sqlalchemy import func, select

    from ..db import db
    from ..db.models import User

    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user '{username}'")
    return user


def _resolve_jurisdiction(value: str | None) -> str | None:
    """A jurisdiction code from a code or a key (e.g. 440112 or guangzhou-huangpu)."""
    if value is None:
        return None
    from sqlalchemy import select

    from ..db import db
    from ..db.models import JurisdictionRow

    row = db.session.get(JurisdictionRow, value) or db.session.scalar(
        select(JurisdictionRow).where(JurisdictionRow.key == value))
    if row is None:
        known = ", ".join(f"{c} ({k})" for c, k in db.session.execute(
            select(JurisdictionRow.code, JurisdictionRow.key).order_by(JurisdictionRow.code)).all()[:20])
        raise click.ClickException(f"no jurisdiction '{value}'" + (f"; known: {known}" if known else
                                                                  "; run `policyhub init` to load them"))
    return row.code


def _read_password(username: str, from_stdin: bool) -> str:
    from .auth import password_problem

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password",
                                default="", show_default=False)
    problem = password_problem(password, username)
    if problem:
        raise click.ClickException(problem)
    return password


def _check_role(role: str, jurisdiction_code: str | None) -> None:
    if role in ("editor", "viewer") and not jurisdiction_code:
        raise click.ClickException(f"a {role} needs --jurisdiction (the jurisdiction it works for)")


def _other_active_superusers(user_id: int) -> int:
    from sqlalchemy import func, select

    from ..db import db
    from ..db.models import User

    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "superuser", User.active.is_(True), User.id != user_id)) or 0


def _public(user) -> dict:
    return {"id": user.id, "username": user.username, "role": user.role,
            "jurisdiction_code": user.jurisdiction_code, "active": bool(user.active)}


def _audit(action: str, user, before, after, summary: Message) -> None:
    from . import audit

    audit.record(_actor(), action, "user", user.id, None, before, after, summary)


@click.group()
def users() -> None:
    """Back-office accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--jurisdiction", "jurisdiction", metavar="KEY_OR_CODE",
              help="The jurisdiction the official works for (required for editors and viewers).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
def create(username: str, role: str, jurisdiction: str | None, password_stdin: bool) -> None:
    """Create an account."""
    import re

    from sqlalchemy import func, select

    from .auth import hash_password

    from ..db import db
    from ..db.models import User

    with app_context():
        _require_tables()
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,79}$", username):
            raise click.ClickException("user names are 2-80 letters, digits, '_', '.', '@' or '-'")
        if db.session.scalar(select(User).where(func.lower(User.username) == username.lower())):
            raise click.ClickException(f"user '{username}' exists already (use set-password or set-role)")
        code = _resolve_jurisdiction(jurisdiction)
        _check_role(role, code)
        password = _read_password(username, password_stdin)
        user = User(username=username, password_hash=hash_password(password), role=role,
                    jurisdiction_code=code, active=True)
        db.session.add(user)
        db.session.flush()
        _audit("create", user, None, _public(user), Message(M_("Created with the command line")))
        db.session.commit()
        click.echo(f"created {role} '{username}'" + (f" for jurisdiction {code}" if code else ""))


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--jurisdiction", "jurisdiction", metavar="KEY_OR_CODE", help="Also change the jurisdiction.")
def set_role(username: str, role: str, jurisdiction: str | None) -> None:
    """Change an account's role (and jurisdiction)."""
    from ..db import db

    with app_context():
        _require_tables()
        user = _find_user(username)
        before = _public(user)
        code = _resolve_jurisdiction(jurisdiction) if jurisdiction is not None else user.jurisdiction_code
        _check_role(role, code)
        if user.role == "superuser" and role != "superuser" and user.active and not _other_active_superusers(user.id):
            raise click.ClickException("at least one active superuser must remain")
        user.role, user.jurisdiction_code = role, code
        _audit("update", user, before, _public(user), Message(M_("Role set with the command line")))
        db.session.commit()
        click.echo(f"'{user.username}' is now {role}" + (f" for jurisdiction {code}" if code else ""))


@users.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
def set_password(username: str, password_stdin: bool) -> None:
    """Set an account's password (signs its open sessions out)."""
    from .auth import hash_password
    from .sessions import end_sessions_of

    from ..db import db

    with app_context():
        _require_tables()
        user = _find_user(username)
        password = _read_password(user.username, password_stdin)
        user.password_hash = hash_password(password)
        end_sessions_of(user.id)
        _audit("set-password", user, None, None, Message(M_("Password set with the command line")))
        db.session.commit()
        click.echo(f"password of '{user.username}' changed")


@users.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_users(fmt: str) -> None:
    """List the accounts."""
    from sqlalchemy import select

    from ..db import db
    from ..db.models import User

    with app_context():
        _require_tables()
        rows = [_public(u) for u in db.session.scalars(select(User).order_by(User.username))]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no accounts (create one with `policyhub users create NAME --role superuser`)")
    for r in rows:
        click.echo(f"{r['username']:<24} {r['role']:<10} {r['jurisdiction_code'] or '-':<12} "
                   f"{'active' if r['active'] else 'inactive'}")


def _set_active(username: str, active: bool) -> None:
    from ..db import db

    with app_context():
        _require_tables()
        user = _find_user(username)
        if not active and user.role == "superuser" and user.active and not _other_active_superusers(user.id):
            raise click.ClickException("at least one active superuser must remain")
        before = _public(user)
        user.active = active
        _audit("update", user, before, _public(user),
               Message(M_("Activated with the command line") if active else M_("Deactivated with the command line")))
        db.session.commit()
        click.echo(f"'{user.username}' {'activated' if active else 'deactivated'}")


@users.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Deactivate an account (it can no longer sign in; its sessions end)."""
    _set_active(username, False)


@users.command("activate")
@click.argument("username")
def activate(username: str) -> None:
    """Re-activate a deactivated account."""
    _set_active(username, True)


COMMANDS = [users]
