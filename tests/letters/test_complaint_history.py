"""Which complaint an escalation letter is about, the steps it recounts, and what it encloses
(issue 21 §2: the mutants of letters/complaint_facts.py that the letter tests let live).

Each test names what would go wrong for the victim if the line changed: a letter to the
Ombudsman or the Independent Assessor about the wrong complaint, a history that leaves out or
borrows a step, or an enclosure list that names the wrong document.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcop_desktop.domain.events import Event
from vcop_desktop.letters.complaint_facts import (
    complaint_of,
    enclosures_of,
    history_of,
    own_step,
)
from vcop_desktop.letters.fact_items import ComplaintFact, DecisionFact, Missing, Step
from vcop_desktop.letters.kinds import kind_by_id

_NO_DECISION = Missing("decision")


def _e(event_id: str, kind: str, day: str, position: int = 0, **fields: Any) -> Event:
    return Event(event_id, kind, date.fromisoformat(day), fields, position)


def _decision(event: Event) -> DecisionFact:
    return DecisionFact(event.id, event.type, "the reply", event.date, None)


def _complaint(event: Event) -> ComplaintFact:
    found = complaint_of(kind_by_id("phso-complaint"), [event], _NO_DECISION, event.date)
    assert found is not None
    return found


# complaint_of ------------------------------------------------------------------------------


def test_an_escalation_is_about_the_complaint_its_reply_names_not_a_later_one() -> None:
    """The outcome letter answers the first complaint; a second complaint made since must not
    take its place, or the review body is asked about a complaint not yet answered."""
    first = _e("c1", "complaint_made", "2026-03-02", against="police", reference=" PSD/1 ")
    second = _e("c2", "complaint_made", "2026-04-06", 1, against="police")
    outcome = _e("o1", "police_complaint_outcome", "2026-05-04", 2, complaint="c1")
    events = [first, second, outcome]
    found = complaint_of(
        kind_by_id("police-complaint-review"), events, _decision(outcome), date(2026, 6, 1)
    )
    assert found is not None and found.event_id == "c1"
    assert found.reference == "PSD/1"


def test_a_reply_naming_no_complaint_falls_to_the_latest_complaint_made_on_or_before_it() -> None:
    """Without a link, the reply belongs to the agency's latest complaint up to the reply's
    day, the same day included; a complaint made after the reply is not what it answered."""
    kind = kind_by_id("cps-complaint-stage2")
    older = _e("c1", "complaint_made", "2026-03-02", against="cps")
    same_day = _e("c2", "complaint_made", "2026-04-06", 1, against="cps")
    to_police = _e("c3", "complaint_made", "2026-04-06", 2, against="police")
    reply = _e("r1", "cps_complaint_stage1_reply", "2026-04-06", 3)
    later = _e("c4", "complaint_made", "2026-04-07", 4, against="cps")
    events = [older, same_day, to_police, reply, later]
    found = complaint_of(kind, events, _decision(reply), date(2026, 6, 1))
    assert found is not None and found.event_id == "c2"
    # Without the same-day complaint, the older one (never the later one) is the answer.
    events = [older, to_police, reply, later]
    found = complaint_of(kind, events, _decision(reply), date(2026, 6, 1))
    assert found is not None and found.event_id == "c1"


def test_with_no_decision_the_latest_complaint_to_the_agency_up_to_today_is_the_one() -> None:
    """A draft with no decision chosen is about the complaint made most recently to that
    agency on or before the letter's day, even one made that very day."""
    kind = kind_by_id("cps-complaint-stage2")
    events = [
        _e("c1", "complaint_made", "2026-03-02", against="cps"),
        _e("c2", "complaint_made", "2026-04-06", 1, against="cps"),
        _e("c3", "complaint_made", "2026-04-08", 2, against="police"),
        _e("c4", "complaint_made", "2026-04-09", 3, against="cps"),
    ]
    found = complaint_of(kind, events, _NO_DECISION, date(2026, 4, 8))
    assert found is not None and found.event_id == "c2"
    found = complaint_of(kind, events, _NO_DECISION, date(2026, 4, 9))
    assert found is not None and found.event_id == "c4"
    assert complaint_of(kind, events, _NO_DECISION, date(2026, 3, 1)) is None


