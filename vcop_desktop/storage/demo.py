"""Synthetic demo cases: realistic shapes, obviously fake people, the same output for a seed.

Used by `vcop-desktop demo`, the tests and the benchmark. Every name is a made-up surname
("Sampleton", "Fakeworth") and every phone number is in Ofcom's drama range, so nothing here
can be mistaken for, or match, a real person.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from vcop_desktop.domain.events import Event, FieldValue
from vcop_desktop.domain.risk import RiskForm, score
from vcop_desktop.domain.vocabulary import NOT_OFFERED_REASONS, NOT_TAKEN_UP_REASONS

_FIRST = (
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Tomasz",
    "Aisha",
    "Morgan",
    "Chen",
    "Rhys",
    "Femi",
    "Niamh",
    "Kai",
    "Leila",
    "Owen",
    "Zofia",
    "Dev",
    "Maya",
    "Callum",
    "Ines",
    "Bilal",
)
_LAST = (
    "Sampleton",
    "Exampleby",
    "Fakeworth",
    "Testerfield",
    "Demoski",
    "Madeupson",
    "Placeholder",
    "Fictionary",
    "Mockford",
    "Notreal",
)
_FORCES = ("Northshire Police", "Westmoor Constabulary", "Eastvale Police", "Southdown Police")
_PRONOUNS = ("she/her", "he/him", "they/them", None)
_SAFE_CONTACT = (
    ("text message only", "weekdays 10:00-14:00", "never leave voicemail"),
    ("call mobile", "after 18:00", "do not call at home; partner may answer"),
    ("email", "any time", None),
    ("via support worker", "Tuesdays", "no letters to home address"),
)

#: (offence, flags) pairs: the mix of a typical advocacy service.
_OFFENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Assault occasioning actual bodily harm (domestic)", ("domestic_abuse",)),
    ("Controlling or coercive behaviour", ("domestic_abuse", "intimidated")),
    ("Stalking involving fear of violence", ("domestic_abuse", "persistently_targeted")),
    ("Rape", ("sexual_offence", "violent_or_sexual_offence")),
    ("Sexual assault", ("sexual_offence",)),
    ("Racially aggravated harassment", ("hate_crime", "persistently_targeted")),
    ("Religiously aggravated criminal damage", ("hate_crime",)),
    ("Wounding with intent", ("wounding_with_intent", "violent_or_sexual_offence")),
    ("Burglary", ()),
    ("Robbery", ("vulnerable",)),
    ("Assault on a police officer", ("police_colleague",)),
    ("Modern slavery offence", ("modern_slavery", "vulnerable")),
)


@dataclass(slots=True)
class DemoCase:
    """One synthetic case, ready for `Workspace.create_case`."""

    victim_name: str
    victim_dob: date
    offence: str
    offence_date: date
    flags: tuple[str, ...]
    crime_reference: str
    events: list[Event]
    victim: dict[str, Any] = field(default_factory=dict)
    case: dict[str, Any] = field(default_factory=dict)
    #: Equality monitoring (consent and codes): apart from `victim`, drawn on its own stream.
    equality: dict[str, Any] = field(default_factory=dict)


class _History:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.events: list[Event] = []

    def add(self, event_type: str, when: date, **fields: FieldValue) -> Event | None:
        if when > self.today:
            return None
        event = Event(
            id=f"e{len(self.events) + 1}",
            type=event_type,
            date=when,
            fields=MappingProxyType(dict(fields)),
            position=len(self.events),
        )
        self.events.append(event)
        return event

    def after(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    def maybe_met(self, duty: str, trigger: Event | None, known: Collection[str]) -> None:
        """The advocate records the duty met: on time, late, or (a third of cases) not at all."""
        if trigger is None or duty not in known:
            return
        roll = self.rng.random()
        if roll < 0.4:
            self.add("duty_met", self.after(trigger.date, 0, 1), duty=duty, trigger=trigger.id)
        elif roll < 0.65:
            self.add("duty_met", self.after(trigger.date, 8, 20), duty=duty, trigger=trigger.id)


def demo_case(
    rng: random.Random,
    today: date,
    number: int,
    known: Collection[str],
    advocate: random.Random | None = None,
    vps: random.Random | None = None,
) -> DemoCase:
    """One case with a plausible history up to `today`. With `advocate` (a second generator,
    so the draws of `rng`, and so every case's agency side, stay as they were), the
    advocate's own side too: referral, contacts, risk assessments, MARAC, safety plan."""
    offence, flags = rng.choice(_OFFENCES)
    days_ago = rng.randint(5, 420)
    if number % 4 == 0:  # a quarter of the caseload is recent, so the demo has work due soon
        days_ago = 2 + days_ago % 19
    offence_date = today - timedelta(days=days_ago)
    dob = date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28))
    h = _History(rng, today)
    reported = h.add("crime_reported", min(h.after(offence_date, 0, 4), today))
    assert reported is not None
    h.maybe_met("police.refer_support", reported, known)
    h.maybe_met("police.written_confirmation", reported, known)
    day = reported.date
    if rng.random() < 0.6:
        agreed = h.add(
            "update_frequency_agreed", h.after(day, 1, 7), interval_days=rng.choice((14, 28))
        )
        if agreed is not None:
            update_day = agreed.date
            for _ in range(rng.randint(0, 4)):
                update_day = h.after(update_day, 10, 40)
                h.add("update_received", update_day, **{"from": "police"})
    if rng.random() < 0.75:
        arrested = h.add("suspect_arrested", h.after(day, 0, 20))
        h.maybe_met("police.inform_arrest", arrested, known)
        if arrested is not None:
            day = arrested.date
            h.add("suspect_interviewed_under_caution", h.after(day, 0, 1))
            outcome = rng.random()
            if outcome < 0.35:
                bail = h.add("suspect_released_on_bail", h.after(day, 0, 2))
                h.maybe_met("police.inform_bail", bail, known)
                day = h.after(day, 20, 80)
                outcome = rng.random() * 0.8 + 0.35
            if outcome < 0.5:
                h.add("suspect_released_under_investigation", h.after(day, 0, 2))
            elif outcome < 0.8:
                charged = h.add("suspect_charged", h.after(day, 1, 30))
                h.maybe_met("police.inform_charge", charged, known)
                if charged is not None:
                    _court(h, charged.date, known)
            else:
                decision = h.add("police_decision_no_charge", h.after(day, 10, 60))
                if decision is not None and rng.random() < 0.5:
                    h.add(
                        "police_vrr_requested", h.after(decision.date, 5, 80), decision=decision.id
                    )
    if rng.random() < 0.2:
        complaint = h.add("complaint_made", h.after(reported.date, 20, 120), against="police")
        if complaint is not None and rng.random() < 0.5:
            h.add("complaint_reply_received", h.after(complaint.date, 5, 30), **{"from": "police"})
    if rng.random() < 0.3:
        h.add("cica_applied", h.after(reported.date, 10, 200))
    if rng.random() < 0.08:
        h.add("victim_opted_out", h.after(reported.date, 3, 60), scope="updates")
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    method, times, warning = rng.choice(_SAFE_CONTACT)
    if advocate is not None:
        side = _History(advocate, today)
        side.events = h.events  # the same history, every draw from the second generator
        _advocate_side(side, advocate, reported.date)
    if vps is not None:  # a third generator: the cases' other draws stay as they were
        statement = _History(vps, today)
        statement.events = h.events
        _vps_side(statement, vps, reported.date)
        _cps_letters(statement, vps, known)
    return DemoCase(
        victim_name=f"{first} {last}",
        victim_dob=dob,
        offence=offence,
        offence_date=offence_date,
        flags=flags,
        crime_reference=f"DEMO/{offence_date.year}/{number:05d}",
        events=h.events,
        victim={
            "preferred_name": first,
            "pronouns": rng.choice(_PRONOUNS),
            "phone": f"07700 900{rng.randint(0, 999):03d}",
            "email": f"{first.lower()}.{last.lower()}@example.org",
            "address": f"{rng.randint(1, 99)} Example Road, Testtown, ZZ99 {rng.randint(1, 9)}ZZ",
            "safe_contact_method": method,
            "safe_contact_times": times,
            "contact_warnings": warning,
            "language": rng.choice(("English", "English", "Polish", "Urdu", "Welsh")),
            "consent_given_on": reported.date,
            "written_authority_on": reported.date,
        },
        case={
            "police_force": rng.choice(_FORCES),
            "officer_name": f"DC {rng.choice(_LAST)}",
            "officer_phone": f"01632 960{rng.randint(0, 999):03d}",
        },
    )


