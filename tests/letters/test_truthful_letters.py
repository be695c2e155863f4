"""Letters read as the receiving agency and the victim's solicitor would (issue 9).

Fixture cases (on time, late, never told, two agencies with two complaints, an escalation after
new breaches arose) rendered through every kind to PDF and read back: no "in time" sentence
whose date has passed; no victim-owed or other-agency item in an annex or an escalation; no
"breach of the Code" for a scheme target; a complaint's history holds only its own events.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.letters.cases import POLICE_EVENTS, _facts, ev, evaluation_of
from tests.letters.pdftext import pdf_text
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.facts import LetterFacts
from vcop_desktop.letters.kinds import KINDS
from vcop_desktop.letters.pdf import render_draft
from vcop_desktop.letters.timing import Timing

#: Police and CPS each complained to about their own missed duty; after the complaints, each
#: misses another duty (which an escalation must not take in). Enhanced rights: 1 working day.
TWO_COMPLAINTS = [
    ev("r", "crime_reported", "2026-03-02"),
    ev("a", "suspect_arrested", "2026-03-02"),  # inform_arrest due 3 Mar: never met
    ev("d", "cps_discontinued", "2026-03-10"),  # inform_discontinued due 11 Mar
    ev("m1", "duty_met", "2026-03-13", duty="cps.inform_discontinued", trigger="d"),
    ev("cp", "complaint_made", "2026-03-16", against="police", matters="police.inform_arrest@a"),
    ev("cc", "complaint_made", "2026-03-17", against="cps", matters="cps.inform_discontinued@d",
       aware_on="2026-03-13"),
    ev("alt", "cps_charge_altered", "2026-04-01"),  # arises after the CPS complaint: never met
    ev("bail", "suspect_released_on_bail", "2026-04-06"),  # after the police complaint
    ev("s1", "cps_complaint_stage1_reply", "2026-04-20", complaint="cc"),
    ev("o1", "police_complaint_outcome", "2026-04-22", complaint="cp"),
    ev("s2", "cps_complaint_stage2_reply", "2026-06-01", complaint="cc"),
    ev("f", "complaint_final_response", "2026-06-01", complaint="cc"),
]  # fmt: skip


def facts(events: list[dict[str, Any]], kind: str, today: str, **kw: Any) -> LetterFacts:
    known, evaluation = evaluation_of(events, today, flags=["sexual_offence"])
    return _facts(kind, known, evaluation, **kw)


def text_of(f: LetterFacts, *, annex: bool = False) -> str:
    return " ".join(pdf_text(render_draft(draft_letter(f, annex=annex))).split())


_DATE = r"(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})"  # noqa: E501


def parse_long(text: str) -> date:
    from datetime import datetime

    return datetime.strptime(text, "%d %B %Y").date()


def assert_no_false_in_time(text: str, letter_date: date) -> None:
    """Every 'made within ... ends on D' names a D on or after the letter's date."""
    for match in re.finditer(r"is made within [^.]*?that period ends on " + _DATE, text):
        assert parse_long(match.group(1)) >= letter_date, match.group(0)


# -- every kind, on several days ------------------------------------------------------------


CASES = {
    "police": (POLICE_EVENTS, ["2026-10-20", "2026-11-23", "2027-02-01"]),
    "two-complaints": (TWO_COMPLAINTS, ["2026-04-23", "2026-05-19", "2026-06-15", "2027-07-01"]),
}


def kind_cases() -> list[tuple[str, str, str]]:
    return [(name, day, k.id) for name, (_, days) in CASES.items() for day in days for k in KINDS]


@pytest.mark.parametrize(("case", "day", "kind"), kind_cases())
def test_every_kind_on_every_day_says_only_what_is_true(case: str, day: str, kind: str) -> None:
    events = CASES[case][0]
    agency = "probation" if kind == "provider-complaint" else None
    # No fixture case has two decisions one request could challenge, so every kind drafts: a
    # refusal here is a failure (test_a_vrr_request_refuses_to_guess_between_decisions has one).
    f = facts(events, kind, day, agency=agency)
    draft = draft_letter(f, annex=True)
    text = " ".join(pdf_text(render_draft(draft)).split())
    assert_no_false_in_time(text, f.today)
    # The annex: the addressee's own obligations only, never the victim's deadlines.
    assert draft.annex is not None
    owners = {o.owed_by for o in draft.annex}
    assert "victim" not in owners
    assert len(owners) <= 1 or (kind == "phso-complaint" and f.complaint is None)
    # Scheme targets are never called breaches of the Code.
    assert all(b.category.value == "code" for b in f.breaches)
    for target in f.targets:
        assert f"**{target.right_label}**: the duty" not in draft.text
    if f.complaint is not None:
        assert {b.owed_by for b in f.breaches} <= {f.complaint.against}


