"""Dates, durations and event phrases in the plain English letters use.

Month names are spelt out here rather than taken from `strftime("%B")`, which follows the
machine's locale: a letter to a UK agency must say "23 October 2026" on any laptop.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from vcop_desktop.domain.vocabulary import AGENCY_LABELS, event_label

_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """'23 October 2026': the form UK letters use, with no leading zero."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


#: How a letter names the event that started a duty's clock ("following ...").
_EVENT_PHRASES: Final[dict[str, str]] = {
    "crime_reported": "the report of the crime",
    "decision_not_to_investigate": "the decision not to investigate",
    "suspect_arrested": "the suspect's arrest",
    "suspect_interviewed_under_caution": "the suspect's interview under caution",
    "suspect_released_without_charge": "the suspect's release without charge",
    "suspect_released_on_bail": "the suspect's release on bail",
    "suspect_released_under_investigation": "the suspect's release under investigation",
    "bail_conditions_changed": "the change to the bail conditions",
    "suspect_charged": "the charge",
    "police_decision_no_charge": "the police decision not to charge",
    "out_of_court_disposal": "the out-of-court disposal",
    "cps_decision_no_charge": "the CPS decision not to charge",
    "cps_discontinued": "the CPS decision to discontinue the case",
    "cps_charge_altered": "the CPS alteration of the charge",
    "cps_offered_no_evidence": "the CPS decision to offer no evidence",
    "charges_left_on_file": "the decision to leave the charges on file",
    "hearing_listed": "the listing of the hearing",
    "court_bail_decision": "the court's bail decision",
    "not_guilty_plea": "the not guilty plea",
    "special_measures_decision": "the special measures decision",
    "verdict": "the verdict",
    "appeal_lodged": "the appeal",
    "sentence": "the sentence",
    "vcs_referral_made": "the referral to the Victim Contact Scheme",
    "update_frequency_agreed": "the agreement on how often updates would be given",
    "update_received": "the last update",
    "complaint_made": "the complaint",
    "police_complaint_outcome": "the complaint outcome letter",
    "cps_complaint_stage1_reply": "the stage 1 reply",
    "cps_complaint_stage2_reply": "the stage 2 reply",
    "complaint_final_response": "the final response to the complaint",
    "police_vrr_requested": "the request for a review under the Victims' Right to Review scheme",
    "cps_vrr_requested": "the request for a review under the Victims' Right to Review scheme",
    "police_vrr_outcome": "the review outcome",
    "cps_vrr_outcome": "the review outcome",
    "cps_complaint_escalated": "the escalation of the complaint",
    "police_complaint_review_requested": "the application for a review of the complaint outcome",
    "phso_complaint_made": "the complaint to the Ombudsman",
}


def event_phrase(event_type: str) -> str:
    """A noun phrase for an event type, for sentences such as 'following the suspect's arrest'."""
    return _EVENT_PHRASES.get(event_type) or f"the event '{event_label(event_type).lower()}'"


def agency_label(agency: str) -> str:
    """'cps' -> 'Crown Prosecution Service'; an agency not in the vocabulary keeps its own name."""
    return AGENCY_LABELS.get(agency) or agency.replace("_", " ").title()


_ARTICLES: Final = ("a", "an", "the")


def duty_clause(what: str) -> str:
    """A rule's `what` as a clause after 'the duty': 'Record the crime.' -> 'to record the
    crime'; a description ('A Victim Liaison Officer contacts...') -> 'that a Victim ...'."""
    text = _lower_first(what.strip().rstrip("."))
    if not text:
        return text
    if text.split(" ", 1)[0] in _ARTICLES:
        return f"that {text}"
    return f"to {text}"


def duty_action(what: str) -> str:
    """A rule's `what` as a request: 'tell the victim...', 'make sure that a VLO contacts...'."""
    clause = duty_clause(what)
    if clause.startswith("that "):
        return f"make sure {clause}"
    return clause.removeprefix("to ")


def agency_phrase(agency: str) -> str:
    """'police' -> 'the police', 'cps' -> 'the Crown Prosecution Service', for sentences."""
    if agency == "police":
        return "the police"
    label = agency_label(agency)
    return label if label.lower().startswith("the ") else f"the {label}"


def _lower_first(text: str) -> str:
    # Keep capitals that belong to the word (CPS, VLO), lower an ordinary sentence start.
    first_word = text.split(" ", 1)[0] if text else ""
    if not first_word or (len(first_word) > 1 and first_word.isupper()):
        return text
    return text[0].lower() + text[1:]


#: Police ranks as a name may start with them ("DC", "Detective Sergeant").
_RANK_WORDS: Final = frozenset(
    {
        "pc", "dc", "tdc", "ps", "ds", "sgt", "di", "dci", "insp", "ci", "supt", "dsupt",
        "police", "detective", "trainee", "constable", "sergeant", "inspector", "chief",
        "superintendent", "special",
    }
)  # fmt: skip


def rank_and_surname(name: str) -> str:
    """'DC Priya Hale' -> 'DC Hale' (how a letter greets an officer); a name without a rank,
    or a rank with one name, is kept as it is."""
    words = name.split()
    rank = 0
    while rank < len(words) and words[rank].lower().rstrip(".") in _RANK_WORDS:
        rank += 1
    if rank == 0 or len(words) - rank < 2:
        return " ".join(words)
    return " ".join([*words[:rank], words[-1]])
