"""JSON responses of the API: UTF-8 (Chinese stays readable), dates as ISO strings.

Encoded by orjson (several times faster than the standard library on an evaluation's explanation) when it is
installed and can encode the data; otherwise, and for what orjson refuses (a lone surrogate echoed from the
request, an integer beyond 64 bits, a key that is not text), by the standard library as before. One
difference: a non-finite number (never in an evaluation of valid facts) is null rather than NaN."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Response

try:
    import orjson
except ImportError:         # an installation without it answers through the standard library
    orjson = None


def _default(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def respond(data: Any, status: int = 200) -> Response:
    if orjson is not None:
        try:
            return Response(orjson.dumps(data, default=_default), status=status, mimetype="application/json")
        except TypeError:       # orjson.JSONEncodeError included: the standard library decides below
            pass
    body = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    try:
        encoded = body.encode("utf-8")
    except UnicodeEncodeError:                  # a lone surrogate echoed from the request: escape it
        encoded = json.dumps(data, ensure_ascii=True, default=_default, separators=(",", ":")).encode()
    return Response(encoded, status=status, mimetype="application/json")
