"""The Hub a web request uses: built from the database and rebuilt only when policy rows change.

Requests do not ask the database whether policies changed: a commit in this process that touched policy
rows marks the cached Hub stale at once, and changes made by other processes (another worker, `policyhub
init`) are noticed by comparing a database stamp at most every POLICYHUB_HUB_CHECK_SECONDS (2 s by default).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from itertools import chain

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from .db import db
from .db.models import CalendarDayRow, CasesRow, DocumentRow, JurisdictionRow, RegionsRow, RoundRow, SchemeRow
from .db.store import load_policyset, stamp
from .hub import Hub

CHECK_SECONDS = 2.0
POLICY_ROWS = (JurisdictionRow, DocumentRow, SchemeRow, RoundRow, RegionsRow, CasesRow, CalendarDayRow)
_FLAG = "policyhub_policies_changed"

_lock = threading.Lock()
_clock = time.monotonic
_generation = 0          # bumped by every commit in this process that changed policy rows


@dataclass
class _Cached:
    hub: Hub
    generation: int
    stamp: tuple
    checked_at: float


@event.listens_for(Session, "after_flush")
def _note_changes(session, _flush_context) -> None:
    if any(isinstance(o, POLICY_ROWS) for o in chain(session.new, session.dirty, session.deleted)):
        session.info[_FLAG] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    if state.is_update or state.is_delete:           # bulk statements bypass the unit of work
        state.session.info[_FLAG] = True


@event.listens_for(Session, "after_commit")
def _bump(session) -> None:
    global _generation
    if session.info.pop(_FLAG, False):
        _generation += 1


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_FLAG, None)


def current_hub() -> Hub:
    """The Hub for the app's database, rebuilt when its policies changed."""
    app = current_app._get_current_object()
    cached: _Cached | None = app.extensions.get("policyhub_hub")
    now, generation = _clock(), _generation
    interval = app.config.get("POLICYHUB_HUB_CHECK_SECONDS", CHECK_SECONDS)
    if cached is not None and cached.generation == generation:
        if now - cached.checked_at < interval:
            return cached.hub
        key = stamp(db.session)
        if key == cached.stamp:
            cached.checked_at = now
            return cached.hub
    with _lock:
        key = stamp(db.session)
        hub = Hub(load_policyset(db.session), app.extensions["policyhub_pm"])
        app.extensions["policyhub_hub"] = _Cached(hub, generation, key, now)
    return hub


def reset_hub() -> None:
    """Forget the app's cached Hub (the next request rebuilds it)."""
    current_app.extensions.pop("policyhub_hub", None)