def _court(h: _History, charged: date, known: Collection[str]) -> None:
    rng = h.rng
    hearing_day = h.after(charged, 7, 30)
    listed = h.add(
        "hearing_listed",
        h.after(charged, 1, 5),
        hearing_date=hearing_day,
        received=h.after(charged, 1, 5),
    )
    h.maybe_met("wcu.inform_hearing", listed, known)
    if rng.random() < 0.6:
        plea = h.add("not_guilty_plea", hearing_day)
        h.maybe_met("wcu.inform_must_give_evidence", plea, known)
        if plea is not None and rng.random() < 0.6:
            verdict = h.add("verdict", h.after(plea.date, 40, 160))
            h.maybe_met("wcu.inform_verdict", verdict, known)
            if verdict is not None and rng.random() < 0.7:
                court = rng.choice(("crown", "magistrates"))
                h.add(
                    "sentence",
                    h.after(verdict.date, 14, 42),
                    court=court,
                    custody_months=rng.choice((0, 6, 12, 24, 48)),
                )
    else:
        h.add("cps_discontinued", h.after(hearing_day, 5, 60))


def demo_cases(count: int, seed: int, today: date, known: Collection[str]) -> list[DemoCase]:
    """`count` cases; the same `seed` and `today` give the same cases."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    # The advocate's side draws from its own generator, seeded from the same seed, so adding
    # it left the cases made before it (their agency side) exactly as they were.
    side = random.Random(f"advocate-{seed}")  # noqa: S311 - demo data, not security
    # The Victim Personal Statement's events likewise (issue 22).
    vps = random.Random(f"vps-{seed}")  # noqa: S311 - demo data, not security
    # Equality monitoring likewise: its own generator, so no other draw moves.
    monitoring = random.Random(f"equality-{seed}")  # noqa: S311 - demo data, not security
    cases = [demo_case(rng, today, i + 1, known, side, vps) for i in range(count)]
    for case in cases:
        case.equality = demo_equality(monitoring)
    return cases


#: Each characteristic's demo draw: codes with weights (None: not recorded). Synthetic.
_EQUALITY_DRAWS: dict[str, tuple[tuple[str | None, int], ...]] = {
    "ethnicity": (
        ("white_british", 60), ("asian", 12), ("black", 7), ("mixed", 5), ("white_irish", 2),
        ("white_other", 7), ("other", 3), ("prefer_not", 3), (None, 1),
    ),
    "sex": (("female", 80), ("male", 17), ("prefer_not", 2), (None, 1)),
    "disability": (("yes", 25), ("no", 65), ("prefer_not", 5), (None, 5)),
    "religion": (
        ("none", 40), ("christian", 35), ("muslim", 8), ("hindu", 3), ("sikh", 2),
        ("jewish", 1), ("buddhist", 1), ("other", 2), ("prefer_not", 6), (None, 2),
    ),
    "sexual_orientation": (
        ("straight", 80), ("gay_lesbian", 4), ("bisexual", 4), ("other", 1),
        ("prefer_not", 8), (None, 3),
    ),
    "gender_reassignment": (("same", 88), ("different", 1), ("prefer_not", 6), (None, 5)),
}  # fmt: skip


def demo_equality(rng: random.Random) -> dict[str, Any]:
    """Most victims consent to equality monitoring (then each characteristic is drawn); the
    rest have nothing recorded."""
    if rng.random() >= 0.7:
        return {"equality_consent": False}
    drawn: dict[str, Any] = {"equality_consent": True}
    for name, choices in _EQUALITY_DRAWS.items():
        codes, weights = zip(*choices, strict=True)
        drawn[name] = rng.choices(codes, weights)[0]
    return drawn


# -- the advocate's own side (protection.md): synthetic only -----------------------------------

#: Referral sources, weighted as a domestic abuse service sees them (mostly the police).
_SOURCES = ("police",) * 5 + ("marac", "self", "self", "health", "children_services", "other")
_REFERRED_RISK = ("standard", "medium", "medium", "high", "high", None)
#: Times of day for contacts: most in office hours, a few in the evening (often outside a
#: victim's safe contact times).
_TIMES = ("09:40", "10:15", "11:30", "12:05", "13:20", "14:45", "15:10", "16:30", "19:05", "21:40")
_NOT_REACHED = ("no_answer", "message_left", "no_answer", "unsafe")
#: Outcomes that close the police's update cycle first: closing such a case later (or one
#: with no update cycle) changes no Code figure, so the demo's Code side stays as it was.
_CYCLE_ENDED = frozenset({"suspect_charged", "police_decision_no_charge"})


def _risk_form() -> RiskForm:
    """The built-in form (the demo takes every assessment on it)."""
    from vcop_desktop.rules.risk_forms import default_forms

    form = default_forms().get("risk-factors-v1")
    assert form is not None, "the built-in risk form ships with the app"
    return form


def _assessment(h: _History, side: random.Random, when: date, level: int) -> Event | None:
    """A `risk_assessment` on the built-in form: `level` questions answered yes (at random),
    the score as `domain.risk.score` gives it, and the form's version."""
    form = _risk_form()
    ids = [q.id for q in form.questions]
    level = max(0, min(level, len(ids)))
    yes = set(side.sample(ids, level))
    answers = MappingProxyType({q: q in yes for q in ids})
    extra: dict[str, FieldValue] = {}
    if side.random() < 0.06:
        extra["judgement"] = "high"
    return h.add(
        "risk_assessment",
        when,
        form=form.id,
        form_version=form.version,
        answers=answers,
        score=score(form, answers),
        **extra,
    )


