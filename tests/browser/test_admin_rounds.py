"""Round editing in a real browser: sign in, clone the published round into a draft, change a threshold
(不少于20家 → 25), see the change, preview the draft against the policy test cases, publish it.
Screenshots are kept under artifacts/screenshots/ (admin-rounds-*.png)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import screenshot

pytest.importorskip("playwright")

PASSWORD = "correct horse battery"
POLICIES = Path(__file__).resolve().parent.parent / "admin" / "policies"


@pytest.fixture
def app(tmp_path):
    """The app on the back-office fixture policies (overrides the bundled-policies app for live_server)."""
    from werkzeug.security import generate_password_hash

    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.db.models import User
    from policyhub.db.store import save_policyset
    from policyhub.hub import Hub

    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True, "POLICYHUB_ENTRY_POINTS": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rounds.db'}"})
    with app.app_context():
        db.create_all()
        save_policyset(db.session, Hub.from_folders([POLICIES]).policyset)
        db.session.add(User(username="alpha-editor", role="editor", jurisdiction_code="990001", active=True,
                            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    return app


def _status(app, scheme, key):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        r = db.session.query(RoundRow).filter_by(scheme_key=scheme, key=key).one()
        return r.status, r.version, r.data["parameters"]["min_members"]["value"]


def test_change_a_threshold_preview_and_publish(app, live_server, page):
    page.goto(f"{live_server}/admin/")
    page.fill("#username", "alpha-editor")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")

    # the list: only the alpha district's scheme
    page.goto(f"{live_server}/admin/rounds/")
    rows = page.locator("#ph-rounds tbody tr")
    assert rows.count() == 1
    assert "甲区知识产权服务平台" in page.inner_text("#ph-rounds")
    screenshot(page, "admin-rounds-list")

    # clone the published round into the 2025 draft
    page.click("#ph-rounds a.ph-open")
    page.fill("#new_key", "2025")
    page.fill("#title_zh", "2025年度")
    page.fill("#title_en", "2025 round")
    page.click("#ph-clone")
    page.wait_for_selector("#ph-round-header")
    assert page.locator("#ph-round-header .ph-status").get_attribute("data-status") == "draft"

    # change the threshold: 不少于20家 -> 25, typed as a number
    page.click("#ph-tab-parameters")
    row = page.locator("#param-min_members")
    assert "联盟成员单位数量下限" in row.inner_text() and "家" in row.inner_text()
    assert "三、申报条件 (一)" in row.inner_text()
    field = row.locator("input.form-control").first
    assert field.input_value() == "20"
    field.fill("25")
    screenshot(page, "admin-rounds-parameters")
    page.click("#ph-save")
    page.wait_for_selector(".alert-success")
    assert page.locator("#param-min_members input.form-control").first.input_value() == "25"
    assert page.inner_text("#ph-version") == "2"
    screenshot(page, "admin-rounds-parameters-saved")
    assert _status(app, "alpha-platform", "2025") == ("draft", 2, 25)

    # the change with its citation, then the preview against the policy test cases
    page.click("#ph-tab-diff")
    change = page.locator('tr.ph-change[data-path="parameters.min_members.value"]')
    assert change.locator(".ph-old").inner_text() == "20" and change.locator(".ph-new").inner_text() == "25"
    assert "三、申报条件 (一)" in change.inner_text()
    screenshot(page, "admin-rounds-diff")
    page.click("#ph-tab-preview")
    page.wait_for_selector("#ph-cases")
    cases = page.locator("tr.ph-case")
    assert cases.count() == 2
    for i in range(cases.count()):
        assert cases.nth(i).get_attribute("data-passed") == "yes"
    screenshot(page, "admin-rounds-preview")

    # publish: the draft becomes the published round, 2024 is archived
    page.click("#ph-go-publish")
    page.wait_for_selector("#ph-publish")
    assert page.locator("#ph-publish").is_enabled()
    screenshot(page, "admin-rounds-publish")
    page.click("#ph-publish")
    page.wait_for_selector(".alert-success")
    assert page.locator("#ph-round-header .ph-status").get_attribute("data-status") == "published"
    screenshot(page, "admin-rounds-published")
    assert _status(app, "alpha-platform", "2025")[0] == "published"
    assert _status(app, "alpha-platform", "2024")[0] == "archived"

    # published rounds are immutable: the form is disabled
    page.click("#ph-tab-parameters")
    assert page.locator("#ph-immutable").is_visible()
    assert page.locator("#param-min_members input.form-control").first.is_disabled()


def _login(page, base):
    page.goto(f"{base}/admin/")
    page.fill("#username", "alpha-editor")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")


def _draft(app):
    """A 2025 draft cloned from the published round, made directly in the database."""
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        src = db.session.query(RoundRow).filter_by(scheme_key="alpha-platform", key="2024").one()
        data = dict(src.data, key="2025", status="draft", version=1)
        row = RoundRow(scheme_key=src.scheme_key, key="2025", jurisdiction_code=src.jurisdiction_code,
                       status="draft", version=1, data=data)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_score_sheet_and_rule_editors(app, live_server, page):
    rid = _draft(app)
    _login(page, live_server)

    # the score sheet: nested rows; only the chosen scoring kind's fields are shown
    page.goto(f"{live_server}/admin/rounds/{rid}/sheets/0")
    trainings = page.locator('.ph-indicator[data-key="trainings"]')
    assert trainings.locator('.ph-kind-fields[data-for="tiers"]').is_visible()
    assert not trainings.locator('.ph-kind-fields[data-for="fixed"]').is_visible()
    screenshot(page, "admin-rounds-sheet")
    # 40 -> 35 on the only indicator of a 40-point subgroup: refused, with the sums shown
    page.fill('[name="groups-0-subgroups-0-indicators-0-max"]', "35")
    page.click("#ph-save")
    page.wait_for_selector("#ph-problems")
    assert "hardware" in page.inner_text("#ph-problems")
    assert page.locator(".ph-sum-bad").count() >= 1
    screenshot(page, "admin-rounds-sheet-refused")

    # the JsonLogic editor: a malformed rule is refused with line and column under the field
    page.goto(f"{live_server}/admin/rounds/{rid}/criteria/edit?key=members")
    page.fill("#rule", '{">=": [{"var": "members"},\n  {"param": "min_members"}')
    page.click("#ph-save")
    page.wait_for_selector(".ph-field-error")
    assert "第 2 行" in page.inner_text(".ph-field-error")
    screenshot(page, "admin-rounds-rule-refused")
    # try it on sample facts: 15 members fail, with the gap explained
    page.fill("#rule", '{">=": [{"var": "members"}, {"param": "min_members"}]}')
    page.fill("#facts", '{"members": 15}')
    page.click("#ph-try-button")
    page.wait_for_selector("#ph-trial")
    assert page.locator("#ph-trial").get_attribute("data-outcome") == "fail"
    screenshot(page, "admin-rounds-rule-try")
