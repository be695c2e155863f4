"""The letters the app can draft, in the order of issue 5, and which one fits an obligation.

Declared once here: the command line lists them, the GUI offers them, the drafter picks their
template, and "Draft letter" on an obligation in the timeline asks `suggest_kind` which to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.errors import UserError


@dataclass(frozen=True, slots=True)
class LetterKind:
    """One kind of letter.

    `agency` is who the letter goes to (None: chosen per letter, as for `provider-complaint`).
    `breaches_of` names the agencies whose breached obligations the letter lists (empty: none).
    `decisions` are the event types the letter is about (a VRR request names one of them).
    `deadline_duties` are the victim's own deadlines the letter quotes.
    `noun` is what the letter is ("request", "application"), for its time statement.
    `escalates`: the letter takes an earlier complaint further, so it keeps to that complaint's
    own matters and history.
    """

    id: str
    title: str
    agency: str | None
    recipient: str
    breaches_of: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    deadline_duties: tuple[str, ...] = ()
    document_kind: str = "complaint_letter"
    needs_agency: bool = False
    noun: str = "complaint"
    escalates: bool = False

    @property
    def is_first_complaint(self) -> bool:
        """A first complaint to an agency: the advocate chooses its matters, kept with it."""
        return self.document_kind == "complaint_letter" and not self.escalates

    @property
    def template(self) -> str:
        return f"{self.id}.txt.j2"


POLICE_DECISIONS: Final = ("police_decision_no_charge",)
CPS_DECISIONS: Final = (
    "cps_decision_no_charge",
    "cps_discontinued",
    "cps_offered_no_evidence",
    "charges_left_on_file",
)

KINDS: Final[tuple[LetterKind, ...]] = (
    LetterKind(
        id="police-complaint",
        title="Complaint to the police about Victims' Code breaches",
        agency="police",
        recipient="Professional Standards Department",
        breaches_of=("police",),
    ),
    LetterKind(
        id="cps-complaint",
        title="Complaint to the CPS (stage 1)",
        agency="cps",
        recipient="Complaints Team",
        breaches_of=("cps",),
    ),
    LetterKind(
        id="cps-complaint-stage2",
        title="Escalation of a CPS complaint to stage 2",
        agency="cps",
        recipient="Complaints Team",
        breaches_of=("cps",),
        decisions=("cps_complaint_stage1_reply",),
        deadline_duties=("victim.cps_complaint_stage2",),
        noun="request",
        escalates=True,
    ),
    LetterKind(
        id="cps-complaint-iac",
        title="Referral of a CPS complaint to the Independent Assessor of Complaints",
        # The Assessor is independent of the CPS: the letter goes to the Assessor, not the CPS.
        agency=None,
        recipient="The Independent Assessor of Complaints",
        breaches_of=("cps",),
        decisions=("cps_complaint_stage2_reply",),
        deadline_duties=("victim.cps_complaint_iac",),
        noun="referral",
        escalates=True,
    ),
    LetterKind(
        id="wcu-complaint",
        title="Complaint to the Witness Care Unit about Victims' Code breaches",
        agency="wcu",
        # Witness Care Units are police-led: the complaint goes to the force, naming the unit.
        recipient="Witness Care Unit Manager",
        breaches_of=("wcu",),
    ),
    LetterKind(
        id="provider-complaint",
        title="Complaint about Victims' Code breaches",
        agency=None,
        recipient="Complaints Team",
        needs_agency=True,
    ),
    LetterKind(
        id="police-vrr",
        title="Police Victims' Right to Review request",
        agency="police",
        recipient="Victims' Right to Review Team",
        decisions=POLICE_DECISIONS,
        deadline_duties=("victim.police_vrr",),
        document_kind="vrr_request",
        noun="request",
    ),
    LetterKind(
        id="cps-vrr",
        title="CPS Victims' Right to Review request",
        agency="cps",
        # CPS VRR requests go to the Victim Liaison Unit of the CPS Area that decided.
        recipient="Victim Liaison Unit",
        decisions=CPS_DECISIONS,
        deadline_duties=("victim.cps_vrr_prompt", "victim.cps_vrr"),
        document_kind="vrr_request",
        noun="request",
    ),
    LetterKind(
        id="police-complaint-review",
        title="Application for a review of a police complaint outcome",
        agency=None,
        recipient="The review body named in the outcome letter",
        decisions=("police_complaint_outcome",),
        deadline_duties=("victim.police_complaint_review",),
        document_kind="complaint_review",
        noun="application",
        escalates=True,
    ),
    LetterKind(
        id="phso-complaint",
        title="Complaint to the Parliamentary and Health Service Ombudsman",
        agency=None,
        recipient="Parliamentary and Health Service Ombudsman",
        breaches_of=("police", "cps", "wcu", "hmcts", "probation", "yot"),
        decisions=("complaint_final_response",),
        deadline_duties=("victim.phso_complaint",),
        escalates=True,
    ),
    LetterKind(
        id="chaser",
        title="Request for an overdue update or information",
        agency="police",
        recipient="Officer in charge",
        breaches_of=("police",),
        document_kind="chaser",
        noun="request",
    ),
)

_BY_ID: Final[dict[str, LetterKind]] = {kind.id: kind for kind in KINDS}

#: The kind a victim's own deadline leads to (drafting the step the victim must take).
_FOR_VICTIM_DEADLINE: Final[dict[str, str]] = {
    "victim.police_vrr": "police-vrr",
    "victim.cps_vrr_prompt": "cps-vrr",
    "victim.cps_vrr": "cps-vrr",
    "victim.police_complaint_review": "police-complaint-review",
    "victim.cps_complaint_stage2": "cps-complaint-stage2",
    "victim.cps_complaint_iac": "cps-complaint-iac",
    "victim.phso_complaint": "phso-complaint",
}

#: Police duties where the information is still owed: the first step is to ask for it.
_CHASE_FIRST: Final = ("police.update", "police.inform_", "police.written_confirmation")


def kind_by_id(kind_id: str) -> LetterKind:
    """The kind with this id, or a `UserError` listing the valid ones."""
    try:
        return _BY_ID[kind_id]
    except KeyError:
        valid = ", ".join(_BY_ID)
        raise UserError(f"unknown letter kind {kind_id!r}; choose one of: {valid}") from None


def suggest_kind(obligation: Obligation) -> tuple[str, str | None] | None:
    """The letter to preselect for "Draft letter" on this obligation: (kind id, agency).

    A breached agency duty leads to a complaint to that agency, except police information that is
    still outstanding, where a polite chaser comes first; a victim's own deadline leads to the
    letter that meets it. None when no letter fits (e.g. a CICA application, a duty met on time).
    """
    duty, agency = obligation.duty, obligation.owed_by
    if agency == "victim":
        kind = _FOR_VICTIM_DEADLINE.get(duty)
        if kind is None or obligation.status in (Status.MET, Status.MET_LATE, Status.WAIVED):
            return None
        return (kind, None)
    if not obligation.status.is_breach:
        return None
    if duty == "cps.complaint_stage1_reply":
        return ("cps-complaint-stage2", None)
    if agency == "police":
        if obligation.status is Status.OVERDUE and duty.startswith(_CHASE_FIRST):
            return ("chaser", None)
        return ("police-complaint", None)
    if agency == "cps":
        return (
            "cps-complaint-stage2" if duty == "provider.complaint_reply" else "cps-complaint",
            None,
        )
    if agency == "wcu":
        return ("wcu-complaint", None)
    return ("provider-complaint", agency)
