"""The dashboard's "Coming up": each case's dated things, kept in the workspace index.

Hearings (`hearing_listed.hearing_date`), MARAC meetings (a referral's `meeting_date`, and
`marac_meeting` events), safety-plan review dates (open items) are read with the case and
stored beside its summary; the victim's own deadlines are already in the index (outstanding
obligations owed by "victim"). So the list is one query, and no case file is opened.

Labels are fixed words ("Hearing", "MARAC meeting"...), never text from the case: the index
is encrypted, but the list is shown on a dashboard others may see over a shoulder.
Plain SQL and the standard library only: this is on the light path.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vcop_desktop.domain.events import Event

HEARING = "hearing"
MARAC_MEETING = "marac_meeting"
SAFETY_PLAN_REVIEW = "safety_plan_review"
VICTIM_DEADLINE = "victim_deadline"

#: Each kind, in the order the same day's items are listed, with its label.
LABELS: dict[str, str] = {
    HEARING: "Hearing",
    MARAC_MEETING: "MARAC meeting",
    SAFETY_PLAN_REVIEW: "Safety plan review",
    VICTIM_DEADLINE: "Victim's deadline",
}

#: One dated thing of a case as the index stores it: (day, kind, label).
Dated = tuple[date, str, str]


@dataclass(frozen=True, slots=True)
class ComingUp:
    """One line of "Coming up": a case's hearing, MARAC meeting, plan review or the victim's
    own deadline, on `day`."""

    case_id: str
    case_code: str
    day: date
    kind: str
    label: str


def case_dates(events: Iterable[Event], plan_reviews: Iterable[date]) -> tuple[Dated, ...]:
    """A case's hearings, MARAC meetings and safety-plan reviews, each day and kind once,
    in date order (past ones too: the index answers for any day)."""
    found: set[tuple[date, str]] = set()
    for event in events:
        if event.type == "hearing_listed":
            day = event.get_date("hearing_date")
            if day is not None:
                found.add((day, HEARING))
        elif event.type == "marac_referral":
            day = event.get_date("meeting_date")
            if day is not None:
                found.add((day, MARAC_MEETING))
        elif event.type == "marac_meeting":
            found.add((event.date, MARAC_MEETING))
    found.update((day, SAFETY_PLAN_REVIEW) for day in plan_reviews)
    order = list(LABELS)
    return tuple(
        (day, kind, LABELS[kind])
        for day, kind in sorted(found, key=lambda f: (f[0], order.index(f[1])))
    )


def plan_review_dates(
    execute: Callable[..., Any], tables: Collection[str] | None = None
) -> tuple[date, ...]:
    """The review dates of the safety plan's open items, by plain SQL (`execute` is a driver
    connection's or SQLAlchemy's `exec_driver_sql`; `tables`, the file's tables when the
    caller has read them). None in a file older than format 1.4 (it gains the table when
    first opened for writing)."""
    if tables is not None:
        has_table = "safety_plan_item" in tables
    else:
        has_table = execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'safety_plan_item'"
        ).fetchone()
    if not has_table:
        return ()
    rows = execute(
        "SELECT DISTINCT review_on FROM safety_plan_item WHERE closed_on IS NULL"
    ).fetchall()
    return tuple(sorted(date.fromisoformat(str(r[0])[:10]) for r in rows))
