"""The complaint an escalation letter is about, its history of steps, and the documents from the
record that go with the letter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.scenario import matter_keys
from vcop_desktop.letters.fact_items import (
    ComplaintFact,
    DecisionFact,
    Missing,
    Step,
    optional_line,
)
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.words import agency_phrase, event_phrase, long_date

#: Events that make up a complaint's history, for escalation letters.
_HISTORY_TYPES = frozenset(
    {
        "complaint_made",
        "complaint_reply_received",
        "police_complaint_outcome",
        "cps_complaint_stage1_reply",
        "cps_complaint_escalated",
        "cps_complaint_stage2_reply",
        "complaint_final_response",
        "police_complaint_review_requested",
    }
)


#: Whose complaint history a letter to a third party recounts.
HISTORY_AGENCY = {"police-complaint-review": "police", "cps-complaint-iac": "cps"}


#: Which agency a complaint step belongs to when the event does not say (by its type).
_STEP_PARTY: dict[str, str] = {
    "police_complaint_outcome": "police",
    "police_complaint_review_requested": "police",
    "cps_complaint_stage1_reply": "cps",
    "cps_complaint_stage2_reply": "cps",
    "cps_complaint_escalated": "cps",
}


def complaint_of(
    kind: LetterKind, events: Sequence[Event], decision: DecisionFact | Missing, today: date
) -> ComplaintFact | None:
    """The complaint an escalation letter is about: the one its decision (reply, outcome, final
    response) names, else the latest complaint to that agency on or before it."""
    by_id = {e.id: e for e in events}
    made = sorted((e for e in events if e.type == "complaint_made"), key=lambda e: e.sort_key)
    found: Event | None = None
    if isinstance(decision, DecisionFact):
        named = (
            by_id[decision.event_id].get_str("complaint") if decision.event_id in by_id else None
        )
        if named is not None:
            found = by_id.get(named)
        until = decision.date
    else:
        until = today
    if found is None:
        party = kind.agency or HISTORY_AGENCY.get(kind.id)
        earlier = [
            e for e in made if e.date <= until and (party is None or e.get_str("against") == party)
        ]
        found = earlier[-1] if earlier else None
    if found is None:
        return None
    matters = found.get_str("matters")
    return ComplaintFact(
        event_id=found.id,
        against=found.get_str("against") or "",
        date=found.date,
        aware_on=found.get_date("aware_on"),
        matters=tuple(matter_keys(matters)) if matters else None,
        reference=optional_line(found.get_str("reference")),
    )


def _party(event: Event) -> str | None:
    return event.get_str("against") or event.get_str("from") or _STEP_PARTY.get(event.type)


def history_of(
    events: Sequence[Event],
    complaint: ComplaintFact | None,
    agency: str | None,
    today: date,
    own: tuple[str, date] | None = None,
) -> tuple[Step, ...]:
    """A complaint's own steps: the complaint, what names it, and unlinked steps of the same
    agency that fall to it (the latest complaint to that agency on or before them). `own` is
    the step the letter itself is (its event type, from the day of the reply it answers): a
    letter does not list itself."""
    ordered = [e for e in sorted(events, key=lambda e: e.sort_key) if e.date <= today]
    stage2_replied = False
    made = [e for e in ordered if e.type == "complaint_made"]
    steps: list[Step] = []
    for e in ordered:
        if e.type not in _HISTORY_TYPES:
            continue
        party = _party(e)
        if complaint is not None:
            if e.type == "complaint_made":
                if e.id != complaint.event_id:
                    continue
            else:
                named = e.get_str("complaint")
                if named is not None and named != complaint.event_id:
                    continue
                if named is None:
                    if party is not None and party != complaint.against:
                        continue
                    owners = [
                        c for c in made
                        if c.sort_key <= e.sort_key
                        and (party is None or c.get_str("against") == party)
                    ]  # fmt: skip
                    if not owners or owners[-1].id != complaint.event_id:
                        continue
        elif party and agency and party != agency:
            continue
        if own is not None and e.type == own[0] and e.date >= own[1]:
            continue
        phrase = event_phrase(e.type)
        if e.type == "complaint_made" and party:
            phrase = f"the complaint to {agency_phrase(party)}"
        elif e.type == "cps_complaint_stage2_reply":
            stage2_replied = True
        elif e.type == "cps_complaint_escalated":
            phrase = _REFERRAL if stage2_replied else _STAGE2_REQUEST
        steps.append(Step(type=e.type, phrase=phrase, date=e.date))
    return tuple(steps)


_STAGE2_REQUEST: Final = "request for a stage 2 review"
_REFERRAL: Final = "referral to the Independent Assessor"


#: The event that records the step a letter of each kind takes (so it is not listed in itself).
_OWN_STEP: Final = {
    "cps-complaint-stage2": "cps_complaint_escalated",
    "cps-complaint-iac": "cps_complaint_escalated",
    "police-complaint-review": "police_complaint_review_requested",
}


def own_step(kind: LetterKind, decision: DecisionFact | Missing) -> tuple[str, date] | None:
    own = _OWN_STEP.get(kind.id)
    if own is None or not isinstance(decision, DecisionFact):
        return None
    return (own, decision.date)


#: What each reply is called as an enclosure.
_ENCLOSED: Final = {
    "cps_complaint_stage1_reply": "The CPS stage 1 reply",
    "cps_complaint_stage2_reply": "The CPS stage 2 reply",
    "police_complaint_outcome": "The force's complaint outcome letter",
    "complaint_final_response": "The final response to the complaint",
    "complaint_reply_received": "The reply to the complaint",
}


#: Which steps of the record each escalation encloses.
_ENCLOSES: Final = {
    "cps-complaint-stage2": ("cps_complaint_stage1_reply",),
    "cps-complaint-iac": ("cps_complaint_stage1_reply", "cps_complaint_stage2_reply"),
    "police-complaint-review": ("police_complaint_outcome",),
    "phso-complaint": ("complaint_made", "complaint_final_response"),
}


def enclosures_of(
    kind: LetterKind, history: Sequence[Step], complaint: ComplaintFact | None
) -> tuple[str, ...]:
    """The complaint's documents the record holds, for the letter's enclosure lines."""
    wanted = _ENCLOSES.get(kind.id, ())
    out: list[str] = []
    for step in history:
        if step.type not in wanted:
            continue
        if step.type == "complaint_made":
            who = agency_phrase(complaint.against) if complaint and complaint.against else ""
            name = f"The complaint to {who}" if who else "The complaint"
        else:
            name = _ENCLOSED.get(step.type, step.phrase[:1].upper() + step.phrase[1:])
        out.append(f"{name}, dated {long_date(step.date)}")
    return tuple(out)
