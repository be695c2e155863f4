"""Synthetic cases for letter tests: scenarios run through the real engine, made-up people."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.letters.facts import (
    CaseDetails,
    LetterFacts,
    SenderProfile,
    VictimDetails,
    build_facts,
)
from vcop_desktop.letters.kinds import kind_by_id
from vcop_desktop.rules import default_rulebook


def ev(event_id: str, event_type: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"id": event_id, "type": event_type, "date": day, **fields}


#: A police investigation that ends in no charge, with late and missing police duties and a
#: police complaint that has an outcome letter. Enhanced rights (sexual offence): 1 working day.
POLICE_EVENTS = [
    ev("p1", "crime_reported", "2026-06-15"),
    ev("p2", "update_frequency_agreed", "2026-06-16", interval_days=28),
    ev("p3", "suspect_arrested", "2026-06-22"),
    ev("p4", "duty_met", "2026-06-25", duty="police.inform_arrest", trigger="p3"),
    ev("p5", "suspect_interviewed_under_caution", "2026-07-01"),
    ev("p6", "update_received", "2026-07-20", **{"from": "police"}),
    ev("p7", "police_decision_no_charge", "2026-10-02"),
    ev("p8", "duty_met", "2026-10-09", duty="police.inform_no_charge", trigger="p7"),
    ev("p9", "complaint_made", "2026-10-12", against="police"),
    ev("p10", "police_complaint_outcome", "2026-11-10"),
]
POLICE_TODAY = "2026-11-23"

#: A prosecution that the CPS discontinues, with Witness Care and probation duties missed and
#: a CPS complaint taken through both stages to a final response.
CPS_EVENTS = [
    ev("c1", "crime_reported", "2026-01-12"),
    ev("c2", "suspect_charged", "2026-02-02"),
    ev("c3", "duty_met", "2026-02-03", duty="police.inform_charge", trigger="c2"),
    ev("c4", "hearing_listed", "2026-02-16", hearing_date="2026-04-20", received="2026-02-17"),
    ev("c5", "duty_met", "2026-02-24", duty="wcu.inform_hearing", trigger="c4"),
    ev("c6", "not_guilty_plea", "2026-04-20", received="2026-04-21"),
    ev("c7", "cps_discontinued", "2026-06-01"),
    ev("c8", "duty_met", "2026-06-04", duty="cps.inform_discontinued", trigger="c7"),
    ev("c9", "complaint_made", "2026-06-08", against="cps"),
    ev("c10", "cps_complaint_stage1_reply", "2026-07-20"),
    ev("c11", "cps_complaint_escalated", "2026-08-03"),
    ev("c12", "cps_complaint_stage2_reply", "2026-09-01"),
    ev("c13", "complaint_final_response", "2026-09-01"),
    ev("c14", "vcs_referral_made", "2026-05-01"),
]
CPS_TODAY = "2026-06-09"

#: The day each CPS-case letter is written (each follows the step it answers).
CPS_DAYS = {
    "cps-complaint": "2026-06-08",
    "cps-complaint-stage2": "2026-08-03",
    "cps-complaint-iac": "2026-09-15",
    "phso-complaint": "2026-11-23",
}

SENDER = SenderProfile(
    organisation="Northdale Independent Advocacy",
    address=("Unit 4, Canal Wharf", "Northdale", "ND1 4QT"),
    phone="01632 960 123",
    email="office@northdale-advocacy.example",
    advocate_name="Siobhán Ní Bhraonáin",
    advocate_role="Independent Sexual Violence Adviser",
    advocate_email="s.nibhraonain@northdale-advocacy.example",
)

VICTIM = VictimDetails(
    name="Zoë Łukasz-Ğül",
    address="12 Example Row, Northdale, ND2 8ZZ",
    phone="07700 900123",
    email="zoe@example.invalid",
    safe_contact_method="via advocate only",
    access_needs="large print (18 point) for all letters",
    written_authority_on=date(2026, 6, 16),
)

CASE = CaseDetails(
    case_code="VC-2026-0042",
    crime_reference="ND/26/011234",
    urn="41ND0123426",
    police_force="Northdale Constabulary",
    officer_name="DC Tomasz Wróbel",
    officer_email="t.wrobel@northdale.police.example",
    offence="rape",
    offence_date=date(2026, 6, 14),
)


def evaluation_of(
    events: list[dict[str, Any]], today: str, **case: Any
) -> tuple[tuple[Event, ...], Evaluation]:
    """The case as it stood on `today`: later events are not known yet."""
    rulebook = default_rulebook()
    known = [e for e in events if e["date"] <= today]
    scenario = parse_scenario({"case": case, "events": known}, rulebook.duty_ids)
    return scenario.events, evaluate(scenario, date.fromisoformat(today), rulebook)


def police_facts(
    kind: str = "police-complaint", today: str = POLICE_TODAY, **kw: Any
) -> LetterFacts:
    events, evaluation = evaluation_of(POLICE_EVENTS, today, flags=["sexual_offence"])
    return _facts(kind, events, evaluation, **kw)


def cps_facts(kind: str = "cps-complaint", today: str | None = None, **kw: Any) -> LetterFacts:
    today = today or CPS_DAYS.get(kind, CPS_TODAY)
    events, evaluation = evaluation_of(CPS_EVENTS, today, flags=["sexual_offence"])
    return _facts(kind, events, evaluation, **kw)


def _facts(
    kind: str,
    events: tuple[Event, ...],
    evaluation: Evaluation,
    *,
    victim: VictimDetails = VICTIM,
    case: CaseDetails = CASE,
    sender: SenderProfile = SENDER,
    agency: str | None = None,
    decision_id: str | None = None,
    matters_chosen: list[tuple[str, str]] | None = None,
    reasons: Any = (),
    chosen: Any = None,
) -> LetterFacts:
    return build_facts(
        kind=kind_by_id(kind),
        case=case,
        victim=victim,
        events=events,
        evaluation=evaluation,
        sender=sender,
        agency=agency,
        decision_id=decision_id,
        matters_chosen=matters_chosen,
        reasons=reasons,
        addresses=chosen,
    )


__all__ = ["CASE", "SENDER", "VICTIM", "cps_facts", "ev", "police_facts", "replace"]
