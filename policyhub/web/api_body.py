"""Reading a JSON request body: content type, size, syntax, nesting and the body's own schema."""
from __future__ import annotations

import json
import math
from typing import Any

from flask import request

from ..jsontext import depth, lone_surrogate_path
from . import openapi

MAX_DEPTH = 32


class ApiError(Exception):
    """An API request that cannot be answered; rendered as {"errors": [...]} with `status`."""

    def __init__(self, status: int, errors: list[dict[str, str]]):
        super().__init__(errors)
        self.status = status
        self.errors = errors


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _depth(value: Any) -> int:
    """Nesting depth, without recursion."""
    return depth(value, stop=MAX_DEPTH)


def json_body(schema: str) -> dict[str, Any]:
    """The request's JSON object, checked against `#/components/schemas/<schema>`; ApiError otherwise."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise ApiError(415, [{"path": "", "message": "the request body must be JSON (Content-Type: application/json)"}])
    raw = request.get_data(cache=True)                  # raises 413 beyond MAX_CONTENT_LENGTH
    try:
        text = raw.decode("utf-8")
        body = json.loads(text, parse_constant=_constant, parse_float=_float)
    except UnicodeDecodeError:
        raise ApiError(400, [{"path": "", "message": "the request body is not UTF-8"}]) from None
    except RecursionError:
        raise ApiError(400, [{"path": "", "message": "the JSON is nested too deeply"}]) from None
    except ValueError as e:
        raise ApiError(400, [{"path": "", "message": f"malformed JSON: {e}"}]) from None
    # Each level of nesting opens with a bracket, and a lone surrogate can only come from a JSON escape of
    # D800-DFFF (strict UTF-8 refuses one written out): bodies without either (most) skip the walks below.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(body) > MAX_DEPTH:
        raise ApiError(422, [{"path": "", "message": f"the JSON is nested more than {MAX_DEPTH} levels deep"}])
    bad = lone_surrogate_path(body) if "\\ud" in text or "\\uD" in text else None
    if bad is not None:
        raise ApiError(400, [{"path": bad, "message": "a text holds a lone surrogate (\\ud800-\\udfff), "
                                                      "which is not valid Unicode"}])
    problems = openapi.errors(schema, body)
    if problems:
        raise ApiError(422, problems)
    return body
