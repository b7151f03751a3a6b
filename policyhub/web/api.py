"""The JSON API (mounted at /api/v1): schemes, fact schemas, evaluation and screening.

The contract is openapi.yaml beside this module, served at /api/v1/openapi.json; request bodies are
validated against its schemas.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, request

from ..errors import FactsError, NoRoundInForce, PolicyError
from ..i18n import render
from ..webhub import current_hub
from .. import screening as core_screening
from . import api_batch, api_errors, catalog, openapi, screening
from .api_body import ApiError, json_body
from .api_json import respond
from .decision_log import log_decision

PREFIX = "/api/v1"
bp = Blueprint("api", __name__)
api_errors.register(bp, PREFIX)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _facts_errors(e: FactsError) -> ApiError:
    return ApiError(422, [{"path": "/".join(p for p in ("facts", str(x.get("path") or "")) if p),
                           "message": render(x.get("message"))} for x in e.errors])


@bp.get("/schemes")
def schemes():
    return respond({"schemes": catalog.all_schemes(current_hub())})


@bp.get("/schemes/<key>")
def scheme(key: str):
    hub = current_hub()
    catalog.resolve(hub, key)
    return respond(catalog.scheme_summary(hub, key))


@bp.get("/schemes/<key>/facts")
def facts(key: str):
    hub = current_hub()
    rnd = catalog.resolve(hub, key, request.args.get("round") or None)
    category = request.args.get("category") or None
    if category is not None and category not in {c.key for c in rnd.categories}:
        known = ", ".join(c.key for c in rnd.categories) or "none"
        raise ApiError(400, [{"path": "category", "message": f"unknown category '{category}'; categories: {known}"}])
    return respond(hub.schema(key, rnd.key, category=category))


@bp.post("/schemes/<key>/evaluate")
def evaluate(key: str):
    hub = current_hub()
    catalog.resolve(hub, key)                              # 404 before reading the body
    body = json_body("EvaluateRequest")
    as_of = _date(body.get("as_of"))
    try:
        rnd = catalog.resolve(hub, key, body.get("round"), as_of)
    except NoRoundInForce as e:
        raise ApiError(422, [{"path": "as_of", "message": render(e.message)}]) from None
    try:
        res = hub.evaluate(key, body["facts"], round=rnd.key, as_of=as_of).to_json()
    except FactsError as e:
        raise _facts_errors(e) from None
    except PolicyError as e:
        raise ApiError(422, [{"path": "", "message": str(e)}]) from None
    log_decision("evaluate", res, body["facts"])
    return respond(res)


def _entry(e: dict[str, Any]) -> dict[str, Any]:
    s = e["scheme"]
    out = {"scheme": s["key"], "title": s["title"], "jurisdiction": s["jurisdiction"]["name"], "round": e["round"]}
    if "errors" in e:
        out["errors"] = [{"path": "/".join(p for p in ("facts", str(x.get("path") or "")) if p),
                          "message": render(x.get("message"))} for x in e["errors"]]
    else:
        out["outcome"] = e["result"].get("outcome")
        out["result"] = e["result"]
    return out


@bp.post("/screen")
def screen():
    hub = current_hub()
    body = json_body("ScreenRequest")
    keys = body.get("schemes") or core_screening.screened_schemes(hub)
    for k in keys:
        catalog.resolve(hub, k)
    known = core_screening.known_facts(hub, keys)
    unknown = sorted(set(body["facts"]) - known)
    if unknown:
        raise ApiError(422, [{"path": f"facts/{n}", "message": f"unknown fact '{n}': no screened scheme reads it"}
                             for n in unknown])
    as_of = _date(body.get("as_of"))
    entries = screening.screen(hub, keys, body["facts"], as_of)
    for e in entries:
        if "result" in e:
            log_decision("screen", e["result"], e["given"])
    return respond({"as_of": (as_of or dt.date.today()).isoformat(), "results": [_entry(e) for e in entries]})


@bp.get("/openapi.json", endpoint="openapi")
def openapi_json():
    return respond(openapi.document())


bp.add_url_rule("/schemes/<key>/evaluate-batch", view_func=api_batch.evaluate_batch, methods=["POST"])
