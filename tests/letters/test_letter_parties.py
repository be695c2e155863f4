"""Who a letter goes to, how it says the victim may be contacted, and whom a complaint is about
(issue 21 §2: the mutants of letters/parties.py that the letter tests let live).

A letter that gives a victim's home address when they asked for email, or that is addressed
to the wrong team, can put a victim at risk or lose the complaint; each test names which.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vcop_desktop.errors import UserError
from vcop_desktop.letters.fact_inputs import CaseDetails, SenderProfile, VictimDetails
from vcop_desktop.letters.fact_items import ComplaintFact, Missing
from vcop_desktop.letters.kinds import kind_by_id
from vcop_desktop.letters.parties import (
    asked_for_contact_through_advocate,
    complained_of,
    recipient_agency,
    recipient_lines,
    victim_contact,
)

VICTIM = VictimDetails(
    name="Zoë Example",
    address="12 Example Row,\n Northdale ,, ND2 8ZZ",
    phone=" 07700\n900123 ",
    email="zoe@example.invalid",
    contact_warnings="never\nleave a voicemail",
)
CASE = CaseDetails(case_code="VC-1", police_force="Northdale Constabulary", officer_name="DC Hale")
NO_FORCE = CaseDetails(case_code="VC-2")


def _victim(method: str | None, **kw: Any) -> VictimDetails:
    fields = {name: getattr(VICTIM, name) for name in VictimDetails.__slots__}
    return VictimDetails(**(fields | {"safe_contact_method": method} | kw))


# How the victim may be contacted ------------------------------------------------------------


def test_with_no_safe_contact_method_agencies_go_through_the_advocate() -> None:
    assert victim_contact(_victim(None)) == (True, ())
    assert victim_contact(_victim("  \n ")) == (True, ())


def test_a_method_naming_the_advocate_or_a_go_between_sends_contact_through_them() -> None:
    for method in ("Via ADVOCATE only", "email through her sister"):
        assert asked_for_contact_through_advocate(_victim(method)), method
        assert victim_contact(_victim(method)) == (True, ())
    assert not asked_for_contact_through_advocate(_victim("email"))
    assert not asked_for_contact_through_advocate(_victim(None))


def test_email_gives_the_email_address_only_never_the_home_address() -> None:
    assert victim_contact(_victim("Email  please")) == (
        False,
        (
            "Email: zoe@example.invalid",
            "Safe contact: Email please",
            "Please note: never leave a voicemail",
        ),
    )


@pytest.mark.parametrize("word", ["phone", "call", "text", "mobile"])
def test_each_way_of_saying_phone_gives_the_telephone_number(word: str) -> None:
    ok, lines = victim_contact(_victim(f"{word} after 6pm", contact_warnings=None))
    assert (ok, lines) == (False, ("Telephone: 07700 900123", f"Safe contact: {word} after 6pm"))


@pytest.mark.parametrize("word", ["post", "letter"])
def test_post_gives_the_address_on_one_line(word: str) -> None:
    ok, lines = victim_contact(_victim(word, contact_warnings=None))
    assert (ok, lines) == (
        False,
        ("Address: 12 Example Row, Northdale, ND2 8ZZ", f"Safe contact: {word}"),
    )


def test_every_channel_named_is_given_in_a_fixed_order() -> None:
    ok, lines = victim_contact(_victim("letter, text or email"))
    assert not ok
    assert [line.split(":")[0] for line in lines] == [
        "Email", "Telephone", "Address", "Safe contact", "Please note",
    ]  # fmt: skip


def test_a_channel_the_record_lacks_falls_back_to_the_advocate() -> None:
    """Email asked for but no email on record: the letter must not invent a way in."""
    assert victim_contact(_victim("email", email=None)) == (True, ())
    assert victim_contact(_victim("phone", phone="")) == (True, ())
    assert victim_contact(_victim("post", address=None)) == (True, ())
    assert victim_contact(_victim("carrier pigeon")) == (True, ())


# Which agency a letter goes to ---------------------------------------------------------------


def test_a_letter_to_any_agency_needs_one_and_takes_it_in_lower_case() -> None:
    kind = kind_by_id("provider-complaint")
    assert recipient_agency(kind, " Probation ") == "probation"
    for missing in (None, ""):
        with pytest.raises(UserError) as caught:
            recipient_agency(kind, missing)
        assert str(caught.value) == (
            "a provider-complaint letter needs the agency it is addressed to "
            "(for example --agency probation)"
        )


def test_a_letter_to_a_fixed_agency_refuses_another() -> None:
    kind = kind_by_id("cps-complaint")
    assert recipient_agency(kind, None) == "cps"
    assert recipient_agency(kind, "cps") == "cps"
    with pytest.raises(UserError) as caught:
        recipient_agency(kind, "police")
    assert str(caught.value) == (
        "a cps-complaint letter always goes to Crown Prosecution Service; "
        "for a complaint to another agency use provider-complaint"
    )
    assert recipient_agency(kind_by_id("phso-complaint"), "police") is None


# The recipient's lines -------------------------------------------------------------------


def _lines(kind: str, agency: str | None = None, case: CaseDetails = CASE, **kw: Any) -> list[str]:
    sender = SenderProfile(recipients=kw.pop("recipients", {}))
    chosen = kw.pop("chosen", {})
    return [str(x) for x in recipient_lines(kind_by_id(kind), agency, case, sender, chosen)]


def test_without_an_address_each_kind_names_its_recipient_and_the_gaps() -> None:
    assert _lines("chaser", "police") == [
        "DC Hale", "Northdale Constabulary", "[MISSING: police station address]",
    ]  # fmt: skip
    assert _lines("chaser", "police", NO_FORCE) == [
        "[MISSING: officer in charge]", "[MISSING: police force]",
        "[MISSING: police station address]",
    ]  # fmt: skip
    assert _lines("cps-vrr", "cps") == [
        "Victim Liaison Unit", "[MISSING: CPS Area that made the decision]",
        "[MISSING: Victim Liaison Unit address]",
    ]  # fmt: skip
    assert _lines("wcu-complaint", "wcu", NO_FORCE) == [
        "Witness Care Unit Manager", "[MISSING: name of the Witness Care Unit]",
        "[MISSING: police force that runs the unit]", "[MISSING: address]",
    ]  # fmt: skip
    assert _lines("police-complaint-review") == [
        "[MISSING: review body named in the outcome letter: the local policing body or the IOPC]",
        "[MISSING: review body's address]",
    ]  # fmt: skip
    assert _lines("police-complaint", "police", NO_FORCE) == [
        "Professional Standards Department", "[MISSING: police force]",
        "[MISSING: force address]",
    ]  # fmt: skip
    assert _lines("provider-complaint", "police_employer") == [
        "[MISSING: recipient: the victim's line manager or the force's welfare lead]",
        "Northdale Constabulary", "[MISSING: force address]",
    ]  # fmt: skip
    assert _lines("cps-complaint", "cps") == [
        "Complaints Team", "[MISSING: CPS Area that dealt with the case]",
        "[MISSING: CPS Area address]",
    ]  # fmt: skip
    assert _lines("phso-complaint") == [
        "Parliamentary and Health Service Ombudsman",
        "[MISSING: Parliamentary and Health Service Ombudsman address]",
    ]  # fmt: skip
    assert _lines("provider-complaint", "probation") == [
        "Complaints Team", "Probation Service", "[MISSING: Probation Service address]",
    ]  # fmt: skip


def test_the_senders_address_for_the_kind_comes_before_the_one_for_the_agency() -> None:
    recipients = {"cps-vrr": ("VLU North", " Quay St "), "cps": ("CPS North", "1 Road")}
    assert _lines("cps-vrr", "cps", recipients=recipients) == ["VLU North", "Quay St"]
    assert _lines("cps-complaint", "cps", recipients=recipients) == ["CPS North", "1 Road"]
    # An address that is only blank lines is no address.
    blank = {"cps": (" ", "\n")}
    assert _lines("cps-complaint", "cps", recipients=blank)[0] == "Complaints Team"
    assert _lines("phso-complaint", None, recipients={"cps": ("x",)})[0] == (
        "Parliamentary and Health Service Ombudsman"
    )


def test_an_address_book_entry_chosen_for_the_case_is_used_under_its_team() -> None:
    chosen = {"cps": ("CPS Yorkshire", "Ryedale House")}
    assert _lines("cps-complaint", "cps", chosen=chosen) == [
        "Complaints Team", "CPS Yorkshire", "Ryedale House",
    ]  # fmt: skip
    # The entry already names the team: not said twice.
    named = {"cps": ("Victim Liaison Unit", "CPS Yorkshire")}
    assert _lines("cps-vrr", "cps", chosen=named) == ["Victim Liaison Unit", "CPS Yorkshire"]
    # A chaser goes to the officer, at the station chosen.
    station = {"police": ("Northdale Police Station", "High St")}
    assert _lines("chaser", "police", chosen=station) == [
        "DC Hale", "Northdale Police Station", "High St",
    ]  # fmt: skip
    assert _lines("chaser", "police", NO_FORCE, chosen=station)[0] == (
        "[MISSING: officer in charge]"
    )


def test_an_entry_deleted_from_the_address_book_since_is_a_visible_gap() -> None:
    lines = _lines("cps-complaint", "cps", chosen={"cps": None})
    assert lines[0] == "Complaints Team"
    assert lines[1] == (
        "[MISSING: recipient (CPS Area): the address-book entry chosen for this case is no "
        "longer in the address book; choose another on the case's Overview]"
    )
    assert len(lines) == 2
    assert _lines("cps-complaint", "cps", chosen={"cps": (" ",)})[1] == lines[1]


def test_a_letter_to_an_agency_the_advocate_names_uses_that_agencys_entry() -> None:
    """A complaint to probation goes to the probation entry chosen for the case; a welfare
    letter to the force as employer to the force's entry."""
    chosen = {"probation": ("Northdale Probation Delivery Unit", "2 Quay St"),
              "police": ("Northdale Police HQ", "1 Road")}  # fmt: skip
    assert _lines("provider-complaint", "probation", chosen=chosen) == [
        "Complaints Team", "Northdale Probation Delivery Unit", "2 Quay St",
    ]  # fmt: skip
    assert _lines("provider-complaint", "police_employer", chosen=chosen)[1:] == [
        "Northdale Police HQ", "1 Road",
    ]  # fmt: skip


