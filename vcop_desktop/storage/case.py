"""One case open for writing: `CaseHandle`, and reading a case file into domain objects.

Every change is one transaction with its audit row. Around it, the case's index entry is marked
dirty first and refreshed after, so the dashboard is never silently stale (see `index.py`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session, col, func, select

from vcop_desktop.domain.equality import RECORDED, recorded_problem
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import Event, Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.retention import closings_since
from vcop_desktop.domain.scenario import (
    check_references,
    event_to_dict,
    parse_event,
)
from vcop_desktop.domain.untrusted import EARLIEST_YEAR, LATEST_YEAR
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.errors import UserError
from vcop_desktop.storage import cipher
from vcop_desktop.storage.case_closing import (
    follow_closings,
    mark_reopened,
    reopened_day,
)
from vcop_desktop.storage.case_context import CaseContext
from vcop_desktop.storage.case_rows import (
    EventRecord,
    documents_of,
    event_records,
    facts_of,
    fields_json,
    next_event_id,
    plain_fields,
    read_case,
)
from vcop_desktop.storage.casefile import CaseFile, snapshot
from vcop_desktop.storage.errors import CaseFileError, user_errors
from vcop_desktop.storage.index import file_signature
from vcop_desktop.storage.models import (
    AuditEntry,
    CaseEvent,
    CaseRecord,
    Contact,
    Document,
    DocumentVersion,
    GoodReason,
    Note,
    Victim,
)
from vcop_desktop.storage.rawfile import utc_now

if TYPE_CHECKING:
    from vcop_desktop.storage.safety_plan import SafetyPlan

_Row = TypeVar("_Row", Victim, CaseRecord)


@dataclass(frozen=True, slots=True)
class CaseContents:
    """Everything a case view shows, read in one transaction: one consistent snapshot."""

    victim: Victim
    record: CaseRecord
    events: list[EventRecord]
    scenario: Scenario
    notes: list[Note]
    documents: list[tuple[Document, int]]


class CaseHandle:
    """One case open for writing (locked). Every change is one audited transaction.

    `context` is the workspace around it (see case_context.py): the actor, the rules, the
    shared lock and the index entry, and nothing else of the workspace."""

    def __init__(self, context: CaseContext, file: CaseFile, case_code: str) -> None:
        self.context = context
        self.file = file
        self.case_id = file.case_id
        self.case_code = case_code

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> CaseHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _change(self) -> Iterator[Session]:
        """Mark the index entry dirty, do the change in one transaction, refresh the entry."""
        self.context.mark_index_dirty(self.case_id)
        with self.context.shared_lock(), self.file.writing() as session:
            yield session
        try:
            signature = file_signature(self.file.path)
            summary, scenario = read_case(self.file)
            evaluation = self.context.evaluate(scenario, date.today())
            self.context.store_index_entry(summary, evaluation, signature)
        except (UserError, OSError, cipher.Error, ValueError, OverflowError, ArithmeticError):
            pass  # committed; the entry stays dirty and is refreshed on the next read

    def _audit(
        self,
        session: Any,
        action: str,
        entity: str,
        key: str | None,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
    ) -> None:
        CaseFile.audit(
            session,
            actor=self.context.actor,
            action=action,
            entity=entity,
            entity_key=key,
            before=before,
            after=after,
        )

    @property
    def safety_plan(self) -> SafetyPlan:
        """The case's safety-plan items (list, add, edit, close): see safety_plan.py."""
        from vcop_desktop.storage.safety_plan import SafetyPlan

        return SafetyPlan(self)

    # -- reading -------------------------------------------------------------------------------

    @user_errors
    def scenario(self) -> Scenario:
        return read_case(self.file)[1]

    @user_errors
    def obligations(
        self, today: date | None = None, scenario: Scenario | None = None
    ) -> Evaluation:
        """The engine's verdict, on `scenario` if the caller has just read it (`contents`)."""
        read = scenario if scenario is not None else self.scenario()
        return self.context.evaluate(read, today or date.today())

    @user_errors
    def events(self) -> list[EventRecord]:
        with self.file.reading() as session:
            return event_records(session)

    @user_errors
    def contents(self) -> CaseContents:
        """The victim, the case, its events (and the engine's view of them), notes and
        documents from one read transaction, each table read once."""
        try:
            with self.file.reading() as session:
                record = session.exec(select(CaseRecord)).one()
                victim = session.exec(select(Victim)).one()
                events = event_records(session)
                notes = list(session.exec(select(Note).order_by(col(Note.id))).all())
                documents = documents_of(session)
                session.expunge_all()
        except ScenarioError as error:
            raise CaseFileError(
                self.file.path, "damaged", f"holds an invalid event ({error})"
            ) from None
        scenario = Scenario(case=facts_of(record, victim), events=tuple(r.event for r in events))
        return CaseContents(victim, record, events, scenario, notes, documents)

    @user_errors
    def victim(self) -> Victim:
        with self.file.reading() as session:
            row = session.exec(select(Victim)).one()
            session.expunge(row)
            return row

    @user_errors
    def case_record(self) -> CaseRecord:
        with self.file.reading() as session:
            row = session.exec(select(CaseRecord)).one()
            session.expunge(row)
            return row

    @user_errors
    def audit_log(self) -> list[AuditEntry]:
        with self.file.reading() as session:
            rows = list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())
            for row in rows:
                session.expunge(row)
            return rows

    @user_errors
    def notes(self) -> list[Note]:
        with self.file.reading() as session:
            rows = list(session.exec(select(Note).order_by(col(Note.id))).all())
            for row in rows:
                session.expunge(row)
            return rows

    @user_errors
    def contacts(self) -> list[Contact]:
        with self.file.reading() as session:
            rows = list(session.exec(select(Contact).order_by(col(Contact.id))).all())
            for row in rows:
                session.expunge(row)
            return rows

    @user_errors
    def documents(self) -> list[tuple[Document, int]]:
        """Each document with its latest version number."""
        with self.file.reading() as session:
            return documents_of(session)

    @user_errors
    def document_version(self, document_id: int, version: int | None = None) -> DocumentVersion:
        with self.file.reading() as session:
            query = select(DocumentVersion).where(DocumentVersion.document_id == document_id)
            if version is not None:
                query = query.where(DocumentVersion.version == version)
            row = session.exec(query.order_by(col(DocumentVersion.version).desc())).first()
            if row is None:
                raise UserError(f"Case {self.case_code} has no such document version.")
            session.expunge(row)
            return row

    # -- events --------------------------------------------------------------------------------

    def _validate(self, raw: dict[str, object], position: int, others: list[Event]) -> Event:
        try:
            event = parse_event(raw, position)
            check_references((*others, event), self.context.rulebook().duty_ids)
        except ScenarioError as error:
            raise UserError(f"Case {self.case_code}: {error.problem} ({error.where})") from None
        return event

    @user_errors
    def add_event(
        self,
        event_type: str,
        when: date,
        fields: Mapping[str, object] | None = None,
        *,
        note: str | None = None,
        event_id: str | None = None,
    ) -> Event:
        """Record an event. Fields follow the scenario contract (dates as `date` or ISO text).
        A closing closes the case, or moves the day it closed to the latest closing, as an
        edit does (`case_closing.follow_closings`)."""
        existing = [r.event for r in self.events()]
        new_id = event_id or next_event_id(e.id for e in existing)
        raw = {"id": new_id, "type": event_type, "date": when.isoformat(), **plain_fields(fields)}
        event = self._validate(raw, len(existing), existing)
        with self._change() as session:
            self._write_event(session, event, note)
            if event.type == "case_closed":  # closes the case, or moves its day to the latest
                follow_closings(session, existing, [*existing, event], self._audit)
        return event

    @user_errors
    def edit_event(
        self,
        event_id: str,
        *,
        when: date | None = None,
        fields: Mapping[str, object] | None = None,
        note: str | None = None,
    ) -> Event:
        """Change an event's date, fields or note; the audit row keeps the old values. A
        closing's new date moves the day the case closed (`case_closing.follow_closings`)."""
        records = self.events()
        others = [r.event for r in records if r.event.id != event_id]
        current = next((r for r in records if r.event.id == event_id), None)
        if current is None:
            raise UserError(f"Case {self.case_code} has no event {event_id!r}.")
        raw = event_to_dict(current.event)
        if when is not None:
            raw["date"] = when.isoformat()
        if fields is not None:
            raw = {
                "id": event_id,
                "type": current.event.type,
                "date": raw["date"],
                **plain_fields(fields),
            }
        event = self._validate(raw, current.event.position, others)
        with self._change() as session:
            row = session.exec(select(CaseEvent).where(CaseEvent.event_id == event_id)).one()
            before = snapshot(row)
            row.date = event.date
            row.fields = fields_json(event)
            if note is not None:
                row.note = note
            session.add(row)
            self._audit(session, "event edited", "event", event_id, before, snapshot(row))
            if event.type == "case_closed" and event.date != current.event.date:
                follow_closings(session, [r.event for r in records], [*others, event], self._audit)
        return event

    @user_errors
    def delete_event(self, event_id: str) -> None:
        """Delete an event that no other event refers to; the audit row keeps it. The case
        follows a deleted closing (`case_closing.follow_closings`)."""
        records = self.events()
        gone = next((r.event for r in records if r.event.id == event_id), None)
        if gone is None:
            raise UserError(f"Case {self.case_code} has no event {event_id!r}.")
        for record in records:
            for value in record.event.fields.values():
                if value == event_id and record.event.id != event_id:
                    raise UserError(
                        f"Event {event_id!r} is referred to by event {record.event.id!r}; "
                        "delete or change that one first."
                    )
        with self._change() as session:
            row = session.exec(select(CaseEvent).where(CaseEvent.event_id == event_id)).one()
            before = snapshot(row)
            session.delete(row)
            self._audit(session, "event deleted", "event", event_id, before, None)
            if gone.type == "case_closed":
                events = [r.event for r in records]
                follow_closings(session, events, [e for e in events if e is not gone], self._audit)

    # -- the victim, the case, notes, contacts, documents --------------------------------------

    @user_errors
    def update_victim(self, **changes: Any) -> Victim:
        """Change the victim's details. The equality-monitoring codes are checked against
        their categories, kept only with the victim's consent on record, and all cleared when
        consent is withdrawn (in the same transaction, audited)."""
        consent = changes.get("equality_consent", self.victim().equality_consent)
        problem = recorded_problem(changes, consent)
        if problem:
            raise UserError(f"{problem} Nothing was saved.")
        if not consent:
            changes = {**changes, **dict.fromkeys(RECORDED)}
        return self._update_single(Victim, "victim", changes)

    @user_errors
    def update_case(self, **changes: Any) -> CaseRecord:
        if "flags" in changes:
            unknown = [f for f in changes["flags"] if f not in FLAGS]
            if unknown:
                raise UserError(f"Unknown case flag {unknown[0]!r}.")
        if "status" in changes and changes["status"] not in ("open", "closed"):
            raise UserError("A case's status is 'open' or 'closed'.")
        was = self.case_record().status if "status" in changes else None
        if changes.get("status") == "closed" and was != "closed":
            # The day it closed starts its retention clock (workspace_retention.py): recorded
            # when it is closed, so a later note or edit never moves it.
            closed_on = changes.get("closed_on") or date.today()
            changes = {**changes, "closed_on": closed_on}
            # And the case records it as an event: the engine ends its cycles (police
            # updates, safety-plan reviews) at `case_closed`, and the service report counts
            # closings by it. Closing by the status alone left both running as if open.
            closing = self._closing_event(closed_on)
            if closing is not None:
                return self._update_single(
                    CaseRecord, "case", changes, also=lambda s: self._write_event(s, closing)
                )
        if changes.get("status") == "open" and was == "closed":
            # Reopened: no retention clock runs (a `case_closed` event before today no longer
            # makes it closed: retention_state.REOPENED_ON), until it is closed again.
            changes = {**changes, "closed_on": None}
            return self._update_single(CaseRecord, "case", changes, also=mark_reopened)
        return self._update_single(CaseRecord, "case", changes)

    def _closing_event(self, closed_on: date) -> Event | None:
        """The `case_closed` event a closing on `closed_on` records, or None when the case
        holds one already since it was last reopened."""
        existing = [r.event for r in self.events()]
        closings = (e.date for e in existing if e.type == "case_closed")
        if closings_since(closings, self._reopened_on()):
            return None
        raw = {"id": next_event_id(e.id for e in existing), "type": "case_closed"}
        return self._validate({**raw, "date": closed_on.isoformat()}, len(existing), existing)

    def _reopened_on(self) -> date | None:
        with self.file.reading() as session:
            return reopened_day(session)

    def _write_event(self, session: Session, event: Event, note: str | None = None) -> None:
        """Write one validated event (at the end of the list) and its audit row."""
        last = session.exec(select(func.max(CaseEvent.position))).one()
        position = (last if last is not None else -1) + 1  # gaps from deletions stay
        row = CaseEvent(
            event_id=event.id,
            type=event.type,
            date=event.date,
            fields=fields_json(event),
            position=position,
            note=note,
            recorded_by=self.context.actor,
            recorded_at=utc_now(),
        )
        session.add(row)
        self._audit(session, "event added", "event", event.id, None, snapshot(row))

    def _update_single(
        self,
        model: type[_Row],
        entity: str,
        changes: Mapping[str, Any],
        also: Callable[[Session], None] | None = None,
    ) -> _Row:
        """Change one row; `also` writes more in the same transaction."""
        allowed = set(model.model_fields) - {"id", "case_code"}
        bad = sorted(set(changes) - allowed)
        if bad:
            raise UserError(f"{bad[0]!r} is not a {entity} detail that can be changed.")
        for name, value in changes.items():
            if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                raise UserError(
                    f"The {entity} detail {name!r} ({value.isoformat()}) is not between "
                    f"{EARLIEST_YEAR} and {LATEST_YEAR}; check it. Nothing was saved."
                )
        with self._change() as session:
            row = session.exec(select(model)).one()
            before = snapshot(row)
            for name, value in changes.items():
                setattr(row, name, value)
            session.add(row)
            self._audit(session, f"{entity} updated", entity, None, before, snapshot(row))
            if also is not None:
                also(session)
            session.flush()
            session.expunge(row)
        return row

    @user_errors
    def add_note(self, text: str) -> Note:
        with self._change() as session:
            note = Note(written_at=utc_now(), author=self.context.actor, text=text)
            session.add(note)
            session.flush()
            self._audit(session, "note added", "note", str(note.id), None, snapshot(note))
        return note

    @user_errors
    def good_reasons(self) -> list[GoodReason]:
        """The agencies' reasons on record for missed or late obligations, oldest first."""
        with self.file.reading() as session:
            rows = list(session.exec(select(GoodReason).order_by(col(GoodReason.id))).all())
            for row in rows:
                session.expunge(row)
            return rows

    @user_errors
    def record_good_reason(
        self,
        duty: str,
        trigger: str,
        reason: str,
        given_on: date | None = None,
        *,
        today: date | None = None,
    ) -> GoodReason:
        """Record the reason an agency gave for missing, or being late with, one obligation
        (and when it gave it), in one transaction with its audit row. Reports count these
        apart ("missed, reason given"); the app does not judge whether the reason is good."""
        text = reason.strip()
        if not text:
            raise UserError("Say what reason the agency gave.")
        day = today or date.today()
        if given_on is not None and given_on > day:
            raise UserError(f"The reason cannot have been given after today ({day.isoformat()}).")
        found = next(
            (o for o in self.obligations(day).obligations if o.key == (duty, trigger)), None
        )
        if found is None:
            raise UserError(f"Case {self.case_code} has no obligation {duty} from event {trigger}.")
        if not found.status.is_breach:
            raise UserError(
                f"{duty} ({trigger}) is {found.status.value.replace('_', ' ')}: a reason is "
                "recorded only for an obligation met late or overdue."
            )
        with self._change() as session:
            row = GoodReason(
                duty=duty,
                trigger=trigger,
                reason=text,
                given_on=given_on,
                recorded_by=self.context.actor,
                recorded_at=utc_now(),
            )
            session.add(row)
            session.flush()
            self._audit(
                session, "reason recorded", "good_reason", f"{duty}/{trigger}", None, snapshot(row)
            )
        return row

    @user_errors
    def add_contact(self, agency: str, **details: Any) -> Contact:
        with self._change() as session:
            contact = Contact(agency=agency, **details)
            session.add(contact)
            session.flush()
            self._audit(
                session, "contact added", "contact", str(contact.id), None, snapshot(contact)
            )
        return contact

    @user_errors
    def save_document(
        self,
        title: str,
        content: bytes,
        *,
        kind: str = "letter",
        media_type: str = "application/pdf",
        document_id: int | None = None,
    ) -> DocumentVersion:
        """Store a document (a new one, or a new version of `document_id`) in the case file."""
        with self._change() as session:
            if document_id is None:
                doc = Document(title=title, kind=kind, created_at=utc_now())
                session.add(doc)
                session.flush()
                assert doc.id is not None
                document_id, number = doc.id, 1
            else:
                if session.get(Document, document_id) is None:
                    raise UserError(f"Case {self.case_code} has no document {document_id}.")
                versions = session.exec(
                    select(DocumentVersion.version).where(
                        DocumentVersion.document_id == document_id
                    )
                ).all()
                number = max(versions, default=0) + 1
            version = DocumentVersion(
                document_id=document_id,
                version=number,
                created_at=utc_now(),
                created_by=self.context.actor,
                media_type=media_type,
                content=content,
            )
            session.add(version)
            session.flush()
            self._audit(
                session,
                "document saved",
                "document",
                f"{document_id}v{number}",
                None,
                {"title": title, "version": number, "bytes": len(content)},
            )
        return version
