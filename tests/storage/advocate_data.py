"""A case with one of every advocate event type (protection.md), synthetic data only.

The sensitive texts are distinctive words, so a test can assert none of them leaks into a
calendar, an extract or an index label."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.storage.conftest import SCENARIO

#: Words from the victim's record that must never leave the case file.
SENSITIVE = (
    "Zebediah",
    "Quillfeather",
    "QX/55501/26",
    "Marrowgate",  # a contact's note
    "07700 900461",  # a phone number in a contact's note
    "threatened_to_kill",  # a risk answer's question id
    "Farthingale",  # what was shared without consent
    "Ombersley",  # who it was shared with
    "Brackenwood",  # a safety plan item
    "Pennywhistle",  # who made a subject access request for the victim
)

HEARING_DAY = date(2026, 3, 27)
MARAC_DAY = date(2026, 4, 2)
LATER_MARAC_DAY = date(2026, 5, 7)

#: One event of every advocate type, in the order a case meets them, with the fields the
#: vocabulary allows (contact `time`, risk `answers` as a JSON object).
ADVOCATE_EVENTS: list[dict[str, Any]] = [
    {"id": "r1", "type": "referral_received", "date": "2026-03-02", "from": "police",
     "risk": "high"},
    {"id": "c1", "type": "contact", "date": "2026-03-03", "time": "14:30", "method": "phone",
     "direction": "out", "outcome": "reached", "minutes": 25},
    {"id": "a1", "type": "risk_assessment", "date": "2026-03-04", "form": "risk-factors-v1",
     "form_version": 1, "score": 15,
     "answers": {"threatened_to_kill": True, "separation": True, "pregnant_or_new_baby": False},
     "judgement": "high", "police_level": "high"},
    {"id": "i1", "type": "incident", "date": "2026-03-05", "reported_to_police": True},
    {"id": "m1", "type": "marac_referral", "date": "2026-03-06",
     "meeting_date": MARAC_DAY.isoformat()},
    {"id": "m2", "type": "marac_meeting", "date": "2026-03-07", "referral": "m1"},
    {"id": "s1", "type": "safety_plan_agreed", "date": "2026-03-08", "review_days": 28},
    {"id": "s2", "type": "safety_plan_reviewed", "date": "2026-03-09"},
    {"id": "x1", "type": "info_shared_without_consent", "date": "2026-03-10",
     "what": "Farthingale address", "with": "Ombersley housing office",
     "reason": "risk to children", "lawful_basis": "vital interests",
     "approved_by": "team manager"},
    {"id": "x2", "type": "sharing_reviewed", "date": "2026-03-11", "shared": "x1"},
    {"id": "m3", "type": "marac_meeting", "date": LATER_MARAC_DAY.isoformat(),
     "referral": "m1"},
    {"id": "h1", "type": "hearing_listed", "date": "2026-03-12",
     "hearing_date": HEARING_DAY.isoformat()},
    {"id": "q1", "type": "subject_access_requested", "date": "2026-03-13",
     "made_by": "Pennywhistle solicitors"},
    {"id": "q2", "type": "subject_access_extended", "date": "2026-03-16", "request": "q1",
     "reason": "records held by two teams"},
    {"id": "q3", "type": "subject_access_sent", "date": "2026-03-17", "request": "q1",
     "what": "copy of the case record"},
]  # fmt: skip

CONTACT_NOTE = "Spoke at Marrowgate; new number 07700 900461"


def advocate_scenario() -> dict[str, object]:
    """SCENARIO (crime reported, arrest...) with every advocate event after its own."""
    events = list(SCENARIO["events"])  # type: ignore[call-overload]
    return {**SCENARIO, "events": events + ADVOCATE_EVENTS}
