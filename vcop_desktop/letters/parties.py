"""Who a letter is from, to and about: the recipient agency and address lines, how the victim may
be contacted, and the body a complaint concerns."""

from __future__ import annotations

from vcop_desktop.errors import UserError
from vcop_desktop.letters.addressee import Chosen, deleted_gap, department, recipient_slot
from vcop_desktop.letters.fact_inputs import CaseLike, SenderProfile, VictimLike
from vcop_desktop.letters.fact_items import (
    ComplaintFact,
    Missing,
    Text,
    address_lines,
    one_line,
    text_or_gap,
)
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.words import agency_label


def recipient_agency(kind: LetterKind, agency: str | None) -> str | None:
    if kind.needs_agency:
        if not agency:
            raise UserError(
                f"a {kind.id} letter needs the agency it is addressed to "
                "(for example --agency probation)"
            )
        return agency.strip().lower()
    if agency and kind.agency and agency != kind.agency:
        raise UserError(
            f"a {kind.id} letter always goes to {agency_label(kind.agency)}; "
            f"for a complaint to another agency use provider-complaint"
        )
    return kind.agency


def asked_for_contact_through_advocate(victim: VictimLike) -> bool:
    """The victim's recorded safe contact method sends contact through the advocate."""
    lowered = one_line(victim.safe_contact_method).lower()
    return "advocate" in lowered or "through" in lowered


def victim_contact(victim: VictimLike) -> tuple[bool, tuple[str, ...]]:
    """Whether agencies should contact the victim through the advocate, and if not, how.

    Safe by default: unless the victim's safe contact method names a channel (email, phone or
    post) that the record holds, the letter gives the advocate's details only. A home address is
    given only when the victim chose post.
    """
    method = one_line(victim.safe_contact_method)
    lowered = method.lower()
    if not method or asked_for_contact_through_advocate(victim):
        return True, ()
    lines: list[str] = []
    if "email" in lowered and victim.email:
        lines.append(f"Email: {one_line(victim.email)}")
    if any(word in lowered for word in ("phone", "call", "text", "mobile")) and victim.phone:
        lines.append(f"Telephone: {one_line(victim.phone)}")
    if any(word in lowered for word in ("post", "letter")) and victim.address:
        lines.append("Address: " + ", ".join(_lines(victim.address)))
    if not lines:
        return True, ()
    lines.append(f"Safe contact: {method}")
    if victim.contact_warnings:
        lines.append(f"Please note: {one_line(victim.contact_warnings)}")
    return False, tuple(lines)


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


def recipient_lines(
    kind: LetterKind, agency: str | None, case: CaseLike, sender: SenderProfile, chosen: Chosen
) -> tuple[Text, ...]:
    slot = recipient_slot(kind, agency)
    if slot is not None and slot in chosen:
        return _chosen_recipient(kind, case, slot, chosen[slot])
    address = sender.recipients.get(kind.id) or (sender.recipients.get(agency) if agency else None)
    if address and address_lines(address):
        return address_lines(address)
    if kind.id == "chaser":
        return (
            text_or_gap(case.officer_name, "officer in charge"),
            text_or_gap(case.police_force, "police force"),
            Missing("police station address"),
        )
    if kind.id == "cps-vrr":
        return (
            kind.recipient,
            Missing("CPS Area that made the decision"),
            Missing("Victim Liaison Unit address"),
        )
    if kind.id == "wcu-complaint":
        return (
            kind.recipient,
            Missing("name of the Witness Care Unit"),
            text_or_gap(case.police_force, "police force that runs the unit"),
            Missing("address"),
        )
    if kind.id == "police-complaint-review":
        return (
            Missing("review body named in the outcome letter: the local policing body or the IOPC"),
            Missing("review body's address"),
        )
    if agency == "police":
        return (
            kind.recipient,
            text_or_gap(case.police_force, "police force"),
            Missing("force address"),
        )
    if agency == "police_employer":
        # A welfare letter to the force as employer (not a Code complaint): to whoever leads on
        # the colleague's welfare.
        return (
            Missing("recipient: the victim's line manager or the force's welfare lead"),
            text_or_gap(case.police_force, "police force"),
            Missing("force address"),
        )
    if agency == "cps":
        # CPS complaints are dealt with by the Area that handled the case, not a central team.
        return (
            kind.recipient,
            Missing("CPS Area that dealt with the case"),
            Missing("CPS Area address"),
        )
    if agency is None:
        return (kind.recipient, Missing(f"{kind.recipient} address"))
    name = agency_label(agency)
    return (kind.recipient, name, Missing(f"{name} address"))


def _chosen_recipient(
    kind: LetterKind, case: CaseLike, slot: str, lines: tuple[str, ...] | None
) -> tuple[Text, ...]:
    """The team (or, for a chaser, the officer), then the chosen entry's lines; a gap when
    the entry has been deleted from the address book since the case chose it."""
    entry = address_lines(lines or ())
    if kind.id == "chaser":
        head: tuple[Text, ...] = (text_or_gap(case.officer_name, "officer in charge"),)
    else:
        team = department(kind, entry)
        head = (team,) if team else ()
    if not entry:
        return (*head, Missing(deleted_gap(slot)))
    return (*head, *entry)


def complained_of(complaint: ComplaintFact | None, case: CaseLike, chosen: Chosen) -> Text:
    """The body a complaint is about, named first with its area or force."""
    if complaint is None or not complaint.against:
        return Missing("the organisation complained about")
    against = complaint.against
    entry = chosen.get(against) or ()
    if against == "police":
        return (
            one_line(case.police_force)
            or (entry[0] if entry else "")
            or str(Missing("police force complained about"))
        )
    if against == "cps":
        area = entry[0] if entry else str(Missing("CPS Area that dealt with the case"))
        return f"Crown Prosecution Service, {area}"
    if against == "wcu":
        force = one_line(case.police_force) or str(Missing("police force that runs the unit"))
        return f"Witness Care Unit run by {force}"
    return agency_label(against)
