"""Security headers on every answer: a Content-Security-Policy without inline script (the back office's
few framework scripts carry a per-request nonce), no framing, no MIME sniffing, a referrer policy, HSTS when
served over HTTPS, and no caching of back-office pages."""
from __future__ import annotations

import secrets

from flask import Flask, g, request

HSTS_SECONDS = 365 * 24 * 3600
BACK_OFFICE = "/admin"

_COMMON = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",        # style attributes; scripts stay strict
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_nonce() -> str:
    """This request's script nonce (Flask-Admin's `admin_csp_nonce_attribute`)."""
    nonce = g.get("policyhub_csp_nonce")
    if nonce is None:
        nonce = g.policyhub_csp_nonce = secrets.token_urlsafe(16)
    return nonce


def content_security_policy(nonce: str | None) -> str:
    """The policy: scripts from this origin only, plus those carrying `nonce` when given."""
    script = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join(f"{k} {v}" for k, v in {**_COMMON, "script-src": script}.items())


_WITHOUT_NONCE = content_security_policy(None)     # every answer outside the back office: built once


def _back_office() -> bool:
    return request.path == BACK_OFFICE or request.path.startswith(BACK_OFFICE + "/")


def _add_headers(response):
    h = response.headers
    back_office = _back_office()
    nonce = g.get("policyhub_csp_nonce") if back_office else None
    h.setdefault("Content-Security-Policy", content_security_policy(nonce) if nonce else _WITHOUT_NONCE)
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        h.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}; includeSubDomains")
    if back_office and not (request.endpoint or "").endswith("static"):
        h["Cache-Control"] = "no-store"
    return response


def init_headers(app: Flask) -> None:
    """Add the headers to every response of `app`."""
    app.after_request(_add_headers)
