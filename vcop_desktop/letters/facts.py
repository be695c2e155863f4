"""Everything a letter may say, gathered from the case record in one place.

`build_facts` is the only place that reads the case for a letter. Each item the record lacks is a
`Missing` value rather than None or "", so a template cannot silently print nothing: it prints
`[MISSING: crime reference]`, which the advocate sees in the editor and the drafter reports as a
gap. `Missing` is falsy, so templates can still choose wording with `{% if facts.urn %}`.

The inputs are read through small protocols that the storage models (`Victim`, `CaseRecord`,
`Contact`) satisfy as they are, so this module needs neither SQLAlchemy nor an open database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Final, Protocol

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Category, Evaluation, Obligation, Status
from vcop_desktop.domain.scenario import matter_keys
from vcop_desktop.errors import UserError
from vcop_desktop.letters.addressee import Chosen, deleted_gap, department, recipient_slot
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.pronouns import Pronouns, parse_pronouns
from vcop_desktop.letters.timing import TimeStatement, time_statement
from vcop_desktop.letters.words import (
    agency_label,
    agency_phrase,
    duty_action,
    duty_clause,
    event_phrase,
    long_date,
    rank_and_surname,
)


@dataclass(frozen=True, slots=True)
class Missing:
    """An item the record does not hold; renders as a visible gap marker."""

    label: str

    def __str__(self) -> str:
        return f"[MISSING: {self.label}]"

    def __bool__(self) -> bool:
        return False


Text = str | Missing
When = date | Missing
Day = date  # for fields named `date`, which would shadow the type inside their class


class VictimLike(Protocol):
    """The victim fields a letter reads (storage.models.Victim has them all)."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def safe_contact_method(self) -> str | None: ...
    @property
    def contact_warnings(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def interpreter_needed(self) -> bool: ...
    @property
    def access_needs(self) -> str | None: ...
    @property
    def pronouns(self) -> str | None: ...
    @property
    def written_authority_on(self) -> date | None: ...
    @property
    def written_authority_expires_on(self) -> date | None: ...


class CaseLike(Protocol):
    """The case fields a letter reads (storage.models.CaseRecord has them all)."""

    @property
    def case_code(self) -> str: ...
    @property
    def crime_reference(self) -> str | None: ...
    @property
    def urn(self) -> str | None: ...
    @property
    def police_force(self) -> str | None: ...
    @property
    def officer_name(self) -> str | None: ...
    @property
    def officer_phone(self) -> str | None: ...
    @property
    def officer_email(self) -> str | None: ...
    @property
    def offence(self) -> str | None: ...
    @property
    def offence_date(self) -> date | None: ...


class GoodReasonLike(Protocol):
    """A reason an agency gave for missing an obligation (storage.models.GoodReason)."""

    @property
    def duty(self) -> str: ...
    @property
    def trigger(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def given_on(self) -> date | None: ...


@dataclass(frozen=True, slots=True)
class SenderProfile:
    """Who sends letters: the organisation and the advocate, and where agencies are written to.

    Not part of a case file: it comes from the workspace's letter settings (see `profile.py`).
    `recipients` maps a letter kind id or an agency id to the recipient's name and address lines.
    """

    organisation: str | None = None
    address: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    advocate_name: str | None = None
    advocate_role: str | None = None
    advocate_phone: str | None = None
    advocate_email: str | None = None
    recipients: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Breach:
    """A breached obligation as a complaint letter states it."""

    duty: str
    right: int | None
    right_label: str
    owed_by: str
    owed: str
    action: str
    trigger_phrase: str
    trigger_date: date | None
    due: date
    status: Status
    met_on: date | None
    happened: str
    limit: str
    category: Category = Category.CODE
    trigger: str = ""
    #: "It arose from ..." in full: where the clock runs from receipt (Witness Care), the
    #: receipt date the record holds
    arose: str = ""
    #: the reason the agency gave, as recorded ("The police gave this reason on ...: ..."), so
    #: the letter can answer it; the app does not judge whether it is a good reason
    agency_reason: str = ""
    #: the time limit is `assumed` in the pack (duties.md notes): the letter states the dates
    #: only, never "due by" or a breach of a time limit
    assumed: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.duty, self.trigger)

    @property
    def due_words(self) -> str:
        return long_date(self.due)


@dataclass(frozen=True, slots=True)
class Deadline:
    """One of the victim's own deadlines, as a letter quotes it."""

    duty: str
    due: date | None
    limit: str
    status: Status
    met_on: date | None
    what: str
    reason: str | None

    @property
    def due_words(self) -> Text:
        return long_date(self.due) if self.due else Missing("deadline (not computed)")


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """The decision (or reply) a letter answers, and when the victim was told of it."""

    event_id: str
    type: str
    phrase: str
    date: Day
    told_on: Day | None

    def __str__(self) -> str:
        return f"{self.phrase} on {long_date(self.date)}"


@dataclass(frozen=True, slots=True)
class Step:
    """An earlier step in a complaint's history (made, replied, escalated)."""

    type: str
    phrase: str
    date: Day


@dataclass(frozen=True, slots=True)
class ComplaintFact:
    """The complaint an escalation letter is about: it keeps to its own matters."""

    event_id: str
    against: str
    date: Day
    aware_on: Day | None
    #: the (duty, trigger) keys recorded with the complaint; None when none were recorded
    matters: tuple[tuple[str, str], ...] | None
    #: the agency's own reference for the complaint, as recorded (escalations quote it)
    reference: str | None = None

    @property
    def reference_text(self) -> Text:
        return self.reference or Missing("the agency's complaint reference")


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What one letter of one kind may say about one case, judged on `today`."""

    kind: LetterKind
    case_code: str
    today: date
    agency: str | None
    agency_label: Text
    organisation: Text
    organisation_address: tuple[Text, ...]
    organisation_phone: str | None
    organisation_email: str | None
    advocate_name: Text
    advocate_role: Text
    advocate_phone: str | None
    advocate_email: str | None
    victim_name: Text
    contact_via_advocate: bool
    #: the record says the victim asked for contact through the advocate (else it is the
    #: app's safe default, and the letter asks for it rather than saying she asked)
    contact_asked_by_victim: bool
    victim_contact: tuple[str, ...]
    authority_on: When
    authority_expires_on: date | None
    authority_expired: bool
    crime_reference: Text
    urn: Text
    police_force: Text
    officer_name: Text
    officer_contact: tuple[str, ...]
    offence: Text
    offence_date: When
    recipient: tuple[Text, ...]
    decision: DecisionFact | Missing
    decisions: tuple[DecisionFact, ...]
    deadlines: tuple[Deadline, ...]
    #: Victims' Code duties missed or met late (the letter's matters)
    breaches: tuple[Breach, ...]
    #: the agency's own published (non-statutory) targets it missed: never "breaches"
    targets: tuple[Breach, ...]
    history: tuple[Step, ...]
    complaint: ComplaintFact | None
    #: breaches of the same agency left out because they arose after the complaint (or were
    #: not ticked): the advocate is offered a new complaint for them
    left_out: tuple[Breach, ...]
    #: the obligations the annex lists: the addressee's only, Code duties first
    annex: tuple[Obligation, ...]
    access_needs: str | None
    language: str | None
    interpreter_needed: bool
    enhanced: bool
    evaluation: Evaluation
    #: the victim's pronouns when the record names a set `pronouns.py` knows, else None (the
    #: letter then uses the victim's name, or wording that needs no pronoun)
    pronouns: Pronouns | None = None
    #: the first report of the crime on record (for the summary-only warning)
    reported_on: date | None = None
    #: the day the victim opted out of updates (`victim_opted_out`, scope "updates") on or
    #: before the letter's date: a letter then never asks for what they declined
    opted_out_on: date | None = None
    #: the organisation a complaint is about, its area or force first ("Crown Prosecution
    #: Service, CPS North West"): the Ombudsman and the Assessor must know whom it concerns
    complained_of: Text = Missing("the organisation complained about")
    #: documents from the record that go with the letter ("The stage 1 reply, dated ...")
    enclosures: tuple[str, ...] = ()

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        return self.evaluation.obligations

    # The victim in the third person, where the name has just been said and no one else (the
    # suspect, the officer) could be meant: the pronoun when the record gives one, else the
    # name again (never a guessed pronoun). Time statements always use the name.

    @property
    def victim_subject(self) -> Text:
        """'she' / 'he' / 'they', else the victim's name."""
        return self.pronouns.subject if self.pronouns else self.victim_name

    @property
    def victim_object(self) -> Text:
        """'her' / 'him' / 'them', else the victim's name."""
        return self.pronouns.object if self.pronouns else self.victim_name

    @property
    def victim_possessive(self) -> str:
        """'her' / 'his' / 'their', else "<name>'s"."""
        return self.pronouns.possessive if self.pronouns else f"{self.victim_name}'s"

    @property
    def victim_subject_start(self) -> Text:
        """`victim_subject` to start a sentence: 'She', or the name exactly as recorded."""
        return self.pronouns.subject.capitalize() if self.pronouns else self.victim_name

    @property
    def victim_possessive_start(self) -> str:
        """`victim_possessive` to start a sentence: 'Her', or "<name>'s" as recorded."""
        return self.pronouns.possessive.capitalize() if self.pronouns else f"{self.victim_name}'s"

    def victim_verb(self, singular: str, plural: str) -> str:
        """The verb form agreeing with `victim_subject` ("they are", "Zoë is")."""
        return self.pronouns.verb(singular, plural) if self.pronouns else singular

    @property
    def salutation_name(self) -> Text:
        """'DC Hale' for 'DC Priya Hale': rank and surname, as a letter greets an officer."""
        if isinstance(self.officer_name, Missing):
            return self.officer_name
        return rank_and_surname(self.officer_name)

    @property
    def vpa_s5(self) -> bool:
        """Victims and Prisoners Act 2024 s.5 (duty to comply, from 29 January 2025) can be
        cited: some breach in this letter lasted into that day or later."""
        return any(_in_breach_from(b, VPA_S5_FROM, self.today) for b in self.firm_breaches)

    @property
    def practice(self) -> tuple[Obligation, ...]:
        """Good practice owed by the addressee and not recorded as met (a welfare letter)."""
        return tuple(
            o
            for o in self.annex
            if o.category is Category.PRACTICE and o.status not in (Status.MET, Status.MET_LATE)
        )

    @property
    def firm_breaches(self) -> tuple[Breach, ...]:
        """Breaches of a confirmed Code time limit: the only ones a letter counts as such."""
        return tuple(b for b in self.breaches if not b.assumed)

    @property
    def unconfirmed(self) -> tuple[Breach, ...]:
        """Duties whose time limit is assumed: a letter gives their dates, never a breach."""
        return tuple(b for b in self.breaches if b.assumed)

    @property
    def outstanding(self) -> tuple[Breach, ...]:
        """Breaches still not met: what a letter asks to be done now. After an opt-out of
        updates, never the information the victim declined (duties.md, Opting out)."""
        return tuple(
            b
            for b in self.breaches
            if b.status is Status.OVERDUE and not (self.opted_out_on and _is_information(b.duty))
        )

    @property
    def declined(self) -> tuple[Breach, ...]:
        """Information still owed that the victim has since opted out of receiving."""
        if self.opted_out_on is None:
            return ()
        return tuple(
            b for b in self.breaches if b.status is Status.OVERDUE and _is_information(b.duty)
        )

    @property
    def opt_out_sentence(self) -> str:
        """The opt-out as a letter states it ("" when none is recorded)."""
        if self.opted_out_on is None:
            return ""
        return (
            f"On {long_date(self.opted_out_on)} {self.victim_name} asked not to receive updates "
            "about the case, so I do not ask you to send the information listed above now."
        )

    @property
    def chase_items(self) -> tuple[Breach, ...]:
        """What a chaser to the officer asks for: information owed to the victim only."""
        return tuple(b for b in self.outstanding if _is_information(b.duty))

    def timing(self, *duties: str) -> TimeStatement:
        """The one true sentence about the victim's time limit(s) for this letter's decision
        (see `timing.py`); `duties` shortest first."""
        found = [o for duty in duties for o in self._deadline_obligations(duty)]
        since = self.decision.phrase if isinstance(self.decision, DecisionFact) else "the decision"
        victim = self.victim_name if isinstance(self.victim_name, str) else "the victim"
        process = None
        if self.complaint is not None and isinstance(self.decision, DecisionFact):
            process = (self.complaint.date, self.decision.date)
        return time_statement(
            found, self.today, noun=self.kind.noun, victim=victim, since=since, process=process
        )

    def _deadline_obligations(self, duty: str) -> list[Obligation]:
        matches = [o for o in self.evaluation.obligations if o.duty == duty]
        if isinstance(self.decision, DecisionFact):
            matches = [o for o in matches if o.trigger == self.decision.event_id]
        return matches[-1:]

    def deadline(self, duty: str) -> Deadline | Missing:
        """The victim's deadline `duty` for this letter's decision, or a gap."""
        for item in self.deadlines:
            if item.duty == duty:
                return item
        return Missing(f"deadline {duty} (not computed: no decision recorded)")


#: Victims and Prisoners Act 2024 s.5 (comply with the Code unless good reason) in force.
VPA_S5_FROM: Final = date(2025, 1, 29)


def _in_breach_from(breach: Breach, start: date, today: date) -> bool:
    """The duty was overdue on some day on or after `start` (up to its late meeting)."""
    first = max(breach.due + timedelta(days=1), start)
    last = breach.met_on - timedelta(days=1) if breach.met_on is not None else today
    return first <= last


#: Which agency duty tells the victim of each decision (the victim's clock starts then).
_TOLD_BY: dict[str, str] = {
    "police_decision_no_charge": "police.inform_no_charge",
    "cps_decision_no_charge": "cps.inform_no_charge",
    "cps_discontinued": "cps.inform_discontinued",
    "cps_offered_no_evidence": "cps.inform_no_evidence",
    "charges_left_on_file": "cps.inform_left_on_file",
}

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
_HISTORY_AGENCY = {"police-complaint-review": "police", "cps-complaint-iac": "cps"}

_VRR_SOURCES = {
    "police.vrr_acknowledge": "the police Victims' Right to Review scheme",
    "police.vrr_outcome": "the police Victims' Right to Review scheme",
    "provider.complaint_reply": "Right 12 (complaints)",
    "cps.complaint_stage1_reply": "the CPS complaints procedure",
}


#: The gaps the sender's own details fill (Settings → Letters or `sender.toml`), not the case.
ORGANISATION_GAP: Final = "organisation name"
ORGANISATION_ADDRESS_GAP: Final = "organisation address"
ADVOCATE_NAME_GAP: Final = "advocate's name"
ADVOCATE_ROLE_GAP: Final = "advocate's role"
SENDER_GAPS: Final = frozenset(
    {ORGANISATION_GAP, ORGANISATION_ADDRESS_GAP, ADVOCATE_NAME_GAP, ADVOCATE_ROLE_GAP}
)


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
    agency = _recipient_agency(kind, agency)
    decisions = _decisions(kind, events, evaluation)
    decision = _choose_decision(kind, decisions, decision_id)
    complaint = _complaint(kind, events, decision, today) if kind.escalates else None
    matters = complaint.matters if complaint is not None else _keys(matters_chosen)
    agencies = _letter_agencies(kind, agency, complaint)
    cutoff = complaint.date if complaint else None
    every = _breaches(agencies, events, evaluation, reasons)
    own = complaint.event_id if complaint else None
    chosen = tuple(b for b in every if b.trigger == own or _in_scope(b, matters, cutoff))
    left_out = tuple(b for b in every if b not in chosen and b.category is Category.CODE)
    history = _history(
        events, complaint, agency or _HISTORY_AGENCY.get(kind.id), today, _own_step(kind, decision)
    )
    authority = victim.written_authority_on
    expires = victim.written_authority_expires_on
    via_advocate, contact = _victim_contact(victim)
    return LetterFacts(
        kind=kind,
        case_code=case.case_code,
        today=today,
        agency=agency,
        agency_label=agency_label(agency) if agency else Missing("recipient agency"),
        organisation=_text(sender.organisation, ORGANISATION_GAP),
        organisation_address=_address(sender.address) or (Missing(ORGANISATION_ADDRESS_GAP),),
        organisation_phone=_opt(sender.phone),
        organisation_email=_opt(sender.email),
        advocate_name=_text(sender.advocate_name, ADVOCATE_NAME_GAP),
        advocate_role=_text(sender.advocate_role, ADVOCATE_ROLE_GAP),
        advocate_phone=_opt(sender.advocate_phone),
        advocate_email=_opt(sender.advocate_email),
        victim_name=_text(victim.name, "victim's name"),
        contact_via_advocate=via_advocate,
        contact_asked_by_victim=_asked_for_contact_through_advocate(victim),
        victim_contact=contact,
        authority_on=authority or Missing("date of the victim's written authority for me to act"),
        authority_expires_on=expires,
        authority_expired=expires is not None and expires < today,
        crime_reference=_text(case.crime_reference, "crime reference"),
        urn=_text(case.urn, "URN (CPS unique reference number)"),
        police_force=_text(case.police_force, "police force"),
        officer_name=_text(case.officer_name, "officer in charge"),
        officer_contact=tuple(
            line
            for line in (
                f"Telephone: {_one_line(case.officer_phone)}" if case.officer_phone else "",
                f"Email: {_one_line(case.officer_email)}" if case.officer_email else "",
            )
            if line
        ),
        offence=_text(case.offence, "offence"),
        offence_date=case.offence_date or Missing("date of the offence"),
        recipient=_recipient(kind, agency, case, sender, addresses or {}),
        decision=decision,
        decisions=decisions,
        deadlines=_deadlines(kind, evaluation, decision),
        breaches=tuple(b for b in chosen if b.category is Category.CODE),
        targets=tuple(b for b in chosen if b.category is Category.TARGET),
        history=history,
        complaint=complaint,
        left_out=left_out,
        annex=_annex(agencies, evaluation),
        access_needs=_opt(victim.access_needs),
        language=_opt(victim.language),
        interpreter_needed=bool(victim.interpreter_needed),
        enhanced=evaluation.enhanced,
        evaluation=evaluation,
        pronouns=parse_pronouns(victim.pronouns),
        complained_of=_complained_of(complaint, case, addresses or {}),
        enclosures=_enclosures(kind, history, complaint),
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


def _text(value: str | None, label: str) -> Text:
    value = _one_line(value)
    return value if value else Missing(label)


def _one_line(value: str | None) -> str:
    """Record text on one line, so a newline typed into a name cannot start a heading line,
    a bullet or the `---` separator in the letter text (the text format's own escaping)."""
    return " ".join((value or "").split())


def _opt(value: str | None) -> str | None:
    return _one_line(value) or None


def _address(lines: Sequence[str]) -> tuple[str, ...]:
    return tuple(line for line in (_one_line(item) for item in lines) if line)


def _recipient_agency(kind: LetterKind, agency: str | None) -> str | None:
    if kind.needs_agency:
        if not agency:
            raise UserError(
                f"a {kind.id} letter needs the agency it is addressed to "
                "(for example --agency probation)"
            )
        return agency.strip().lower()
    if agency and kind.agency and agency != kind.agency:
        raise UserError(
            f"a {kind.id} letter always goes to {agency_label(kind.agency)}; "
            f"for a complaint to another agency use provider-complaint"
        )
    return kind.agency


def _asked_for_contact_through_advocate(victim: VictimLike) -> bool:
    """The victim's recorded safe contact method sends contact through the advocate."""
    lowered = _one_line(victim.safe_contact_method).lower()
    return "advocate" in lowered or "through" in lowered


def _victim_contact(victim: VictimLike) -> tuple[bool, tuple[str, ...]]:
    """Whether agencies should contact the victim through the advocate, and if not, how.

    Safe by default: unless the victim's safe contact method names a channel (email, phone or
    post) that the record holds, the letter gives the advocate's details only. A home address is
    given only when the victim chose post.
    """
    method = _one_line(victim.safe_contact_method)
    lowered = method.lower()
    if not method or _asked_for_contact_through_advocate(victim):
        return True, ()
    lines: list[str] = []
    if "email" in lowered and victim.email:
        lines.append(f"Email: {_one_line(victim.email)}")
    if any(word in lowered for word in ("phone", "call", "text", "mobile")) and victim.phone:
        lines.append(f"Telephone: {_one_line(victim.phone)}")
    if any(word in lowered for word in ("post", "letter")) and victim.address:
        lines.append("Address: " + ", ".join(_lines(victim.address)))
    if not lines:
        return True, ()
    lines.append(f"Safe contact: {method}")
    if victim.contact_warnings:
        lines.append(f"Please note: {_one_line(victim.contact_warnings)}")
    return False, tuple(lines)


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


def _recipient(
    kind: LetterKind, agency: str | None, case: CaseLike, sender: SenderProfile, chosen: Chosen
) -> tuple[Text, ...]:
    slot = recipient_slot(kind, agency)
    if slot is not None and slot in chosen:
        return _chosen_recipient(kind, case, slot, chosen[slot])
    address = sender.recipients.get(kind.id) or (sender.recipients.get(agency) if agency else None)
    if address and _address(address):
        return _address(address)
    if kind.id == "chaser":
        return (
            _text(case.officer_name, "officer in charge"),
            _text(case.police_force, "police force"),
            Missing("police station address"),
        )
    if kind.id == "cps-vrr":
        return (
            kind.recipient,
            Missing("CPS Area that made the decision"),
            Missing("Victim Liaison Unit address"),
        )
    if kind.id == "wcu-complaint":
        return (
            kind.recipient,
            Missing("name of the Witness Care Unit"),
            _text(case.police_force, "police force that runs the unit"),
            Missing("address"),
        )
    if kind.id == "police-complaint-review":
        return (
            Missing("review body named in the outcome letter: the local policing body or the IOPC"),
            Missing("review body's address"),
        )
    if agency == "police":
        return (kind.recipient, _text(case.police_force, "police force"), Missing("force address"))
    if agency == "police_employer":
        # A welfare letter to the force as employer (not a Code complaint): to whoever leads on
        # the colleague's welfare.
        return (
            Missing("recipient: the victim's line manager or the force's welfare lead"),
            _text(case.police_force, "police force"),
            Missing("force address"),
        )
    if agency == "cps":
        # CPS complaints are dealt with by the Area that handled the case, not a central team.
        return (
            kind.recipient,
            Missing("CPS Area that dealt with the case"),
            Missing("CPS Area address"),
        )
    if agency is None:
        return (kind.recipient, Missing(f"{kind.recipient} address"))
    name = agency_label(agency)
    return (kind.recipient, name, Missing(f"{name} address"))


def _chosen_recipient(
    kind: LetterKind, case: CaseLike, slot: str, lines: tuple[str, ...] | None
) -> tuple[Text, ...]:
    """The team (or, for a chaser, the officer), then the chosen entry's lines; a gap when
    the entry has been deleted from the address book since the case chose it."""
    entry = _address(lines or ())
    if kind.id == "chaser":
        head: tuple[Text, ...] = (_text(case.officer_name, "officer in charge"),)
    else:
        team = department(kind, entry)
        head = (team,) if team else ()
    if not entry:
        return (*head, Missing(deleted_gap(slot)))
    return (*head, *entry)


def _decisions(
    kind: LetterKind, events: Sequence[Event], evaluation: Evaluation
) -> tuple[DecisionFact, ...]:
    met: dict[tuple[str, str], date] = {
        o.key: o.met_on for o in evaluation.obligations if o.met_on is not None
    }
    found = [
        DecisionFact(
            event_id=e.id,
            type=e.type,
            phrase=event_phrase(e.type),
            date=e.date,
            told_on=met.get((_TOLD_BY[e.type], e.id)) if e.type in _TOLD_BY else None,
        )
        for e in sorted(events, key=lambda e: e.sort_key)
        if e.type in kind.decisions and e.date <= evaluation.today
    ]
    return tuple(found)


def _choose_decision(
    kind: LetterKind, decisions: tuple[DecisionFact, ...], decision_id: str | None
) -> DecisionFact | Missing:
    if decision_id is not None:
        for item in decisions:
            if item.event_id == decision_id:
                return item
        raise UserError(
            f"event {decision_id!r} is not one this {kind.id} letter can answer; "
            + _choices(kind, decisions)
        )
    if not decisions:
        if not kind.decisions:
            return Missing("decision")
        what = " or ".join(event_phrase(t) for t in kind.decisions)
        return Missing(f"{what} (none recorded in the case)")
    if len(decisions) > 1 and kind.document_kind == "vrr_request":
        raise UserError(
            f"the case has more than one decision a {kind.id} request could challenge; "
            + _choices(kind, decisions)
        )
    return decisions[-1]


def _choices(kind: LetterKind, decisions: tuple[DecisionFact, ...]) -> str:
    if not decisions:
        return "the case records none"
    listed = "; ".join(f"{d.event_id} ({d})" for d in decisions)
    return f"choose one with --decision: {listed}"


def _deadlines(
    kind: LetterKind, evaluation: Evaluation, decision: DecisionFact | Missing
) -> tuple[Deadline, ...]:
    out: list[Deadline] = []
    for duty in kind.deadline_duties:
        matches = [o for o in evaluation.obligations if o.duty == duty]
        if isinstance(decision, DecisionFact):
            matches = [o for o in matches if o.trigger == decision.event_id]
        if matches:
            o = matches[-1]
            out.append(
                Deadline(
                    duty=o.duty,
                    due=o.due,
                    limit=o.limit,
                    status=o.status,
                    met_on=o.met_on,
                    what=o.what,
                    reason=o.reason,
                )
            )
    return tuple(out)


def _keys(keys: Sequence[tuple[str, str]] | None) -> tuple[tuple[str, str], ...] | None:
    return None if keys is None else tuple(keys)


def _in_scope(
    breach: Breach, matters: tuple[tuple[str, str], ...] | None, cutoff: date | None
) -> bool:
    """A breach belongs in the letter: one of the complaint's matters, or (none recorded) one
    that had already arisen when the complaint was made. (How the complaint itself was handled,
    such as a late reply to it, always belongs: the caller adds those.)"""
    if matters is not None:
        return breach.key in matters
    return cutoff is None or breach.due < cutoff


def _letter_agencies(
    kind: LetterKind, agency: str | None, complaint: ComplaintFact | None
) -> frozenset[str]:
    """Whose obligations the letter is about: the complaint's agency, else the addressee's."""
    if complaint is not None:
        return frozenset({complaint.against})
    if kind.needs_agency and agency:
        return frozenset({agency})
    if kind.breaches_of:
        return frozenset(kind.breaches_of)
    named = kind.agency or _HISTORY_AGENCY.get(kind.id)
    return frozenset({named}) if named else frozenset()


#: Which agency a complaint step belongs to when the event does not say (by its type).
_STEP_PARTY: dict[str, str] = {
    "police_complaint_outcome": "police",
    "police_complaint_review_requested": "police",
    "cps_complaint_stage1_reply": "cps",
    "cps_complaint_stage2_reply": "cps",
    "cps_complaint_escalated": "cps",
}


def _complaint(
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
        party = kind.agency or _HISTORY_AGENCY.get(kind.id)
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
        reference=_opt(found.get_str("reference")),
    )


def _breaches(
    agencies: frozenset[str],
    events: Sequence[Event],
    evaluation: Evaluation,
    reasons: Sequence[GoodReasonLike] = (),
) -> tuple[Breach, ...]:
    """The agencies' Code duties and scheme targets that were missed (overdue or met late).

    Good practice is neither, and the victim's own deadlines are never the agency's failing,
    so neither is listed. What the letter says happened is what the record shows, no more.
    """
    if not agencies:
        return ()
    by_id = {e.id: e for e in events}
    given: dict[tuple[str, str], GoodReasonLike] = {}
    for reason in reasons:
        given[(reason.duty, reason.trigger)] = reason  # the latest recorded reason counts
    today = evaluation.today
    out: list[Breach] = []
    for o in evaluation.obligations:
        if o.owed_by not in agencies or not o.status.is_breach or o.due is None:
            continue
        if o.category not in (Category.CODE, Category.TARGET):
            continue
        stated = given.get(o.key)
        agency_reason = ""
        if stated is not None and _one_line(stated.reason):
            when = f" on {long_date(stated.given_on)}" if stated.given_on else ""
            who = agency_phrase(o.owed_by)
            agency_reason = (
                f"{who[:1].upper()}{who[1:]} gave this reason{when}: "
                f"\u201c{_one_line(stated.reason)}\u201d."
            )
        trigger = by_id.get(o.trigger)
        assumed = o.confidence == "assumed"
        if o.status is Status.MET_LATE and o.met_on is not None:
            happened = (
                f"our records show it was done on {long_date(o.met_on)}"
                if assumed
                else f"met late, on {long_date(o.met_on)}"
            )
        elif assumed:
            happened = f"our records show it had not been done as of {long_date(today)}"
        else:
            happened = f"not met: our records show it had not been done as of {long_date(today)}"
        right_label = f"Right {o.right}" if o.right else _VRR_SOURCES.get(o.duty, o.source)
        phrase = event_phrase(trigger.type) if trigger else "the triggering event"
        arose = phrase + (f" on {long_date(trigger.date)}" if trigger else "")
        if trigger is not None and o.clock == "received":
            if o.clock_assumed:
                arose += " (our records do not show when the unit received it)"
            elif o.clock_start is not None:
                arose += f" (received by the unit on {long_date(o.clock_start)})"
        out.append(
            Breach(
                duty=o.duty,
                right=o.right,
                right_label=right_label,
                owed_by=o.owed_by,
                owed=duty_clause(o.what),
                action=duty_action(o.what),
                trigger_phrase=phrase,
                trigger_date=trigger.date if trigger else None,
                due=o.due,
                status=o.status,
                met_on=o.met_on,
                happened=happened,
                limit=o.limit,
                category=o.category,
                trigger=o.trigger,
                arose=arose,
                agency_reason=agency_reason,
                assumed=assumed,
            )
        )
    return _once_per_reply(out)


def _once_per_reply(found: list[Breach]) -> tuple[Breach, ...]:
    """One late CPS reply is one matter: where the CPS's own stage 1 target covers a complaint,
    the Right 12 reply (whose 10 working days are assumed) is not listed again for it."""
    targeted = {b.trigger for b in found if b.duty == "cps.complaint_stage1_reply"}
    twice = {("provider.complaint_reply", "cps", trigger) for trigger in targeted}
    return tuple(b for b in found if (b.duty, b.owed_by, b.trigger) not in twice)


def _is_information(duty: str) -> bool:
    """Information owed to the victim (what a chaser to the officer may ask for)."""
    return ".inform_" in duty or duty == "police.update"


_ANNEX_ORDER = {Category.CODE: 0, Category.TARGET: 1, Category.PRACTICE: 2}


def _annex(agencies: frozenset[str], evaluation: Evaluation) -> tuple[Obligation, ...]:
    """The addressee's obligations only: Code duties, then scheme targets, then good practice.
    Never the victim's own deadlines, never another agency's."""
    mine = [
        o for o in evaluation.obligations if o.owed_by in agencies and o.category in _ANNEX_ORDER
    ]
    return tuple(sorted(mine, key=lambda o: _ANNEX_ORDER[o.category]))


def _party(event: Event) -> str | None:
    return event.get_str("against") or event.get_str("from") or _STEP_PARTY.get(event.type)


def _history(
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


def _own_step(kind: LetterKind, decision: DecisionFact | Missing) -> tuple[str, date] | None:
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


def _enclosures(
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


def _complained_of(complaint: ComplaintFact | None, case: CaseLike, chosen: Chosen) -> Text:
    """The body a complaint is about, named first with its area or force."""
    if complaint is None or not complaint.against:
        return Missing("the organisation complained about")
    against = complaint.against
    entry = chosen.get(against) or ()
    if against == "police":
        return (
            _one_line(case.police_force)
            or (entry[0] if entry else "")
            or str(Missing("police force complained about"))
        )
    if against == "cps":
        area = entry[0] if entry else str(Missing("CPS Area that dealt with the case"))
        return f"Crown Prosecution Service, {area}"
    if against == "wcu":
        force = _one_line(case.police_force) or str(Missing("police force that runs the unit"))
        return f"Witness Care Unit run by {force}"
    return agency_label(against)


@dataclass(frozen=True, slots=True)
class VictimDetails:
    """Plain victim details, for callers without a storage row (scenario files, previews)."""

    name: str = ""
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    safe_contact_method: str | None = None
    contact_warnings: str | None = None
    language: str | None = None
    interpreter_needed: bool = False
    access_needs: str | None = None
    written_authority_on: date | None = None
    written_authority_expires_on: date | None = None
    pronouns: str | None = None


@dataclass(frozen=True, slots=True)
class CaseDetails:
    """Plain case details, for callers without a storage row (scenario files, previews)."""

    case_code: str
    crime_reference: str | None = None
    urn: str | None = None
    police_force: str | None = None
    officer_name: str | None = None
    officer_phone: str | None = None
    officer_email: str | None = None
    offence: str | None = None
    offence_date: date | None = None
