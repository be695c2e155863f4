"""Dates that are possible but unlikely: warnings the advocate reads and may override; and the
one refusal every form shares, a date in the future.

Pure Python (no Qt). Each check returns plain sentences; an empty list means nothing odd.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from vcop_desktop.domain.events import Event
from vcop_desktop.typed_dates import in_words

YOUNGEST, OLDEST = 10, 110


def future_problem(day: date | None, today: date, what: str = "The date", then: str = "") -> str:
    """ "`what` is in the future." (and `then`, the advice) when `day` is after `today`, else "":
    the case records what has happened, so the forms refuse a later date (a hearing listed,
    which is ahead by nature, is its caller's exception)."""
    if day is None or day <= today:
        return ""
    return f"{what} is in the future." + (f" {then}" if then else "")


def age_on(born: date, day: date) -> int:
    """Whole years from `born` to `day`.

    Family Law Reform Act 1969 s.9: an age is attained at the start of the anniversary of the
    birth; a 29 February birth attains it on 1 March in a common year (the same day as
    `domain.calendar.birthday`, which the engine uses).
    """
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def case_warnings(
    *, today: date, dob: date | None, offence: date | None, reported: date | None
) -> list[str]:
    """Odd dates in a case's details (date of birth, offence date, date reported)."""
    out: list[str] = []
    if offence and reported and offence > reported:
        out.append(
            f"The offence date ({in_words(offence)}) is after the crime was reported "
            f"({in_words(reported)})."
        )
    if dob is not None and dob <= today:
        age = age_on(dob, today)
        if age < YOUNGEST or age > OLDEST:
            out.append(f"The date of birth makes the victim {age} years old today.")
    return out


def event_warnings(
    event_type: str,
    when: date,
    fields: Mapping[str, Any],
    events: Sequence[Event],
    *,
    editing: str | None = None,
) -> list[str]:
    """Odd dates in an event: before the crime report, or a duty met before its trigger."""
    others = [e for e in events if e.id != editing]
    out: list[str] = []
    reports = [e.date for e in others if e.type == "crime_reported"]
    if event_type != "crime_reported" and reports and when < min(reports):
        out.append(f"{in_words(when)} is before the crime was reported ({in_words(min(reports))}).")
    if event_type == "crime_reported":
        later = [e for e in others if e.type != "crime_reported" and e.date < when]
        if later:
            out.append(
                f"{len(later)} recorded event(s) happened before {in_words(when)}, the date "
                "you give for the report."
            )
    trigger = fields.get("trigger")
    if event_type == "duty_met" and trigger:
        decided = next((e for e in others if e.id == trigger), None)
        if decided is not None and when < decided.date:
            out.append(
                f"The victim cannot have been told on {in_words(when)}: what they were told "
                f"of happened on {in_words(decided.date)}."
            )
    return out
