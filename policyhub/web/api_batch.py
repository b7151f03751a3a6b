"""POST /api/v1/schemes/{key}/evaluate-batch: many records in one request (a JSON array or JSON Lines)."""

from __future__ import annotations

import datetime as dt
import json
import os

from flask import current_app, request

from ..errors import NoRoundInForce
from ..i18n import render
from ..population.batch import evaluate_many, parse_json_lines
from ..webhub import current_hub
from . import catalog
from .api_body import ApiError
from .api_json import respond

DEFAULT_MAX_RECORDS = 1000
JSON_LINES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines")


def _records() -> list:
    mimetype = request.mimetype or ""
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, [{"path": "", "message": "the request body is not UTF-8"}]) from None
    if mimetype in JSON_LINES:
        try:
            return parse_json_lines(text)
        except ValueError as e:
            raise ApiError(400, [{"path": "", "message": str(e)}]) from None
    if mimetype != "application/json":
        raise ApiError(
            415, [{"path": "", "message": "send a JSON array (application/json) or JSON Lines (application/x-ndjson)"}]
        )
    try:
        body = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise ApiError(400, [{"path": "", "message": f"malformed JSON: {e}"}]) from None
    if not isinstance(body, list):
        raise ApiError(422, [{"path": "", "message": "the body must be a JSON array of records"}])
    return body


def evaluate_batch(key: str):
    """Evaluate each record; answers in the order of the records, per-record errors beside the others."""
    hub = current_hub()
    catalog.resolve(hub, key, request.args.get("round") or None)     # 404 first for an unknown scheme or round
    try:
        as_of = dt.date.fromisoformat(request.args["as_of"]) if request.args.get("as_of") else None
    except ValueError:
        raise ApiError(400, [{"path": "as_of", "message": "as_of must be a date (YYYY-MM-DD)"}]) from None
    try:
        rnd = catalog.resolve(hub, key, request.args.get("round") or None, as_of)
    except NoRoundInForce as e:
        raise ApiError(422, [{"path": "as_of", "message": render(e.message)}]) from None
    records = _records()
    limit = int(
        current_app.config.get("POLICYHUB_BATCH_MAX") or os.environ.get("POLICYHUB_BATCH_MAX") or DEFAULT_MAX_RECORDS
    )
    if len(records) > limit:
        raise ApiError(413, [{"path": "", "message": f"{len(records)} records; at most {limit} per request"}])
    results = list(evaluate_many(hub, key, records, round=rnd.key, as_of=as_of))
    return respond(
        {
            "scheme": key,
            "round": rnd.key,
            "as_of": (as_of or dt.date.today()).isoformat(),
            "count": len(results),
            "errors": sum(1 for r in results if "errors" in r),
            "results": results,
        }
    )
