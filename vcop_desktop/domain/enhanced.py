"""Enhanced rights (Victims' Code 2020, "Enhanced rights"): who gets them, and why.

Enhanced-rights victims get shorter time limits and specialist referral; the app shows the
grounds in words so the advocate can check them.
"""

from __future__ import annotations

from typing import Final

from vcop_desktop.domain.calendar import birthday
from vcop_desktop.domain.events import CaseFacts
from vcop_desktop.domain.vocabulary import ENHANCED_GROUND_FLAGS, UNDER_18_GROUND

GROUND_DESCRIPTIONS: Final[dict[str, str]] = {
    "domestic_abuse": "victim of domestic abuse (a most serious crime)",
    "sexual_offence": "victim of a sexual offence (a most serious crime)",
    "hate_crime": "victim of hate crime (a most serious crime)",
    "terrorism": "victim of terrorism (a most serious crime)",
    "human_trafficking": "victim of human trafficking (a most serious crime)",
    "modern_slavery": "victim of modern slavery (a most serious crime)",
    "attempted_murder": "victim of attempted murder (a most serious crime)",
    "kidnap": "victim of kidnap (a most serious crime)",
    "false_imprisonment": "victim of false imprisonment (a most serious crime)",
    "arson_endangering_life": "victim of arson with intent to endanger life (a most serious crime)",
    "wounding_with_intent": "victim of wounding or GBH with intent (a most serious crime)",
    "bereaved_relative": "close relative bereaved by crime",
    "persistently_targeted": "persistently targeted",
    "vulnerable": "vulnerable (mental disorder, impairment of intelligence and social "
    "functioning, or physical disability)",
    "intimidated": "intimidated (fear or distress about giving evidence)",
    UNDER_18_GROUND: "vulnerable: under 18 at the time of the offence",
}

ADULT_AGE: Final = 18


def enhanced_grounds(case: CaseFacts) -> tuple[str, ...]:
    """The grounds for enhanced rights, in the contract's flag order, then `under_18`."""
    grounds = [flag for flag in ENHANCED_GROUND_FLAGS if flag in case.flags]
    if was_child_at_offence(case):
        grounds.append(UNDER_18_GROUND)
    return tuple(grounds)


def was_child_at_offence(case: CaseFacts) -> bool:
    """True when the victim's date of birth and the offence date show they were under 18."""
    if case.victim_dob is None or case.offence_date is None:
        return False
    return case.offence_date < birthday(case.victim_dob, ADULT_AGE)
