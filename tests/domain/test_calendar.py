"""Counting time (duties.md, "Counting time"), by example and by property."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.domain.calendar import (
    WorkingCalendar,
    add_calendar_days,
    add_months,
    bank_holiday_name,
    birthday,
)

CAL = WorkingCalendar()
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_saturday_plus_one_working_day_is_monday() -> None:
    assert CAL.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_easter_is_skipped() -> None:
    # Thursday 2 April 2026 + 2 working days: Good Friday and Easter Monday are holidays.
    assert CAL.add_working_days(date(2026, 4, 2), 2) == date(2026, 4, 8)


def test_substitute_days_and_one_off_bank_holidays_are_holidays() -> None:
    assert not CAL.is_working_day(date(2026, 12, 28))  # Boxing Day (substitute)
    assert not CAL.is_working_day(date(2022, 9, 19))  # State Funeral of Queen Elizabeth II
    assert not CAL.is_working_day(date(2023, 5, 8))  # Coronation of King Charles III
    assert not CAL.is_working_day(date(2022, 6, 3))  # Platinum Jubilee
    assert CAL.is_working_day(date(2023, 5, 9))
    assert bank_holiday_name(date(2022, 9, 19)) is not None


def test_scotland_only_holidays_are_working_days() -> None:
    assert CAL.is_working_day(date(2026, 1, 2))  # 2 January is a holiday only in Scotland
    assert CAL.is_working_day(date(2026, 8, 3))  # Scottish summer bank holiday


def test_extra_closure_days_are_not_working_days() -> None:
    closed = WorkingCalendar([date(2026, 3, 9)])
    assert closed.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)
    assert CAL.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_months_take_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_calendar_days(date(2026, 4, 1), 28) == date(2026, 4, 29)


def test_birthdays_of_leap_day_babies() -> None:
    # Family Law Reform Act 1969 s.9: the age is attained at the start of the anniversary; in
    # a common year a 29 February birth's anniversary is taken as 1 March.
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday(date(2008, 2, 29), 20) == date(2028, 2, 29)
    assert birthday(date(2008, 3, 1), 20) == date(2028, 3, 1)


@given(start=dates, count=st.integers(min_value=1, max_value=60))
def test_working_day_due_dates_are_working_days_strictly_after_the_start(
    start: date, count: int
) -> None:
    due = CAL.add_working_days(start, count)
    assert due > start
    assert CAL.is_working_day(due)
    assert due.weekday() < 5
    between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(CAL.is_working_day(day) for day in between) == count


@given(start=dates, count=st.integers(min_value=1, max_value=30))
def test_working_days_are_monotonic(start: date, count: int) -> None:
    assert CAL.add_working_days(start, count) < CAL.add_working_days(start, count + 1)
    assert CAL.add_working_days(start, count) <= CAL.add_working_days(
        start + timedelta(days=1), count
    )


@given(start=dates, months=st.integers(min_value=1, max_value=36))
def test_month_arithmetic_keeps_the_day_or_takes_the_last(start: date, months: int) -> None:
    due = add_months(start, months)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
    next_day = due + timedelta(days=1)
    assert due.day == start.day or (due.day < start.day and next_day.month != due.month)


def test_only_the_uk_holiday_table_is_loaded_and_it_is_the_packages_own() -> None:
    """`holidays.country_holidays` loads all ~250 country modules for one table; the calendar
    loads the UK module alone (in a fresh process), and its England and Wales table is the one
    `holidays.country_holidays("GB", subdiv="ENG")` gives, names included."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from datetime import date\n"
        "from vcop_desktop.domain.calendar import WorkingCalendar, bank_holiday_name\n"
        "assert not WorkingCalendar().is_working_day(date(2026, 8, 31))\n"
        "assert bank_holiday_name(date(2026, 4, 6)) == 'Easter Monday'\n"
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['holidays.countries.united_kingdom']"

    import holidays

    from vcop_desktop.domain.calendar import _england_and_wales

    for year in range(1990, 2061, 7):
        package = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert dict(_england_and_wales(year)) == dict(package), year
