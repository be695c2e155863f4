"""Letters go to the address-book entry the case chose: its current text, every line of it,
ahead of sender.toml's [recipients]; an entry deleted since is a visible gap, never a crash."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.letters.cases import SENDER, cps_facts, police_facts
from tests.letters.pdftext import pdf_pages
from vcop_desktop.letters.addressee import chosen_lines, recipient_slot
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.kinds import KINDS, kind_by_id
from vcop_desktop.letters.markup import parse_letter
from vcop_desktop.letters.pdf import render_draft
from vcop_desktop.storage.address_book import make_entry

FIVE_LINES = ("Police Headquarters", "Ladywell House", "1 Station Road", "Northdale", "ND1 1AA")
FORCE = make_entry("police", "Northdale Constabulary", list(FIVE_LINES))
AREA = make_entry("cps", "CPS Northdale", ["Victim Liaison Unit", "2 Court Street", "ND2 2BB"])
IOPC = make_entry(
    "iopc", "Independent Office for Police Conduct", ["PO Box 473", "Sale", "M33 0BW"]
)
PHSO = make_entry(
    "phso", "Parliamentary and Health Service Ombudsman", ["Millbank Tower", "London", "SW1P 4QP"]
)
BOOK = [FORCE, AREA, IOPC, PHSO]


def test_every_kind_has_a_slot_and_provider_complaints_follow_the_agency() -> None:
    slots = {k.id: recipient_slot(k, "probation" if k.needs_agency else None) for k in KINDS}
    assert slots == {
        "police-complaint": "police", "cps-complaint": "cps", "cps-complaint-stage2": "cps",
        "cps-complaint-iac": "iac", "wcu-complaint": "wcu", "provider-complaint": "probation",
        "police-vrr": "police", "cps-vrr": "cps", "police-complaint-review": "review",
        "phso-complaint": "phso", "chaser": "police",
    }  # fmt: skip
    provider = kind_by_id("provider-complaint")
    assert recipient_slot(provider, "police_employer") == "police"
    assert recipient_slot(provider, "some_council") is None


def test_the_chosen_entry_is_the_recipient_line_by_line_and_wins_over_sender_toml() -> None:
    sender = replace(SENDER, recipients={"police": ("Old PSD", "Somewhere else")})
    chosen = chosen_lines({"police": FORCE.id}, BOOK)
    letter = parse_letter(draft_letter(police_facts(sender=sender, chosen=chosen)).text)
    assert letter.recipient == [
        "Professional Standards Department", "Northdale Constabulary", *FIVE_LINES
    ]  # fmt: skip
    vrr = draft_letter(police_facts("police-vrr", chosen=chosen)).text
    assert parse_letter(vrr).recipient[:2] == [
        "Victims' Right to Review Team",
        "Northdale Constabulary",
    ]
    chaser = parse_letter(draft_letter(police_facts("chaser", chosen=chosen)).text)
    assert chaser.recipient[:2] == ["DC Tomasz Wróbel", "Northdale Constabulary"]
    # Without a choice, sender.toml's [recipients] still addresses the letter.
    plain = parse_letter(draft_letter(police_facts(sender=sender)).text)
    assert plain.recipient == ["Old PSD", "Somewhere else"]


def test_a_review_body_or_the_ombudsman_is_not_given_a_team_line() -> None:
    review = police_facts("police-complaint-review", chosen=chosen_lines({"review": IOPC.id}, BOOK))
    assert parse_letter(draft_letter(review).text).recipient == list(IOPC.lines)
    phso = cps_facts("phso-complaint", chosen=chosen_lines({"phso": PHSO.id}, BOOK))
    assert parse_letter(draft_letter(phso).text).recipient == list(PHSO.lines)
    vrr = cps_facts("cps-vrr", chosen=chosen_lines({"cps": AREA.id}, BOOK))
    assert parse_letter(draft_letter(vrr).text).recipient == ["CPS Northdale", *AREA.address]


def test_the_letter_shows_the_entry_as_it_is_now() -> None:
    moved = make_entry("police", "Northdale Police", ["New HQ", "ND9 9ZZ"], entry_id=FORCE.id)
    chosen = chosen_lines({"police": FORCE.id}, [moved, AREA])
    recipient = parse_letter(draft_letter(police_facts(chosen=chosen)).text).recipient
    assert recipient == ["Professional Standards Department", "Northdale Police", "New HQ",
                         "ND9 9ZZ"]  # fmt: skip


@pytest.mark.parametrize("kind", ["police-complaint", "chaser", "police-complaint-review"])
def test_a_deleted_entry_is_a_gap_and_the_pdf_is_still_made(kind: str) -> None:
    chosen = chosen_lines({"police": "gone1234", "review": "gone5678"}, BOOK)
    assert chosen == {"police": None, "review": None}
    draft = draft_letter(police_facts(kind, chosen=chosen))
    gap = next(g for g in draft.gaps if "no longer in the address book" in g)
    assert "choose another on the case's Overview" in gap
    assert render_draft(draft).startswith(b"%PDF")


def test_a_five_line_address_is_five_lines_in_the_pdf() -> None:
    chosen = chosen_lines({"police": FORCE.id}, BOOK)
    pdf = render_draft(draft_letter(police_facts(chosen=chosen)))
    lines = [line.strip() for line in pdf_pages(pdf)[0].splitlines()]
    start = lines.index("Northdale Constabulary")
    assert lines[start - 1] == "Professional Standards Department"
    assert lines[start + 1 : start + 6] == list(FIVE_LINES)
