"""Security headers on every page: a Content-Security-Policy without inline script, framing refused, no MIME
sniffing, a referrer policy, HSTS over HTTPS, and no caching of back-office pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, str]:
    raw = response.headers.get("Content-Security-Policy", "")
    return {d.split()[0]: d for d in (p.strip() for p in raw.split(";")) if d}


@pytest.mark.parametrize("path", ["/", "/api/v1/schemes", "/admin/login/", "/healthz"])
def test_every_answer_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.status_code == 200
    csp = _csp(r)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in r.headers             # plain HTTP: no HSTS


def test_hsts_over_https(client):
    r = client.get("/", base_url="https://localhost")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


def test_back_office_pages_are_not_cached(client):
    r = client.get("/admin/login/")
    assert r.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_back_office_script_nonce_changes_per_request(client):
    a, b = _csp(client.get("/admin/login/"))["script-src"], _csp(client.get("/admin/login/"))["script-src"]
    assert "'nonce-" in a and a != b


TEMPLATES = sorted(p for base in (ROOT / "policyhub", ROOT / "plugins") for p in base.rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_handlers(path):
    text = path.read_text(encoding="utf-8")
    # a data block (type="application/json") is never run, so the CSP has nothing to allow for it
    inline = [m.group(0) for m in re.finditer(r"<script\b[^>]*>", text)
              if "src=" not in m.group(0) and 'type="application/json"' not in m.group(0)]
    handlers = re.findall(r"\son[a-z]+\s*=\s*[\"']", text)
    assert not inline and not handlers, (inline, handlers)
    assert "javascript:" not in text