def test_a_letter_to_a_third_party_recounts_the_agency_complained_about() -> None:
    """The Independent Assessor hears CPS complaints only and the review body police ones:
    the letter must not take up a later complaint to another agency."""
    events = [
        _e("c1", "complaint_made", "2026-03-02", against="cps"),
        _e("c2", "complaint_made", "2026-03-09", 1, against="police"),
        _e("c3", "complaint_made", "2026-03-16", 2, against="wcu"),
    ]
    today = date(2026, 4, 1)
    iac = complaint_of(kind_by_id("cps-complaint-iac"), events, _NO_DECISION, today)
    review = complaint_of(kind_by_id("police-complaint-review"), events, _NO_DECISION, today)
    assert iac is not None and iac.event_id == "c1"
    assert review is not None and review.event_id == "c2"
    # The Ombudsman hears a complaint about any agency: the latest one.
    phso = complaint_of(kind_by_id("phso-complaint"), events, _NO_DECISION, today)
    assert phso is not None and phso.event_id == "c3"


def test_the_complaint_keeps_what_the_record_says_of_it() -> None:
    made = _e(
        "c1",
        "complaint_made",
        "2026-03-02",
        against="cps",
        aware_on=date(2026, 2, 20),
        matters="cps.inform_discontinued@d1 cps.vrr@d1",
        reference="CPS/NW/77",
    )
    assert _complaint(made) == ComplaintFact(
        event_id="c1",
        against="cps",
        date=date(2026, 3, 2),
        aware_on=date(2026, 2, 20),
        matters=(("cps.inform_discontinued", "d1"), ("cps.vrr", "d1")),
        reference="CPS/NW/77",
    )
    bare = _complaint(_e("c2", "complaint_made", "2026-03-02"))
    assert (bare.against, bare.aware_on, bare.matters, bare.reference) == ("", None, None, None)


def test_a_decision_not_in_the_record_falls_back_to_the_latest_complaint() -> None:
    """A decision deleted from the record while a draft was open is no reason to fail the
    draft: the letter is about the latest complaint to the agency up to the decision's day."""
    events = [_e("c1", "complaint_made", "2026-03-02", against="police")]
    gone = DecisionFact(
        "deleted", "police_complaint_outcome", "the outcome", date(2026, 4, 1), None
    )
    found = complaint_of(kind_by_id("police-complaint-review"), events, gone, date(2026, 5, 1))
    assert found is not None and found.event_id == "c1"


# history_of --------------------------------------------------------------------------------


def _steps(steps: tuple[Step, ...]) -> list[tuple[str, str, date]]:
    return [(s.type, s.phrase, s.date) for s in steps]


def test_a_cps_complaint_history_is_told_in_order_with_each_stage_named() -> None:
    """Stage 1 reply, the request for stage 2, the stage 2 reply, the referral to the
    Assessor: each step once, in order, in words; nothing after the letter's day."""
    events = [
        _e("x", "crime_reported", "2026-01-05"),
        _e("c1", "complaint_made", "2026-03-02", 1, against="cps"),
        _e("r1", "cps_complaint_stage1_reply", "2026-04-01", 2),
        _e("e1", "cps_complaint_escalated", "2026-04-08", 3),
        _e("r2", "cps_complaint_stage2_reply", "2026-05-06", 4),
        _e("e2", "cps_complaint_escalated", "2026-05-13", 5),
        _e("f1", "complaint_final_response", "2026-05-20", 6, complaint="c1"),
    ]
    complaint = _complaint(events[1])
    steps = history_of(events, complaint, "cps", date(2026, 5, 13))
    assert _steps(steps) == [
        ("complaint_made", "the complaint to the Crown Prosecution Service", date(2026, 3, 2)),
        ("cps_complaint_stage1_reply", "the stage 1 reply", date(2026, 4, 1)),
        ("cps_complaint_escalated", "request for a stage 2 review", date(2026, 4, 8)),
        ("cps_complaint_stage2_reply", "the stage 2 reply", date(2026, 5, 6)),
        ("cps_complaint_escalated", "referral to the Independent Assessor", date(2026, 5, 13)),
    ]
    # The letter that is itself the referral does not list itself, but the earlier request.
    own = ("cps_complaint_escalated", date(2026, 5, 13))
    itself = history_of(events, complaint, "cps", date(2026, 5, 13), own=own)
    assert [s.date for s in itself if s.type == "cps_complaint_escalated"] == [date(2026, 4, 8)]
    assert len(itself) == 4


