"""The closed vocabularies of the scenario contract (shared/vcop/scenario-format.md).

Declared once here; the parser, the engine, storage and the UI all read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final


class FieldKind(Enum):
    """How an event's extra field is validated."""

    DATE = "date"
    INT = "int"
    BOOL = "bool"
    TEXT = "text"
    AGENCY = "agency"
    EVENT_REF = "event_ref"
    DUTY_REF = "duty_ref"
    #: obligations a complaint is about: "duty@trigger" keys separated by spaces
    MATTERS = "matters"
    CHOICE = "choice"
    #: a risk form's answers: question id -> true/false (a JSON object)
    ANSWERS = "answers"
    #: a time of day, "HH:MM" (24-hour)
    TIME = "time"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One extra field an event type carries."""

    name: str
    kind: FieldKind
    required: bool = False
    choices: tuple[str, ...] = ()
    label: str = ""
    #: For an event reference: the event types it may name (empty: any event).
    refers_to: tuple[str, ...] = ()
    #: For a date: the date field of the same event it may not fall before, and needs.
    on_or_after: str = ""
    #: Given only when another field of the event has one of these values: (field, values).
    only_when: tuple[str, tuple[str, ...]] = ("", ())


_NO_FIELDS: tuple[FieldSpec, ...] = ()
_RECEIVED = FieldSpec("received", FieldKind.DATE, label="Date the Witness Care Unit received it")
#: Links a reply, outcome or escalation to the complaint it belongs to (optional; the app's
#: extension of the contract, so each complaint keeps its own history).
_COMPLAINT = FieldSpec(
    "complaint", FieldKind.EVENT_REF, label="Complaint", refers_to=("complaint_made",)
)
_COMPLAINT_ANSWERED = FieldSpec(
    "complaint", FieldKind.EVENT_REF, label="Complaint answered", refers_to=("complaint_made",)
)
#: Links an extension or a reply to the subject access request it answers.
_SUBJECT_ACCESS_REQUEST = FieldSpec(
    "request",
    FieldKind.EVENT_REF,
    label="Subject access request",
    refers_to=("subject_access_requested",),
)

#: Who referred the victim to the advocacy service (protection.md, referral_received).
REFERRAL_SOURCES: Final = ("police", "marac", "self", "health", "children_services", "other")
#: Risk levels as referred, and as bands of a risk form.
RISK_LEVELS: Final = ("standard", "medium", "high")
CONTACT_METHODS: Final = ("phone", "text", "email", "in_person", "video", "letter")
CONTACT_OUTCOMES: Final = ("reached", "no_answer", "message_left", "unsafe")
#: The advocate (the app's user) as the owner of obligations: its own service standards,
#: never in a letter to an agency or a Code compliance figure (protection.md).
ADVOCATE_AGENCY: Final = "advocate"
#: Event types of the advocate's own side of a case: never in a letter to an agency, never in
#: a Code compliance figure (protection.md).
ADVOCATE_EVENT_TYPES: Final = frozenset(
    {
        "referral_received",
        "contact",
        "risk_assessment",
        "incident",
        "marac_referral",
        "marac_meeting",
        "safety_plan_agreed",
        "safety_plan_reviewed",
        "info_shared_without_consent",
        "sharing_reviewed",
        "subject_access_requested",
        "subject_access_extended",
        "subject_access_sent",
    }
)

#: The CPS decisions the Code says the victim must be told of, with reasons (Right 6: 5
#: working days, 1 for enhanced-rights victims): the "CPS victim letters" preset counts these,
#: and only a `duty_met` for one of them carries the letter's quality mark (`reasons_clear`).
CPS_LETTER_DUTIES: Final[tuple[str, ...]] = (
    "cps.inform_no_charge", "cps.inform_discontinued", "cps.inform_charge_altered",
    "cps.inform_no_evidence", "cps.inform_left_on_file",
)  # fmt: skip

#: Who may offer a Victim Personal Statement (Victims' Code 2020, Right 7: the police when the
#: victim gives a statement; the CPS or the Witness Care Unit later, before sentence).
VPS_OFFERED_BY: Final = ("police", "cps", "wcu")
#: Why no VPS was made: the agency did not offer one, or the victim did not take it up.
VPS_NOT_MADE: Final = ("not_offered", "not_taken_up")
#: Common reasons a VPS was not offered, and not taken up (the report counts these by the
#: event's `outcome`; `details`, free text, stays in the case).
NOT_OFFERED_REASONS: Final = (
    "agency_overlooked_it", "case_ended_before_it", "victim_not_reached", "other",
)  # fmt: skip
NOT_TAKEN_UP_REASONS: Final = (
    "victim_did_not_want_to", "victim_wanted_to_wait", "fear_of_the_offender_hearing_it",
    "not_explained_clearly", "other",
)  # fmt: skip
VPS_NOT_MADE_REASONS: Final = (*NOT_OFFERED_REASONS[:-1], *NOT_TAKEN_UP_REASONS)
#: A request to read the VPS aloud (or have it read) in court: the court's answer.
READ_ALOUD_DECISIONS: Final = ("granted", "refused")
READ_ALOUD_REFUSAL_REASONS: Final = (
    "court_decided_not_appropriate", "content_not_admissible", "asked_too_late", "other",
)  # fmt: skip
#: The Victim Personal Statement's events, in the order they usually happen (the Add event
#: dialog's group, the VPS preset's facts).
VPS_EVENT_TYPES: Final = (
    "vps_offered", "vps_not_made", "vps_made", "vps_update_offered", "vps_updated",
    "vps_read_aloud_requested", "vps_read_aloud_decision", "vps_considered_at_sentence",
    "vps_use_explained",
)  # fmt: skip
_VPS_DETAILS = FieldSpec("details", FieldKind.TEXT, label="Details (stay in the case)")

EVENT_FIELDS: Final[dict[str, tuple[FieldSpec, ...]]] = {
    # Police investigation
    "crime_reported": _NO_FIELDS,
    "decision_not_to_investigate": _NO_FIELDS,
    "suspect_arrested": _NO_FIELDS,
    "suspect_interviewed_under_caution": _NO_FIELDS,
    "suspect_released_without_charge": _NO_FIELDS,
    "suspect_released_on_bail": _NO_FIELDS,
    "suspect_released_under_investigation": _NO_FIELDS,
    "bail_conditions_changed": _NO_FIELDS,
    "suspect_charged": _NO_FIELDS,
    "police_decision_no_charge": _NO_FIELDS,
    "out_of_court_disposal": _NO_FIELDS,
    # CPS decisions
    "cps_decision_no_charge": _NO_FIELDS,
    "cps_discontinued": _NO_FIELDS,
    "cps_charge_altered": _NO_FIELDS,
    "cps_offered_no_evidence": _NO_FIELDS,
    "charges_left_on_file": _NO_FIELDS,
    # Court and Witness Care
    "hearing_listed": (
        FieldSpec("hearing_date", FieldKind.DATE, label="Hearing date"),
        #: a trial listed in a window (a warned list or a floating trial): its last day; the
        #: hearing date is then the window's first day (the app's extension, issue 18)
        FieldSpec(
            "window_end", FieldKind.DATE, label="Trial window ends", on_or_after="hearing_date"
        ),
        _RECEIVED,
    ),
    "court_bail_decision": (_RECEIVED,),
    "not_guilty_plea": (_RECEIVED,),
    "special_measures_decision": (_RECEIVED,),
    "verdict": (_RECEIVED,),
    "appeal_lodged": (_RECEIVED,),
    "sentence": (
        _RECEIVED,
        FieldSpec("custody_months", FieldKind.INT, label="Custody (months)"),
        FieldSpec("hospital_order", FieldKind.BOOL, label="Hospital order"),
        FieldSpec("court", FieldKind.CHOICE, choices=("crown", "magistrates"), label="Court"),
        FieldSpec("uls_eligible", FieldKind.BOOL, label="Eligible for the ULS scheme"),
    ),
    # Probation and case
    "vcs_referral_made": _NO_FIELDS,
    "case_closed": _NO_FIELDS,
    # Updates and opting out
    "update_frequency_agreed": (
        FieldSpec("interval_days", FieldKind.INT, required=True, label="Interval (days)"),
    ),
    "update_received": (FieldSpec("from", FieldKind.AGENCY, required=True, label="From"),),
    "victim_opted_out": (
        FieldSpec("scope", FieldKind.CHOICE, required=True, choices=("updates",), label="Scope"),
    ),
    # Reviews and the victim's own steps
    "police_vrr_requested": (
        FieldSpec("decision", FieldKind.EVENT_REF, label="Decision challenged"),
    ),
    "cps_vrr_requested": (FieldSpec("decision", FieldKind.EVENT_REF, label="Decision challenged"),),
    "uls_requested": _NO_FIELDS,
    "cica_applied": _NO_FIELDS,
    "police_complaint_review_requested": (_COMPLAINT,),
    "cps_complaint_escalated": (_COMPLAINT,),
    "phso_complaint_made": (_COMPLAINT,),
    # Complaints
    "complaint_made": (
        FieldSpec("against", FieldKind.AGENCY, required=True, label="Against"),
        FieldSpec("aware_on", FieldKind.DATE, label="Victim first knew of the problem on"),
        FieldSpec("matters", FieldKind.MATTERS, label="Obligations complained about"),
        FieldSpec("reference", FieldKind.TEXT, label="Agency's complaint reference"),
    ),
    "police_complaint_outcome": (_COMPLAINT_ANSWERED,),
    "cps_complaint_stage1_reply": (_COMPLAINT_ANSWERED,),
    "cps_complaint_stage2_reply": (_COMPLAINT_ANSWERED,),
    "complaint_final_response": (_COMPLAINT_ANSWERED,),
    "police_vrr_outcome": _NO_FIELDS,
    "cps_vrr_outcome": _NO_FIELDS,
    "complaint_reply_received": (
        FieldSpec("from", FieldKind.AGENCY, required=True, label="From"),
        _COMPLAINT_ANSWERED,
    ),
    # The advocate's own side of the case (shared/vcop/protection.md, "Events")
    "referral_received": (
        FieldSpec(
            "from",
            FieldKind.CHOICE,
            required=True,
            choices=REFERRAL_SOURCES,
            label="Referred by",
        ),
        FieldSpec("risk", FieldKind.CHOICE, choices=RISK_LEVELS, label="Risk as referred"),
    ),
    "contact": (
        FieldSpec("time", FieldKind.TIME, label="Time"),
        FieldSpec("method", FieldKind.CHOICE, required=True, choices=CONTACT_METHODS, label="How"),
        FieldSpec(
            "direction", FieldKind.CHOICE, required=True, choices=("out", "in"), label="Direction"
        ),
        FieldSpec(
            "outcome", FieldKind.CHOICE, required=True, choices=CONTACT_OUTCOMES, label="Outcome"
        ),
        FieldSpec("minutes", FieldKind.INT, label="Minutes"),
    ),
    "risk_assessment": (
        FieldSpec("form", FieldKind.TEXT, required=True, label="Risk form"),
        FieldSpec("score", FieldKind.INT, label="Score"),
        FieldSpec("answers", FieldKind.ANSWERS, label="Answers"),
        FieldSpec("judgement", FieldKind.CHOICE, choices=("high",), label="Professional judgement"),
        FieldSpec("form_version", FieldKind.INT, label="Risk form version"),
        FieldSpec("police_level", FieldKind.TEXT, label="Police risk tool's level"),
    ),
    "incident": (FieldSpec("reported_to_police", FieldKind.BOOL, label="Reported to the police"),),
    "marac_referral": (FieldSpec("meeting_date", FieldKind.DATE, label="MARAC meeting date"),),
    "marac_meeting": (
        FieldSpec(
            "referral",
            FieldKind.EVENT_REF,
            required=True,
            label="MARAC referral heard",
            refers_to=("marac_referral",),
        ),
    ),
    "safety_plan_agreed": (FieldSpec("review_days", FieldKind.INT, label="Review every (days)"),),
    "safety_plan_reviewed": _NO_FIELDS,
    "info_shared_without_consent": (
        FieldSpec("what", FieldKind.TEXT, required=True, label="What was shared"),
        FieldSpec("with", FieldKind.TEXT, required=True, label="Shared with"),
        FieldSpec("reason", FieldKind.TEXT, required=True, label="Why"),
        FieldSpec("lawful_basis", FieldKind.TEXT, required=True, label="Lawful basis"),
        FieldSpec("approved_by", FieldKind.TEXT, label="Approved by"),
    ),
    "sharing_reviewed": (
        FieldSpec(
            "shared",
            FieldKind.EVENT_REF,
            required=True,
            label="Sharing decision reviewed",
            refers_to=("info_shared_without_consent",),
        ),
    ),
    # The victim's subject access request to the advocacy service (UK GDPR Art. 15; the
    # clock: resources/rules/data-protection.toml). The event's date is the day the request
    # was received.
    "subject_access_requested": (
        FieldSpec("made_by", FieldKind.TEXT, label="Made by (if not the victim)"),
        #: the clock runs from the day the identity, fee or clarification asked for came (ICO)
        FieldSpec("clock_from", FieldKind.DATE, label="Identity, fee or clarification received"),
    ),
    "subject_access_extended": (
        FieldSpec(
            "request",
            FieldKind.EVENT_REF,
            required=True,
            label="Subject access request extended",
            refers_to=("subject_access_requested",),
        ),
        FieldSpec("reason", FieldKind.TEXT, required=True, label="Why (as told to the victim)"),
    ),
    "subject_access_sent": (
        _SUBJECT_ACCESS_REQUEST,
        FieldSpec("what", FieldKind.TEXT, required=True, label="What was sent"),
    ),
    # The Victim Personal Statement (Right 7; the Victims' Commissioner's VPS standard)
    "vps_offered": (
        FieldSpec("by", FieldKind.CHOICE, required=True, choices=VPS_OFFERED_BY, label="By"),
    ),
    "vps_not_made": (
        FieldSpec(
            "outcome",
            FieldKind.CHOICE,
            required=True,
            choices=VPS_NOT_MADE,
            label="Not offered, or not taken up",
        ),
        FieldSpec(
            "reason", FieldKind.CHOICE, required=True, choices=VPS_NOT_MADE_REASONS, label="Reason"
        ),
        _VPS_DETAILS,
    ),
    "vps_made": _NO_FIELDS,
    "vps_update_offered": (FieldSpec("by", FieldKind.CHOICE, choices=VPS_OFFERED_BY, label="By"),),
    "vps_updated": _NO_FIELDS,
    "vps_read_aloud_requested": _NO_FIELDS,
    "vps_read_aloud_decision": (
        FieldSpec(
            "decision",
            FieldKind.CHOICE,
            required=True,
            choices=READ_ALOUD_DECISIONS,
            label="Court's decision",
        ),
        FieldSpec(
            "reason",
            FieldKind.CHOICE,
            choices=READ_ALOUD_REFUSAL_REASONS,
            label="Reason for refusing",
            only_when=("decision", ("refused",)),
        ),
        _VPS_DETAILS,
    ),
    "vps_considered_at_sentence": _NO_FIELDS,
    "vps_use_explained": (FieldSpec("by", FieldKind.CHOICE, choices=VPS_OFFERED_BY, label="By"),),
    # The advocate's record that an obligation was met
    "duty_met": (
        FieldSpec("duty", FieldKind.DUTY_REF, required=True, label="Duty"),
        FieldSpec("trigger", FieldKind.EVENT_REF, required=True, label="Trigger event"),
        #: The CPS letter's quality, as the advocate judged it when it arrived: never merged
        #: with its timeliness (issue 22).
        FieldSpec(
            "reasons_clear",
            FieldKind.CHOICE,
            choices=("yes", "no"),
            label="CPS letter: reasons explained clearly",
            only_when=("duty", CPS_LETTER_DUTIES),
        ),
    ),
}

EVENT_TYPES: Final[frozenset[str]] = frozenset(EVENT_FIELDS)

#: Case flags, in the contract's order; enhanced grounds are reported in this order.
FLAGS: Final[tuple[str, ...]] = (
    "domestic_abuse",
    "sexual_offence",
    "hate_crime",
    "terrorism",
    "human_trafficking",
    "modern_slavery",
    "attempted_murder",
    "kidnap",
    "false_imprisonment",
    "arson_endangering_life",
    "wounding_with_intent",
    "bereaved_relative",
    "persistently_targeted",
    "vulnerable",
    "intimidated",
    "violent_or_sexual_offence",
    "police_colleague",
    "offender_under_18",
    "crime_of_violence",
)

#: Flags that by themselves entitle the victim to enhanced rights (Victims' Code 2020, Right 1
#: and the enhanced-rights categories: most serious crime, persistently targeted, vulnerable,
#: intimidated).
ENHANCED_GROUND_FLAGS: Final[tuple[str, ...]] = FLAGS[: FLAGS.index("intimidated") + 1]

#: Ground reported when the victim was under 18 on the offence date.
UNDER_18_GROUND: Final = "under_18"

#: Agencies named in the contract. Agency fields accept any lower-case identifier so that a
#: provider not listed here (a Youth Offending Team under another name, say) is not rejected.
AGENCIES: Final[tuple[str, ...]] = (
    "police",
    "cps",
    "wcu",
    "hmcts",
    "probation",
    "yot",
    "police_employer",
    "victim",
    "advocate",
)

AGENCY_LABELS: Final[dict[str, str]] = {
    "police": "Police",
    "cps": "Crown Prosecution Service",
    "wcu": "Witness Care Unit",
    "hmcts": "HM Courts & Tribunals Service",
    "probation": "Probation Service",
    "yot": "Youth Offending Team",
    "police_employer": "Police (as employer)",
    "victim": "Victim",
    "advocate": "Advocacy service",
}


_ACRONYMS: Final[dict[str, str]] = {
    "cps": "CPS",
    "vrr": "VRR",
    "uls": "ULS",
    "cica": "CICA",
    "phso": "PHSO",
    "vcs": "VCS",
    "vps": "VPS",
}


def event_label(event_type: str) -> str:
    """A plain-English label for an event type ("cps_vrr_requested" -> "CPS VRR requested")."""
    words = [_ACRONYMS.get(w, w) for w in event_type.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
