"""Shared fixtures: a factory app on a fresh database, a CLI runner, a live server, a real browser,
and PostgreSQL when the server is reachable."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("POLICYHUB_ARTIFACTS", ROOT / "artifacts"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PG_HOST, PG_PORT = "127.0.0.1", 5432


@pytest.fixture(scope="session")
def bundled_policyset():
    """Every installed plugin's policies, loaded once per session."""
    from policyhub.hub import Hub

    return Hub.from_plugins().policyset


def _make_app(db_url: str, policyset, pm=None, **config):
    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.db.store import save_policyset

    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, **config},
                     pm=pm)
    with app.app_context():
        db.create_all()
        if policyset is not None:
            save_policyset(db.session, policyset)
        db.session.commit()
    return app


@pytest.fixture
def app(tmp_path, bundled_policyset):
    """A fresh app on its own SQLite file with the bundled policies loaded."""
    return _make_app(f"sqlite:///{tmp_path / 'policyhub.db'}", bundled_policyset)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli_runner(tmp_path, monkeypatch):
    """Runs `policyhub` commands against a database in tmp_path."""
    from click.testing import CliRunner

    monkeypatch.setenv("POLICYHUB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    return CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(app):
    """The app served on a loopback port in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs the Debian package")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    if _BROWSER:                 # a plugin's tests re-export this fixture: one Playwright per process
        yield _BROWSER[0]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        _BROWSER.append(b)
        try:
            yield b
        finally:
            _BROWSER.clear()
            b.close()


_BROWSER: list = []   # the running browser, shared by every module that uses the `browser` fixture


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test; a screenshot is kept under artifacts/screenshots/."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        pg.screenshot(path=str(shots / f"{request.node.name}-final.png"), full_page=True)
    except Exception:  # noqa: BLE001 - a failed final screenshot must not hide the test's own result
        pass
    context.close()


def screenshot(page, name: str) -> Path:
    """Keep a named screenshot as a CI artifact."""
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _pg_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this session, dropped afterwards; skipped (with the reason) when
    no server listens on 127.0.0.1:5432."""
    if not _pg_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}; PostgreSQL tests skipped")
    import psycopg

    name = f"policyhub_test_{uuid.uuid4().hex[:8]}"
    admin_url = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/test"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as e:
        pytest.skip(f"PostgreSQL at {PG_HOST}:{PG_PORT} refused to create a test database: {e}")
    yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_app(pg_url, bundled_policyset):
    """The app on PostgreSQL, tables created fresh for the test."""
    from policyhub.db import db

    app = _make_app(pg_url, None)
    with app.app_context():
        db.drop_all()
        db.create_all()
        from policyhub.db.store import save_policyset
        save_policyset(db.session, bundled_policyset)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()

# The example third-party plugin is installed and exercised by tests/core/test_plugins.py, not collected here.
collect_ignore = ["plugins"]
