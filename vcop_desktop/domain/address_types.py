"""Kinds of agency in the address book, and which a case chooses for each kind of letter.

An address-book entry has one type (a police force, a CPS Area, the IOPC...). A case keeps, per
slot, which entry its letters go to; a slot accepts entries of one or more types (a police
complaint review goes to the local policing body or to the IOPC, as the outcome letter says).
Declared once here: the address book checks types against it, the letters pick a slot by kind,
and the Overview offers one choice per slot, filtered by type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Entry types, in the order the address book offers them, with how a person reads them.
ADDRESS_TYPES: Final[dict[str, str]] = {
    "police": "Police force",
    "cps": "CPS Area (Victim Liaison Unit)",
    "wcu": "Witness Care Unit",
    "pcc": "Police and crime commissioner (local policing body)",
    "iopc": "Independent Office for Police Conduct",
    "phso": "Parliamentary and Health Service Ombudsman",
    "iac": "Independent Assessor of Complaints (CPS)",
    "hmcts": "HM Courts & Tribunals Service",
    "probation": "Probation Service",
    "yot": "Youth Offending Team",
}


@dataclass(frozen=True, slots=True)
class AddressSlot:
    """One choice a case makes: where its letters of one kind of recipient go."""

    id: str
    label: str
    types: tuple[str, ...]


ADDRESS_SLOTS: Final[tuple[AddressSlot, ...]] = (
    AddressSlot("police", "Police force", ("police",)),
    AddressSlot("cps", "CPS Area", ("cps",)),
    AddressSlot("wcu", "Witness Care Unit", ("wcu",)),
    AddressSlot("review", "Police complaint review body", ("pcc", "iopc")),
    AddressSlot("phso", "Ombudsman", ("phso",)),
    AddressSlot("iac", "Independent Assessor (CPS complaints)", ("iac",)),
    AddressSlot("hmcts", "Courts (HMCTS)", ("hmcts",)),
    AddressSlot("probation", "Probation Service", ("probation",)),
    AddressSlot("yot", "Youth Offending Team", ("yot",)),
)

SLOT_IDS: Final = frozenset(slot.id for slot in ADDRESS_SLOTS)


def slot_by_id(slot_id: str) -> AddressSlot | None:
    return next((slot for slot in ADDRESS_SLOTS if slot.id == slot_id), None)
