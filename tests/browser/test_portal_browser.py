"""The public portal in a real browser (Debian's Chromium through Playwright): fill a scheme form, read the
explanation, switch to English, run the screener, read the dashboard; and the same with JavaScript disabled."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import screenshot

POLICIES = Path(__file__).resolve().parents[1] / "web" / "policies"
RECORDS = [
    {"name": "甲机构", "kind": "comprehensive", "level": "prefecture", "region": "990100", "established": "2024-03-01"},
    {"name": "乙机构", "kind": "comprehensive", "level": "county", "region": "990101", "established": "2024-06-01"},
]


@pytest.fixture
def app(tmp_path):
    """The portal on the small fixture policies of tests/web (overrides the bundled-policies app)."""
    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry
    from policyhub.db.store import save_policyset
    from policyhub.hub import Hub

    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True, "POLICYHUB_ENTRY_POINTS": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'portal.db'}"})
    registry = RegistryEntry.__mapper__.get_property_by_column(RegistryEntry.__table__.c.registry).key
    with app.app_context():
        db.create_all()
        save_policyset(db.session, Hub.from_folders([POLICIES]).policyset)
        for rec in RECORDS:
            entry = RegistryEntry(jurisdiction_code="990000", name=rec["name"], data=dict(rec))
            setattr(entry, registry, "test-institutions")
            db.session.add(entry)
        db.session.commit()
    return app


def fill_centre(page, *, staff: str):
    page.fill("#in-office_area", "25")
    page.fill("#in-staff", staff)
    page.check("input[name=f_has_plan][value=yes]")
    page.select_option("#in-applicant_kind", "enterprise")
    page.fill("#in-founded", "2020-01-01")


def test_fill_a_form_read_the_explanation_switch_language(page, live_server):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.click("text=测试服务中心申报")
    fill_centre(page, staff="3")
    screenshot(page, "portal-form-zh")
    page.click("#check")
    page.wait_for_url(re.compile(r"/schemes/test-centre/result\?"))
    assert page.locator("#outcome .verdict").inner_text() == "不符合"
    row = page.locator("#item-conditions-staff")
    assert "3人" in row.inner_text() and "专职人员下限：5人" in row.inner_text()
    assert "三、申报条件 (二)" in row.inner_text()
    changes = page.locator("#changes").inner_text()
    assert "将办公场所面积从25平方米增加到30平方米" in changes and "将专职人员从3人增加到5人" in changes
    screenshot(page, "portal-result-zh")

    page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#outcome .verdict").inner_text() == "Not eligible"
    assert "increase full-time staff from 3 to 5 persons" in page.locator("#changes").inner_text()
    screenshot(page, "portal-result-en")

    page.click("#edit")                                  # the answers are kept for another try
    assert page.input_value("#in-staff") == "3"
    page.fill("#in-staff", "6")
    page.fill("#in-office_area", "30")
    page.click("#check")
    assert page.locator("#outcome .verdict").inner_text() == "Eligible"


def test_form_error_is_shown_beside_the_field(page, live_server):
    page.goto(live_server + "/schemes/test-centre")
    page.fill("#in-staff", "4")
    page.fill("#in-projects", '[{"title": "x"}]')
    page.click("#check")
    error = page.locator("#field-projects .error")
    assert "缺少“name”" in error.inner_text()
    assert page.input_value("#in-projects") == '[{"title": "x"}]'
    assert page.input_value("#in-staff") == "4"
    screenshot(page, "portal-form-error")


def test_score_sheet_with_category_chooser(page, live_server):
    page.goto(live_server + "/schemes/test-platform-annual")
    assert page.locator("#in-loans").count() == 0
    page.select_option("#category", "finance")
    page.click("form.chooser button")
    page.check("input[name=f_has_office][value=yes]")
    page.fill("#in-staff", "3")
    page.fill("#in-trainings", "6")
    page.fill("#in-loans", "1000")
    page.click("#check")
    text = page.locator("#score-sheet").inner_text()
    assert "43–63 / 100" in text and "未得满分" in text
    assert "基础条件须得满分25分（目前18分）" in page.locator("#changes").inner_text()
    screenshot(page, "portal-score-sheet")


def test_screener_ranks_the_schemes(page, live_server):
    page.goto(live_server + "/screener?lang=en")
    page.fill("#in-staff", "5")
    page.fill("#in-office_area", "40")
    page.check("input[name=f_has_plan][value=yes]")
    page.select_option("#in-applicant_kind", "enterprise")
    page.fill("#in-founded", "2020-01-01")
    page.click("#screen")
    entries = page.locator("li.screen-entry")
    assert entries.count() == 2
    assert entries.nth(0).get_attribute("id") == "screen-test-centre"
    assert "Eligible" in entries.nth(0).inner_text()
    assert "provide platform category" in entries.nth(1).inner_text()
    screenshot(page, "portal-screener-en")


def test_dashboard_with_bars(page, live_server):
    page.goto(live_server + "/dashboard/test-coverage")
    page.fill("#as_of", "2024-09-01")
    page.click("form.chooser button")
    assert "进度滞后" in page.locator("#target-city_coverage").inner_text()
    assert page.locator("figure.chart svg rect.fill").count() >= 3
    screenshot(page, "portal-dashboard")


def test_phone_width_is_readable(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(live_server + "/schemes/test-centre/result?f_staff=3&f_office_area=25")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the page scrolls sideways ({width}px)"
        screenshot(page, "portal-result-phone")
    finally:
        context.close()


def test_everything_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server + "/schemes/test-platform-annual")
        page.select_option("#category", "tech")
        page.click("form.chooser button")
        assert page.locator("#in-patents_analysed").count() == 1
        page.goto(live_server + "/schemes/test-centre")
        fill_centre(page, staff="2")
        page.click("#check")
        assert page.locator("#outcome .verdict").inner_text() == "不符合"
        page.click("#lang-switch")
        assert page.locator("#outcome .verdict").inner_text() == "Not eligible"
        page.goto(live_server + "/screener")
        page.fill("#in-staff", "2")
        page.click("#screen")
        assert page.locator("li.screen-entry").count() == 2
        screenshot(page, "portal-screener-nojs")
    finally:
        context.close()