# -- hand-worked letters ----------------------------------------------------------------------


def test_stage2_keeps_to_its_complaint_and_offers_a_new_one_for_later_breaches() -> None:
    f = facts(TWO_COMPLAINTS, "cps-complaint-stage2", "2026-05-05")
    assert f.complaint is not None and f.complaint.event_id == "cc"
    # Its matter, and how this complaint itself was handled (the stage 1 reply, due 15 Apr by
    # the CPS's own target, came 20 Apr): listed once, as the target, not again as Right 12.
    assert [b.duty for b in f.breaches] == ["cps.inform_discontinued"]
    assert [t.duty for t in f.targets] == ["cps.complaint_stage1_reply"]
    assert [b.duty for b in f.left_out] == ["cps.inform_charge_altered"]
    text = text_of(f, annex=True)
    # The stage 1 reply of 20 Apr: 1 month runs to 20 May, after the letter of 5 May.
    assert "This request is made within 1 month of the stage 1 reply, dated 20 April 2026; that " \
        "period ends on 20 May 2026." in text  # fmt: skip
    # History: this complaint's own steps only, nothing from the police complaint.
    assert "The complaint to the Crown Prosecution Service: 17 March 2026" in text
    assert "The stage 1 reply: 20 April 2026" in text
    assert "16 March 2026" not in text and "outcome letter" not in text
    assert "suspect's arrest" not in text  # a police matter
    assert "alteration of the charge" not in text.split("Annex")[0]  # arose after the complaint
    warnings = draft_letter(f).warnings
    assert any("Make a new complaint for it" in w for w in warnings)


def test_police_review_in_time_then_late() -> None:
    # Outcome letter 22 Apr 2026: 28 days end on 20 May 2026.
    on_time = text_of(facts(TWO_COMPLAINTS, "police-complaint-review", "2026-05-20"))
    assert "that period ends on 20 May 2026, and the application must reach you by then" in on_time
    late_f = facts(TWO_COMPLAINTS, "police-complaint-review", "2026-05-21")
    assert late_f.timing("victim.police_complaint_review").outcome is Timing.LATE
    late = text_of(late_f)
    assert "is made within" not in late
    assert "The 28 calendar days for an application for a review, counted from the complaint " \
        "outcome letter, dated 22 April 2026, ended on 20 May 2026." in late  # fmt: skip
    assert "[MISSING: the reasons the application is late]" in late
    # Its history: the police complaint and its outcome only.
    assert "The complaint to the police: 16 March 2026" in late
    assert "17 March 2026" not in late and "stage 1 reply" not in late
    assert "release on bail" not in late  # arose after the complaint


def test_ombudsman_counts_from_first_awareness_and_keeps_to_the_cps_complaint() -> None:
    f = facts(TWO_COMPLAINTS, "phso-complaint", "2026-06-15")
    text = text_of(f, annex=True)
    # aware_on 13 Mar 2026 recorded on the CPS complaint: 12 months to 13 Mar 2027.
    assert "first knowing of the problem, on 13 March 2026; that period ends on 13 March 2027" in (
        text
    )
    assert "suspect's arrest" not in text and "complaint to the police" not in text
    assert all(o.owed_by == "cps" for o in draft_letter(f, annex=True).annex or ())
    late = facts(TWO_COMPLAINTS, "phso-complaint", "2027-03-14")
    assert late.timing("victim.phso_complaint").outcome is Timing.LATE
    assert "special circumstances" in text_of(late)


NO_CHARGE = [
    ev("r", "crime_reported", "2026-03-02"),
    ev("i", "suspect_interviewed_under_caution", "2026-03-05"),
    ev("n", "police_decision_no_charge", "2026-04-01"),
]


def test_never_told_concedes_nothing() -> None:
    f = facts(NO_CHARGE, "police-vrr", "2026-09-01")  # 5 months after the decision
    text = text_of(f)
    assert (
        "no notification of the decision had been given to Zoë Łukasz-Ğül as of 1 September "
        "2026; this request is within the 3 months, which run from notification." in text
    )
    assert "ended on" not in text and "discretion" not in text and "late" not in text
    assert "Our records show no formal notification of the decision" in text
    assert "has not begun" not in text
    assert any("no notification has been given" in w for w in draft_letter(f).warnings)


def test_told_then_on_time_then_late() -> None:
    told = [*NO_CHARGE, ev("t", "duty_met", "2026-04-10", duty="police.inform_no_charge",
                             trigger="n")]  # fmt: skip
    # Told 10 Apr 2026: 3 months end on 10 Jul 2026.
    on_time = text_of(facts(told, "police-vrr", "2026-07-10"))
    assert "within 3 months of Zoë Łukasz-Ğül being told of the decision on 10 April 2026; " \
        "that period ends on 10 July 2026." in on_time  # fmt: skip
    late = text_of(facts(told, "police-vrr", "2026-07-11"))
    assert "is made within" not in late
    assert "ended on 10 July 2026. I ask you to accept this request at your discretion" in late


