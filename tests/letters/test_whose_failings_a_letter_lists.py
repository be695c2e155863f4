"""Whose obligations a letter lists, and how each missed one is put (issue 21 §2: mutants of
letters/breach_facts.py, decision_facts.py and complaint_facts.py that the letter tests let live).

Each test names what an advocate would send wrongly, or a victim lose, if the line changed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.letters.cases import CPS_EVENTS, _facts, cps_facts, ev, evaluation_of, police_facts
from tests.letters.test_latest_and_same_day import Reason
from vcop_desktop.domain.obligations import Category
from vcop_desktop.errors import UserError
from vcop_desktop.letters.breach_facts import breaches_of
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.fact_items import Breach, DecisionFact


def test_a_review_request_with_the_annex_lists_the_reviewing_agencys_obligations() -> None:
    """A VRR request (police) and a police complaint review name no agency in their kind's
    list of breaches: the annex must still be the police's obligations, not an empty table."""
    for kind in ("police-vrr", "police-complaint-review"):
        annex = police_facts(kind).annex
        assert annex, kind
        assert {o.owed_by for o in annex} == {"police"}, kind
    # A review request drafted before the complaint is on record is still about the police.
    early = police_facts("police-complaint-review", today="2026-10-11")
    assert early.complaint is None and {o.owed_by for o in early.annex} == {"police"}
    cps_annex = cps_facts("cps-vrr", today="2026-06-09").annex
    assert cps_annex and {o.owed_by for o in cps_annex} == {"cps"}
    order = [Category.CODE, Category.TARGET, Category.PRACTICE]
    categories = [o.category for o in cps_annex]
    assert categories == sorted(categories, key=order.index)


def _discontinued_untold(reason: str, given_on: date | None) -> Breach:
    # Discontinued 10 Mar 2026 (enhanced: told within 1 working day, by 11 Mar), never told.
    events = [ev("r", "crime_reported", "2026-03-02"), ev("d", "cps_discontinued", "2026-03-10")]
    known, evaluation = evaluation_of(events, "2026-04-10", flags=["sexual_offence"])
    reasons = [Reason("cps.inform_discontinued", "d", reason, given_on)]
    f = _facts("cps-complaint", known, evaluation, reasons=reasons)
    (breach,) = [b for b in f.breaches if b.duty == "cps.inform_discontinued"]
    return breach


def test_a_reason_with_no_day_given_is_quoted_without_a_day() -> None:
    breach = _discontinued_untold("  the file was\nmislaid ", None)
    assert (breach.right, breach.right_label) == (6, "Right 6")
    assert breach.arose == "the CPS decision to discontinue the case on 10 March 2026"
    assert breach.happened == "not met: our records show it had not been done as of 10 April 2026"
    assert breach.agency_reason == (
        "The Crown Prosecution Service gave this reason: \u201cthe file was mislaid\u201d."
    )


def test_a_blank_reason_on_record_is_never_quoted_as_the_agencys_reason() -> None:
    """An empty quotation would tell the recipient the agency explained itself when the record
    holds no explanation at all."""
    assert _discontinued_untold("  \n ", date(2026, 3, 20)).agency_reason == ""


def test_a_missed_good_practice_step_never_hides_the_code_breaches_listed_after_it() -> None:
    """No shipped good-practice step has a time limit, but a rule pack or law update may add
    one: it is left out of the letter (it is not a duty), and the breaches after it stay in."""
    events = [ev("r", "crime_reported", "2026-03-02"), ev("d", "cps_discontinued", "2026-03-10")]
    known, evaluation = evaluation_of(events, "2026-04-10", flags=["sexual_offence"])
    missed = [o for o in evaluation.obligations if o.owed_by == "cps" and o.status.is_breach]
    assert missed
    practice = replace(missed[0], duty="practice.cps_call_back", category=Category.PRACTICE)
    with_practice = replace(evaluation, obligations=(practice, *evaluation.obligations))
    listed = breaches_of(frozenset({"cps"}), known, with_practice)
    without = breaches_of(frozenset({"cps"}), known, evaluation)
    assert [b.duty for b in listed] == [b.duty for b in without]
    assert listed and "practice.cps_call_back" not in [b.duty for b in listed]


