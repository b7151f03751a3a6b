"""The Hub a web request uses: built from the database and rebuilt only when policy rows change."""
from __future__ import annotations

import threading

from flask import current_app

from .db import db
from .db.store import load_policyset, stamp
from .hub import Hub

_lock = threading.Lock()


def current_hub() -> Hub:
    app = current_app._get_current_object()
    key = stamp(db.session)
    cached = app.extensions.get("policyhub_hub")
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        hub = Hub(load_policyset(db.session), app.extensions["policyhub_pm"])
        app.extensions["policyhub_hub"] = (key, hub)
    return hub


def reset_hub() -> None:
    current_app.extensions.pop("policyhub_hub", None)
