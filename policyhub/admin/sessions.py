"""Server-side back-office sessions: signing in creates one, signing out or a password change ends it, and
it ends by itself after POLICYHUB_SESSION_HOURS. A copied cookie is worth nothing once its session ended."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from sqlalchemy import delete, select

from policyhub.db import db
from policyhub.db.models import utcnow
from policyhub.db.signin_models import OfficialSession


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user_id: int) -> str:
    """A new session for the user; returns the token the cookie carries (committed with the caller's
    transaction). Expired sessions of the user are cleared on the way."""
    now = utcnow()
    db.session.execute(delete(OfficialSession).where(OfficialSession.user_id == user_id,
                                                     OfficialSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    lifetime: dt.timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    db.session.add(OfficialSession(digest=_digest(token), user_id=user_id, created_at=now,
                                   expires_at=now + lifetime))
    return token


def session_valid(user_id: int, token: str) -> bool:
    """Whether the token names a live session of this user."""
    if not token:
        return False
    row = db.session.scalar(select(OfficialSession).where(OfficialSession.digest == _digest(token)))
    return row is not None and row.user_id == user_id and row.expires_at > utcnow()


def end_session(token: str) -> None:
    """Sign one browser out (committed with the caller's transaction)."""
    if token:
        db.session.execute(delete(OfficialSession).where(OfficialSession.digest == _digest(token)))


def end_sessions_of(user_id: int) -> None:
    """Sign every browser of the user out: after a password change or deactivation."""
    db.session.execute(delete(OfficialSession).where(OfficialSession.user_id == user_id))