def test_a_missed_step_with_no_right_is_named_by_its_scheme_or_its_source() -> None:
    """A late CPS stage 1 reply breaks no numbered Right: the letter names the CPS complaints
    procedure, and a target unknown to the letters is named by the source its rule cites."""
    f = cps_facts("cps-complaint-iac")
    (reply,) = [b for b in f.targets if b.duty == "cps.complaint_stage1_reply"]
    assert reply.right is None and reply.right_label == "the CPS complaints procedure"
    known, evaluation = evaluation_of(CPS_EVENTS, "2026-09-15", flags=["sexual_offence"])
    late = next(o for o in evaluation.obligations if o.duty == "cps.complaint_stage1_reply")
    other = replace(late, duty="cps.new_target", source="CPS Service Standard (2027)")
    listed = breaches_of(frozenset({"cps"}), known, replace(evaluation, obligations=(other,)))
    assert [b.right_label for b in listed] == ["CPS Service Standard (2027)"]


def test_a_breach_whose_event_is_not_on_record_says_so_plainly() -> None:
    """The letter never invents a day or an event it cannot see in the record."""
    _, evaluation = evaluation_of(CPS_EVENTS, "2026-09-15", flags=["sexual_offence"])
    late = next(o for o in evaluation.obligations if o.duty == "cps.complaint_stage1_reply")
    (breach,) = breaches_of(frozenset({"cps"}), (), replace(evaluation, obligations=(late,)))
    assert (breach.trigger_phrase, breach.arose, breach.trigger_date) == (
        "the triggering event",
        "the triggering event",
        None,
    )


# -- decisions (decision_facts.py) -------------------------------------------------------------


def test_a_review_request_says_when_the_victim_was_told_of_the_decision() -> None:
    """The victim's time to ask for a review runs from being told: the letter gives that day,
    from the agency's duty to tell, recorded as met (CPS 4 June; police 9 October 2026)."""
    cps = cps_facts("cps-vrr", today="2026-06-09")
    assert isinstance(cps.decision, DecisionFact) and cps.decision.told_on == date(2026, 6, 4)
    assert "was told of it on 4 June 2026" in draft_letter(cps).text
    police = police_facts("police-vrr")
    assert isinstance(police.decision, DecisionFact)
    assert police.decision.told_on == date(2026, 10, 9)
    # Not yet told: no day is given.
    early = police_facts("police-vrr", today="2026-10-05")
    assert isinstance(early.decision, DecisionFact) and early.decision.told_on is None
    assert "was told of it" not in draft_letter(early).text


def test_naming_a_decision_in_a_case_with_none_says_the_case_records_none() -> None:
    with pytest.raises(
        UserError, match=r"'c7' is not one this police-vrr .*; the case records none$"
    ):
        cps_facts("police-vrr", today="2026-06-09", decision_id="c7")


def test_a_cps_reply_late_by_right_12_but_within_its_own_target_is_still_listed() -> None:
    """Complaint 8 June 2026, stage 1 reply 29 June: within the CPS's own 20 working days
    (6 July), but after Right 12's 10 (22 June). That late reply is the one breach to list."""
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("dm", "duty_met", "2026-03-11", duty="cps.inform_discontinued", trigger="d"),
        ev("c", "complaint_made", "2026-06-08", against="cps"),
        ev("a", "cps_complaint_stage1_reply", "2026-06-29", complaint="c"),
    ]
    known, evaluation = evaluation_of(events, "2026-07-01", flags=["sexual_offence"])
    f = _facts("cps-complaint-stage2", known, evaluation)
    assert [(b.duty, b.met_on) for b in f.breaches] == [
        ("provider.complaint_reply", date(2026, 6, 29))
    ]
    assert not f.targets


def test_a_review_request_gives_the_victims_deadlines_from_the_decision_it_challenges() -> None:
    """Two CPS decisions (discontinued 1 June, no charge 5 June 2026): a request about the
    second must give the victim's time limits that run from the second, not the first."""
    events = [
        *CPS_EVENTS,
        ev("c20", "cps_decision_no_charge", "2026-06-05"),
        ev("v7", "cps_vrr_requested", "2026-06-08", decision="c7"),  # the first one met
    ]
    known, evaluation = evaluation_of(events, "2026-06-09", flags=["sexual_offence"])
    for chosen in ("c7", "c20"):
        f = _facts("cps-vrr", known, evaluation, decision_id=chosen)
        own = {
            o.duty: (o.due, o.limit, o.status, o.met_on, o.what, o.reason)
            for o in evaluation.obligations
            if o.trigger == chosen and o.duty in ("victim.cps_vrr_prompt", "victim.cps_vrr")
        }
        assert len(own) == 2
        given = {
            d.duty: (d.due, d.limit, d.status, d.met_on, d.what, d.reason) for d in f.deadlines
        }
        assert given == own, chosen
        assert (given["victim.cps_vrr"][3] is not None) == (chosen == "c7")


