"""Failed sign-ins, counted per account name and client address in the database (shared by every worker
process): five failures within a quarter of an hour lock that name from that address for the rest of the
window. Someone elsewhere cannot lock an official out."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from policyhub.db import db
from policyhub.db.models import utcnow
from policyhub.db.signin_models import LoginFailure

MAX_FAILURES = 5                 # failed sign-ins for one name from one address ...
FAILURE_WINDOW = 15 * 60         # ... within this many seconds lock that pair for the rest of the window


def _key(account: str, client: str | None) -> tuple[str, str]:
    return account.strip().lower()[:80], (client or "unknown")[:64]


def locked(account: str, client: str | None) -> bool:
    """Whether sign-ins for `account` from `client` are refused now."""
    name, addr = _key(account, client)
    since = utcnow() - dt.timedelta(seconds=FAILURE_WINDOW)
    count = db.session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.account == name, LoginFailure.client == addr, LoginFailure.at > since))
    return (count or 0) >= MAX_FAILURES


def record_failure(account: str, client: str | None) -> None:
    """Count one failure (and forget this account's failures older than the window); commits."""
    name, addr = _key(account, client)
    since = utcnow() - dt.timedelta(seconds=FAILURE_WINDOW)
    db.session.execute(delete(LoginFailure).where(LoginFailure.account == name, LoginFailure.at <= since))
    db.session.add(LoginFailure(account=name, client=addr))
    db.session.commit()


def clear(account: str, client: str | None) -> None:
    """Forget the failures of `account` from `client` after a successful sign-in (caller commits)."""
    name, addr = _key(account, client)
    db.session.execute(delete(LoginFailure).where(LoginFailure.account == name, LoginFailure.client == addr))