def _high(event: Event | None) -> bool:
    if event is None:
        return False
    return (event.get_int("score") or 0) >= _risk_form().high_at or (
        event.get_str("judgement") == "high"
    )


def _contacts(h: _History, side: random.Random, referred: date) -> date | None:
    """Attempts until the victim is reached (some never are); the day reached, or None."""
    day = referred
    for attempt in range(side.randint(1, 4)):
        day = h.after(day, 0, 1 if attempt == 0 and side.random() < 0.7 else 4)
        last = side.random() < 0.6
        outcome = "reached" if last else side.choice(_NOT_REACHED)
        h.add(
            "contact",
            day,
            time=side.choice(_TIMES),
            method=side.choice(("phone", "phone", "text", "in_person", "email")),
            direction="out" if side.random() < 0.8 else "in",
            outcome=outcome,
            minutes=side.randint(5, 55) if outcome == "reached" else 1,
        )
        if last:
            return day if day <= h.today else None
    return None


def _advocate_side(h: _History, side: random.Random, reported: date) -> None:
    """Most cases: a referral soon after the report, contacts, assessments, MARAC for the
    high-risk ones (a repeat after some later incidents), a safety plan with reviews (some
    late), now and then information shared without consent with its review."""
    if side.random() < 0.15:
        return
    referral = h.add(
        "referral_received",
        h.after(reported, 0, 3),
        **{"from": side.choice(_SOURCES)},
        **({"risk": r} if (r := side.choice(_REFERRED_RISK)) else {}),
    )
    if referral is None:
        return
    reached = _contacts(h, side, referral.date)
    if reached is None:
        return
    risk = referral.get_str("risk")
    level = side.randint(12, 22) if risk == "high" else side.randint(3, 16)
    first = _assessment(h, side, h.after(reached, 0, 6), level)
    if first is None:
        return
    high = _high(first)
    marac = None
    if high:
        marac = h.add(
            "marac_referral", h.after(first.date, 0, 3), meeting_date=h.after(first.date, 7, 21)
        )
        meeting = marac.get_date("meeting_date") if marac is not None else None
        if marac is not None and meeting is not None and meeting <= h.today:
            h.add("marac_meeting", meeting, referral=marac.id)
    if high or side.random() < 0.35:
        plan = h.add(
            "safety_plan_agreed", h.after(first.date, 1, 7), review_days=side.choice((14, 28, 28))
        )
        if plan is not None:
            interval = plan.get_int("review_days") or 28
            day = plan.date
            for _ in range(side.randint(0, 4)):
                day = h.after(day, interval - 4, interval + (12 if side.random() < 0.3 else 0))
                h.add("safety_plan_reviewed", day)
    if side.random() < 0.2:
        shared = h.add(
            "info_shared_without_consent",
            h.after(first.date, 0, 20),
            what="risk summary",
            **{"with": "children's services"},
            reason="a child at risk of harm",
            lawful_basis="vital interests",
            approved_by="team manager",
        )
        if shared is not None and side.random() < 0.85:
            late = side.random() < 0.3
            h.add(
                "sharing_reviewed",
                h.after(shared.date, 3, 6) if late else h.after(shared.date, 0, 2),
                shared=shared.id,
            )
    if marac is not None and side.random() < 0.5:
        incident = h.add(
            "incident", h.after(marac.date, 30, 420), reported_to_police=side.random() < 0.7
        )
        if incident is not None:
            again = _assessment(h, side, h.after(incident.date, 0, 4), side.randint(13, 22))
            if incident.date <= marac.date + timedelta(days=365) or _high(again):
                h.add("marac_referral", h.after(incident.date, 0, 2))
    if side.random() < 0.55:  # a later review: risk usually lower by then
        _assessment(h, side, h.after(first.date, 30, 150), level - side.randint(-2, 8))
    no_hearing_ahead = all((e.get_date("hearing_date") or e.date) <= h.today for e in h.events)
    types = {e.type for e in h.events}
    no_cycle = "update_frequency_agreed" not in types or bool(types & _CYCLE_ENDED)
    if no_cycle and no_hearing_ahead and side.random() < 0.8:
        h.add("case_closed", h.after(max(e.date for e in h.events), 20, 120))


