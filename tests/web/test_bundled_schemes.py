"""Every installed scheme through the portal and the API: generic checks only (no plugin data details), so a
new or changed scheme that the pages cannot show fails here."""
from __future__ import annotations

import pytest

from policyhub.web import openapi


@pytest.fixture
def keys(bundled_policyset):
    if not bundled_policyset.schemes:
        pytest.skip("no policy plugin is installed")
    return sorted(bundled_policyset.schemes)


def test_every_scheme_renders_and_evaluates(client, keys):
    home = client.get("/").get_data(as_text=True)
    result_schema = openapi.validator("Result")
    for key in keys:
        assert f"/schemes/{key}" in home
        for lang in ("zh", "en"):
            assert client.get(f"/schemes/{key}?lang={lang}").status_code == 200, key
            assert client.get(f"/schemes/{key}/result?lang={lang}").status_code == 200, key
        schema = client.get(f"/api/v1/schemes/{key}/facts")
        assert schema.status_code == 200 and schema.get_json()["type"] == "object"
        resp = client.post(f"/api/v1/schemes/{key}/evaluate", json={"facts": {}})
        assert resp.status_code == 200, (key, resp.get_json())
        errors = [e.message for e in result_schema.iter_errors(resp.get_json())]
        assert not errors, (key, errors)


def test_screener_and_dashboards(client, keys):
    assert client.get("/screener?run=1").status_code == 200
    assert client.post("/api/v1/screen", json={"facts": {}}).status_code == 200
    listing = client.get("/dashboard").get_data(as_text=True)
    for key in keys:
        if f"/dashboard/{key}" in listing:
            assert client.get(f"/dashboard/{key}").status_code == 200, key
            assert client.get(f"/dashboard/{key}?lang=en").status_code == 200, key
