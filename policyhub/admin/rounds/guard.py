"""Refusals (scope, published, stale, failing cases) become friendly pages with the right status."""
from __future__ import annotations

from functools import wraps

from flask import request

from policyhub.db import db

from .messages import problem_list
from .service import Refused


def guarded(fn):
    """Refusals (scope, published, stale, failing cases) become friendly pages with the right status."""

    @wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Refused as e:
            db.session.rollback()
            if e.kind in ("scope", "missing"):
                return self.refuse(e.status, e.message)
            return self.render("rounds/refused.html", message=e.message, problems=problem_list(e.problems),
                               kind=e.kind, back=request.path), e.status

    return wrapper
