"""Facts come from the record only; gaps are explicit and visible; templates are safe and clear."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.letters.cases import (
    CASE,
    CPS_EVENTS,
    SENDER,
    VICTIM,
    ev,
    evaluation_of,
    police_facts,
)
from vcop_desktop.errors import UserError
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.facts import (
    CaseDetails,
    LetterFacts,
    Missing,
    SenderProfile,
    VictimDetails,
    build_facts,
)
from vcop_desktop.letters.kinds import kind_by_id
from vcop_desktop.letters.markup import find_gaps, parse_letter
from vcop_desktop.letters.words import long_date


def test_long_date_has_no_leading_zero_and_ignores_locale() -> None:
    assert long_date(date(2026, 10, 3)) == "3 October 2026"
    assert long_date(date(2026, 12, 23)) == "23 December 2026"


def test_missing_is_falsy_and_renders_as_a_marker() -> None:
    gap = Missing("crime reference")
    assert not gap
    assert str(gap) == "[MISSING: crime reference]"


def test_an_empty_record_gives_gaps_not_blanks() -> None:
    facts = police_facts(
        "police-complaint",
        victim=VictimDetails(),
        case=CaseDetails("VC-2026-0001"),
        sender=SenderProfile(),
    )
    draft = draft_letter(facts)
    for gap in (
        "crime reference",
        "victim's name",
        "organisation name",
        "advocate's name",
        "date of the victim's written authority for me to act",
        "police force",
        "offence",
    ):
        assert gap in draft.gaps
        assert f"[MISSING: {gap}]" in draft.text
    assert "None" not in draft.text


def test_a_complete_record_leaves_only_what_no_record_can_hold() -> None:
    recipients = {"police": ("Professional Standards Department", "Northdale Constabulary")}
    facts = police_facts("police-complaint", sender=replace(SENDER, recipients=recipients))
    assert draft_letter(facts).gaps == ()


def test_expired_authority_is_a_gap() -> None:
    victim = replace(VICTIM, written_authority_expires_on=date(2026, 10, 1))
    draft = draft_letter(police_facts("police-complaint", victim=victim))
    assert any("expired on 1 October 2026" in gap for gap in draft.gaps)


def test_contact_goes_through_the_advocate_unless_the_victim_chose_a_channel() -> None:
    facts = police_facts("police-complaint")
    assert facts.contact_via_advocate and facts.victim_contact == ()
    text = draft_letter(facts).text
    assert "07700 900123" not in text and "12 Example Row" not in text
    chosen = replace(VICTIM, safe_contact_method="email only", contact_warnings="no voicemail")
    facts = police_facts("police-complaint", victim=chosen)
    assert not facts.contact_via_advocate
    assert facts.victim_contact[0] == "Email: zoe@example.invalid"
    text = draft_letter(facts).text
    assert "Email: zoe@example.invalid" in text and "no voicemail" in text
    assert "12 Example Row" not in text  # a home address only when the victim chose post


def test_breaches_list_only_statutory_missed_duties_of_the_agency() -> None:
    facts = police_facts("police-complaint")
    assert {b.owed_by for b in facts.breaches} == {"police"}
    assert all(b.status.is_breach for b in facts.breaches)
    late = next(b for b in facts.breaches if b.duty == "police.inform_arrest")
    assert late.happened == "met late, on 25 June 2026"
    missed = next(b for b in facts.breaches if b.duty == "police.inform_interview")
    assert missed.happened == (
        "not met: our records show it had not been done as of 23 November 2026"
    )


def test_provider_complaint_needs_an_agency() -> None:
    with pytest.raises(UserError, match="needs the agency"):
        police_facts("provider-complaint")
    with pytest.raises(UserError, match="use provider-complaint"):
        police_facts("police-complaint", agency="cps")


def test_a_vrr_request_refuses_to_guess_between_decisions() -> None:
    events = [*CPS_EVENTS, ev("c20", "cps_decision_no_charge", "2026-06-05")]
    evs, evaluation = evaluation_of(events, "2026-06-09", flags=["sexual_offence"])

    def facts(decision: str | None) -> LetterFacts:
        return build_facts(
            kind=kind_by_id("cps-vrr"),
            case=CASE,
            victim=VICTIM,
            events=evs,
            evaluation=evaluation,
            sender=SENDER,
            decision_id=decision,
        )

    with pytest.raises(UserError, match=r"choose one with --decision: c7 .*; c20 "):
        facts(None)
    chosen = facts("c20")
    assert chosen.decision.event_id == "c20"  # type: ignore[union-attr]
    assert [d.duty for d in chosen.deadlines] == ["victim.cps_vrr_prompt", "victim.cps_vrr"]
    with pytest.raises(UserError, match="'c1' is not one this cps-vrr letter can answer"):
        facts("c1")


def test_no_decision_on_record_is_a_gap() -> None:
    draft = draft_letter(police_facts("cps-vrr"))
    assert any("none recorded in the case" in gap for gap in draft.gaps)


def test_record_values_cannot_break_the_text_format() -> None:
    victim = replace(VICTIM, name="Ann\n---\nTo: Evil\n# Heading")
    text = draft_letter(police_facts("police-complaint", victim=victim)).text
    letter = parse_letter(text)
    assert "Evil" not in " ".join(letter.recipient)
    assert "Ann --- To: Evil # Heading" in text


def test_letter_text_round_trip_and_bad_heading_line() -> None:
    text = draft_letter(police_facts("police-complaint")).text
    letter = parse_letter(text)
    assert letter.our_ref == "VC-2026-0042"
    assert letter.body[0].lines == ("Dear Sir or Madam,",)
    assert find_gaps("a [MISSING: x] b [MISSING:  x ] [MISSING: y]") == ("x", "y")
    with pytest.raises(UserError, match="line 2: 'Wrong: heading' is not a heading line"):
        parse_letter("From: Me\nWrong: heading\n---\nBody")


# -- templates ------------------------------------------------------------------------------


def test_an_organisation_template_overrides_the_bundled_one(tmp_path: Path) -> None:
    (tmp_path / "chaser.txt.j2").write_text(
        '{% extends "_base.txt.j2" %}{% block body %}Our own chaser for '
        "{{ facts.crime_reference }}.{% endblock %}",
        encoding="utf-8",
    )
    draft = draft_letter(police_facts("chaser"), templates_dir=tmp_path)
    assert "Our own chaser for ND/26/011234." in draft.text
    # Other kinds still come from the bundled templates.
    assert "formal complaint" in draft_letter(police_facts(), templates_dir=tmp_path).text


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("one\ntwo {% endfor %}\nthree\n", r"chaser\.txt\.j2, line 2: .*unknown tag 'endfor'"),
        ("one\ntwo\n{{ facts.no_such_thing }}\n", r"chaser\.txt\.j2, line 3: .*no_such_thing"),
        ("one\n{{ facts.access_needs if false else none }}\n", r"line 2: prints a value .*None"),
        ("{{ facts.__class__.__init__.__globals__ }}\n", r"chaser\.txt\.j2, line 1: "),
    ],
)
def test_a_broken_template_names_itself_and_the_line(
    tmp_path: Path, source: str, message: str
) -> None:
    (tmp_path / "chaser.txt.j2").write_text(source, encoding="utf-8")
    with pytest.raises(UserError, match=message) as caught:
        draft_letter(police_facts("chaser"), templates_dir=tmp_path)
    assert str(tmp_path) in str(caught.value)  # an organisation's file is named by its path


@pytest.mark.parametrize(
    ("method", "says"),
    [
        ("via advocate only", "has asked that all contact about this matter comes through me"),
        (None, "Please contact Zoë Łukasz-Ğül about this matter only through me"),
        ("phone, evenings", "Please contact Zoë Łukasz-Ğül about this matter only through me"),
    ],
    ids=["recorded", "nothing-recorded", "method-without-its-details"],
)
def test_a_letter_says_the_victim_asked_for_contact_through_me_only_when_recorded(
    method: str | None, says: str
) -> None:
    """Safe by default (contact through the advocate), but the letter may not say the victim
    asked for it unless the record shows she did (issue 18)."""
    victim = replace(VICTIM, safe_contact_method=method, phone=None)
    text = draft_letter(police_facts(victim=victim)).text
    assert says in " ".join(text.split())
    if method is None:
        assert "has asked that all contact" not in text


def test_an_address_line_typed_without_to_joins_the_address_above() -> None:
    """An advocate adds a line to the addressee without "To:": kept, not refused at the PDF."""
    letter = parse_letter(
        "To: Police Headquarters\n1 Station Road\nND1 1AA\nDate: 1 May 2026\n---\nB"
    )
    assert letter.recipient == ["Police Headquarters", "1 Station Road", "ND1 1AA"]
    assert letter.date == "1 May 2026"
    with pytest.raises(UserError, match="line 1: 'Station Road' is not a heading line"):
        parse_letter("Station Road\nTo: Police\n---\nBody")  # nothing above to join