def test_a_history_keeps_to_its_own_complaint_among_several() -> None:
    """Two complaints to the CPS and one to the police: the second CPS complaint's history
    holds its own complaint, the steps that name it, and the unlinked steps made after it,
    never the first complaint's reply or a police step."""
    events = [
        _e("c1", "complaint_made", "2026-03-02", 0, against="cps"),
        _e("r1", "cps_complaint_stage1_reply", "2026-03-30", 1, complaint="c1"),
        _e("p1", "complaint_made", "2026-04-01", 2, against="police"),
        _e("c2", "complaint_made", "2026-04-06", 3, against="cps"),
        _e("r0", "cps_complaint_stage1_reply", "2026-04-06", 4),
        _e("r1b", "cps_complaint_stage2_reply", "2026-04-20", 5, complaint="c1"),
        _e("po", "police_complaint_outcome", "2026-04-21", 6),
        _e("g1", "complaint_reply_received", "2026-04-22", 7, **{"from": "police"}),
        _e("g2", "complaint_reply_received", "2026-04-23", 8, **{"from": "cps"}),
        _e("f2", "complaint_final_response", "2026-04-24", 9),
        _e("f1", "complaint_final_response", "2026-04-25", 10, complaint="c1"),
    ]
    second = _complaint(events[3])
    steps = history_of(events, second, "cps", date(2026, 5, 1))
    assert [s.type for s in steps] == [
        "complaint_made",
        "cps_complaint_stage1_reply",
        "complaint_reply_received",
        "complaint_final_response",
    ]
    assert [s.date for s in steps] == [
        date(2026, 4, 6), date(2026, 4, 6), date(2026, 4, 23), date(2026, 4, 24)
    ]  # fmt: skip
    first = _complaint(events[0])
    first_steps = history_of(events, first, "cps", date(2026, 5, 1))
    assert [s.date for s in first_steps] == [
        date(2026, 3, 2), date(2026, 3, 30), date(2026, 4, 20), date(2026, 4, 25)
    ]  # fmt: skip


def test_a_step_recorded_before_any_complaint_to_its_agency_belongs_to_none() -> None:
    """A stage 1 reply dated before the complaint (a typing slip) is not told as the reply
    to it: the letter would say the CPS answered before it was asked."""
    events = [
        _e("r0", "cps_complaint_stage1_reply", "2026-03-01", 0),
        _e("c1", "complaint_made", "2026-03-02", 1, against="cps"),
    ]
    steps = history_of(events, _complaint(events[1]), "cps", date(2026, 4, 1))
    assert [s.type for s in steps] == ["complaint_made"]


def test_an_unlinked_step_of_no_agency_belongs_to_the_latest_complaint_to_any() -> None:
    """A final response names no agency: it falls to the latest complaint made on or before
    it, whoever that complaint was to."""
    events = [
        _e("c1", "complaint_made", "2026-03-02", 0, against="cps"),
        _e("p1", "complaint_made", "2026-03-09", 1, against="police"),
        _e("f1", "complaint_final_response", "2026-03-09", 2),
    ]
    cps = history_of(events, _complaint(events[0]), "cps", date(2026, 4, 1))
    police = history_of(events, _complaint(events[1]), "police", date(2026, 4, 1))
    assert [s.type for s in cps] == ["complaint_made"]
    assert [(s.type, s.phrase) for s in police] == [
        ("complaint_made", "the complaint to the police"),
        ("complaint_final_response", "the final response to the complaint"),
    ]


def test_a_step_on_the_letters_day_is_told_and_a_later_one_is_not() -> None:
    events = [
        _e("c1", "complaint_made", "2026-03-02", 0, against="police"),
        _e("o1", "police_complaint_outcome", "2026-04-01", 1),
        _e("v1", "police_complaint_review_requested", "2026-04-02", 2),
    ]
    complaint = _complaint(events[0])
    on_the_day = history_of(events, complaint, "police", date(2026, 4, 1))
    assert [s.type for s in on_the_day] == ["complaint_made", "police_complaint_outcome"]
    # The review letter dated after its own request lists the request only when it is not
    # the letter itself (the letter's step is from the outcome's day on).
    own = ("police_complaint_review_requested", date(2026, 4, 1))
    assert len(history_of(events, complaint, "police", date(2026, 4, 2), own=own)) == 2
    earlier = ("police_complaint_review_requested", date(2026, 4, 3))
    # A reply recorded after the letter's own step is still part of the history.
    reply = _e("g1", "complaint_reply_received", "2026-04-02", 3, **{"from": "police"})
    told = history_of([*events, reply], complaint, "police", date(2026, 4, 2), own=own)
    assert [s.type for s in told][-1] == "complaint_reply_received"
    assert len(history_of(events, complaint, "police", date(2026, 4, 2), own=earlier)) == 3


