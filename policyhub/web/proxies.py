"""Behind a reverse proxy: trust its X-Forwarded-For/-Proto headers (client address for the sign-in lockout,
HTTPS for secure cookies and HSTS) only when POLICYHUB_TRUSTED_PROXIES says how many proxies there are."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxies(app: Flask) -> None:
    """Wrap the app in ProxyFix for the configured number of proxies (none by default)."""
    hops = int(app.config.get("POLICYHUB_TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
