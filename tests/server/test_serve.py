"""`policyhub serve`: the real server (gunicorn) started on a free loopback port, pages requested over HTTP,
access logs written, and a graceful stop on SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on Unix only")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:             # noqa: S310 - loopback only
        return r.status, r.headers, r.read()


def _wait_until_up(proc, url: str, deadline_s: float = 60.0) -> None:
    """Poll until the server answers (bounded by a deadline, not a fixed sleep)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early with {proc.returncode}: {proc.stderr.read().decode()}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not answer")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`policyhub init` then `policyhub serve --workers 2` on a free port; yields (base_url, process)."""
    tmp_path = tmp_path_factory.mktemp("served")
    env = {**os.environ, "POLICYHUB_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
           "POLICYHUB_SECRET_KEY": "k" * 64, "POLICYHUB_INSECURE_COOKIES": "1"}
    env.pop("POLICYHUB_MODE", None)
    exe = Path(sys.executable).with_name("policyhub")
    subprocess.run([str(exe), "init"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(proc, base + "/healthz")
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def chunked_post(base: str, path: str, body: bytes, chunk: int = 16 * 1024) -> tuple[int, bytes]:
    """POST `body` with Transfer-Encoding: chunked (no Content-Length)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        try:
            for i in range(0, len(body), chunk):
                piece = body[i:i + chunk]
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass                                   # the server may refuse before reading everything
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


EVALUATE = "/api/v1/schemes/hunan-park-subcentre-requirements/evaluate"


def test_a_small_chunked_body_is_read(served):
    status, body = chunked_post(served[0], EVALUATE, b'{"facts": {}}')
    assert status == 200, body
    assert json.loads(body)["outcome"]


def test_a_chunked_body_over_the_limit_is_refused(served):
    body = b'{"facts": {}}' + b" " * (300 * 1024)            # valid JSON if cut anywhere after the braces
    status, answer = chunked_post(served[0], EVALUATE, body)
    assert status == 413, answer


def test_serve_runs_under_gunicorn_and_stops_gracefully(served):
    base, proc = served
    status, headers, body = _get(base + "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert "gunicorn" in headers.get("Server", "").lower()
    status, _, body = _get(base + "/")
    assert status == 200 and "<html" in body.decode()
    status, _, body = _get(base + "/api/v1/schemes")
    assert status == 200 and json.loads(body)["schemes"]
    req = urllib.request.Request(base + "/api/v1/schemes/hunan-park-subcentre-requirements/evaluate",
                                 data=json.dumps({"facts": {}}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:              # noqa: S310 - loopback only
        assert r.status == 200 and json.loads(r.read())["outcome"]

    proc.send_signal(signal.SIGTERM)                                  # graceful stop
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    log = out.decode() + err.decode()
    assert '"GET /api/v1/schemes HTTP/1.1" 200' in log                # access log lines
    assert "POST /api/v1/schemes/hunan-park-subcentre-requirements/evaluate" in log
    assert "Shutting down" in log or "Handling signal: term" in log


def test_serve_help_offers_workers_and_debug():
    from click.testing import CliRunner

    from policyhub.cli import main

    out = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--workers" in out and "--debug" in out


def test_default_workers_follow_the_core_count(monkeypatch):
    from policyhub.cli import serve

    monkeypatch.setattr(serve, "usable_cores", lambda: 3)
    assert serve.default_workers() == 3
    monkeypatch.setattr(serve, "usable_cores", lambda: 1)
    assert serve.default_workers() == 2
