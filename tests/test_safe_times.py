"""Reading the victim's safe contact times from free text, and saying when a time is outside.

A text the parser does not wholly understand is None (no warning at all), never half-read.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.safe_times import SafeTimes, TimeRange, parse_clock, parse_safe_times

WEEKDAYS = frozenset(range(5))
EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon-Fri 10:00-12:00", [TimeRange(WEEKDAYS, 600, 720)]),
        ("weekdays 9-5", [TimeRange(WEEKDAYS, 540, 1020)]),
        ("after 18:00", [TimeRange(EVERY_DAY, 1080, 1440)]),
        ("Tue, Thu 14:00-16:00", [TimeRange(frozenset({1, 3}), 840, 960)]),
        (
            "Tue, Thu 14:00-16:00; Sat 10-12",
            [TimeRange(frozenset({1, 3}), 840, 960), TimeRange(frozenset({5}), 600, 720)],
        ),
        ("9-5, Sat 10-1", [TimeRange(EVERY_DAY, 540, 1020), TimeRange(frozenset({5}), 600, 780)]),
        ("mon to fri 9am-5:30pm", [TimeRange(WEEKDAYS, 540, 1050)]),
        ("call only after 6pm on Mondays", [TimeRange(frozenset({0}), 1080, 1440)]),
        ("10-12 weekdays", [TimeRange(WEEKDAYS, 600, 720)]),
        ("between 9 and 5", [TimeRange(EVERY_DAY, 540, 1020)]),
        ("before 10", [TimeRange(EVERY_DAY, 0, 600)]),
        ("6-8", [TimeRange(EVERY_DAY, 1080, 1200)]),
        ("Mondays and Wednesdays 2-4", [TimeRange(frozenset({0, 2}), 840, 960)]),
        ("Mon – Fri 09.00 – 17.00", [TimeRange(WEEKDAYS, 540, 1020)]),
        ("22:00-02:00", [TimeRange(EVERY_DAY, 1320, 120)]),
        ("any time", [TimeRange(EVERY_DAY, 0, 1440)]),
        ("Weekdays: 9-5", [TimeRange(WEEKDAYS, 540, 1020)]),
        ("Mon/Wed 10-12", [TimeRange(frozenset({0, 2}), 600, 720)]),
        ("every day 10-11", [TimeRange(EVERY_DAY, 600, 660)]),
    ],
)
def test_common_forms_are_understood(text: str, expected: list[TimeRange]) -> None:
    assert parse_safe_times(text) == SafeTimes(tuple(expected))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "not after 6",  # a negation read without the "not" would be the opposite
        "when her partner is at work",
        "Mon",  # days but no time
        "10:00-12:00 Mon, Tue",  # days after a comma, after the time: ambiguous
        "25:00-26:00",
        "10:75-11:00",
        "10:00-10:00",
        "text only",
    ],
)
def test_what_is_not_understood_is_none(text: str | None) -> None:
    assert parse_safe_times(text) is None


def test_allows_inside_and_not_outside() -> None:
    times = parse_safe_times("Mon-Fri 10:00-12:00")
    assert times is not None
    thursday = datetime(2026, 12, 3)
    assert times.allows(thursday.replace(hour=10))
    assert times.allows(thursday.replace(hour=11, minute=59))
    assert not times.allows(thursday.replace(hour=12))  # the end is not inside
    assert not times.allows(thursday.replace(hour=9, minute=59))
    assert not times.allows(datetime(2026, 12, 5, 11))  # a Saturday


def test_a_range_over_midnight_belongs_to_the_day_it_starts() -> None:
    times = parse_safe_times("Fri 22:00-02:00")
    assert times is not None
    assert times.allows(datetime(2026, 12, 4, 23))  # Friday night
    assert times.allows(datetime(2026, 12, 5, 1))  # early Saturday
    assert not times.allows(datetime(2026, 12, 4, 1))  # early Friday: Thursday's night
    assert not times.allows(datetime(2026, 12, 5, 23))


def test_clock_times() -> None:
    assert parse_clock("14:30") == 870
    assert parse_clock("9.30") == 570
    assert parse_clock("12am") == 0
    assert parse_clock("12pm") == 720
    assert parse_clock("5", bare_is_afternoon=True) == 1020
    assert parse_clock("5") == 300
    assert parse_clock("noon") == 720
    assert parse_clock("13pm") is None
    assert parse_clock("ten") is None


@st.composite
def ranges(draw: st.DrawFn) -> TimeRange:
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    start = draw(st.integers(0, 24 * 60 - 1))
    end = draw(st.integers(1, 24 * 60).filter(lambda end: end != start))
    return TimeRange(days, start, end)


@given(st.lists(ranges(), min_size=1, max_size=4))
def test_the_canonical_text_reads_back_the_same(generated: list[TimeRange]) -> None:
    times = SafeTimes(tuple(generated))
    assert parse_safe_times(times.describe()) == times