def test_with_no_complaint_on_record_the_history_keeps_to_the_letters_agency() -> None:
    """Before the complaint is recorded, steps of another agency are left out; a step that
    names no agency is kept."""
    events = [
        _e("o1", "police_complaint_outcome", "2026-04-01", 0),
        _e("r1", "cps_complaint_stage1_reply", "2026-04-02", 1),
        _e("f1", "complaint_final_response", "2026-04-03", 2),
        _e("g1", "complaint_reply_received", "2026-04-04", 3, **{"from": "wcu"}),
    ]
    steps = history_of(events, None, "police", date(2026, 5, 1))
    assert [s.type for s in steps] == ["police_complaint_outcome", "complaint_final_response"]
    everyone = history_of(events, None, None, date(2026, 5, 1))
    assert len(everyone) == 4


def test_a_complaint_whose_agency_is_not_recorded_is_named_plainly() -> None:
    """`against` is required in the record; should it be absent, the history says "the
    complaint", never "the complaint to the " with nothing after it."""
    made = _e("c1", "complaint_made", "2026-03-02")
    (step,) = history_of([made], None, None, date(2026, 4, 1))
    assert step.phrase == "the complaint"


# own_step and enclosures_of ----------------------------------------------------------------


def test_an_escalation_letter_is_its_own_step_from_the_day_of_the_reply_it_answers() -> None:
    reply = _decision(_e("r1", "cps_complaint_stage1_reply", "2026-04-01"))
    stage2 = own_step(kind_by_id("cps-complaint-stage2"), reply)
    assert stage2 == ("cps_complaint_escalated", date(2026, 4, 1))
    assert own_step(kind_by_id("cps-complaint-iac"), reply) == stage2
    review = own_step(kind_by_id("police-complaint-review"), reply)
    assert review == ("police_complaint_review_requested", date(2026, 4, 1))
    assert own_step(kind_by_id("cps-complaint-stage2"), _NO_DECISION) is None
    assert own_step(kind_by_id("phso-complaint"), reply) is None


def _history() -> tuple[list[Event], tuple[Step, ...], ComplaintFact]:
    events = [
        _e("c1", "complaint_made", "2026-03-02", 0, against="cps"),
        _e("r1", "cps_complaint_stage1_reply", "2026-04-01", 1),
        _e("e1", "cps_complaint_escalated", "2026-04-08", 2),
        _e("r2", "cps_complaint_stage2_reply", "2026-05-06", 3),
        _e("f1", "complaint_final_response", "2026-05-07", 4),
    ]
    complaint = _complaint(events[0])
    return events, history_of(events, complaint, "cps", date(2026, 6, 1)), complaint


def test_each_escalation_encloses_the_replies_it_answers_named_and_dated() -> None:
    _, steps, complaint = _history()
    assert enclosures_of(kind_by_id("cps-complaint-stage2"), steps, complaint) == (
        "The CPS stage 1 reply, dated 1 April 2026",
    )
    assert enclosures_of(kind_by_id("cps-complaint-iac"), steps, complaint) == (
        "The CPS stage 1 reply, dated 1 April 2026",
        "The CPS stage 2 reply, dated 6 May 2026",
    )
    assert enclosures_of(kind_by_id("phso-complaint"), steps, complaint) == (
        "The complaint to the Crown Prosecution Service, dated 2 March 2026",
        "The final response to the complaint, dated 7 May 2026",
    )
    assert enclosures_of(kind_by_id("cps-complaint"), steps, complaint) == ()


def test_the_complaint_enclosed_without_its_agency_is_called_the_complaint() -> None:
    _, steps, _complaint_fact = _history()
    (made,) = enclosures_of(kind_by_id("phso-complaint"), steps[:1], None)
    assert made == "The complaint, dated 2 March 2026"
    nameless = ComplaintFact("c1", "", date(2026, 3, 2), None, None)
    (made,) = enclosures_of(kind_by_id("phso-complaint"), steps[:1], nameless)
    assert made == "The complaint, dated 2 March 2026"


def test_a_police_review_request_encloses_the_outcome_letter() -> None:
    events = [
        _e("c1", "complaint_made", "2026-03-02", 0, against="police"),
        _e("o1", "police_complaint_outcome", "2026-04-01", 1),
        _e("g1", "complaint_reply_received", "2026-04-02", 2, **{"from": "police"}),
    ]
    steps = history_of(events, _complaint(events[0]), "police", date(2026, 5, 1))
    kind = kind_by_id("police-complaint-review")
    assert enclosures_of(kind, steps, None) == (
        "The force's complaint outcome letter, dated 1 April 2026",
    )
