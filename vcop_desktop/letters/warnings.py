"""Warnings for the advocate before a letter is made: never printed in the letter itself.

Each is a limit the record alone cannot settle (is the offence summary-only? when did the victim
first know?) or a door about to close. The agency reading the letter must not see them: a
warning about the victim's own late step would hand the agency a reason to refuse.
"""

from __future__ import annotations

from datetime import date

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.domain.obligations import Status
from vcop_desktop.letters.facts import LetterFacts
from vcop_desktop.letters.timing import Timing
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
    if kind.id == "police-vrr":
        offence = facts.offence_date if isinstance(facts.offence_date, date) else None
        out.append(_summary_only(offence, today))
    if kind.deadline_duties:
        timing = facts.timing(*kind.deadline_duties)
        if timing.outcome is Timing.NOT_BEGUN:
            out.append(
                "No date on which the victim was told of the decision is recorded, so the letter "
                "says the time for asking has not begun. If the victim was told, record it "
                "(Mark met on the duty to tell them) before sending."
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
                f"{long_date(complaint.date)}: the Ombudsman's 12 months may have begun earlier, "
                "so the letter counts from the complaint, the latest they can have known. Record "
                "the date on the complaint if you know it."
            )
    for o in facts.evaluation.obligations:
        if o.duty == "victim.uls_request" and o.status is Status.OPEN and o.due is not None:
            out.append(
                "Unduly Lenient Sentence: the request must reach the Attorney General's Office "
                f"by {long_date(o.due)} (28 days from sentence, in office hours and in time to be "
                "considered); the limit is absolute. Only indictable-only and certain specified "
                "either-way offences are covered: check eligibility."
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


def _summary_only(offence_date: date | None, today: date) -> str:
    if offence_date is None:
        return (
            "If the offence is summary-only, a prosecution must start within 6 months of the "
            "offence: record the offence date so the app can tell you when that is."
        )
    limit = add_months(offence_date, 6)
    if today > limit:
        return (
            "If the offence is summary-only, a prosecution had to start within 6 months of the "
            f"offence, by {long_date(limit)}: a review can no longer lead to a charge for it."
        )
    return (
        "If the offence is summary-only, a prosecution must start within 6 months of the "
        f"offence, by {long_date(limit)}: ask for the review promptly."
    )