def test_the_force_is_named_where_the_record_has_it() -> None:
    assert _lines("wcu-complaint", "wcu")[2] == "Northdale Constabulary"
    assert _lines("police-complaint", "police")[1] == "Northdale Constabulary"
    assert _lines("provider-complaint", "police_employer", NO_FORCE)[1] == (
        "[MISSING: police force]"
    )


# Whom a complaint is about -------------------------------------------------------------------


def _against(agency: str) -> ComplaintFact:
    return ComplaintFact("c1", agency, date(2026, 3, 2), None, None)


def test_the_body_complained_of_is_named_with_its_force_or_area() -> None:
    gap = "the organisation complained about"
    assert complained_of(None, CASE, {}) == Missing(gap)
    assert complained_of(_against(""), CASE, {}) == Missing(gap)
    assert complained_of(_against("police"), CASE, {}) == "Northdale Constabulary"
    entry = {"police": ("Eastvale Police HQ", "1 Road")}
    assert complained_of(_against("police"), NO_FORCE, entry) == "Eastvale Police HQ"
    assert complained_of(_against("police"), NO_FORCE, {}) == (
        "[MISSING: police force complained about]"
    )
    area = {"cps": ("CPS Yorkshire and Humberside",)}
    assert complained_of(_against("cps"), CASE, area) == (
        "Crown Prosecution Service, CPS Yorkshire and Humberside"
    )
    assert complained_of(_against("cps"), CASE, {}) == (
        "Crown Prosecution Service, [MISSING: CPS Area that dealt with the case]"
    )
    assert complained_of(_against("wcu"), CASE, {}) == (
        "Witness Care Unit run by Northdale Constabulary"
    )
    assert complained_of(_against("wcu"), NO_FORCE, {}) == (
        "Witness Care Unit run by [MISSING: police force that runs the unit]"
    )
    assert complained_of(_against("probation"), CASE, {}) == "Probation Service"