# -- the complaint's history (complaint_facts.py) ----------------------------------------------


def test_a_cps_escalation_is_named_for_the_stage_it_asked_for() -> None:
    """An escalation before the stage 2 reply asked for a stage 2 review; one after it was the
    referral to the Independent Assessor. The Ombudsman must read which is which."""
    events = [*CPS_EVENTS, ev("c15", "cps_complaint_escalated", "2026-09-10")]
    known, evaluation = evaluation_of(events, "2026-11-23", flags=["sexual_offence"])
    f = _facts("phso-complaint", known, evaluation)
    assert [(s.phrase, s.date.isoformat()) for s in f.history] == [
        ("the complaint to the Crown Prosecution Service", "2026-06-08"),
        ("the stage 1 reply", "2026-07-20"),
        ("request for a stage 2 review", "2026-08-03"),
        ("the stage 2 reply", "2026-09-01"),
        ("the final response to the complaint", "2026-09-01"),
        ("referral to the Independent Assessor", "2026-09-10"),
    ]
    assert f.enclosures == (
        "The complaint to the Crown Prosecution Service, dated 8 June 2026",
        "The final response to the complaint, dated 1 September 2026",
    )


def test_naming_the_wrong_event_lists_the_decisions_the_letter_can_answer() -> None:
    """The advocate who typed the wrong event id is told which ones to choose from."""
    refused = r"'c1' is not one this cps-vrr letter can answer; choose one with --decision: c7 \("
    with pytest.raises(UserError, match=refused):
        cps_facts("cps-vrr", today="2026-06-09", decision_id="c1")


def test_a_letter_that_answers_no_decision_shows_a_gap_where_a_template_quotes_one() -> None:
    """An organisation's own template may quote the decision in any letter: a complaint letter
    answers none, and the letter must show a visible gap there, never a blank."""
    assert str(police_facts("police-complaint").decision) == "[MISSING: decision]"


def test_a_review_request_with_no_decision_on_record_names_the_decisions_it_could_answer() -> None:
    """The gap tells the advocate what to record: any one of the decisions the scheme covers."""
    assert str(police_facts("cps-vrr").decision) == (
        "[MISSING: the CPS decision not to charge or the CPS decision to discontinue the case or "
        "the CPS decision to offer no evidence or the decision to leave the charges on file "
        "(none recorded in the case)]"
    )


def test_a_reply_that_names_its_complaint_is_matched_to_it_not_to_a_later_one() -> None:
    """Complaints to the CPS on 16 March and 4 May 2026; the stage 1 reply of 1 June answers
    the first. The stage 2 request about that reply is about the March complaint, even though
    the May one is the latest made before the reply."""
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("c1", "complaint_made", "2026-03-16", against="cps"),
        ev("c2", "complaint_made", "2026-05-04", against="cps"),
        ev("a1", "cps_complaint_stage1_reply", "2026-06-01", complaint="c1"),
    ]
    known, evaluation = evaluation_of(events, "2026-06-03", flags=["sexual_offence"])
    f = _facts("cps-complaint-stage2", known, evaluation)
    assert f.complaint is not None and f.complaint.event_id == "c1"
    assert [(s.type, s.date.isoformat()) for s in f.history] == [
        ("complaint_made", "2026-03-16"),
        ("cps_complaint_stage1_reply", "2026-06-01"),  # its own reply, though after May's
    ]


