"""The one date parser: every accepted way of writing a date reads back as that date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.typed_dates import MONTH_NAMES, full_year, in_words, parse_date, short

TODAY = date(2026, 3, 2)
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))

FORMATS = {
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd/mm/yyyy": lambda d: f"{d.day:02}/{d.month:02}/{d.year}",
    "d Mon yyyy": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}",
    "d Month yyyy": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    "yyyy-mm-dd": lambda d: d.isoformat(),
    "dMonyyyy": lambda d: f"{d.day}{MONTH_NAMES[d.month - 1][:3]}{d.year}",
    "in words": in_words,
    "short": short,
    "d.m.yyyy": lambda d: f"{d.day}.{d.month}.{d.year}",
}


@pytest.mark.parametrize("name", sorted(FORMATS))
@given(day=DAYS)
def test_every_format_reads_back_to_the_same_day(name: str, day: date) -> None:
    assert parse_date(FORMATS[name](day), TODAY).value == day


@given(day=st.dates(min_value=date(1947, 1, 1), max_value=date(2046, 12, 31)))
def test_two_digit_years_within_the_window(day: date) -> None:
    assert full_year(day.year % 100, TODAY) == day.year
    assert parse_date(f"{day.day:02}/{day.month:02}/{day.year % 100:02}", TODAY).value == day


@given(day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
def test_no_year_means_this_year(day: date) -> None:
    assert parse_date(f"{day.day}{MONTH_NAMES[day.month - 1][:3]}", TODAY).value == day
    assert parse_date(f"{day.day}/{day.month}", TODAY).value == day


@pytest.mark.parametrize(
    "text", ["6/10/2026", "06/10/26", "6 Oct 2026", "6 October 2026", "2026-10-06", "6Oct",
             " 6 oct 2026 ", "6th October 2026", "Tuesday 6 October 2026", "6-10-2026"],
)  # fmt: skip
def test_the_ways_the_issue_names(text: str) -> None:
    assert parse_date(text, TODAY).value == date(2026, 10, 6)
    assert in_words(date(2026, 10, 6)) == "Tuesday 6 October 2026"


@pytest.mark.parametrize(
    "text", ["31/9/2026", "13/13/2026", "29/2/2027", "6 Octember 2026", "tomorrow", "6/10/2026x",
             "2026-13-01", "", "   ", "1/2/3/4"],
)  # fmt: skip
def test_what_is_not_a_date_is_refused_with_a_reason(text: str) -> None:
    parsed = parse_date(text, TODAY)
    assert parsed.value is None and parsed.problem


def test_day_first_never_month_first() -> None:
    assert parse_date("10/6/2026", TODAY).value == date(2026, 6, 10)
    assert parse_date("6/13/2026", TODAY).value is None
