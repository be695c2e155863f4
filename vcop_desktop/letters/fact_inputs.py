"""What `build_facts` reads: the victim, case and good-reason protocols that the storage models
(`Victim`, `CaseRecord`, `GoodReason`) satisfy as they are, so no letter code needs SQLAlchemy or
an open database; plain stand-ins for callers without a storage row; and the sender's profile
with the gaps that Settings → Letters (not the case) fills.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Protocol


class VictimLike(Protocol):
    """The victim fields a letter reads (storage.models.Victim has them all)."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def safe_contact_method(self) -> str | None: ...
    @property
    def contact_warnings(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def interpreter_needed(self) -> bool: ...
    @property
    def access_needs(self) -> str | None: ...
    @property
    def pronouns(self) -> str | None: ...
    @property
    def written_authority_on(self) -> date | None: ...
    @property
    def written_authority_expires_on(self) -> date | None: ...


class CaseLike(Protocol):
    """The case fields a letter reads (storage.models.CaseRecord has them all)."""

    @property
    def case_code(self) -> str: ...
    @property
    def crime_reference(self) -> str | None: ...
    @property
    def urn(self) -> str | None: ...
    @property
    def police_force(self) -> str | None: ...
    @property
    def officer_name(self) -> str | None: ...
    @property
    def officer_phone(self) -> str | None: ...
    @property
    def officer_email(self) -> str | None: ...
    @property
    def offence(self) -> str | None: ...
    @property
    def offence_date(self) -> date | None: ...


class GoodReasonLike(Protocol):
    """A reason an agency gave for missing an obligation (storage.models.GoodReason)."""

    @property
    def duty(self) -> str: ...
    @property
    def trigger(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def given_on(self) -> date | None: ...


@dataclass(frozen=True, slots=True)
class SenderProfile:
    """Who sends letters: the organisation and the advocate, and where agencies are written to.

    Not part of a case file: it comes from the workspace's letter settings (see `profile.py`).
    `recipients` maps a letter kind id or an agency id to the recipient's name and address lines.
    """

    organisation: str | None = None
    address: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    advocate_name: str | None = None
    advocate_role: str | None = None
    advocate_phone: str | None = None
    advocate_email: str | None = None
    recipients: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


#: The gaps the sender's own details fill (Settings → Letters or `sender.toml`), not the case.
ORGANISATION_GAP: Final = "organisation name"
ORGANISATION_ADDRESS_GAP: Final = "organisation address"
ADVOCATE_NAME_GAP: Final = "advocate's name"
ADVOCATE_ROLE_GAP: Final = "advocate's role"
SENDER_GAPS: Final = frozenset(
    {ORGANISATION_GAP, ORGANISATION_ADDRESS_GAP, ADVOCATE_NAME_GAP, ADVOCATE_ROLE_GAP}
)


@dataclass(frozen=True, slots=True)
class VictimDetails:
    """Plain victim details, for callers without a storage row (scenario files, previews)."""

    name: str = ""
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    safe_contact_method: str | None = None
    contact_warnings: str | None = None
    language: str | None = None
    interpreter_needed: bool = False
    access_needs: str | None = None
    written_authority_on: date | None = None
    written_authority_expires_on: date | None = None
    pronouns: str | None = None


@dataclass(frozen=True, slots=True)
class CaseDetails:
    """Plain case details, for callers without a storage row (scenario files, previews)."""

    case_code: str
    crime_reference: str | None = None
    urn: str | None = None
    police_force: str | None = None
    officer_name: str | None = None
    officer_phone: str | None = None
    officer_email: str | None = None
    offence: str | None = None
    offence_date: date | None = None