def test_cps_vrr_prompt_then_three_months_then_late() -> None:
    events = [
        ev("d", "cps_decision_no_charge", "2026-03-02"),
        ev("t", "duty_met", "2026-03-04", duty="cps.inform_no_charge", trigger="d"),
    ]
    # Told Wed 4 Mar 2026: 10 working days end Wed 18 Mar; 3 months end 4 Jun 2026.
    prompt = text_of(facts(events, "cps-vrr", "2026-03-18"))
    assert "that period ends on 18 March 2026. I therefore ask for a prompt review." in prompt
    middle_facts = facts(events, "cps-vrr", "2026-03-19")
    middle = text_of(middle_facts)
    # The passed prompt-review date is not volunteered to the CPS: the advocate is warned.
    assert "This request is made within 3 months" in middle
    assert "18 March 2026" not in middle and "prompt review" not in middle
    assert any(
        "prompt CPS review ended on 18 March 2026" in w for w in draft_letter(middle_facts).warnings
    )
    late = text_of(facts(events, "cps-vrr", "2026-06-05"))
    assert "ended on 4 June 2026. I ask you to accept this request because of exceptional " \
        "circumstances" in late and "is made within" not in late  # fmt: skip


def test_scheme_target_is_not_a_breach_of_the_code() -> None:
    events = [
        ev("i", "suspect_interviewed_under_caution", "2026-03-02"),
        ev("ti", "duty_met", "2026-03-03", duty="police.inform_interview", trigger="i"),
        ev("n", "police_decision_no_charge", "2026-03-09"),
        ev("t", "duty_met", "2026-03-10", duty="police.inform_no_charge", trigger="n"),
        ev("q", "police_vrr_requested", "2026-03-16"),
    ]
    f = facts(events, "police-complaint", "2026-06-01")
    assert f.breaches == ()
    assert {t.duty for t in f.targets} == {"police.vrr_acknowledge", "police.vrr_outcome"}
    text = text_of(f)
    assert "did not meet its own published targets (not Victims' Code time limits)" in text
    assert "breaches of the Code by the police" not in text
    assert "shows no police Victims' Code duty overdue or met late" in text


def test_wcu_letter_quotes_the_receipt_date_or_says_it_is_not_recorded() -> None:
    events = [
        ev("h1", "hearing_listed", "2026-03-02", hearing_date="2026-05-01", received="2026-03-04"),
        ev("h2", "hearing_listed", "2026-03-09", hearing_date="2026-05-08"),
    ]
    text = text_of(facts(events, "wcu-complaint", "2026-04-01"))
    assert "the listing of the hearing on 2 March 2026 (received by the unit on 4 March 2026)" in (
        text
    )
    assert "on 9 March 2026 (our records do not show when the unit received it)" in text


def test_chaser_asks_only_for_information() -> None:
    f = facts(POLICE_EVENTS, "chaser", "2026-11-23")
    assert f.chase_items and all(
        ".inform_" in b.duty or b.duty == "police.update" for b in f.chase_items
    )
    assert "police.refer_support" in {b.duty for b in f.outstanding}  # owed, but not chased
    assert "victim support service" not in draft_letter(f).text


def test_first_complaint_lists_only_the_ticked_matters() -> None:
    f = facts(POLICE_EVENTS, "police-complaint", "2026-11-23",
              matters_chosen=[("police.inform_interview", "p5")])  # fmt: skip
    assert [b.duty for b in f.breaches] == ["police.inform_interview"]
    assert "1 breach of the Code by the police" in draft_letter(f).text


def test_the_agencys_stated_reason_is_quoted_as_recorded() -> None:
    from dataclasses import dataclass

    @dataclass
    class Reason:
        duty: str
        trigger: str
        reason: str
        given_on: date | None

    reasons = [
        Reason("police.inform_arrest", "a", "officer on leave\nfor a week", date(2026, 3, 20))
    ]
    f = facts(TWO_COMPLAINTS, "police-complaint", "2026-04-23", reasons=reasons)
    arrest = next(b for b in f.breaches if b.duty == "police.inform_arrest")
    assert arrest.agency_reason == (
        "The police gave this reason on 20 March 2026: \u201cofficer on leave for a week\u201d."
    )
    text = text_of(f)  # (a page break may fall inside the sentence)
    assert "The police gave this reason on 20 March 2026:" in text
    assert "\u201cofficer on leave for a week\u201d." in text
    assert all(not b.agency_reason for b in f.breaches if b.duty != "police.inform_arrest")
