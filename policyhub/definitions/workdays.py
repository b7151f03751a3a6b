"""`kind: workdays`: one year's public holidays and adjusted working days, as the State Council's notice sets them.

The `chinesecalendar` package stays the source for the years it knows; a schedule fills a year it does not know
yet (see `policyhub.workdays` and docs/format.md, "Working-day calendar"). Only the days that break the plain
rule are listed: a `holiday` is a day off (a Mon-Fri day, or a weekend day inside a holiday block), a `workday`
is a Saturday or Sunday worked instead (调休上班). Every other Mon-Fri day is a working day.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import field_validator, model_validator

from ..i18n import Message
from .common import Label, Strict

DAY_TYPES = ("holiday", "workday")


class Notice(Strict):
    """The State Council General Office's notice that sets the year's schedule: its title as published, and
    where it is (its number and address when known)."""

    title: str
    number: str | None = None
    url: str | None = None

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(Message("workdays.notice_empty"))
        return v.strip()


class CalendarDay(Strict):
    """One day that breaks the plain Mon-Fri rule; `notice` when it differs from the year's."""

    date: dt.date
    type: Literal["holiday", "workday"]
    name: Label
    notice: Notice | None = None

    @model_validator(mode="after")
    def _weekend_work(self) -> "CalendarDay":
        if self.type == "workday" and self.date.weekday() < 5:
            raise ValueError(Message("workdays.workday_on_weekday", date=self.date))
        return self


class WorkdaySchedule(Strict):
    """A year's schedule: the notice, then the days."""

    kind: Literal["workdays"] = "workdays"
    year: int
    notice: Notice
    days: list[CalendarDay]

    @model_validator(mode="after")
    def _days(self) -> "WorkdaySchedule":
        if not self.days:
            raise ValueError(Message("workdays.no_days", year=self.year))
        seen: set[dt.date] = set()
        for d in self.days:
            if d.date.year != self.year:
                raise ValueError(Message("workdays.other_year", date=d.date, year=self.year))
            if d.date in seen:
                raise ValueError(Message("workdays.repeated", date=d.date))
            seen.add(d.date)
        self.days.sort(key=lambda d: d.date)
        return self

    def day(self, date: dt.date) -> CalendarDay | None:
        """The schedule's entry for `date`, if it lists it."""
        for d in self.days:
            if d.date == date:
                return d
        return None

    def notice_of(self, day: CalendarDay) -> Notice:
        return day.notice or self.notice


def schedules_from_days(days: list[CalendarDay]) -> dict[int, WorkdaySchedule]:
    """Group single days (each with its notice, as the database stores them) into yearly schedules; a
    year's notice is that of its first day, and a day keeps its own only when it differs."""
    by_year: dict[int, list[CalendarDay]] = {}
    for d in sorted(days, key=lambda d: d.date):
        by_year.setdefault(d.date.year, []).append(d)
    out = {}
    for year, items in by_year.items():
        notice = items[0].notice
        if notice is None:
            continue
        kept = [d.model_copy(update={"notice": None if d.notice == notice else d.notice}) for d in items]
        out[year] = WorkdaySchedule(year=year, notice=notice, days=kept)
    return out


__all__ = ["DAY_TYPES", "CalendarDay", "Notice", "WorkdaySchedule", "schedules_from_days"]
