"""The tables of a case file (SQLModel over SQLCipher).

One file holds one victim's case: the victim, the case, its events, contacts, notes, safety
plan items, documents with their versions, and an append-only audit log. The tables have their
own SQLAlchemy registry, so other parts of the app defining SQLModel tables never leak into
case files.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, LargeBinary, MetaData
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

case_registry = registry()


class CaseTable(SQLModel, registry=case_registry):
    """Base of every case-file table."""


case_metadata: MetaData = CaseTable.metadata


class Meta(CaseTable, table=True):
    """Facts about the file itself: that it is ours, its case id, what wrote it."""

    __tablename__ = "vcop_meta"
    name: str = Field(primary_key=True)
    value: str


class Victim(CaseTable, table=True):
    """The victim, and how (and how not) to contact them safely. One row."""

    __tablename__ = "victim"
    id: int | None = Field(default=None, primary_key=True)
    name: str = ""
    preferred_name: str | None = None
    pronouns: str | None = None
    date_of_birth: date | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    safe_contact_method: str | None = None
    safe_contact_times: str | None = None
    contact_warnings: str | None = None  # "never leave voicemail"
    language: str | None = None
    interpreter_needed: bool = False
    access_needs: str | None = None
    consent_given_on: date | None = None
    consent_notes: str | None = None
    written_authority_on: date | None = None
    written_authority_expires_on: date | None = None
    # Equality monitoring (domain.equality; case format 1.5): codes, kept only while the
    # victim's consent to record them is on record (CaseHandle.update_victim clears them).
    equality_consent: bool | None = None
    ethnicity: str | None = None
    sex: str | None = None
    disability: str | None = None
    religion: str | None = None
    sexual_orientation: str | None = None
    gender_reassignment: str | None = None


class CaseRecord(CaseTable, table=True):
    """The criminal case as the advocate knows it. One row."""

    __tablename__ = "case_details"
    id: int | None = Field(default=None, primary_key=True)
    case_code: str
    crime_reference: str | None = None
    urn: str | None = None
    police_force: str | None = None
    officer_name: str | None = None
    officer_phone: str | None = None
    officer_email: str | None = None
    offence: str | None = None
    offence_date: date | None = None
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = "open"  # open | closed
    opened_on: date
    closed_on: date | None = None


class CaseEvent(CaseTable, table=True):
    """One event of the scenario contract, with the advocate's note and who recorded it."""

    __tablename__ = "case_event"
    row_id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True)
    type: str
    date: date
    fields: dict[str, object] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    position: int
    note: str | None = None
    recorded_by: str
    recorded_at: datetime


class Contact(CaseTable, table=True):
    """Someone at an agency (officer in charge, witness care officer, ISVA manager...)."""

    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    agency: str
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    notes: str | None = None


class Note(CaseTable, table=True):
    """A free-text case note."""

    __tablename__ = "note"
    id: int | None = Field(default=None, primary_key=True)
    written_at: datetime
    author: str
    text: str


class GoodReason(CaseTable, table=True):
    """The reason an agency gave for missing (or being late with) an obligation, and when it
    gave it. The 2024 Act's duty is to comply "unless there is good reason": reports count
    these apart; whether the reason is good is for others to judge, not the app."""

    __tablename__ = "good_reason"
    id: int | None = Field(default=None, primary_key=True)
    duty: str
    trigger: str
    reason: str
    given_on: date | None = None
    recorded_by: str
    recorded_at: datetime


class LetterRecipient(CaseTable, table=True):
    """Which address-book entry this case's letters go to, per slot (`domain.address_types`).

    Only the entry's id is kept: the letter prints the entry as the address book has it now."""

    __tablename__ = "letter_recipient"
    slot: str = Field(primary_key=True)
    entry_id: str


class SafetyPlanItem(CaseTable, table=True):
    """One item of the victim's safety plan: what is to be done, who is responsible, when it is
    next reviewed, and when it was done or closed. The plan's agreement and reviews are events
    (`safety_plan_agreed`, `safety_plan_reviewed`); its items are rows, edited as it changes."""

    __tablename__ = "safety_plan_item"
    id: int | None = Field(default=None, primary_key=True)
    what: str
    responsible: str
    review_on: date
    closed_on: date | None = None
    recorded_by: str
    recorded_at: datetime


class Document(CaseTable, table=True):
    """A generated letter (or other document) kept inside the case file."""

    __tablename__ = "document"
    id: int | None = Field(default=None, primary_key=True)
    title: str
    kind: str  # complaint_letter, vrr_request, ...
    created_at: datetime


class DocumentVersion(CaseTable, table=True):
    """One saved version of a document; versions are never overwritten."""

    __tablename__ = "document_version"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    version: int
    created_at: datetime
    created_by: str
    media_type: str
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class AuditEntry(CaseTable, table=True):
    """Who changed what, when, from what to what. Written in the change's own transaction;
    triggers (see migrations) refuse updates and deletes."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str | None = None
    before: str | None = None  # JSON
    after: str | None = None  # JSON
