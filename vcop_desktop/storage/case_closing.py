"""A case follows its closings, in the transaction that changes them: recording a `case_closed`
event closes an open case (unless it is dated on or before the last reopening), recording,
editing or deleting one moves the day it closed to the latest closing since that reopening or
opens it again when none is left, and reopening by the status dates the reopening
(`retention_state.REOPENED_ON`).

The rules are `domain.retention` (`closings_since`, `closing_after_change`); this module applies
them to a case file's session for `CaseHandle` (case.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlmodel import Session, select

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.retention import closing_after_change
from vcop_desktop.storage.casefile import snapshot
from vcop_desktop.storage.models import CaseRecord, Meta
from vcop_desktop.storage.retention_state import REOPENED_ON, reopened_on

#: `CaseHandle._audit`: (session, action, entity, key, before, after).
Audit = Callable[..., None]


def reopened_day(session: Session) -> date | None:
    """The day the case was last reopened, as the retention reading takes it."""
    row = session.get(Meta, REOPENED_ON)
    return reopened_on({} if row is None else {REOPENED_ON: row.value})


def follow_closings(
    session: Session, before: Iterable[Event], after: Iterable[Event], audit: Audit
) -> None:
    """After a `case_closed` event was recorded, edited or deleted (the case's events were
    `before` and are `after`): the case's status and closing day follow `domain.retention.
    closing_after_change`. Opened again this way, no reopening is dated: unlike reopening by
    the status, no closing stays on record to set aside, and a reopening dated today would set
    aside the closing deleted by mistake and recorded again on its own day: it would no longer
    close the case."""
    record = session.exec(select(CaseRecord)).one()
    status, closed_on = closing_after_change(
        record.status, record.closed_on, _closings(before), _closings(after), reopened_day(session)
    )
    if (status, closed_on) != (record.status, record.closed_on):
        _set(session, record, status, closed_on, audit)


def mark_reopened(session: Session) -> None:
    """Record the day a closed case was reopened by its status (`retention_state.REOPENED_ON`):
    its closing stays on record, and is set aside from then on."""
    row = session.get(Meta, REOPENED_ON) or Meta(name=REOPENED_ON, value="")
    row.value = date.today().isoformat()
    session.add(row)


def _closings(events: Iterable[Event]) -> list[date]:
    return [e.date for e in events if e.type == "case_closed"]


def _set(
    session: Session, record: CaseRecord, status: str, closed_on: date | None, audit: Audit
) -> None:
    before = snapshot(record)
    record.status, record.closed_on = status, closed_on
    session.add(record)
    audit(session, "case updated", "case", None, before, snapshot(record))
