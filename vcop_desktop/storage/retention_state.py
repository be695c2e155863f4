"""A case's retention state as the index keeps it: when it closed, the review date set when it
was last kept, and whether it was anonymised. Read by plain SQL (the index is refilled from
raw connections and from the ORM's alike), from `case_details` and the `vcop_meta` table, so
the case-file format is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vcop_desktop.domain.retention import closure_date

#: `vcop_meta` names: the review date and reason set by the last keep decision, the day the
#: case was anonymised (an anonymised case is never due for review again), and the day a
#: closed case was last reopened (a `case_closed` event before it no longer closes the case).
REVIEW_ON = "retention_review_on"
KEEP_REASON = "retention_keep_reason"
ANONYMISED_ON = "anonymised_on"
REOPENED_ON = "retention_reopened_on"


@dataclass(frozen=True, slots=True)
class RetentionState:
    closed_on: date | None = None
    kept_until: date | None = None
    anonymised: bool = False


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def read_retention(
    execute: Callable[..., Any],
    *,
    status: str,
    closing_events: Iterable[date],
    updated_at: str,
) -> RetentionState:
    """`execute` is a driver connection's `execute` or SQLAlchemy's `exec_driver_sql`."""
    row = execute("SELECT closed_on FROM case_details").fetchone()
    meta = dict(
        execute(
            "SELECT name, value FROM vcop_meta WHERE name IN (?, ?, ?)",
            (REVIEW_ON, ANONYMISED_ON, REOPENED_ON),
        ).fetchall()
    )
    return retention_of(
        status=status,
        closed_on=row[0] if row else None,
        meta=meta,
        closing_events=closing_events,
        updated_at=updated_at,
    )


def reopened_on(meta: Mapping[str, Any]) -> date | None:
    """The day the case was last reopened, from its `vcop_meta` rows (as stored)."""
    return _day(meta.get(REOPENED_ON))


def retention_of(
    *,
    status: str,
    closed_on: object,
    meta: Mapping[str, Any],
    closing_events: Iterable[date],
    updated_at: str,
) -> RetentionState:
    """`read_retention` from what the caller has read already: `case_details.closed_on` and
    the `vcop_meta` rows (as stored)."""
    closed = closure_date(
        status,
        _day(closed_on),
        closing_events,
        _day(updated_at),
        reopened_on=reopened_on(meta),
    )
    return RetentionState(
        closed_on=closed,
        kept_until=_day(meta.get(REVIEW_ON)),
        anonymised=bool(meta.get(ANONYMISED_ON)),
    )
