"""Unlikely dates: each check fires on its case, stays quiet otherwise."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.date_checks import age_on, case_warnings, event_warnings, future_problem
from vcop_desktop.domain.calendar import birthday
from vcop_desktop.domain.events import Event

TODAY = date(2026, 11, 2)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 1, 1)), st.integers(0, 100))
def test_age_on_a_birthday(born: date, years: int) -> None:
    # The engine's birthday (CICA, under 18) and the date check's age agree for every birth,
    # 29 February included: no early return.
    day = birthday(born, years)
    assert age_on(born, day) == years
    assert age_on(born, day - timedelta(days=1)) == years - 1


@given(st.sampled_from([1904, 1952, 2000, 2008, 2020, 2024]), st.integers(1, 100))
def test_a_leap_day_birth_attains_an_age_on_the_first_of_march_in_a_common_year(
    year: int, years: int
) -> None:
    born = date(year, 2, 29)
    day = birthday(born, years)
    try:
        expected = date(year + years, 2, 29)
    except ValueError:
        expected = date(year + years, 3, 1)  # Family Law Reform Act 1969 s.9
    assert day == expected
    assert age_on(born, day) == years
    assert age_on(born, day - timedelta(days=1)) == years - 1


def test_case_warnings() -> None:
    assert case_warnings(today=TODAY, dob=date(1990, 1, 1), offence=None, reported=None) == []
    assert len(case_warnings(today=TODAY, dob=date(2020, 1, 1), offence=None, reported=None)) == 1
    assert len(case_warnings(today=TODAY, dob=date(1910, 1, 1), offence=None, reported=None)) == 1
    late = case_warnings(today=TODAY, dob=None, offence=date(2026, 5, 2), reported=date(2026, 5, 1))
    assert late and "after the crime was reported" in late[0]


def test_event_warnings() -> None:
    events = [
        Event("r", "crime_reported", date(2026, 5, 10), position=0),
        Event("a", "suspect_arrested", date(2026, 5, 12), position=1),
    ]
    assert event_warnings("suspect_charged", date(2026, 5, 20), {}, events) == []
    assert event_warnings("suspect_charged", date(2026, 5, 1), {}, events)
    met = {"duty": "police.inform_arrest", "trigger": "a"}
    assert event_warnings("duty_met", date(2026, 5, 11), met, events)
    assert event_warnings("duty_met", date(2026, 5, 12), met, events) == []
    # Editing the report itself to a later date than an arrest is questioned too.
    assert event_warnings("crime_reported", date(2026, 5, 13), {}, events, editing="r")


def test_a_date_after_today_is_refused_in_one_line_naming_it_with_any_advice() -> None:
    tomorrow = TODAY + timedelta(days=1)
    assert future_problem(tomorrow, TODAY) == "The date is in the future."
    assert future_problem(tomorrow, TODAY, "The date met") == "The date met is in the future."
    assert (
        future_problem(tomorrow, TODAY, then="Log contacts once they have happened.")
        == "The date is in the future. Log contacts once they have happened."
    )


@given(st.one_of(st.none(), st.dates(max_value=TODAY)))
def test_today_a_past_day_or_no_date_is_not_in_the_future(day: date | None) -> None:
    assert future_problem(day, TODAY, "The offence date", "Advice.") == ""
