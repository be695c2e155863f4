"""The obligations a letter is about: whose they are, which missed ones are in scope, how each is
stated, and what the annex lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Category, Evaluation, Obligation, Status
from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY
from vcop_desktop.letters.complaint_facts import HISTORY_AGENCY
from vcop_desktop.letters.fact_inputs import GoodReasonLike
from vcop_desktop.letters.fact_items import Breach, ComplaintFact, one_line
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.words import (
    agency_phrase,
    duty_action,
    duty_clause,
    event_phrase,
    long_date,
)

_VRR_SOURCES = {
    "police.vrr_acknowledge": "the police Victims' Right to Review scheme",
    "police.vrr_outcome": "the police Victims' Right to Review scheme",
    "provider.complaint_reply": "Right 12 (complaints)",
    "cps.complaint_stage1_reply": "the CPS complaints procedure",
}


def as_keys(keys: Sequence[tuple[str, str]] | None) -> tuple[tuple[str, str], ...] | None:
    return None if keys is None else tuple(keys)


def in_scope(
    breach: Breach, matters: tuple[tuple[str, str], ...] | None, cutoff: date | None
) -> bool:
    """A breach belongs in the letter: one of the complaint's matters, or (none recorded) one
    that had already arisen when the complaint was made. (How the complaint itself was handled,
    such as a late reply to it, always belongs: the caller adds those.)"""
    if matters is not None:
        return breach.key in matters
    return cutoff is None or breach.due < cutoff


def letter_agencies(
    kind: LetterKind, agency: str | None, complaint: ComplaintFact | None
) -> frozenset[str]:
    """Whose obligations the letter is about: the complaint's agency, else the addressee's."""
    if complaint is not None:
        return frozenset({complaint.against})
    if kind.needs_agency and agency:
        return frozenset({agency})
    if kind.breaches_of:
        return frozenset(kind.breaches_of)
    named = kind.agency or HISTORY_AGENCY.get(kind.id)
    return frozenset({named}) if named else frozenset()


def breaches_of(
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
        if o.owed_by == ADVOCATE_AGENCY:  # the service's own standards: never an agency's breach
            continue
        if o.category not in (Category.CODE, Category.TARGET):
            continue
        stated = given.get(o.key)
        agency_reason = ""
        if stated is not None and one_line(stated.reason):
            when = f" on {long_date(stated.given_on)}" if stated.given_on else ""
            who = agency_phrase(o.owed_by)
            agency_reason = (
                f"{who[:1].upper()}{who[1:]} gave this reason{when}: "
                f"\u201c{one_line(stated.reason)}\u201d."
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


_ANNEX_ORDER = {Category.CODE: 0, Category.TARGET: 1, Category.PRACTICE: 2}


def annex_of(agencies: frozenset[str], evaluation: Evaluation) -> tuple[Obligation, ...]:
    """The addressee's obligations only: Code duties, then scheme targets, then good practice.
    Never the victim's own deadlines, never another agency's, never the advocate's own
    service standards."""
    mine = [
        o
        for o in evaluation.obligations
        if o.owed_by in agencies and o.owed_by != ADVOCATE_AGENCY and o.category in _ANNEX_ORDER
    ]
    return tuple(sorted(mine, key=lambda o: _ANNEX_ORDER[o.category]))
