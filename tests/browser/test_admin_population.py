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

    errors: list[str] = []
    # script errors and CSP refusals; failed loads are caught by URL below (the browser's own /favicon.ico aside)
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{live_server}/admin/")
    page.fill("#username", "hp-viewer")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")
    page.goto(f"{live_server}/admin/population/")
    screenshot(page, "admin-population-index")
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
    assert errors == []          # nothing refused by the Content-Security-Policy, no script error


HUNAN_SCHEME = "hunan-park-subcentre-requirements"
HUNAN_GOOD = {"park_type": "industrial", "park_level": "national", "office_area": 30, "office_independent": True,
              "service_window": True, "equipment_ready": True, "full_time_staff": 2,
              "staff_ip_experience_years": [1, 0], "park_commitment": True, "prefecture_commitment": True,
              "submitted_on": "2020-04-30"}


def test_the_round_preview_shows_who_gains_and_loses(app, live_server, page, tmp_path, monkeypatch):
    """A Hunan draft asking 3 staff instead of 2 and 25 m² instead of 30: the preview lists who gains and loses."""
    import copy

    from click.testing import CliRunner

    from policyhub.admin.auth import hash_password
    from policyhub.cli import main
    from policyhub.db import db
    from policyhub.db.models import RoundRow, User
    from policyhub.webhub import reset_hub

    records = [{"id": f"HN-{i:03d}", "region": region, **HUNAN_GOOD, "office_area": area, "full_time_staff": staff}
               for i, (region, area, staff) in enumerate(
                   [("430100", 30, 2), ("430102", 26, 3), ("430102", 27, 4), ("430100", 31, 2), ("430103", 40, 3),
                    ("440112", 26, 3)])]
    src = tmp_path / "hunan.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setenv("POLICYHUB_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    assert CliRunner().invoke(main, ["population", "import", str(src)]).exit_code == 0
    with app.app_context():
        pub = db.session.query(RoundRow).filter_by(scheme_key=HUNAN_SCHEME, status="published").one()
        data = copy.deepcopy(pub.data)
        data.update(key="2021", status="draft")
        data["parameters"]["min_office_area"]["value"] = 25
        data["parameters"]["min_full_time_staff"]["value"] = 3
        row = RoundRow(scheme_key=HUNAN_SCHEME, key="2021", jurisdiction_code=pub.jurisdiction_code,
                       status="draft", data=data)
        db.session.add(row)
        db.session.add(User(username="hn-editor", password_hash=hash_password(PASSWORD), role="editor",
                            jurisdiction_code="430000", active=True))
        db.session.commit()
        rid = row.id
        reset_hub()

    page.goto(f"{live_server}/admin/")
    page.fill("#username", "hn-editor")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")
    page.goto(f"{live_server}/admin/rounds/{rid}/preview")
    summary = page.inner_text("#ph-impact-summary")
    # gain: 430102 26 m²/3 staff, 430102 27/4; lose: the two with 2 staff; 440112 is Guangdong's
    assert "新增符合 2 家" in summary and "不再符合 2 家" in summary and "不变 1 家" in summary
    gains, losses = page.inner_text("#ph-impact-gain"), page.inner_text("#ph-impact-lose")
    assert "HN-001" in gains and "HN-002" in gains and "独立办公场所" in gains
    assert "HN-000" in losses and "HN-003" in losses and "专职" in losses
    assert "HN-005" not in page.inner_text("body")
    screenshot(page, "admin-round-preview-impact-zh")
    page.click("#ph-lang-en")
    page.wait_for_selector("#ph-impact-summary")
    assert "2 gain eligibility" in page.inner_text("#ph-impact-summary")
    screenshot(page, "admin-round-preview-impact-en")
