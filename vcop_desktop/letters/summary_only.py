"""The summary-only time limit an advocate is warned of before a police review request.

A review that comes after the time for starting a prosecution has passed cannot lead to a
charge, so the advocate is told the date. Two rules (duties.md, "Warnings to the advocate"):

- Magistrates' Courts Act 1980 s.127: within 6 months of the offence.
- Criminal Justice Act 1988 s.39A (inserted by the Police, Crime, Sentencing and Courts Act 2022
  s.49, for offences from 28 June 2022): common assault or battery involving domestic abuse,
  within 6 months of the day the offence was formally reported to the police (a witness
  statement or a video-recorded interview) and within 2 years of the offence.

The record holds the offence's name, the case's flags and the date the crime was reported, not
the date of the statement. So the warning says which rule applies only where the record shows
it, and never says a review "can no longer" lead to a charge while s.39A might still allow one.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Final

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.letters.words import long_date

#: Police, Crime, Sentencing and Courts Act 2022 s.49 in force (offences on or after it).
S39A_FROM: Final = date(2022, 6, 28)
_S127: Final = "Magistrates' Courts Act 1980 s.127"
_S39A: Final = "Criminal Justice Act 1988 s.39A"
_COMMON_ASSAULT_WORDS: Final = ("common assault", "battery", "assault by beating")
_ASSAULT_WORDS: Final = ("assault", "battery", "beating")


class Rule(Enum):
    S127 = "s127"  # s.39A cannot apply: 6 months from the offence
    S39A = "s39a"  # the record shows common assault or battery with domestic abuse
    UNKNOWN = "unknown"  # the record cannot show whether s.39A applies


def which_rule(offence: str | None, offence_date: date, domestic_abuse: bool) -> Rule:
    """Which time limit the record shows for a summary-only offence."""
    if offence_date < S39A_FROM:
        return Rule.S127
    text = (offence or "").lower()
    abuse = domestic_abuse or "domestic" in text
    if text and not any(word in text for word in _ASSAULT_WORDS):
        return Rule.S127
    if abuse and any(word in text for word in _COMMON_ASSAULT_WORDS):
        return Rule.S39A
    return Rule.UNKNOWN


def summary_only_warning(
    *,
    offence: str | None,
    offence_date: date | None,
    reported_on: date | None,
    domestic_abuse: bool,
    today: date,
) -> str:
    """One warning that names the rule and its date, as far as the record shows them."""
    if offence_date is None:
        return (
            "If the offence is summary-only, a prosecution must normally start within 6 months "
            f"of the offence ({_S127}): record the offence date so the app can tell you when."
        )
    s127 = add_months(offence_date, 6)
    outer = add_months(offence_date, 24)
    rule = which_rule(offence, offence_date, domestic_abuse)
    if rule is Rule.S127:
        if today > s127:
            return (
                f"If the offence is summary-only, a prosecution had to start within 6 months of "
                f"the offence ({_S127}), by {long_date(s127)}: a review can no longer lead to a "
                "charge for it."
            )
        return (
            f"If the offence is summary-only, a prosecution must start within 6 months of the "
            f"offence ({_S127}), by {long_date(s127)}: ask for the review promptly."
        )
    s39a = _s39a_sentence(reported_on, outer, today)
    if rule is Rule.S39A:
        return (
            "The record shows common assault or battery involving domestic abuse, so "
            f"{_S39A} applies (offences from {long_date(S39A_FROM)}), not the 6 months from the "
            f"offence: a prosecution must start within 6 months of the day the offence was "
            "formally reported to the police (a witness statement or a video-recorded interview) "
            f"and within 2 years of the offence. {s39a}"
        )
    if today > outer:
        return (
            f"If the offence is summary-only, the time for starting a prosecution has passed: "
            f"6 months from the offence ({_S127}) ended on {long_date(s127)}, and even for "
            f"common assault or battery involving domestic abuse ({_S39A}) 2 years from the "
            f"offence ended on {long_date(outer)}: a review can no longer lead to a charge for it."
        )
    return (
        "The record does not show whether this is common assault or battery involving domestic "
        f"abuse, so it cannot show which time limit applies. If the offence is summary-only, "
        f"{_S127} gives 6 months from the offence, to {long_date(s127)}"
        f"{' (passed)' if today > s127 else ''}. If it is common assault or battery involving "
        f"domestic abuse, {_S39A} gives 6 months from the formal report to the police (a witness "
        f"statement or a video-recorded interview), within 2 years of the offence. {s39a} Check "
        "the offence before treating the review as unable to lead to a charge."
    )


def _s39a_sentence(reported_on: date | None, outer: date, today: date) -> str:
    """The s.39A date the record gives: from the crime report, capped at 2 years."""
    if reported_on is None:
        return (
            "The record does not show when the offence was formally reported; the 2 years from "
            f"the offence end on {long_date(outer)}."
        )
    last = min(add_months(reported_on, 6), outer)
    capped = " (2 years from the offence)" if last == outer else ""
    if today > outer:
        return (
            f"The 2 years from the offence ended on {long_date(outer)}: a review can no longer "
            "lead to a charge for it."
        )
    if today > last:
        return (
            f"Counted from the crime report on {long_date(reported_on)}, the time ended on "
            f"{long_date(last)}{capped}; if the witness statement or video-recorded interview "
            f"came later, it runs 6 months from that day, but not beyond {long_date(outer)}. "
            "Check that date before treating the review as unable to lead to a charge."
        )
    return (
        f"Counted from the crime report on {long_date(reported_on)}, that is by "
        f"{long_date(last)}{capped} (later if the witness statement or video-recorded interview "
        f"came later, but not beyond {long_date(outer)}): ask for the review promptly."
    )
