"""What an anonymised case file holds: the rows kept from the old file, with nothing in them
that can identify the victim (see `domain/retention.py` for the rule on events).

Kept: the case code, status, dates (opened, closed, offence), flags, police force, an offence
only when it is one of the listed offences (`domain/offences.py`: free text otherwise); every
event with its date and its fields less free text; the agencies' reasons (that one is on
record, and when) without their words; the safety plan's items (their dates) without their
words. Gone: the victim's name (the case code stands in), contact details, date of birth,
notes, contacts, letters and documents, the address-book links, event notes, a risk
assessment's answers (its score is kept), and the old
audit log with its before/after values (the new file's log starts with the anonymisation).

The date of birth is replaced by a stand-in (`stand_in_dob`) that keeps what the figures
draw from it: under 18 at the offence (enhanced rights) and, with consent to equality
monitoring, the age band; the recorded characteristics (codes) are kept with their consent.
`same_figures` checks that every obligation not owed
by the victim comes out the same; if one would not, nothing is anonymised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.domain.enhanced import ADULT_AGE
from vcop_desktop.domain.equality import RECORDED, age_at_offence, band_of
from vcop_desktop.domain.events import CaseFacts, Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.offences import offence_named
from vcop_desktop.domain.retention import REMOVED, anonymised_fields
from vcop_desktop.domain.risk import RiskForms, assess
from vcop_desktop.domain.scenario import parse_event
from vcop_desktop.storage.casefile import CaseFile
from vcop_desktop.storage.models import (
    CaseEvent,
    CaseRecord,
    CaseTable,
    GoodReason,
    Meta,
    SafetyPlanItem,
    Victim,
)
from vcop_desktop.storage.retention_state import ANONYMISED_ON


@dataclass(frozen=True, slots=True)
class KeptCase:
    """The rows of the anonymised file and the engine's view of them (for the figures check)."""

    record: CaseRecord
    victim: Victim
    events: tuple[CaseEvent, ...]
    more: tuple[CaseTable, ...]
    scenario: Scenario


def stand_in_dob(
    born: date | None,
    offence_date: date | None,
    reported: Sequence[date] = (),
    *,
    consent: bool = False,
) -> date | None:
    """A date of birth that is not the victim's, yet keeps every figure a report draws from
    one: under 18 at the offence (a child's enhanced rights, the under-18 breakdown) and, with
    consent to equality monitoring, the age band. The victim is made 17 at the offence if a
    child, else the youngest age of their band (18 without consent: only "adult" is kept).
    None when the age at the offence (else at the crime report) is not known."""
    age = age_at_offence(born, offence_date, reported)
    day = offence_date or min(reported, default=None)
    if age is None or day is None:
        return None
    if age < ADULT_AGE:
        kept = ADULT_AGE - 1
    elif not consent:
        kept = ADULT_AGE
    else:
        band = band_of(age)
        kept = ADULT_AGE if band is None else band.low
    return add_months(day, -12 * kept)


def _score(row: CaseEvent, forms: RiskForms) -> int | None:
    """A risk assessment's score as the engine reads it (given, else from its answers)."""
    if row.type != "risk_assessment":
        return None
    raw = {"id": row.event_id, "type": row.type, "date": row.date.isoformat(), **row.fields}
    return assess(parse_event(raw, row.position), forms).score


def kept_case(file: CaseFile, today: date, forms: RiskForms) -> KeptCase:
    """Read `file` (one read transaction) into the rows an anonymised copy holds; `forms`
    score a risk assessment whose answers are removed."""
    with file.reading() as session:
        old = session.exec(select(CaseRecord)).one()
        # By plain SQL: a file older than format 1.5 (read, not migrated) has no columns
        # for the characteristics, and the ORM would ask for them.
        result = session.connection().exec_driver_sql("SELECT * FROM victim")
        person = dict(zip(result.keys(), result.one(), strict=True))
        born = date.fromisoformat(str(person["date_of_birth"])) if person["date_of_birth"] else None
        events = list(session.exec(select(CaseEvent).order_by(col(CaseEvent.position))).all())
        reasons = list(session.exec(select(GoodReason).order_by(col(GoodReason.id))).all())
        items = list(session.exec(select(SafetyPlanItem).order_by(col(SafetyPlanItem.id))).all())
        offence = old.offence if old.offence and offence_named(old.offence) else None
        record = CaseRecord(
            case_code=old.case_code,
            police_force=old.police_force,
            offence=offence,
            offence_date=old.offence_date,
            flags=list(old.flags),
            status=old.status,
            opened_on=old.opened_on,
            closed_on=old.closed_on,
        )
        consent = bool(person.get("equality_consent"))
        victim = Victim(
            name=old.case_code,
            date_of_birth=stand_in_dob(
                born,
                old.offence_date,
                [e.date for e in events if e.type == "crime_reported"],
                consent=consent,
            ),
            equality_consent=consent or None,
        )
        if consent:  # categories, not the person: kept so the breakdowns count it as before
            for name in RECORDED:
                setattr(victim, name, person.get(name))
        rows = tuple(
            CaseEvent(
                event_id=e.event_id,
                type=e.type,
                date=e.date,
                fields=anonymised_fields(e.type, e.fields, _score(e, forms)),
                position=e.position,
                recorded_by=e.recorded_by,
                recorded_at=e.recorded_at,
            )
            for e in events
        )
        more: list[CaseTable] = [
            GoodReason(
                duty=r.duty,
                trigger=r.trigger,
                reason=REMOVED,
                given_on=r.given_on,
                recorded_by=r.recorded_by,
                recorded_at=r.recorded_at,
            )
            for r in reasons
        ]
        more += [
            SafetyPlanItem(
                what=REMOVED,
                responsible=REMOVED,
                review_on=i.review_on,
                closed_on=i.closed_on,
                recorded_by=i.recorded_by,
                recorded_at=i.recorded_at,
            )
            for i in items
        ]
        more.append(Meta(name=ANONYMISED_ON, value=today.isoformat()))
    parsed = tuple(
        parse_event({"id": e.event_id, "type": e.type, "date": e.date.isoformat(), **e.fields}, n)
        for n, e in enumerate(rows)
    )
    facts = CaseFacts(
        offence_date=record.offence_date,
        victim_dob=victim.date_of_birth,
        flags=frozenset(record.flags),
        victim_name=victim.name,
    )
    return KeptCase(record, victim, rows, tuple(more), Scenario(case=facts, events=parsed))


def _figures(evaluation: Evaluation) -> Sequence[tuple[object, ...]]:
    return sorted(
        (o.duty, o.trigger, o.owed_by, o.status.value, o.due, o.met_on, o.clock_start)
        for o in evaluation.obligations
        if o.owed_by != "victim"
    )


def same_figures(before: Evaluation, after: Evaluation) -> bool:
    """True if every obligation owed by an agency or the advocate is unchanged. The victim's
    own deadlines may move with a stand-in date of birth (a child's CICA limit runs to a
    birthday): the report of the victim's deadlines can then count an anonymised case's
    differently; the Code and service figures cannot change."""
    return _figures(before) == _figures(after) and before.enhanced == after.enhanced