def test_an_unlinked_outcome_falls_to_the_latest_complaint_to_its_own_agency() -> None:
    """A police complaint (16 March 2026), then one to the CPS (4 May); the police outcome of
    1 June names neither. The review request is about the police complaint, never the CPS's."""
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("p", "complaint_made", "2026-03-16", against="police"),
        ev("c", "complaint_made", "2026-05-04", against="cps"),
        ev("o", "police_complaint_outcome", "2026-06-01"),
    ]
    known, evaluation = evaluation_of(events, "2026-06-03", flags=["sexual_offence"])
    f = _facts("police-complaint-review", known, evaluation)
    assert f.complaint is not None and f.complaint.event_id == "p"
    # The same for a CPS escalation: its stage 1 reply falls to the CPS complaint, not a later
    # police one.
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("c", "complaint_made", "2026-03-16", against="cps"),
        ev("p", "complaint_made", "2026-05-04", against="police"),
        ev("a", "cps_complaint_stage1_reply", "2026-06-01"),
    ]
    known, evaluation = evaluation_of(events, "2026-06-03", flags=["sexual_offence"])
    g = _facts("cps-complaint-stage2", known, evaluation)
    assert g.complaint is not None and g.complaint.event_id == "c"


def test_an_escalation_lists_only_the_matters_the_complaint_was_about() -> None:
    """The complaint named one matter (the late word of the discontinuance); the escalation
    must not add failings the victim never complained of."""
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("n", "cps_decision_no_charge", "2026-03-05"),  # its word is late too: not a matter
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("c", "complaint_made", "2026-04-01", against="cps",
           matters="cps.inform_discontinued@d"),
        ev("a", "cps_complaint_stage1_reply", "2026-04-20", complaint="c"),
    ]  # fmt: skip
    known, evaluation = evaluation_of(events, "2026-04-21", flags=["sexual_offence"])
    f = _facts("cps-complaint-stage2", known, evaluation)
    assert f.complaint is not None and f.complaint.matters == (("cps.inform_discontinued", "d"),)
    # ... and how the complaint itself was handled (its reply was late), which always belongs.
    listed = [(b.duty, b.trigger) for b in f.breaches]
    assert listed == [("cps.inform_discontinued", "d"), ("provider.complaint_reply", "c")]
    assert ("cps.inform_no_charge", "n") in [(b.duty, b.trigger) for b in f.left_out]


def test_a_reply_from_another_agency_is_not_told_as_a_step_of_this_complaint() -> None:
    """A police complaint (16 March 2026) and, unlinked, replies from the CPS (1 and 2 April):
    the police review request recounts the police complaint's steps only."""
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("p", "complaint_made", "2026-03-16", against="police"),
        ev("x", "complaint_reply_received", "2026-04-01", **{"from": "cps"}),
        ev("y", "cps_complaint_stage1_reply", "2026-04-02"),
        ev("o", "police_complaint_outcome", "2026-04-10"),
    ]
    # Written the day the outcome came: that outcome is a step already.
    known, evaluation = evaluation_of(events, "2026-04-10", flags=["sexual_offence"])
    f = _facts("police-complaint-review", known, evaluation)
    assert [(s.type, s.date.isoformat()) for s in f.history] == [
        ("complaint_made", "2026-03-16"),
        ("police_complaint_outcome", "2026-04-10"),
    ]


def test_a_later_complaint_does_not_take_the_steps_of_an_earlier_one() -> None:
    """Police complaint 16 March 2026, its (unlinked) outcome 10 April, a second complaint
    4 May: the review of the April outcome keeps that outcome in the first complaint's story."""
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("p", "complaint_made", "2026-03-16", against="police"),
        ev("o", "police_complaint_outcome", "2026-04-10"),
        ev("p2", "complaint_made", "2026-05-04", against="police"),
    ]
    known, evaluation = evaluation_of(events, "2026-05-10", flags=["sexual_offence"])
    f = _facts("police-complaint-review", known, evaluation)
    assert f.complaint is not None and f.complaint.event_id == "p"
    assert [(s.type, s.date.isoformat()) for s in f.history] == [
        ("complaint_made", "2026-03-16"),
        ("police_complaint_outcome", "2026-04-10"),
    ]


def test_an_unlinked_step_of_a_later_complaint_stays_out_of_an_earlier_ones_story() -> None:
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("p", "complaint_made", "2026-03-16", against="police"),
        ev("o", "police_complaint_outcome", "2026-04-10", complaint="p"),
        ev("p2", "complaint_made", "2026-05-04", against="police"),
        ev("o2", "police_complaint_outcome", "2026-06-01"),  # falls to May's complaint
    ]
    known, evaluation = evaluation_of(events, "2026-06-03", flags=["sexual_offence"])
    f = _facts("police-complaint-review", known, evaluation, decision_id="o")
    assert f.complaint is not None and f.complaint.event_id == "p"
    assert [s.date.isoformat() for s in f.history] == ["2026-03-16", "2026-04-10"]
