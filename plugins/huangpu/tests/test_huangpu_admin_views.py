"""The Huangpu back-office page 平台登记 (policyhub_huangpu/admin_views.py): scoped, bilingual, and the lifecycle
worked out from each platform's events as of a date. Fixtures and shared checks: tests/admin/plugin_pages.py."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]     # the core's fixtures and the shared helpers, not below tests/
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin")) if p not in sys.path]

from admin_helpers import HUANGPU, HUNAN, GUANGZHOU, make_entry, text  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official  # noqa: E402,F401 - fixtures
from plugin_pages import assert_not_in_menu, assert_sends_to_sign_in, refused  # noqa: E402

import policyhub_huangpu  # noqa: E402

PACKAGE = Path(policyhub_huangpu.__file__).resolve().parent

URL = "/admin/huangpu/platforms/"
PLATFORM = {"category": "finance", "construction_entity": "甲建设公司", "operating_entity": "乙运营公司"}
RECOGNISED = [("2024-06-20", "applied"), ("2024-07-10", "formal_review_passed"), ("2024-09-10", "selected"),
              ("2024-09-27", "recognition_notice_published")]


def card(page: str, entry_id: int) -> str:
    m = re.search(rf'<div class="card" id="platform-{entry_id}".*?(?=<div class="card" id="platform-|<h4 )', page, re.S)
    assert m, f"no card for platform {entry_id}"
    return m.group(0)


def test_page_renders_for_a_huangpu_editor_in_chinese_and_english(app, client, official):
    eid = make_entry(app, "金融服务平台", HUANGPU, data=PLATFORM, events=RECOGNISED)
    official("editor", HUANGPU)
    r = client.get(URL + "?as_of=2024-10-11")
    page = text(r)
    assert r.status_code == 200
    assert "平台登记" in page and "金融服务平台" in page
    assert "已认定（颁发牌匾，运营中）" in card(page, eid)           # the status label, from the round
    assert "金融服务类" in page                                       # the category label, from the round
    assert "运营满一年（首次年度考核）" in page and "2025-10-11" in page   # the first assessment year runs
    r = client.get(URL + "?as_of=2024-10-11&lang=en")
    page = text(r)
    assert r.status_code == 200
    assert "Platform registry" in page and "Recognised (plaque issued, operating)" in page
    assert "IP financial services" in page and "平台登记" not in page


def test_revoked_after_two_consecutive_fails_with_the_ban_end(app, client, official):
    eid = make_entry(app, "金融服务平台", HUANGPU, data=PLATFORM,
                     events=RECOGNISED + [("2025-10-20", "assessment_failed"), ("2026-01-25", "assessment_failed")])
    official("editor", HUANGPU)
    page = text(client.get(URL + "?as_of=2026-02-01"))
    mine = card(page, eid)
    assert 'data-status="revoked"' in mine
    assert "取消运营主体资格" in mine
    assert 'data-counter="consecutive_fails"' in mine and "= 2" in mine
    ban = re.search(r'<tr data-ban="reapply_ban" data-active="yes".*?</tr>', mine, re.S)
    assert ban and "2028-01-25" in ban.group(0) and "金融服务类" in ban.group(0)
    # before the second fail: rectification with its period's last day
    page = text(client.get(URL + "?as_of=2025-11-01"))
    mine = card(page, eid)
    assert 'data-status="rectification"' in mine
    assert re.search(r'data-deadline="rectification_end" data-state="open".*?2026-01-20', mine, re.S)


def test_as_of_is_a_date_and_a_bad_one_falls_back_to_today(app, client, official):
    make_entry(app, "平台", HUANGPU, data=PLATFORM, events=RECOGNISED)
    official("editor", HUANGPU)
    r = client.get(URL + "?as_of=not-a-date")
    assert r.status_code == 200 and "不是日期" in text(r)


def test_a_bad_record_is_reported_not_fatal(app, client, official):
    bad = make_entry(app, "坏平台", HUANGPU, data=PLATFORM, events=[("2024-06-20", "no_such_event")])
    good = make_entry(app, "好平台", HUANGPU, data=PLATFORM, events=RECOGNISED)
    official("editor", HUANGPU)
    page = text(client.get(URL + "?as_of=2024-10-11"))
    assert "ph-error" in card(page, bad) and "no_such_event" in card(page, bad)
    assert 'data-status="recognised"' in card(page, good)


def test_application_rules_list_violations_with_their_citation(app, client, official):
    make_entry(app, "运营平台", HUANGPU, data={"category": "operation", "construction_entity": "C",
                                              "operating_entity": "X"}, events=[("2024-06-20", "applied")])
    make_entry(app, "金融平台", HUANGPU, data={"category": "finance", "construction_entity": "C",
                                              "operating_entity": "X"}, events=[("2024-06-21", "applied")])
    official("editor", HUANGPU)
    page = text(client.get(URL + "?as_of=2024-07-01"))
    v = re.search(r'<li class="list-group-item[^"]*" data-rule="operating_entity_one_category".*?</li>', page, re.S)
    assert v, page[page.find('id="ph-applications"'):][:3000]
    assert "运营主体 X 已申报 运营服务类，不能再申报 金融服务类" in v.group(0)
    assert "三、申报方式" in v.group(0)                             # the citation
    page = text(client.get(URL + "?as_of=2024-07-01&lang=en"))
    assert "Operating entity X has applied for IP operation services" in page


def test_a_banned_operator_applying_again_is_refused(app, client, official):
    make_entry(app, "旧金融平台", HUANGPU, data=PLATFORM,
               events=RECOGNISED + [("2025-10-20", "assessment_failed"), ("2026-01-25", "assessment_failed")])
    make_entry(app, "新金融平台", HUANGPU, data=PLATFORM, events=[("2026-03-01", "applied")])
    official("editor", HUANGPU)
    page = text(client.get(URL + "?as_of=2026-04-01&year=2026"))
    v = re.search(r'data-rule="reapply_ban".*?</li>', page, re.S)
    assert v and "2028-01-25" in v.group(0) and "新金融平台" in v.group(0)


def test_other_jurisdictions_are_refused_also_by_url(app, client, official):
    make_entry(app, "金融服务平台", HUANGPU, data=PLATFORM, events=RECOGNISED)
    official("editor", HUNAN)
    page = refused(client, URL, "黄埔区", "湖南省")
    assert "金融服务平台" not in page
    assert_not_in_menu(client, URL)                                 # not in the menu either


def test_officials_above_huangpu_and_superusers_see_it(app, client, official):
    make_entry(app, "金融服务平台", HUANGPU, data=PLATFORM, events=RECOGNISED)
    official("viewer", GUANGZHOU)
    assert client.get(URL).status_code == 200
    assert URL in text(client.get("/admin/"))


def test_signed_out_is_sent_to_sign_in(client):
    assert_sends_to_sign_in(client, URL)


# -- the plugin's catalog: the tests every plugin runs on its PACKAGE (tests/admin/plugin_pages.py) ---------------
from plugin_pages import (  # noqa: E402,F401 - collected here
    test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words, test_the_plugin_declares_its_catalog)
