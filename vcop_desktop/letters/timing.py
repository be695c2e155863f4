"""Every sentence a letter says about the victim's own time limit, from one place.

A letter is a legal document: a request called "in time" after its date, or lateness conceded
when the clock never started, harms the victim. So no template words a time statement itself.
`time_statement` looks at the deadline(s) the engine computed, whether their clock start was
recorded or assumed, and the letter's date, and gives one of three honest outcomes:

- in time: the letter's date is on or before the due date, and the start is recorded (or, for
  the Ombudsman, the latest it can be), so "made within ... which ends on DUE" is true;
- late: the date has passed; the letter gives the recorded start, asks for discretion where the
  scheme allows it, and leaves a gap for the reasons;
- not begun: no notification of the decision to the victim is recorded; the letter says so and
  that the request is within the months that run from notification, and concedes nothing.

For the Ombudsman, a date of awareness is stated only where the complaint records `aware_on`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Final

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.letters.words import long_date


class Timing(Enum):
    IN_TIME = "in_time"
    LATE = "late"
    NOT_BEGUN = "not_begun"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"  # no deadline computed (no decision recorded)


@dataclass(frozen=True, slots=True)
class DeadlineWords:
    """How letters speak of one of the victim's deadlines."""

    #: what the period is for: "a prompt review", "a request under the scheme"
    purpose: str
    #: the request for discretion when late (None: the limit is absolute or has no discretion)
    discretion: str | None
    #: the limit is about when the request *reaches* the body, not when it is sent
    receipt: bool = False


#: Wording per deadline (the ids are the catalogue's public names, duties.md).
WORDS: Final[dict[str, DeadlineWords]] = {
    "victim.police_vrr": DeadlineWords(
        "a request under the police Victims' Right to Review scheme",
        "I ask you to accept this request at your discretion, because",
    ),
    "victim.cps_vrr_prompt": DeadlineWords("a prompt review", None),
    "victim.cps_vrr": DeadlineWords(
        "a request under the CPS Victims' Right to Review scheme",
        "I ask you to accept this request because of exceptional circumstances:",
    ),
    "victim.police_complaint_review": DeadlineWords(
        "an application for a review",
        "I ask you to accept this application, because",
        receipt=True,
    ),
    "victim.cps_complaint_stage2": DeadlineWords(
        "asking for a stage 2 review", "I ask you to accept this request, because"
    ),
    "victim.cps_complaint_iac": DeadlineWords(
        "a referral to the Independent Assessor", "I ask you to accept this referral, because"
    ),
    "victim.phso_complaint": DeadlineWords(
        "a complaint to the Ombudsman",
        "I ask the Ombudsman to accept this complaint because of special circumstances:",
    ),
}

_DEFAULT_WORDS: Final = DeadlineWords("a request", "I ask you to accept it, because")


@dataclass(frozen=True, slots=True)
class TimeStatement:
    """The sentence a letter prints about a time limit, and the facts behind it."""

    outcome: Timing
    text: str
    due: date | None = None
    start: date | None = None

    def __str__(self) -> str:
        return self.text


def time_statement(
    deadlines: Sequence[Obligation],
    letter_date: date,
    *,
    noun: str,
    victim: str,
    since: str,
    process: tuple[date, date] | None = None,
) -> TimeStatement:
    """The one true sentence about these deadlines on `letter_date`.

    `deadlines` are the victim's deadlines for one decision, shortest first (a CPS request has a
    prompt and a final one). `noun` names the letter ("request", "application"); `since` names
    the event an event-clock counts from ("the stage 1 reply"). `process` is the complaint's
    date and its final response's, for a late complaint to the Ombudsman. Never "in time"
    after the date.
    """
    if not deadlines:
        return TimeStatement(Timing.UNKNOWN, "[MISSING: the time limit: no decision recorded]")
    first = deadlines[0]
    if first.status is Status.NOT_APPLICABLE:
        reason = (first.reason or "the scheme does not apply").rstrip(".")
        return TimeStatement(
            Timing.NOT_APPLICABLE, f"[MISSING: eligibility for the scheme: {reason}]"
        )
    if first.clock == "victim_told" and first.clock_assumed:
        months = deadlines[-1].limit or "three months"
        return TimeStatement(
            Timing.NOT_BEGUN,
            f"Our records show that no notification of the decision had been given to {victim} "
            f"as of {long_date(letter_date)}; this {noun} is within the {months}, which run "
            "from notification.",
        )
    dated = [o for o in deadlines if o.due is not None and o.clock_start is not None]
    if not dated:
        return TimeStatement(Timing.UNKNOWN, "[MISSING: the time limit (not computed)]")
    for index, o in enumerate(dated):
        assert o.due is not None and o.clock_start is not None  # filtered above
        if letter_date <= o.due:
            # An earlier period that has passed (the CPS prompt review) is not volunteered to
            # the agency: the advocate is warned of it instead (warnings.py).
            words = WORDS.get(o.duty, _DEFAULT_WORDS)
            if o.clock == "complaint_awareness" and o.clock_assumed:
                # When the victim first knew is not recorded: no date is stated for it.
                return TimeStatement(Timing.IN_TIME, "", o.due, o.clock_start)
            arrive = f", and the {noun} must reach you by then" if words.receipt else ""
            text = (
                f"This {noun} is made within {o.limit} of {_since(o, victim, since)}; "
                f"that period ends on {long_date(o.due)}{arrive}."
            )
            if index == 0 and o.duty == "victim.cps_vrr_prompt":
                text += " I therefore ask for a prompt review."
            return TimeStatement(Timing.IN_TIME, text, o.due, o.clock_start)
    last = dated[-1]
    assert last.due is not None
    words = WORDS.get(last.duty, _DEFAULT_WORDS)
    if last.clock == "complaint_awareness":
        return TimeStatement(
            Timing.LATE, _ombudsman_late(last, victim, process), last.due, last.clock_start
        )
    text = (
        f"The {last.limit} for {words.purpose}, counted from {_since(last, victim, since)}, "
        f"ended on {long_date(last.due)}."
    )
    if words.discretion:
        text += f" {words.discretion} [MISSING: the reasons the {noun} is late]."
    return TimeStatement(Timing.LATE, text, last.due, last.clock_start)


def _ombudsman_late(o: Obligation, victim: str, process: tuple[date, date] | None) -> str:
    """A late complaint to the Ombudsman: the awareness date only where it is recorded, and
    the special circumstance the record shows (the provider's own complaints process, which
    had to come first) filled in as a gap the advocate checks and edits."""
    assert o.due is not None
    words = WORDS["victim.phso_complaint"]
    text = ""
    if not o.clock_assumed:
        text = (
            f"The {o.limit} for {words.purpose}, counted from {_since(o, victim, '')}, ended "
            f"on {long_date(o.due)}. "
        )
    if process is not None:
        made, answered = process
        circumstance = (
            f"{victim} first used the provider's own complaints procedure, which had to be "
            f"completed before the Ombudsman could consider the complaint: the complaint was "
            f"made on {long_date(made)} and the final response is dated {long_date(answered)}"
        )
    else:
        circumstance = "the special circumstances"
    return f"{text}{words.discretion} [MISSING: {circumstance}]."


def _since(o: Obligation, victim: str, since: str) -> str:
    """What the clock counts from, as the record shows it."""
    assert o.clock_start is not None
    start = long_date(o.clock_start)
    if o.clock == "victim_told":
        return f"{victim} being told of the decision on {start}"
    if o.clock == "complaint_awareness":
        return f"{victim} first knowing of the problem, on {start}"
    return f"{since}, dated {start}"
