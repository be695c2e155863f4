"""`LetterFacts`: everything one letter may say about one case, and the judgements templates ask
of it (which breaches count, what is still owed, the victim in the third person, time limits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from vcop_desktop.domain.obligations import Category, Evaluation, Obligation, Status
from vcop_desktop.letters.fact_items import (
    Breach,
    ComplaintFact,
    Deadline,
    DecisionFact,
    Missing,
    Step,
    Text,
    When,
)
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.pronouns import Pronouns
from vcop_desktop.letters.timing import TimeStatement, time_statement
from vcop_desktop.letters.words import long_date, rank_and_surname

#: `LetterFacts.complained_of` until a complaint names the body (one shared frozen gap).
_NO_COMPLAINED_OF: Final = Missing("the organisation complained about")


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
    complained_of: Text = _NO_COMPLAINED_OF
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
    """The duty was overdue on some day on or after `start`: from the day after it was due
    to the day of its late meeting (a day late, as `days late` counts it), or to `today`."""
    first = max(breach.due + timedelta(days=1), start)
    last = breach.met_on if breach.met_on is not None else today
    return first <= last


def _is_information(duty: str) -> bool:
    """Information owed to the victim (what a chaser to the officer may ask for)."""
    return ".inform_" in duty or duty == "police.update"
