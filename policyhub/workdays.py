"""Chinese working days and legal periods (Civil Code arts. 201-202).

Which days are worked comes from the maintained `chinesecalendar` package for the years it knows and, for a year
it does not know yet, from that year's schedule (`kind: workdays` policy files, or days a superuser entered in the
back office: `WorkdayCalendar(schedules)`). The package wins for its years. A year known to neither is an
explicit error (`UnknownCalendarYear`) saying what to do, never a guess.

A period "starts the day after the event" (art. 201) unless the scheme says the start day counts; a period in
months or years ends on the corresponding day of the last month, or that month's last day (art. 202).
"""
from __future__ import annotations

import calendar
import datetime as dt
from importlib.metadata import version
from typing import Mapping

import chinese_calendar

from .errors import PolicyError
from .i18n import Message

ONE_DAY = dt.timedelta(days=1)


class UnknownCalendarYear(PolicyError):
    """Neither the package nor a schedule knows a year: counting working days there would be a guess.
    Its message (a `Message`, English as `str`) says what to do: enter the year's schedule from the State
    Council's notice."""

    def __init__(self, year: int):
        self.year = year
        first, last = supported_years()
        package = "chinesecalendar " + calendar_version()
        self.message = Message("workdays.unknown_year", year=year, first=first, last=last, package=package)
        super().__init__(self.message)


def calendar_version() -> str:
    """Version of the installed chinesecalendar package (shown in explanations)."""
    return version("chinesecalendar")


def supported_years() -> tuple[int, int]:
    """First and last year the installed calendar knows."""
    days = chinese_calendar.holidays
    return min(days).year, max(days).year


def library_knows(year: int) -> bool:
    first, last = supported_years()
    return first <= year <= last


class WorkdayCalendar:
    """Working days from the package, and from yearly schedules for the years it does not know."""

    def __init__(self, schedules: Mapping[int, object] | None = None):
        self.schedules = dict(schedules or {})

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` is a Chinese working day (adjusted working weekends count, public holidays do not)."""
        if library_knows(day.year):
            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:
                pass
        schedule = self.schedules.get(day.year)
        if schedule is None:
            raise UnknownCalendarYear(day.year)
        listed = schedule.day(day)
        if listed is not None:
            return listed.type == "workday"
        return day.weekday() < 5

    def source(self, year: int) -> str:
        """Where the working days of `year` come from: the package and its version, or the year's notice."""
        if library_knows(year):
            return f"chinesecalendar {calendar_version()}"
        schedule = self.schedules.get(year)
        if schedule is None:
            raise UnknownCalendarYear(year)
        return schedule.notice.title


LIBRARY = WorkdayCalendar()


def is_working_day(day: dt.date, cal: WorkdayCalendar | None = None) -> bool:
    """Whether `day` is a Chinese working day, by `cal` (the package alone by default)."""
    return (cal or LIBRARY).is_working_day(day)


def add_working_days(start: dt.date, n: int, count_start_day: bool = False,
                     cal: WorkdayCalendar | None = None) -> dt.date:
    """The last day of a period of `n` working days after the event on `start`.

    The start day is not counted (art. 201) unless `count_start_day`; then it counts if it is a working day.
    """
    if n < 0:
        raise ValueError(f"a period cannot have {n} working days")
    if n == 0:
        return start
    day = start if count_start_day else start + ONE_DAY
    counted = 0
    while True:
        if is_working_day(day, cal):
            counted += 1
            if counted == n:
                return day
        day += ONE_DAY


def add_months(day: dt.date, n: int) -> dt.date:
    """The corresponding day `n` months later, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, n: int) -> dt.date:
    """The corresponding day `n` years later (Feb 29 becomes Feb 28)."""
    return add_months(day, 12 * n)


def period_end(start: dt.date, *, working_days: int | None = None, days: int | None = None,
               months: int | None = None, years: int | None = None, count_start_day: bool = False,
               cal: WorkdayCalendar | None = None) -> dt.date:
    """The last day of a period after the event on `start`, given exactly one length."""
    given = {k: v for k, v in {"working_days": working_days, "days": days, "months": months,
                               "years": years}.items() if v is not None}
    if len(given) != 1:
        raise ValueError(f"a period needs exactly one length, got {sorted(given) or 'none'}")
    (unit, n), = given.items()
    if unit == "working_days":
        return add_working_days(start, n, count_start_day, cal)
    if unit == "days":
        end = start + dt.timedelta(days=n)
    elif unit == "months":
        end = add_months(start, n)
    else:
        end = add_years(start, n)
    return end - ONE_DAY if count_start_day else end
