"""Flask's signed-cookie session, with its signing serializer built once per set of keys instead of on every
request (every request opens the session, API calls included, before anything reads it)."""
from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    """SecureCookieSessionInterface keeping the serializer of the app's current secret key and fallbacks."""

    def __init__(self) -> None:
        self._cached: tuple[tuple, object] | None = None

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            return None
        keys = (tuple(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        cached = self._cached
        if cached is None or cached[0] != keys:
            cached = self._cached = (keys, super().get_signing_serializer(app))
        return cached[1]


def init_cookie_sessions(app: Flask) -> None:
    app.session_interface = CookieSessions()
