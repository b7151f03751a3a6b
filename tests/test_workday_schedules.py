"""Yearly working-day schedules (`kind: workdays`): loading, precedence of the package, the unknown-year error."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyhub.definitions import WorkdaySchedule
from policyhub.errors import LoadError
from policyhub.i18n import Message, render
from policyhub.loader import load_folders
from policyhub.workdays import (UnknownCalendarYear, WorkdayCalendar, add_working_days, is_working_day,
                                supported_years)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workdays" / "2026.yaml"
D = dt.date
NEXT = supported_years()[1] + 1          # the first year the installed package does not know


def schedule(year: int, days: list[dict], **notice) -> WorkdaySchedule:
    return WorkdaySchedule.model_validate({"kind": "workdays", "year": year,
                                           "notice": {"title": f"国务院办公厅关于{year}年部分节假日安排的通知",
                                                      **notice}, "days": days})


def day(date: str, type: str, zh="元旦", en="New Year's Day") -> dict:
    return {"date": date, "type": type, "name": {"zh": zh, "en": en}}


def first_weekday(year: int, weekday: int) -> dt.date:
    d = D(year, 1, 1)
    while d.weekday() != weekday:
        d += dt.timedelta(days=1)
    return d


def test_the_example_file_loads_and_agrees_with_the_package_day_by_day():
    ps = load_folders([EXAMPLE])
    sched = ps.workdays[2026]
    assert sched.notice.url.startswith("https://www.gov.cn/")
    own = WorkdayCalendar({2026: sched})
    # the schedule alone, read as if the package did not know 2026
    d, disagreements = D(2026, 1, 1), []
    while d.year == 2026:
        listed = sched.day(d)
        by_schedule = listed.type == "workday" if listed else d.weekday() < 5
        if by_schedule != is_working_day(d):
            disagreements.append(d)
        d += dt.timedelta(days=1)
    assert disagreements == []
    assert own.source(2026).startswith("chinesecalendar")      # the package stays the source for its years


def test_a_schedule_fills_a_year_the_package_does_not_know():
    monday = first_weekday(NEXT, 0)
    saturday = first_weekday(NEXT, 5)
    cal = WorkdayCalendar({NEXT: schedule(NEXT, [day(monday.isoformat(), "holiday"),
                                                 day(saturday.isoformat(), "workday")])})
    assert cal.is_working_day(monday) is False
    assert cal.is_working_day(saturday) is True
    assert cal.is_working_day(monday + dt.timedelta(days=1)) is True          # an unlisted Tuesday
    assert cal.is_working_day(saturday + dt.timedelta(days=1)) is False       # an unlisted Sunday
    assert cal.source(NEXT) == f"国务院办公厅关于{NEXT}年部分节假日安排的通知"
    # counting across the new year: 12-31 of the package's last year, then the new year's days
    end = add_working_days(D(NEXT - 1, 12, 30), 5, cal=cal)
    assert end.year == NEXT
    with pytest.raises(UnknownCalendarYear):
        add_working_days(D(NEXT - 1, 12, 30), 5)                            # the package alone cannot


def test_the_package_wins_for_a_year_it_knows():
    # a schedule claiming an ordinary Tuesday of 2025 is a holiday does not change the package's answer
    tuesday = D(2025, 3, 4)
    assert is_working_day(tuesday) is True
    cal = WorkdayCalendar({2025: schedule(2025, [day(tuesday.isoformat(), "holiday")])})
    assert cal.is_working_day(tuesday) is True


def test_a_year_known_to_neither_is_an_explicit_error_in_both_languages():
    with pytest.raises(UnknownCalendarYear) as e:
        WorkdayCalendar({NEXT: schedule(NEXT, [day(f"{NEXT}-01-01", "holiday")])}).is_working_day(D(NEXT + 1, 3, 1))
    zh, en = render(e.value.message, "zh_CN"), render(e.value.message, "en")
    assert str(NEXT + 1) in zh and "国务院办公厅" in zh and "工作日历" in zh
    assert str(NEXT + 1) in en and "State Council" in en and "Working-day calendar" in en
    assert str(e.value) == en


@pytest.mark.parametrize("days, problem", [
    ([day("2025-01-01", "holiday")], Message("workdays.other_year", date=D(2025, 1, 1), year=2026)),
    ([day("2026-01-05", "workday")], Message("workdays.workday_on_weekday", date=D(2026, 1, 5))),  # a Monday
    ([day("2026-01-01", "holiday"), day("2026-01-01", "holiday")], Message("workdays.repeated", date=D(2026, 1, 1))),
    ([], Message("workdays.no_days", year=2026)),
])
def test_a_wrong_schedule_is_refused_with_a_located_message(tmp_path, days, problem):
    import yaml
    f = tmp_path / "2026.yaml"
    f.write_text(yaml.safe_dump({"kind": "workdays", "year": 2026, "notice": {"title": "通知"}, "days": days},
                                allow_unicode=True), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_folders([f])
    (source, _path, message), = e.value.problems
    assert source == str(f)
    assert message == str(problem)


def test_two_files_for_one_year_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_folders([tmp_path])
    assert "a.yaml" in str(e.value)


def test_a_schedule_file_goes_into_the_database_and_comes_back(tmp_path):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from policyhub.db.models import AuditLog, Base, CalendarDayRow
    from policyhub.db.store import load_policyset, save_policyset

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    ps = load_folders([EXAMPLE])
    with Session(engine) as s:
        report = save_policyset(s, ps)
        s.commit()
        assert report.loaded["calendar"] == len(ps.workdays[2026].days)
        assert load_policyset(s).workdays == ps.workdays
        # a superuser's correction is kept when the files are loaded again, and reported
        row = s.get(CalendarDayRow, D(2026, 1, 1))
        row.name_en = "New Year"
        s.add(AuditLog(username="admin", action="update", object_type="calendar_day", object_id="2026-01-01",
                       jurisdiction_code=None, before=None, after=None, summary="name_en"))
        s.commit()
        again = save_policyset(s, ps, replace=True)
        assert [(c.object_type, c.object_id, c.reason) for c in again.conflicts] == [
            ("calendar_day", "2026-01-01", "edited")]
        assert s.get(CalendarDayRow, D(2026, 1, 1)).name_en == "New Year"
