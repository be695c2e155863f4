"""Which decision, complaint and reason a letter answers, and the same-day boundaries (issue 21).

Every other letter fixture has one decision of each kind, so a letter that answered the oldest
one, or quoted the first reason an agency gave, passed them all. These cases have two of each.
Each date is worked by hand in the comments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest

from tests.letters.cases import VICTIM, _facts, ev, evaluation_of
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.facts import DecisionFact, LetterFacts


def facts(events: list[dict[str, Any]], kind: str, today: str, **kw: Any) -> LetterFacts:
    known, evaluation = evaluation_of(events, today, flags=["sexual_offence"])
    return _facts(kind, known, evaluation, **kw)


def two_answered(against: str, reply: str, *, linked: bool = True) -> list[dict[str, Any]]:
    """Two complaints to `against`, each answered by a `reply` that names it (`linked`), or
    that names none and so falls to the latest complaint made on or before it."""
    c1, c2 = ({"complaint": "c1"}, {"complaint": "c2"}) if linked else ({}, {})
    return [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("c1", "complaint_made", "2026-03-16", against=against),
        ev("a1", reply, "2026-04-01", **c1),
        ev("c2", "complaint_made", "2026-05-04", against=against),
        ev("a2", reply, "2026-06-01", **c2),
    ]


ESCALATIONS = [
    ("cps-complaint-stage2", "cps", "cps_complaint_stage1_reply"),
    ("cps-complaint-iac", "cps", "cps_complaint_stage2_reply"),
    ("police-complaint-review", "police", "police_complaint_outcome"),
    ("phso-complaint", "cps", "complaint_final_response"),
]


@pytest.mark.parametrize(("kind", "against", "reply"), ESCALATIONS)
def test_an_escalation_answers_the_latest_decision_by_default(
    kind: str, against: str, reply: str
) -> None:
    f = facts(two_answered(against, reply), kind, "2026-06-03")
    assert [d.event_id for d in f.decisions] == ["a1", "a2"]
    assert isinstance(f.decision, DecisionFact) and f.decision.event_id == "a2"
    # ... and so the complaint that reply answered (made 4 May), not the first one.
    assert f.complaint is not None and f.complaint.event_id == "c2"
    # The letter recounts that complaint's own steps, not the first one's.
    made = [s.date for s in f.history if s.type == "complaint_made"]
    assert made == [date(2026, 5, 4)]
    assert date(2026, 4, 1) not in [s.date for s in f.history]


@pytest.mark.parametrize("linked", [True, False])
@pytest.mark.parametrize(("kind", "against", "reply"), ESCALATIONS)
def test_an_escalation_answers_the_decision_chosen(
    kind: str, against: str, reply: str, linked: bool
) -> None:
    events = two_answered(against, reply, linked=linked)
    f = facts(events, kind, "2026-06-03", decision_id="a1")
    assert isinstance(f.decision, DecisionFact) and f.decision.event_id == "a1"
    assert f.complaint is not None and f.complaint.event_id == "c1"
    g = facts(events, kind, "2026-06-03")
    assert isinstance(g.decision, DecisionFact) and g.decision.event_id == "a2"
    assert g.complaint is not None and g.complaint.event_id == "c2"


@dataclass(frozen=True)
class Reason:
    duty: str
    trigger: str
    reason: str
    given_on: date | None


def test_a_letter_quotes_the_latest_reason_the_agency_gave() -> None:
    # Discontinued 10 Mar 2026 (enhanced: told within 1 working day, by 11 Mar), never told.
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
    ]
    reasons = [  # oldest first, as the case file returns them
        Reason("cps.inform_discontinued", "d", "the lawyer was on leave", date(2026, 3, 20)),
        Reason("cps.inform_discontinued", "d", "sent to an old address", date(2026, 4, 2)),
    ]
    f = facts(events, "cps-complaint", "2026-04-10", reasons=reasons)
    (breach,) = [b for b in f.breaches if b.duty == "cps.inform_discontinued"]
    assert breach.agency_reason == (
        "The Crown Prosecution Service gave this reason on 2 April 2026: "
        "\u201csent to an old address\u201d."
    )
    assert "on leave" not in draft_letter(f).text


# -- the same day ------------------------------------------------------------------------------


def test_a_decision_dated_the_letters_day_is_answered() -> None:
    # The stage 1 reply came on 1 June 2026 and the request for stage 2 goes the same day.
    events = two_answered("cps", "cps_complaint_stage1_reply")
    f = facts(events, "cps-complaint-stage2", "2026-06-01")
    assert [d.event_id for d in f.decisions] == ["a1", "a2"]
    assert isinstance(f.decision, DecisionFact) and f.decision.event_id == "a2"


def test_a_reply_on_the_day_of_its_complaint_answers_that_complaint() -> None:
    # The second complaint (4 May) was answered on the day it was made: the outcome letter of
    # 4 May is about it, not about the complaint of 16 March.
    events = two_answered("police", "police_complaint_outcome", linked=False)[:5]
    events.append(ev("a2", "police_complaint_outcome", "2026-05-04"))
    f = facts(events, "police-complaint-review", "2026-05-06")
    assert isinstance(f.decision, DecisionFact) and f.decision.event_id == "a2"
    assert f.complaint is not None and f.complaint.event_id == "c2"


def test_a_duty_due_on_the_complaints_day_was_not_yet_a_matter_of_it() -> None:
    # Discontinued Tue 10 Mar 2026: the victim must be told within 1 working day, by Wed 11 Mar.
    # A complaint with no matters recorded, made on 11 Mar, takes in what had been missed by
    # then: the duty could still be met that day, so it is not among its matters; the stage 2
    # letter offers a new complaint for it instead.
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("c", "complaint_made", "2026-03-11", against="cps"),
        ev("s1", "cps_complaint_stage1_reply", "2026-03-20"),
    ]
    f = facts(events, "cps-complaint-stage2", "2026-03-23")
    every = [o for o in f.obligations if o.duty == "cps.inform_discontinued"]
    assert [o.due for o in every] == [date(2026, 3, 11)]
    assert "cps.inform_discontinued" not in [b.duty for b in f.breaches]
    assert [b.duty for b in f.left_out] == ["cps.inform_discontinued"]
    # A day later (complaint on 12 Mar) it had been missed, and is one of the matters.
    later = [*events[:2], ev("c", "complaint_made", "2026-03-12", against="cps"), events[3]]
    g = facts(later, "cps-complaint-stage2", "2026-03-23")
    assert "cps.inform_discontinued" in [b.duty for b in g.breaches]


def test_written_authority_is_still_valid_on_its_last_day() -> None:
    events = [ev("r", "crime_reported", "2026-03-02"), ev("d", "cps_discontinued", "2026-03-10")]
    last_day = replace(VICTIM, written_authority_expires_on=date(2026, 4, 10))
    f = facts(events, "cps-complaint", "2026-04-10", victim=last_day)
    assert not f.authority_expired
    assert not any("expired" in gap for gap in draft_letter(f).gaps)
    g = facts(events, "cps-complaint", "2026-04-11", victim=last_day)
    assert g.authority_expired
    assert any("expired on 10 April 2026" in gap for gap in draft_letter(g).gaps)
