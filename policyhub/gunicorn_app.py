"""Serving the Flask app under gunicorn: a pre-loaded app, forked sync workers, access logs on stdout and a
graceful stop on SIGTERM/SIGINT (workers finish the requests they are handling)."""
from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def _after_fork(_server, _worker) -> None:
    """Each worker opens its own database connections (a connection never crosses a fork)."""
    from .db import db

    app = _GunicornApp.current_app
    if app is not None:
        with app.app_context():
            db.engine.dispose(close=False)


class _GunicornApp(BaseApplication):
    current_app = None

    def __init__(self, app, options: dict[str, Any]):
        self.application = app
        self.options = options
        _GunicornApp.current_app = app
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        return self.application


def run(app, *, host: str, port: int, workers: int, timeout: int = 30, graceful_timeout: int = 30,
        access_log: str = "-") -> None:
    """Serve `app` on host:port with `workers` sync worker processes until SIGTERM or SIGINT."""
    _GunicornApp(app, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": graceful_timeout,
        "accesslog": access_log or None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "preload_app": True,
        "post_fork": _after_fork,
        "proc_name": "policyhub",
    }).run()
