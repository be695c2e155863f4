"""Warnings for the advocate before a letter is made: never printed in the letter itself.

Each is a limit the record alone cannot settle (is the offence summary-only? when did the victim
first know?) or a door about to close. The agency reading the letter must not see them: a
warning about the victim's own late step would hand the agency a reason to refuse.
"""

from __future__ import annotations

from datetime import date

from vcop_desktop.domain.calendar import WorkingCalendar, add_months
from vcop_desktop.domain.obligations import Status
from vcop_desktop.letters.facts import DecisionFact, LetterFacts
from vcop_desktop.letters.summary_only import summary_only_warning
from vcop_desktop.letters.timing import WORDS, Timing
from vcop_desktop.letters.words import agency_phrase, long_date

_CPS_COMPLAINTS = frozenset({"cps-complaint", "cps-complaint-stage2", "cps-complaint-iac"})


def advocate_warnings(facts: LetterFacts) -> tuple[str, ...]:
    """What the advocate should know before sending this letter, in plain English."""
    kind, today = facts.kind, facts.today
    out: list[str] = []
    if kind.id in _CPS_COMPLAINTS:
        out.extend(_old_matters(facts, months=6, rule=(
            "The CPS does not consider complaints about events more than 6 months old"
        )))  # fmt: skip
    if kind.id == "police-complaint":
        out.extend(_old_matters(facts, months=12, rule=(
            "Complaints about the police should be made within 12 months of the incident "
            "(later ones are accepted only for good reason)"
        )))  # fmt: skip
    decision_type = facts.decision.type if isinstance(facts.decision, DecisionFact) else None
    if kind.id == "police-vrr" or decision_type == "cps_decision_no_charge":
        # No one has been charged: a review that succeeds still needs time to prosecute.
        out.append(
            summary_only_warning(
                offence=facts.offence if isinstance(facts.offence, str) else None,
                offence_date=facts.offence_date if isinstance(facts.offence_date, date) else None,
                reported_on=facts.reported_on,
                domestic_abuse="domestic_abuse" in facts.evaluation.enhanced_grounds,
                today=today,
            )
        )
    if kind.deadline_duties:
        timing = facts.timing(*kind.deadline_duties)
        if timing.outcome is Timing.NOT_BEGUN:
            out.append(
                "No date on which the victim was told of the decision is recorded, so the letter "
                "says no notification has been given and the months run from notification. If the "
                "victim was told, record it (Mark met on the duty to tell them) before sending."
            )
        elif timing.outcome is Timing.LATE:
            out.append(
                "The time limit has passed: the letter asks for discretion where the scheme "
                "allows it and leaves a gap for the reasons. Fill it in before sending."
            )
    if kind.id == "phso-complaint":
        complaint = facts.complaint
        if complaint is None:
            out.append(
                "No complaint is recorded for this final response: the Ombudsman's 12 months "
                "run from when the victim first knew of the problem. Record the complaint and "
                "that date."
            )
        elif complaint.aware_on is None:
            out.append(
                "When the victim first knew of the problem is not recorded on the complaint of "
                f"{long_date(complaint.date)}: the Ombudsman's 12 months run from that day, "
                "which may be earlier than the complaint, so the letter states no date for it. "
                "Record the date on the complaint if you know it."
            )
    if kind.id == "cps-vrr":
        out.extend(_prompt_passed(facts))
    if kind.deadline_duties and timing_close(facts, kind.deadline_duties):
        out.append(_SEND_FAST)
    for o in facts.evaluation.obligations:
        if o.duty == "victim.uls_request" and o.status is Status.OPEN and o.due is not None:
            out.append(
                "Unduly Lenient Sentence: the request must reach the Attorney General's Office "
                f"by {long_date(o.due)} (28 days from sentence, in office hours and in time to be "
                "considered); the limit is absolute. Only indictable-only and certain specified "
                "either-way offences are covered: check eligibility."
                + (" " + _SEND_FAST if _close(today, o.due) else "")
            )
    if facts.declined and facts.opted_out_on is not None:
        out.append(
            f"The victim opted out of updates on {long_date(facts.opted_out_on)}: the letter "
            "states that and does not ask for the information they declined."
        )
    if facts.unconfirmed:
        out.append(
            "The Code's time limit for some matters in this letter is an assumption (not "
            "confirmed in the 2020 Code's text): the letter states their dates only and does "
            "not call them breaches of a time limit."
        )
    if facts.complaint is not None and facts.left_out:
        who = agency_phrase(facts.complaint.against)
        n = len(facts.left_out)
        made = long_date(facts.complaint.date)
        out.append(
            f"{n} missed Victims' Code {'duty' if n == 1 else 'duties'} of {who} "
            f"{'is' if n == 1 else 'are'} not in this letter: not among the matters of the "
            f"complaint of {made}, or arising after it. Make a new complaint for "
            f"{'it' if n == 1 else 'them'}."
        )
    return tuple(out)


#: How near a receipt deadline (in working days) a letter must go by the fastest route.
CLOSE_WORKING_DAYS = 3
_SEND_FAST = (
    "The deadline is within 3 working days and the request must arrive by then: send it by "
    "email or the online form, not by post."
)


def _close(today: date, due: date) -> bool:
    """`due` is today or within `CLOSE_WORKING_DAYS` working days of it."""
    if due < today:
        return False
    return due <= WorkingCalendar().add_working_days(today, CLOSE_WORKING_DAYS)


def timing_close(facts: LetterFacts, duties: tuple[str, ...]) -> bool:
    """A letter that must *reach* the body by its deadline, dated close to it."""
    timing = facts.timing(*duties)
    if timing.outcome is not Timing.IN_TIME or timing.due is None:
        return False
    receipt = any(WORDS.get(duty, None) is not None and WORDS[duty].receipt for duty in duties)
    return receipt and _close(facts.today, timing.due)


def _prompt_passed(facts: LetterFacts) -> list[str]:
    """The CPS prompt-review period, when it has passed: for the advocate, not the letter."""
    for o in facts.evaluation.obligations:
        if o.duty != "victim.cps_vrr_prompt" or o.due is None or o.clock_assumed:
            continue
        if isinstance(facts.decision, DecisionFact) and o.trigger != facts.decision.event_id:
            continue
        if facts.today > o.due:
            return [
                f"The 10 working days for a prompt CPS review ended on {long_date(o.due)}. The "
                "letter does not say so (the CPS need not be told); expect the ordinary review."
            ]
    return []


def _old_matters(facts: LetterFacts, *, months: int, rule: str) -> list[str]:
    limit = add_months(facts.today, -months)
    old = [b for b in facts.breaches if b.trigger_date is not None and b.trigger_date < limit]
    if not old:
        return []
    n = len(old)
    return [
        f"{rule}: {n} of the matters in this letter arose before {long_date(limit)}. Say why "
        "the complaint is made now, or leave them out."
    ]
