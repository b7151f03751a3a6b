"""The working-day calendar's days in the database: `kind: workdays` schedules in, yearly schedules out.

A day is a row (`CalendarDayRow`, keyed by its date) so that a superuser can add or correct one in the back
office; each row carries its notice. Loading the files inserts the days the database lacks and, with
`replace`, updates the others unless a superuser changed them (a conflict, like any back-office edit).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..definitions.common import Label
from ..definitions.workdays import CalendarDay, Notice, WorkdaySchedule, schedules_from_days
from .loadlog import LoadLog
from .models import CalendarDayRow

KIND = "calendar"


def row_values(day: CalendarDay, notice: Notice) -> dict[str, Any]:
    """The row's columns for a day of a schedule (its own notice, else the year's)."""
    n = day.notice or notice
    return dict(type=day.type, name_zh=day.name.zh, name_en=day.name.en, notice_title=n.title,
                notice_number=n.number, notice_url=n.url)


def day_of(row: CalendarDayRow) -> CalendarDay:
    return CalendarDay(date=row.date, type=row.type, name=Label(zh=row.name_zh, en=row.name_en),
                       notice=Notice(title=row.notice_title, number=row.notice_number, url=row.notice_url))


def save_schedules(session: Session, log: LoadLog, schedules: dict[int, WorkdaySchedule], replace: bool) -> None:
    for schedule in schedules.values():
        for day in schedule.days:
            values = row_values(day, schedule.notice)
            row = session.get(CalendarDayRow, day.date)
            key = day.date.isoformat()
            if row is None:
                log.insert(KIND, CalendarDayRow(date=day.date, **values), key, None)
            elif replace:
                log.update(KIND, row, values, key, None)


def load_schedules(session: Session) -> dict[int, WorkdaySchedule]:
    """The stored days as yearly schedules."""
    rows = session.scalars(select(CalendarDayRow).order_by(CalendarDayRow.date))
    return schedules_from_days([day_of(r) for r in rows])


def calendar_stamp(session: Session) -> tuple:
    """Changes whenever a stored day is added, changed or removed."""
    return tuple(session.execute(select(func.count(CalendarDayRow.date), func.max(CalendarDayRow.date),
                                        func.sum(CalendarDayRow.version))).one())
