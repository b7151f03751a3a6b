"""JSON responses of the API: UTF-8 (Chinese stays readable), dates as ISO strings."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Response


def _default(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def respond(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    try:
        encoded = body.encode("utf-8")
    except UnicodeEncodeError:                  # a lone surrogate echoed from the request: escape it
        encoded = json.dumps(data, ensure_ascii=True, default=_default, separators=(",", ":")).encode()
    return Response(encoded, status=status, mimetype="application/json")
