"""`/healthz`: 200 when the app answers and its database does, 503 otherwise (for load balancers and
process supervisors)."""
from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import text

from ..db import db
from .api_json import respond

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """A cheap liveness and readiness check: one `SELECT 1`."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        current_app.logger.exception("health check: the database does not answer")
        return respond({"status": "unavailable", "database": "unreachable"}, 503)
    return respond({"status": "ok"})