# -- the Victim Personal Statement (issue 22): synthetic only ----------------------------------

_OFFERED_BY = ("police",) * 6 + ("cps", "wcu", "wcu")
_NOT_OFFERED_WHY = (*NOT_OFFERED_REASONS[:1], *NOT_OFFERED_REASONS)
_NOT_TAKEN_UP_WHY = (*NOT_TAKEN_UP_REASONS[:1], *NOT_TAKEN_UP_REASONS)
_REFUSED_WHY = ("court_decided_not_appropriate", "content_not_admissible", "asked_too_late")


def _vps_side(h: _History, vps: random.Random, reported: date) -> None:
    """Most victims offered a VPS (mostly by the police, some late); most of those make one;
    some are offered the chance to update it; at sentence, some ask to read it aloud, and the
    court considers it and the victim is told how it was used, or not. Nothing after the case
    was closed."""
    closed = next((e.date for e in h.events if e.type == "case_closed"), None)
    # A charged case has a Witness Care Unit and a prosecutor to offer it again.
    charged = any(e.type == "suspect_charged" for e in h.events)

    def add(event_type: str, when: date, **fields: FieldValue) -> Event | None:
        return None if closed is not None and when > closed else h.add(event_type, when, **fields)

    if vps.random() < (0.1 if charged else 0.3):
        if vps.random() < 0.6:
            add("vps_not_made", h.after(reported, 10, 60), outcome="not_offered",
                reason=vps.choice(_NOT_OFFERED_WHY))  # fmt: skip
        return
    late = vps.random() < 0.2
    offer = add(
        "vps_offered",
        h.after(reported, 10, 60) if late else h.after(reported, 0, 3),
        by=vps.choice(_OFFERED_BY),
    )
    if offer is None:
        return
    if vps.random() < (0.15 if charged else 0.3):
        add("vps_not_made", h.after(offer.date, 0, 14), outcome="not_taken_up",
            reason=vps.choice(_NOT_TAKEN_UP_WHY))  # fmt: skip
        return
    made = add("vps_made", h.after(offer.date, 0, 20))
    if made is None:
        return
    if vps.random() < 0.5:
        update = add(
            "vps_update_offered", h.after(made.date, 20, 90), by=vps.choice(("wcu", "cps"))
        )
        if update is not None and vps.random() < 0.4:
            add("vps_updated", h.after(update.date, 1, 14))
    sentence = next((e for e in h.events if e.type == "sentence"), None)
    if sentence is None or sentence.date < made.date:
        return
    if vps.random() < 0.5:
        asked = add("vps_read_aloud_requested", sentence.date - timedelta(days=vps.randint(3, 14)))
        if asked is not None:
            if vps.random() < 0.7:
                add("vps_read_aloud_decision", h.after(asked.date, 1, 2), decision="granted")
            else:
                add("vps_read_aloud_decision", h.after(asked.date, 1, 2), decision="refused",
                    reason=vps.choice(_REFUSED_WHY))  # fmt: skip
    if vps.random() < 0.75:
        add("vps_considered_at_sentence", sentence.date)
    if vps.random() < 0.6:
        add("vps_use_explained", h.after(sentence.date, 1, 20), by=vps.choice(("cps", "wcu")))


#: The CPS decisions the demo makes, and the duty to write to the victim about each.
_CPS_LETTER_OF = {
    "cps_decision_no_charge": "cps.inform_no_charge",
    "cps_discontinued": "cps.inform_discontinued",
    "cps_charge_altered": "cps.inform_charge_altered",
    "cps_offered_no_evidence": "cps.inform_no_evidence",
    "charges_left_on_file": "cps.inform_left_on_file",
}


def _cps_letters(h: _History, rng: random.Random, known: Collection[str]) -> None:
    """Most CPS decision letters arrive (some late) and the advocate marks whether they
    explained the reasons clearly (issue 22), now and then without a mark."""
    for decision in [e for e in h.events if e.type in _CPS_LETTER_OF]:
        duty = _CPS_LETTER_OF[decision.type]
        if duty not in known or rng.random() < 0.25:
            continue
        mark = rng.choice(("yes", "yes", "yes", "no", "no", None))
        h.add(
            "duty_met",
            h.after(decision.date, 1, 4) if rng.random() < 0.7 else h.after(decision.date, 8, 30),
            duty=duty,
            trigger=decision.id,
            **({"reasons_clear": mark} if mark else {}),
        )
