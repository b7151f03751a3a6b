"""The public directory of institutions in a real browser (Debian's Chromium through Playwright): filter by
city, search, open an institution, switch to English; screenshots at 1280 px kept as artifacts."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin"), str(Path(__file__).parent))
                 if p not in sys.path]

from conftest import app, browser, bundled_policyset, live_server, page, screenshot  # noqa: E402,F401 - fixtures
from directory_rows import load_rows  # noqa: E402

PUBLIC = "/guangdong/institutions/"


@pytest.fixture
def sample(app, bundled_policyset):
    return load_rows(app, bundled_policyset)


def rows(page) -> list[str]:
    return page.locator("#gd-institutions tbody tr td:first-child a").all_inner_texts()


def test_search_the_directory_and_open_an_institution_in_both_languages(page, live_server, sample):
    page.goto(live_server + PUBLIC)
    assert len(rows(page)) == 12 and page.locator("html").get_attribute("lang") == "zh-CN"
    page.select_option("#gd-city", "440300")
    page.click("#gd-filters button[type=submit]")
    page.wait_for_url("**city=440300**")
    assert sorted(rows(page)) == sorted(["深圳市知识产权公共服务中心（示例）", "南山区知识产权公共服务中心（示例）",
                                         "某科技园区生产力促进中心信息服务网点（示例）"])
    assert "深圳市" in page.inner_text("#gd-institutions") and "440300" not in page.inner_text("#gd-institutions")
    screenshot(page, "guangdong-directory-shenzhen-zh")

    page.goto(live_server + PUBLIC)
    page.fill("#gd-q", "商标")
    page.select_option("#gd-service", "trademark_filing")
    page.click("#gd-filters button[type=submit]")
    page.wait_for_url("**service=trademark_filing**")
    assert sorted(rows(page)) == ["汕头市商标业务受理窗口（示例）", "湛江市商标业务服务工作站（示例）"]
    screenshot(page, "guangdong-directory-search-zh")
    page.click("text=汕头市商标业务受理窗口（示例）")
    page.wait_for_url("**/guangdong/institutions/*")
    assert page.inner_text("#gd-name") == "汕头市商标业务受理窗口（示例）"
    assert page.inner_text("dd[data-field=city]") == "汕头市"
    assert "商标业务受理" in page.inner_text("dd[data-field=services]")
    screenshot(page, "guangdong-institution-zh")

    page.click("#lang-switch")
    page.wait_for_url("**lang=en**")
    assert page.inner_text("dd[data-field=city]") == "Shantou"
    assert page.inner_text("dd[data-field=kind]") == "Trademark acceptance window"
    assert "Trademark filing" in page.inner_text("dd[data-field=services]")
    screenshot(page, "guangdong-institution-en")
    page.click("text=Back to the directory")
    page.wait_for_url("**/guangdong/institutions/**")
    page.select_option("#gd-kind", "comprehensive")
    page.click("#gd-filters button[type=submit]")
    page.wait_for_url("**kind=comprehensive**")
    assert len(rows(page)) == 7 and "Comprehensive IP public service institution" in page.inner_text("#gd-institutions")
    screenshot(page, "guangdong-directory-en")
