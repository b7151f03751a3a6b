"""A Huangpu official, only in the browser, raises "resident institutions" 20 → 25 in a draft cloned from the
published annual round, sees the policy test cases whose result changes in the preview (before → after, and
the indicator that caused it), opens one, accepts the new results of all of them with one POST, and
publishes. Screenshots in Chinese and English (admin-round-cases-*.png under artifacts/screenshots/)."""
from __future__ import annotations

import pytest

from conftest import screenshot

pytest.importorskip("playwright")

PASSWORD = "correct horse battery"
SCHEME = "huangpu-platform-annual"
HUANGPU = "440112"


@pytest.fixture
def editor(app):
    from werkzeug.security import generate_password_hash

    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        db.session.add(User(username="hp-editor", role="editor", jurisdiction_code=HUANGPU, active=True,
                            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    return "hp-editor"


def _round(app, key):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        r = db.session.query(RoundRow).filter_by(scheme_key=SCHEME, key=key).one()
        return r.id, r.status


def _failing(app, key):
    """How many applicable cases fail against the round (read from the database, not the page)."""
    from policyhub.admin.rounds import service
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.test_request_context():
        row = db.session.query(RoundRow).filter_by(scheme_key=SCHEME, key=key).one()
        runs, _pub = service.case_runs(row)
        return sum(1 for c in runs if c.applicable and c.draft and not c.draft.passed)


def test_raise_a_threshold_accept_the_changed_cases_and_publish(app, editor, live_server, page):
    base = live_server
    page.goto(f"{base}/admin/?lang=zh")
    page.fill("#username", editor)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")

    # clone the published annual round into a 2023 draft
    src, status = _round(app, "2022")
    assert status == "published"
    page.goto(f"{base}/admin/rounds/{src}/")
    page.fill("#new_key", "2023")
    page.click("#ph-clone")
    page.wait_for_selector("#ph-round-header")
    rid, status = _round(app, "2023")
    assert status == "draft"

    # 20 -> 25 resident institutions
    page.click("#ph-tab-parameters")
    field = page.locator("#param-min_resident_institutions input.form-control").first
    assert field.input_value() == "20"
    field.fill("25")
    page.click("#ph-save")
    page.wait_for_selector(".alert-success")
    failing = _failing(app, "2023")
    assert failing > 0

    # the preview lists exactly the changed cases, each with before -> after and its cause
    page.click("#ph-tab-preview")
    page.wait_for_selector("#ph-changed-cases")
    rows = page.locator("tr.ph-changed-case")
    assert rows.count() == failing
    first = rows.first.inner_text()
    assert "→" in first and "入驻" in first
    assert rows.first.locator(".ph-cause").count() >= 1
    assert "{" not in page.inner_text("#ph-changed-cases")
    screenshot(page, "admin-round-cases-preview-zh")
    page.goto(f"{base}/admin/rounds/{rid}/preview?lang=en")
    assert "Cases whose result changes or fails" in page.inner_text("body")
    assert "Resident" in page.locator("tr.ph-changed-case").first.inner_text()
    screenshot(page, "admin-round-cases-preview-en")

    # one case, in English then Chinese: typed facts, the expectation as controls
    page.locator("tr.ph-changed-case a").first.click()
    page.wait_for_selector("#ph-case-form")
    assert page.locator("#f_resident_institutions").get_attribute("type") == "number"
    assert page.locator("#ph-other-facts").count() == 1           # other categories' facts are folded away
    assert page.locator(".ph-item-now").first.inner_text().strip() != ""
    screenshot(page, "admin-round-cases-case-en")
    page.goto(page.url.split("?")[0] + "?lang=zh")
    page.wait_for_selector("#ph-case-form")
    assert "样例申报单位的事实信息" in page.inner_text("body")
    screenshot(page, "admin-round-cases-case-zh")

    # publishing is refused while they fail
    page.goto(f"{base}/admin/rounds/{rid}/publish")
    assert page.locator("#ph-failing").is_visible() and page.locator("#ph-publish").is_disabled()
    screenshot(page, "admin-round-cases-publish-refused-zh")

    # accept the new result of every changed case: tick them all, one POST
    page.goto(f"{base}/admin/rounds/{rid}/preview")
    page.check("#ph-pick-all")                                  # ticks every case
    picks = page.locator("input.ph-pick")
    assert picks.count() == failing
    for i in range(picks.count()):
        assert picks.nth(i).is_checked()
    page.click("#ph-accept")
    page.wait_for_selector(".alert-success")
    assert _failing(app, "2023") == 0
    rows = page.locator("tr.ph-changed-case")
    assert rows.count() == failing                              # still changed, now expected
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-passed") == "yes"
    screenshot(page, "admin-round-cases-accepted-zh")

    # publishing succeeds
    page.goto(f"{base}/admin/rounds/{rid}/publish")
    page.click("#ph-publish")
    page.wait_for_selector(".alert-success")
    assert _round(app, "2023")[1] == "published"
    assert _round(app, "2022")[1] == "archived"
    page.goto(f"{base}/admin/rounds/{rid}/cases/?lang=en")
    assert page.locator("#ph-case-list tr.ph-case").count() >= failing
    screenshot(page, "admin-round-cases-list-en")
