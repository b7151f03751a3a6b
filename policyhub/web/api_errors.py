"""JSON errors for the API: every failure is {"errors": [{path, message}]}, never an HTML page."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from .api_body import ApiError
from .api_json import respond


def _json(status: int, message: str, path: str = ""):
    return respond({"errors": [{"path": path, "message": message}]}, status)


def _describe(e: HTTPException) -> str:
    return e.description or e.name


def register(bp: Blueprint, prefix: str) -> None:
    @bp.errorhandler(ApiError)
    def _api_error(e: ApiError):
        return respond({"errors": e.errors}, e.status)

    @bp.errorhandler(HTTPException)
    def _http(e: HTTPException):
        return _json(e.code or 500, _describe(e))

    @bp.errorhandler(Exception)
    def _unexpected(e: Exception):
        current_app.logger.exception("API request failed: %s %s", request.method, request.path)
        return _json(500, "internal error; the request was logged")

    # Routing errors happen before a blueprint is chosen: answer in JSON for the API's own paths only.
    def _routing(e: HTTPException):
        if request.path == prefix or request.path.startswith(prefix + "/"):
            resp = _json(e.code, _describe(e))
            if isinstance(e, MethodNotAllowed) and e.valid_methods:
                resp.headers["Allow"] = ", ".join(e.valid_methods)
            return resp
        return e

    bp.app_errorhandler(NotFound)(_routing)
    bp.app_errorhandler(MethodNotAllowed)(_routing)
