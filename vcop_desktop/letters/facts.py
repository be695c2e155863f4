"""Everything a letter may say, gathered from the case record in one place.

`build_facts` is the only place that reads the case for a letter. Each item the record lacks is a
`Missing` value rather than None or "", so a template cannot silently print nothing: it prints
`[MISSING: crime reference]`, which the advocate sees in the editor and the drafter reports as a
gap. `Missing` is falsy, so templates can still choose wording with `{% if facts.urn %}`.

The inputs are read through small protocols that the storage models (`Victim`, `CaseRecord`,
`Contact`) satisfy as they are, so this module needs neither SQLAlchemy nor an open database.

The pieces live in their own modules: `fact_items` (the items templates read), `fact_inputs`
(what is read), `letter_facts` (`LetterFacts`), `parties`, `decision_facts`, `complaint_facts`
and `breach_facts`; the names other modules import from here are re-exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Final

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Category, Evaluation, Obligation
from vcop_desktop.letters.addressee import Chosen
from vcop_desktop.letters.breach_facts import (
    annex_of,
    as_keys,
    breaches_of,
    in_scope,
    letter_agencies,
)
from vcop_desktop.letters.complaint_facts import (
    HISTORY_AGENCY,
    complaint_of,
    enclosures_of,
    history_of,
    own_step,
)
from vcop_desktop.letters.decision_facts import choose_decision, deadlines_for, decisions_for
from vcop_desktop.letters.fact_inputs import (
    ADVOCATE_NAME_GAP,
    ADVOCATE_ROLE_GAP,
    ORGANISATION_ADDRESS_GAP,
    ORGANISATION_GAP,
    SENDER_GAPS,
    CaseDetails,
    CaseLike,
    GoodReasonLike,
    SenderProfile,
    VictimDetails,
    VictimLike,
)
from vcop_desktop.letters.fact_items import (
    Breach,
    ComplaintFact,
    Day,
    Deadline,
    DecisionFact,
    Missing,
    Step,
    Text,
    When,
    address_lines,
    one_line,
    optional_line,
    text_or_gap,
)
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.letter_facts import VPA_S5_FROM, LetterFacts
from vcop_desktop.letters.parties import (
    asked_for_contact_through_advocate,
    complained_of,
    recipient_agency,
    recipient_lines,
    victim_contact,
)
from vcop_desktop.letters.pronouns import parse_pronouns
from vcop_desktop.letters.words import agency_label

__all__ = [
    "ADVOCATE_NAME_GAP",
    "ADVOCATE_ROLE_GAP",
    "ORGANISATION_ADDRESS_GAP",
    "ORGANISATION_GAP",
    "SENDER_GAPS",
    "SENTENCE_WITHOUT_ULS",
    "VPA_S5_FROM",
    "Breach",
    "CaseDetails",
    "CaseLike",
    "ComplaintFact",
    "Day",
    "Deadline",
    "DecisionFact",
    "GoodReasonLike",
    "LetterFacts",
    "Missing",
    "SenderProfile",
    "Step",
    "Text",
    "VictimDetails",
    "VictimLike",
    "When",
    "build_facts",
]


def build_facts(
    *,
    kind: LetterKind,
    case: CaseLike,
    victim: VictimLike,
    events: Sequence[Event],
    evaluation: Evaluation,
    sender: SenderProfile,
    agency: str | None = None,
    decision_id: str | None = None,
    matters_chosen: Sequence[tuple[str, str]] | None = None,
    reasons: Sequence[GoodReasonLike] = (),
    addresses: Chosen | None = None,
) -> LetterFacts:
    """Gather what a letter of `kind` may say about this case, judged on `evaluation.today`.

    `agency` picks the recipient of a `provider-complaint` (required there, ignored elsewhere
    unless it names the kind's own agency). `decision_id` picks which decision a letter answers
    when the case has more than one; a VRR request refuses to guess. `matters_chosen` limits a
    first complaint to the obligations the advocate ticked (default: every breach of the
    addressee); an escalation keeps to the matters recorded with its complaint. `addresses`
    holds the address-book entries the case chose (`addressee.py`); they win over the
    sender's `recipients`.
    """
    today = evaluation.today
    # A letter dated D says what the record showed on D (duties.md, "Letters are written as at
    # their date"): later events are not narrated, obligations they created are not listed.
    events = tuple(e for e in events if e.date <= today)
    evaluation = _as_letters_say(_as_at(evaluation, events), events)
    agency = recipient_agency(kind, agency)
    decisions = decisions_for(kind, events, evaluation)
    decision = choose_decision(kind, decisions, decision_id)
    complaint = complaint_of(kind, events, decision, today) if kind.escalates else None
    matters = complaint.matters if complaint is not None else as_keys(matters_chosen)
    agencies = letter_agencies(kind, agency, complaint)
    cutoff = complaint.date if complaint else None
    every = breaches_of(agencies, events, evaluation, reasons)
    own = complaint.event_id if complaint else None
    chosen = tuple(b for b in every if b.trigger == own or in_scope(b, matters, cutoff))
    left_out = tuple(b for b in every if b not in chosen and b.category is Category.CODE)
    history = history_of(
        events, complaint, agency or HISTORY_AGENCY.get(kind.id), today, own_step(kind, decision)
    )
    authority = victim.written_authority_on
    expires = victim.written_authority_expires_on
    via_advocate, contact = victim_contact(victim)
    return LetterFacts(
        kind=kind,
        case_code=case.case_code,
        today=today,
        agency=agency,
        agency_label=agency_label(agency) if agency else Missing("recipient agency"),
        organisation=text_or_gap(sender.organisation, ORGANISATION_GAP),
        organisation_address=address_lines(sender.address) or (Missing(ORGANISATION_ADDRESS_GAP),),
        organisation_phone=optional_line(sender.phone),
        organisation_email=optional_line(sender.email),
        advocate_name=text_or_gap(sender.advocate_name, ADVOCATE_NAME_GAP),
        advocate_role=text_or_gap(sender.advocate_role, ADVOCATE_ROLE_GAP),
        advocate_phone=optional_line(sender.advocate_phone),
        advocate_email=optional_line(sender.advocate_email),
        victim_name=text_or_gap(victim.name, "victim's name"),
        contact_via_advocate=via_advocate,
        contact_asked_by_victim=asked_for_contact_through_advocate(victim),
        victim_contact=contact,
        authority_on=authority or Missing("date of the victim's written authority for me to act"),
        authority_expires_on=expires,
        authority_expired=expires is not None and expires < today,
        crime_reference=text_or_gap(case.crime_reference, "crime reference"),
        urn=text_or_gap(case.urn, "URN (CPS unique reference number)"),
        police_force=text_or_gap(case.police_force, "police force"),
        officer_name=text_or_gap(case.officer_name, "officer in charge"),
        officer_contact=tuple(
            line
            for line in (
                f"Telephone: {one_line(case.officer_phone)}" if case.officer_phone else "",
                f"Email: {one_line(case.officer_email)}" if case.officer_email else "",
            )
            if line
        ),
        offence=text_or_gap(case.offence, "offence"),
        offence_date=case.offence_date or Missing("date of the offence"),
        recipient=recipient_lines(kind, agency, case, sender, addresses or {}),
        decision=decision,
        decisions=decisions,
        deadlines=deadlines_for(kind, evaluation, decision),
        breaches=tuple(b for b in chosen if b.category is Category.CODE),
        targets=tuple(b for b in chosen if b.category is Category.TARGET),
        history=history,
        complaint=complaint,
        left_out=left_out,
        annex=annex_of(agencies, evaluation),
        access_needs=optional_line(victim.access_needs),
        language=optional_line(victim.language),
        interpreter_needed=bool(victim.interpreter_needed),
        enhanced=evaluation.enhanced,
        evaluation=evaluation,
        pronouns=parse_pronouns(victim.pronouns),
        complained_of=complained_of(complaint, case, addresses or {}),
        enclosures=enclosures_of(kind, history, complaint),
        reported_on=_first_date(events, "crime_reported"),
        opted_out_on=_opted_out_on(events),
    )


def _as_at(evaluation: Evaluation, events: Sequence[Event]) -> Evaluation:
    """Only the obligations that events on or before the letter's date created. (The caller
    judges the case as at that date, `case_source.facts_for_case`; this keeps a stray later
    obligation out even when it did not.)"""
    known = {e.id for e in events}
    kept = tuple(o for o in evaluation.obligations if o.trigger in known)
    if len(kept) == len(evaluation.obligations):
        return evaluation
    return replace(evaluation, obligations=kept)


#: wcu.inform_sentence where the Unduly Lenient Sentence scheme cannot apply (duties.md notes:
#: a magistrates' court sentence, or a Crown Court one recorded `uls_eligible: false`).
SENTENCE_WITHOUT_ULS: Final = "Tell the victim the sentence and explain it."


def _uls_can_apply(sentence: Event) -> bool:
    return sentence.get_str("court") == "crown" and sentence.fields.get("uls_eligible") is not False


def _as_letters_say(evaluation: Evaluation, events: Sequence[Event]) -> Evaluation:
    """The duties as owed in this case: the sentence duty without the ULS part where the
    scheme cannot apply, so no letter or annex alleges a duty that does not exist."""
    by_id = {e.id: e for e in events}
    changed = False
    out: list[Obligation] = []
    for o in evaluation.obligations:
        trigger = by_id.get(o.trigger)
        if o.duty == "wcu.inform_sentence" and trigger is not None and not _uls_can_apply(trigger):
            o = replace(o, what=SENTENCE_WITHOUT_ULS)
            changed = True
        out.append(o)
    return replace(evaluation, obligations=tuple(out)) if changed else evaluation


def _first_date(events: Sequence[Event], event_type: str) -> date | None:
    dates = [e.date for e in events if e.type == event_type]
    return min(dates) if dates else None


def _opted_out_on(events: Sequence[Event]) -> date | None:
    """The first opt-out of updates (the engine waives from that day: duties.md, Opting out)."""
    dates = [
        e.date for e in events if e.type == "victim_opted_out" and e.get_str("scope") == "updates"
    ]
    return min(dates) if dates else None
