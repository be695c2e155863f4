"""One obligation as a report sees it (`ObligationFact`, naming no one), the kinds reports keep
apart, and the obligation's outcome on the report's day."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from vcop_desktop.domain.equality import NO_EQUALITY, Equality
from vcop_desktop.domain.obligations import Category

#: Reports count one category of obligation at a time (obligations.Category, set in the rule
#: packs): these are its words in report options, JSON and extracts, and its headings.
KIND_WORDS: dict[Category, str] = {
    Category.CODE: "code",
    Category.TARGET: "targets",
    Category.PRACTICE: "practice",
    Category.VICTIM: "victim",
}
KIND_BY_WORD: dict[str, Category] = {word: category for category, word in KIND_WORDS.items()}

KIND_TITLES: dict[Category, str] = {
    Category.CODE: "Victims' Code duties",
    Category.TARGET: "Scheme targets (not statutory)",
    Category.PRACTICE: "Good practice (not statutory)",
    Category.VICTIM: "The victim's own deadlines",
}


class Outcome(StrEnum):
    """An obligation judged on the report's day (a StrEnum: hashed in C, in the hot loop)."""

    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    OPEN = "open"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"
    NO_LIMIT_MET = "no_limit_met"  # no due date: met
    NO_LIMIT_OUTSTANDING = "no_limit_outstanding"  # no due date: not (yet) met


class ObligationFact(NamedTuple):
    """What a report needs of one obligation, and nothing that names anyone.

    `status` is the engine's status (obligations.Status values); `met_on` the day it was met.
    `case_key` tells cases apart (a case id, or a random per-extract key), for case counts.
    A named tuple: reports build some 100,000 of them and it is the cheapest immutable record."""

    case_key: str
    duty: str
    owed_by: str
    right: int | None
    kind: Category
    due: date | None
    clock_start: date | None
    status: str
    met_on: date | None
    force: str | None = None
    enhanced: bool = False
    flags: tuple[str, ...] = ()
    reason_given: bool = False  # a "good reason" the agency gave is on record
    equality: Equality = NO_EQUALITY  # the case's categories (codes), for breakdowns


def judge(fact: ObligationFact, today: date) -> Outcome:
    """The outcome on `today`. A meeting dated after `today` has not happened yet then."""
    if fact.status == "not_applicable":
        return Outcome.NOT_APPLICABLE
    if fact.status == "waived":
        return Outcome.WAIVED
    met = fact.met_on is not None and fact.met_on <= today and fact.status in ("met", "met_late")
    if fact.due is None:
        return Outcome.NO_LIMIT_MET if met else Outcome.NO_LIMIT_OUTSTANDING
    if met:
        assert fact.met_on is not None
        return Outcome.MET_ON_TIME if fact.met_on <= fact.due else Outcome.MET_LATE
    return Outcome.OVERDUE if today > fact.due else Outcome.OPEN


def days_late(fact: ObligationFact, outcome: Outcome, today: date) -> int | None:
    """Calendar days late: met_on - due when met late, today - due while overdue."""
    if fact.due is None:
        return None
    if outcome is Outcome.MET_LATE and fact.met_on is not None:
        return (fact.met_on - fact.due).days
    if outcome is Outcome.OVERDUE:
        return (today - fact.due).days
    return None


def period_day(fact: ObligationFact) -> date | None:
    """The day that places an obligation in a period: its due date, or for one with no time
    limit, its trigger (clock start) date."""
    return fact.due if fact.due is not None else fact.clock_start
