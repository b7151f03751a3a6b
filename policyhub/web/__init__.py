"""Public pages and the JSON API."""
from __future__ import annotations

from flask import Flask


def init_web(app: Flask, csrf) -> None:
    """Add the portal, the JSON API (exempt from `csrf`, the app's CSRF protection: API clients send no
    form token), the health check and the favicon to `app`, with the body limit, security headers and proxy settings."""
    from .api import bp as api_bp
    from .favicon import bp as favicon_bp
    from .health import bp as health_bp
    from .body_limit import init_body_limit
    from .cookie_session import init_cookie_sessions
    from .headers import init_headers
    from .proxies import init_proxies
    from .portal import bp as portal_bp

    app.register_blueprint(portal_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(favicon_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)
    init_body_limit(app)
    init_cookie_sessions(app)
    init_headers(app)
    init_proxies(app)
