"""Retention: when a closed case is due for review, and what of it anonymising keeps.

UK GDPR Art. 5(1)(e) (storage limitation): special-category data is kept no longer than the
service needs it. The organisation sets how many years after closure a closed case is
reviewed (`DEFAULT_YEARS` unless it chooses); at the review the advocate keeps it (with a
reason and a new review date), anonymises it, or erases it.

Anonymising keeps what the figures are made of (events and their dates, obligations, flags,
the agencies' reasons being on record) and removes what can identify the victim: every
free-text field of an event is removed (or, where the event needs one, replaced by
`REMOVED`), and a risk assessment's answers give way to the score they came to; choices,
dates, numbers, references between events and a risk form's id and version stay, because
the engine and the service report read them.
Pure: no Qt, no SQL, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Final

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.domain.untrusted import MAX_TEXT_CHARS, text_problem
from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FieldKind

#: Years after closure a closed case is reviewed, unless the organisation chooses otherwise.
DEFAULT_YEARS: Final = 6
#: The range an organisation may choose from (a review at least a year on, at most a century).
MIN_YEARS: Final = 1
MAX_YEARS: Final = 100
#: What stands in for a required free-text field of an event once anonymised.
REMOVED: Final = "(removed when anonymised)"
#: Text fields that are a code the engine reads, not words about anyone (a risk form's id).
_CODE_FIELDS: Final = frozenset({("risk_assessment", "form")})


def years_problem(value: object) -> str | None:
    """None if `value` is a schedule an organisation may choose, else why not (one line)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "The retention period must be a whole number of years."
    if not MIN_YEARS <= value <= MAX_YEARS:
        return f"The retention period must be from {MIN_YEARS} to {MAX_YEARS} years."
    return None


def review_date(closed_on: date, years: int) -> date:
    """`years` after closure; a case closed on 29 February is reviewed on 28 February (never
    later than the schedule says)."""
    return add_months(closed_on, 12 * years)


def closings_since(closing_events: Iterable[date], reopened_on: date | None) -> list[date]:
    """The `case_closed` days that still close the case: those after its last reopening (a
    closing on the reopening day itself came before it)."""
    return [day for day in closing_events if reopened_on is None or day > reopened_on]


def closing_after_change(
    status: str,
    closed_on: date | None,
    before: Sequence[date],
    after: Sequence[date],
    reopened_on: date | None,
) -> tuple[str, date | None]:
    """The case's status and closing day once its `case_closed` days went from `before` to
    `after` (one recorded, edited or deleted), so the case, its retention clock and the service
    report's closings agree with its events.

    A case closed by its closings (its closing day is one of those since the last reopening)
    closes on the latest of them that remain, or is open again when none does: a closing moved
    to the reopening day or before it came before the reopening. A case closed otherwise (by its
    status before closing recorded an event) keeps its day. An open case is closed only when a
    closing moved to after its last reopening, as recording one there closes it."""
    was, now = closings_since(before, reopened_on), closings_since(after, reopened_on)
    if status == "closed":
        if closed_on not in was:
            return status, closed_on
        return ("closed", max(now)) if now else ("open", None)
    if len(now) > len(was):
        return "closed", max(now)
    return status, closed_on


def closure_date(
    status: str,
    closed_on: date | None,
    closing_events: Iterable[date],
    last_change: date | None,
    *,
    reopened_on: date | None = None,
) -> date | None:
    """The day a case closed, or None if it is open.

    A case is closed when its status says so: an open case is never offered for erasure.
    (Closing records a `case_closed` event and recording one closes the case,
    `storage/case.py`; a case whose status is open beside an older closing event was
    reopened, perhaps before reopenings were dated, or brought in before the event closed a
    case: it is open, as the case list and its Overview say.) It closed on the recorded
    closing date, else its latest `case_closed` event after `reopened_on`, else (closed
    without a date) the day it was last changed, the best the file can tell."""
    if status != "closed":
        return None
    events = closings_since(closing_events, reopened_on)
    if closed_on is not None:
        return closed_on
    if events:
        return max(events)
    return last_change


def due_on(closed_on: date, years: int, kept_until: date | None) -> date:
    """The review date: the one set when the case was last kept, else the schedule's."""
    return kept_until if kept_until is not None else review_date(closed_on, years)


def anonymised_fields(
    event_type: str, fields: Mapping[str, object], score: int | None = None
) -> dict[str, object]:
    """An event's extra fields with its free text gone (required text becomes `REMOVED`) and
    a risk assessment's answers replaced by the `score` they came to (the engine uses a given
    score before the answers, `domain/risk.py`, so the figures stay the same)."""
    specs = {spec.name: spec for spec in EVENT_FIELDS.get(event_type, ())}
    kept: dict[str, object] = {}
    for name, value in fields.items():
        spec = specs.get(name)
        if spec is None:
            continue  # not in the vocabulary: nothing the engine reads, so nothing kept
        if spec.kind is FieldKind.TEXT and (event_type, name) not in _CODE_FIELDS:
            if spec.required:
                kept[name] = REMOVED
            continue
        if spec.kind is FieldKind.ANSWERS:
            continue
        kept[name] = value
    if score is not None and "score" in specs:
        kept["score"] = score
    return kept


def keep_problem(reason: str, review_on: date | None, today: date) -> str | None:
    """Why a keep decision cannot be recorded (both a reason and a later date are needed)."""
    if not reason.strip():
        return "Give the reason for keeping the case."
    problem = text_problem(reason, one_line=False, limit=MAX_TEXT_CHARS)
    if problem:
        return f"The reason {problem}."
    if review_on is None:
        return "Give the date of the next review."
    if review_on <= today:
        return "The next review must be after today."
    return None
