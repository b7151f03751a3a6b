"""The enterprise screening page in a real browser: a small population imported with the command line, the
chart drawn (a canvas with pixels), the table's figures equal to `policyhub population screen` for the
official's enterprises, in Chinese and in English. Screenshots: artifacts/screenshots/admin-population-*.png."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import screenshot

pytest.importorskip("playwright")

PASSWORD = "correct horse battery"
HUANGPU = "440112"
SCHEME = "huangpu-platform-annual"


@pytest.fixture
def imported(app, tmp_path, monkeypatch):
    """200 generated Huangpu platforms (two districts' codes) and 20 Hunan ones, imported by the CLI into the
    app's population store; returns the CLI's screening rows."""
    from click.testing import CliRunner

    from policyhub.cli import main
    from policyhub.db import db
    from policyhub.db.models import User
    from policyhub.admin.auth import hash_password
    from policyhub.hub import Hub
    from policyhub.population.generate import RecordGenerator

    ev = Hub.from_plugins().evaluator(SCHEME)
    records = list(RecordGenerator(ev, seed=11, missing=0.02, regions=[HUANGPU, "440112001000"]).records(200))
    records += list(RecordGenerator(ev, seed=12, missing=0.02, regions=["430100"]).records(20, start=1000))
    src = tmp_path / "platforms.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setenv("POLICYHUB_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    runner = CliRunner()
    r = runner.invoke(main, ["population", "import", str(src)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "screen.csv"
    r = runner.invoke(main, ["population", "screen", SCHEME, "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 220
    with app.app_context():
        db.session.add(User(username="hp-viewer", password_hash=hash_password(PASSWORD), role="viewer",
                            jurisdiction_code=HUANGPU, active=True))
        db.session.commit()
    return rows


def _figures(page) -> dict[str, int]:
    cells = page.locator("#ph-population-total th[data-status]")
    return {cells.nth(i).get_attribute("data-status"): int(cells.nth(i).inner_text()) for i in range(cells.count())}


def test_the_screening_page_draws_the_chart_and_matches_the_cli(app, live_server, page, imported):
    ours = [r for r in imported if r["region"].startswith(HUANGPU)]
    expected = {o: sum(1 for r in ours if r["outcome"] == o) for o in ("pass", "fail", "undetermined")}
    assert all(expected.values())          # the generated population has all three outcomes

    page.goto(f"{live_server}/admin/")
    page.fill("#username", "hp-viewer")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")
    page.goto(f"{live_server}/admin/population/")
    page.click(f"#ph-population-schemes a[href$='/{SCHEME}/']")
    page.wait_for_selector("#ph-population-chart[data-rendered='yes'] canvas")

    shown = _figures(page)
    assert shown["qualifies"] == expected["pass"]
    assert shown["missing"] == expected["undetermined"]
    assert shown["near"] + shown["fails"] == expected["fail"]
    assert "湖南" not in page.inner_text("#ph-population-table")      # Hunan's enterprises are not theirs
    # the chart has pixels: some of the canvas is not blank
    inked = page.evaluate("""() => {
        const c = document.querySelector('#ph-population-chart canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }""")
    assert inked > 1000
    # categories by their labels, never their codes
    from policyhub.hub import Hub

    labels = {c.key: c.label for c in Hub.from_plugins().round(SCHEME).categories}
    table = page.inner_text("#ph-population-table")
    for key in {r["category"] for r in ours if r["category"]}:
        assert labels[key].zh in table and f" {key} " not in f" {table} "
    screenshot(page, "admin-population-zh")

    page.click("#ph-lang-en")
    page.wait_for_selector("#ph-population-chart[data-rendered='yes'] canvas")
    assert _figures(page) == shown
    body = page.inner_text("body")
    assert "Nearly qualify" in body and "差一点" not in body
    assert all(labels[k].en in body for k in {r["category"] for r in ours if r["category"]})
    screenshot(page, "admin-population-en")
