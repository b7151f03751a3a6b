"""Working days and legal periods: the library checked against the fixture calendar, day by day."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from policyhub.errors import PolicyError
from policyhub.workdays import (UnknownCalendarYear, add_months, add_working_days, add_years, is_working_day,
                                period_end)

FIXTURE = Path(__file__).parent / "data" / "cn_holiday_calendar_2024_2026.csv"
D = dt.date


def _fixture_rows() -> dict[dt.date, dict[str, str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        return {dt.date.fromisoformat(r["date"]): r for r in csv.DictReader(fh)}


def _fixture_working(day: dt.date, rows) -> bool:
    row = rows.get(day)
    if row is None:
        return day.weekday() < 5
    return row["kind"] == "adjusted_workday"


def test_fixture_counts_match_its_readme():
    rows = _fixture_rows()
    counts = {}
    for day, r in rows.items():
        counts[(day.year, r["kind"])] = counts.get((day.year, r["kind"]), 0) + 1
    assert [counts[(y, "holiday_weekday")] for y in (2024, 2025, 2026)] == [19, 18, 19]
    assert [counts[(y, "adjusted_workday")] for y in (2024, 2025, 2026)] == [8, 5, 6]


def test_every_day_2024_to_2026_agrees_with_the_fixture():
    rows = _fixture_rows()
    day, disagreements = D(2024, 1, 1), []
    while day <= D(2026, 12, 31):
        if is_working_day(day) != _fixture_working(day, rows):
            disagreements.append(day.isoformat())
        day += dt.timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize("day", [D(2027, 1, 4), D(2003, 6, 2)])
def test_unknown_year_is_an_explicit_error(day):
    with pytest.raises(UnknownCalendarYear) as e:
        is_working_day(day)
    assert e.value.year == day.year
    assert str(day.year) in str(e.value)
    assert isinstance(e.value, PolicyError)


def test_counting_into_an_unknown_year_is_an_error_not_a_guess():
    with pytest.raises(UnknownCalendarYear) as e:
        add_working_days(D(2026, 12, 28), 5)
    assert e.value.year == 2027


def test_notice_across_national_day_2024():
    # published Friday 2024-09-27: 09-29 (adjusted Sunday), 09-30, then 10-08, 10-09, 10-10
    assert add_working_days(D(2024, 9, 27), 5) == D(2024, 10, 10)


def test_counting_the_start_day_when_the_scheme_says_so():
    assert add_working_days(D(2024, 9, 27), 5, count_start_day=True) == D(2024, 10, 9)


def test_adjusted_working_saturday_counts():
    # 2024-10-11 (Fri) + 1 working day: Saturday 2024-10-12 is an adjusted working day
    assert add_working_days(D(2024, 10, 11), 1) == D(2024, 10, 12)
    # an ordinary Saturday does not count
    assert add_working_days(D(2024, 10, 18), 1) == D(2024, 10, 21)


def test_event_on_a_rest_day_counts_from_the_next_working_day():
    assert add_working_days(D(2024, 9, 28), 1) == D(2024, 9, 29)
    assert add_working_days(D(2024, 9, 28), 1, count_start_day=True) == D(2024, 9, 29)


def test_zero_and_negative_lengths():
    assert add_working_days(D(2024, 9, 27), 0) == D(2024, 9, 27)
    with pytest.raises(ValueError):
        add_working_days(D(2024, 9, 27), -1)


@pytest.mark.parametrize("start,n,end", [
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2024, 11, 30), 3, D(2025, 2, 28)),
    (D(2024, 3, 15), 3, D(2024, 6, 15)),
    (D(2024, 12, 15), 1, D(2025, 1, 15)),
    (D(2024, 3, 15), -3, D(2023, 12, 15)),
])
def test_add_months_clamps_to_the_month_end(start, n, end):
    assert add_months(start, n) == end


def test_add_years():
    assert add_years(D(2024, 2, 29), 2) == D(2026, 2, 28)
    assert add_years(D(2024, 3, 10), 2) == D(2026, 3, 10)


def test_period_end_in_each_unit():
    assert period_end(D(2024, 9, 27), working_days=5) == D(2024, 10, 10)
    assert period_end(D(2024, 1, 10), days=10) == D(2024, 1, 20)
    assert period_end(D(2024, 1, 10), days=10, count_start_day=True) == D(2024, 1, 19)
    assert period_end(D(2024, 1, 15), months=3) == D(2024, 4, 15)
    assert period_end(D(2024, 1, 15), months=3, count_start_day=True) == D(2024, 4, 14)
    assert period_end(D(2024, 3, 10), years=2) == D(2026, 3, 10)
    with pytest.raises(ValueError):
        period_end(D(2024, 1, 1), days=1, months=1)
