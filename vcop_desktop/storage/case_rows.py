"""How a case file's rows become the domain's events, the case view's records and the index's
summary: the reading side of `case.py` (which opens a case for writing), shared with the
workspace's read-only paths (`workspace_cases`, `workspace_retention`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy
from sqlmodel import Session, col, select

from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.scenario import event_to_dict, parse_event
from vcop_desktop.errors import UserError
from vcop_desktop.storage.casefile import CaseFile
from vcop_desktop.storage.coming_up import case_dates, plan_review_dates
from vcop_desktop.storage.errors import CaseFileError
from vcop_desktop.storage.index import SummaryRow
from vcop_desktop.storage.models import (
    AuditEntry,
    CaseEvent,
    CaseRecord,
    Document,
    DocumentVersion,
    Victim,
)
from vcop_desktop.storage.rawfile import good_reason_keys, victim_equality
from vcop_desktop.storage.retention_state import read_retention


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event with what the advocate recorded about it."""

    event: Event
    note: str | None
    recorded_by: str
    recorded_at: datetime


def plain_fields(fields: Mapping[str, object] | None) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in (fields or {}).items():
        out[name] = value.isoformat() if isinstance(value, date) else value
    return out


def fields_json(event: Event) -> dict[str, object]:
    return {k: v for k, v in event_to_dict(event).items() if k not in ("id", "type", "date")}


def event_from_row(
    event_id: str, event_type: str, day: date, fields: Mapping[str, object], position: int
) -> Event:
    raw: dict[str, object] = {"id": event_id, "type": event_type, "date": day.isoformat()}
    raw.update(fields)
    return parse_event(raw, position)


#: An event row's columns, read without making ORM objects (typed by the same column types).
_EVENT_COLUMNS = sqlalchemy.select(
    col(CaseEvent.event_id),
    col(CaseEvent.type),
    col(CaseEvent.date),
    col(CaseEvent.fields),
    col(CaseEvent.note),
    col(CaseEvent.recorded_by),
    col(CaseEvent.recorded_at),
).order_by(col(CaseEvent.position))


def event_records(session: Session) -> list[EventRecord]:
    """The case's events in order. Plain column rows: loading a long case's events as ORM
    objects cost more than every other read of the case together."""
    rows = session.connection().execute(_EVENT_COLUMNS).all()
    return [
        EventRecord(event_from_row(event_id, kind, day, fields, i), note, by, at)
        for i, (event_id, kind, day, fields, note, by, at) in enumerate(rows)
    ]


def documents_of(session: Session) -> list[tuple[Document, int]]:
    out: list[tuple[Document, int]] = []
    for doc in session.exec(select(Document).order_by(col(Document.id))).all():
        versions = session.exec(
            select(DocumentVersion.version).where(DocumentVersion.document_id == doc.id)
        ).all()
        session.expunge(doc)
        out.append((doc, max(versions, default=0)))
    return out


def facts_of(record: CaseRecord, victim: Victim) -> CaseFacts:
    return CaseFacts(
        offence_date=record.offence_date,
        victim_dob=victim.date_of_birth,
        flags=frozenset(record.flags),
        victim_name=victim.name or None,
        crime_reference=record.crime_reference,
    )


def next_event_id(existing: Iterable[str]) -> str:
    taken = set(existing)
    n = len(taken) + 1
    while f"e{n}" in taken:
        n += 1
    return f"e{n}"


def read_case(file: CaseFile) -> tuple[SummaryRow, Scenario]:
    """The index summary and the engine's view of a case, from one read transaction."""
    try:
        with file.reading() as session:
            record = session.exec(select(CaseRecord)).one()
            # Only the columns every format has: a file older than 1.5 is read as it is.
            name, born, preferred = session.exec(
                select(Victim.name, col(Victim.date_of_birth), col(Victim.preferred_name))
            ).one()
            events = tuple(r.event for r in event_records(session))
            last = session.exec(select(AuditEntry.at).order_by(col(AuditEntry.id).desc())).first()
            execute = session.connection().exec_driver_sql
            reasons = good_reason_keys(execute)
            reviews = plan_review_dates(execute)
            victim = Victim(name=name, date_of_birth=born, preferred_name=preferred)
            facts = facts_of(record, victim)
            updated = last.isoformat(timespec="seconds") if last else ""
            retention = read_retention(
                session.connection().exec_driver_sql,
                status=record.status,
                closing_events=(e.date for e in events if e.type == "case_closed"),
                updated_at=updated,
            )
            equality = victim_equality(execute, born, record.offence_date, events)
            summary = SummaryRow(
                case_id=file.case_id,
                case_code=record.case_code,
                victim_name=victim.name,
                crime_reference=record.crime_reference,
                status=record.status,
                flags=tuple(record.flags),
                offence_date=record.offence_date,
                event_count=len(events),
                updated_at=updated,
                offence=record.offence,
                preferred_name=victim.preferred_name,
                police_force=record.police_force,
                good_reasons=reasons,
                last_event=max((e.date for e in events), default=None),
                dated=case_dates(events, reviews),
                retention=retention,
                equality=equality,
            )
    except ScenarioError as error:
        raise CaseFileError(file.path, "damaged", f"holds an invalid event ({error})") from None
    except Exception as error:
        if isinstance(error, UserError):
            raise
        raise CaseFileError(file.path, "damaged", "the file's contents cannot be read") from None
    return summary, Scenario(case=facts, events=events)
