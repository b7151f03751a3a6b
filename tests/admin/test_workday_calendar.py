"""The working-day calendar in the back office (/admin/calendar/): superusers enter a year the calendar package
does not know, every change is audited, the evaluations use the days at once, and a year known to neither is an
error the official reads in the UI language, with what to do."""
from __future__ import annotations

import datetime as dt

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, audit_rows, csrf_token, make_entry, read_form, text

from policyhub.workdays import supported_years

LIST = "/admin/calendar/"
NEXT = supported_years()[1] + 1                     # the first year the installed package does not know
PLATFORM = {"category": "finance", "construction_entity": "甲建设公司", "operating_entity": "乙运营公司"}


def rows(app):
    from policyhub.db import db
    from policyhub.db.models import CalendarDayRow

    with app.app_context():
        return [(r.date, r.type, r.name_zh) for r in db.session.query(CalendarDayRow).order_by(CalendarDayRow.date)]


def new_day(client, date: str, type: str = "holiday", **extra):
    form = read_form(text(client.get(f"{LIST}new/")))
    form.update({"date": date, "type": type, "name_zh": "元旦", "name_en": "New Year's Day",
                 "notice_title": f"国务院办公厅关于{NEXT}年部分节假日安排的通知", "notice_number": "",
                 "notice_url": "https://www.gov.cn/zhengce/content/example.htm", **extra})
    return client.post(f"{LIST}new/", data=form)


def test_a_superuser_enters_edits_and_deletes_a_day_each_audited(app, client, official):
    who = official("superuser", None)
    r = new_day(client, f"{NEXT}-01-01")
    assert r.status_code == 302, text(r)
    assert rows(app) == [(dt.date(NEXT, 1, 1), "holiday", "元旦")]
    created = audit_rows(app, object_type="calendar_day")[-1]
    assert (created["username"], created["action"], created["object_id"]) == (who, "create", f"{NEXT}-01-01")
    assert created["after"]["notice_title"].endswith("部分节假日安排的通知") and created["before"] is None

    form = read_form(text(client.get(f"{LIST}edit/?id={NEXT}-01-01")))
    form["name_zh"] = "元旦节"
    assert client.post(f"{LIST}edit/?id={NEXT}-01-01", data=form).status_code == 302
    updated = audit_rows(app, object_type="calendar_day")[-1]
    assert updated["action"] == "update"
    assert (updated["before"]["name_zh"], updated["after"]["name_zh"]) == ("元旦", "元旦节")

    token = csrf_token(text(client.get(LIST)))
    assert client.post(f"{LIST}delete/", data={"id": f"{NEXT}-01-01", "csrf_token": token}).status_code == 302
    assert rows(app) == []
    assert audit_rows(app, object_type="calendar_day")[-1]["action"] == "delete"


def test_the_list_says_which_years_the_package_covers_in_both_languages(app, client, official):
    official("superuser", None)
    first, last = supported_years()
    zh = text(client.get(LIST))
    assert "工作日历" in zh and f"{first}–{last}" in zh and "国务院办公厅" in zh
    en = text(client.get(LIST + "?lang=en"))
    assert "Working-day calendar" in en and "State Council" in en and "工作日历" not in en


def test_a_weekday_is_refused_as_an_adjusted_working_day_beside_the_field(app, client, official):
    official("superuser", None)
    monday = dt.date(NEXT, 1, 4)
    while monday.weekday() != 0:
        monday += dt.timedelta(days=1)
    r = new_day(client, monday.isoformat(), "workday")
    assert r.status_code == 200 and "本来就是工作日" in text(r)
    assert rows(app) == []


def test_editors_cannot_open_or_change_the_calendar(app, client, official):
    official("editor", HUANGPU)
    assert client.get(LIST).status_code == 403
    page = client.get(f"{LIST}new/")
    assert page.status_code == 403
    token = csrf_token(text(client.get("/admin/")))                 # a valid token: only the role refuses
    r = client.post(f"{LIST}new/", data={"date": f"{NEXT}-01-01", "type": "holiday", "name_zh": "元旦",
                                         "name_en": "New Year's Day", "notice_title": "通知", "csrf_token": token})
    assert r.status_code == 403 and rows(app) == []
    assert audit_rows(app, object_type="calendar_day") == []


def test_an_unknown_year_shows_what_to_do_then_the_entered_days_are_counted(app, client, official):
    # a 5-working-day notice published on the package's last Monday of December runs into the next year
    published = dt.date(NEXT - 1, 12, 31)
    while published.weekday() != 0:
        published -= dt.timedelta(days=1)
    eid = make_entry(app, "金融服务平台", HUANGPU, data=PLATFORM, events=[
        ("2024-06-20", "applied"), ("2024-07-10", "formal_review_passed"), ("2024-09-10", "selected"),
        (published.isoformat(), "recognition_notice_published")])
    official("superuser", None)
    url = f"/admin/huangpu/platforms/?as_of={NEXT}-01-02"
    zh = text(client.get(url))
    assert f"没有{NEXT}年的工作日历" in zh and "工作日历" in zh and "国务院办公厅" in zh
    en = text(client.get(url + "&lang=en"))
    assert f"no working-day calendar for {NEXT}" in en and "State Council" in en and f"没有{NEXT}年" not in en

    assert new_day(client, f"{NEXT}-01-01").status_code == 302        # New Year's Day off
    page = text(client.get(url + "&lang=zh"))
    assert f"没有{NEXT}年的工作日历" not in page
    # the working days after `published`: the rest of its week in December, then the new year without 01-01
    counted, day = 0, published
    while counted < 5:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day != dt.date(NEXT, 1, 1):
            counted += 1
    assert day.year == NEXT
    assert f"{day.isoformat()}" in page and f'id="platform-{eid}"' in page
