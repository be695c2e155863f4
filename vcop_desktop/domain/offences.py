"""Common offences in advocates' caseloads and the case flags each implies by definition.

Choosing an offence ticks its flags (it never unticks one), so a racially aggravated assault
no longer loses the CICA deadline because "crime of violence" was not ticked (issue 18). Only
what follows from the offence itself is implied; what depends on the people (domestic abuse
for an assault, a vulnerable or intimidated victim) stays the advocate's choice. An offence
not listed is typed as free text and implies nothing.

Sources for what is implied:
- most serious crime (enhanced rights): Victims' Code 2020, Right 1 and its glossary;
- crime of violence (CICA): Criminal Injuries Compensation Scheme 2012, Annex B para 2
  (a physical attack, a threat putting the victim in fear of immediate violence, a
  non-consensual sexual act, arson or fire-raising);
- violent or sexual offence (Victim Contact Scheme): the specified violent and sexual offences
  of the Sentencing Act 2020, Schedule 18 (Domestic Violence, Crime and Victims Act 2004 s.45);
- controlling or coercive behaviour is domestic abuse by definition: Serious Crime Act 2015
  s.76 (personally connected), Domestic Abuse Act 2021 s.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Offence:
    """A listed offence and the flags it implies."""

    name: str
    flags: tuple[str, ...]


_VIOLENT: Final = ("crime_of_violence", "violent_or_sexual_offence")
_SEXUAL: Final = ("sexual_offence", "violent_or_sexual_offence", "crime_of_violence")

OFFENCES: Final[tuple[Offence, ...]] = (
    Offence("Common assault", ("crime_of_violence",)),
    Offence("Assault occasioning actual bodily harm", _VIOLENT),
    Offence("Grievous bodily harm or wounding (s.20)", _VIOLENT),
    Offence("Wounding or GBH with intent (s.18)", ("wounding_with_intent", *_VIOLENT)),
    Offence("Non-fatal strangulation or suffocation", _VIOLENT),
    Offence("Threats to kill", ("violent_or_sexual_offence",)),
    Offence("Attempted murder", ("attempted_murder", *_VIOLENT)),
    Offence("Robbery", _VIOLENT),
    Offence("Racially or religiously aggravated assault", ("hate_crime", *_VIOLENT)),
    Offence("Racially or religiously aggravated harassment", ("hate_crime",)),
    Offence("Racially or religiously aggravated criminal damage", ("hate_crime",)),
    Offence("Controlling or coercive behaviour", ("domestic_abuse",)),
    Offence("Harassment", ()),
    Offence("Stalking", ()),
    Offence("Stalking involving fear of violence", ("violent_or_sexual_offence",)),
    Offence("Rape", _SEXUAL),
    Offence("Assault by penetration", _SEXUAL),
    Offence("Sexual assault", _SEXUAL),
    Offence("Kidnap", ("kidnap", *_VIOLENT)),
    Offence("False imprisonment", ("false_imprisonment", "violent_or_sexual_offence")),
    Offence("Arson endangering life", ("arson_endangering_life", *_VIOLENT)),
    Offence("Human trafficking", ("human_trafficking",)),
    Offence("Modern slavery (forced labour, servitude)", ("modern_slavery",)),
    Offence("Burglary", ()),
    Offence("Criminal damage", ()),
    Offence("Theft", ()),
    Offence("Fraud", ()),
)

_BY_NAME: Final = {offence.name.casefold(): offence for offence in OFFENCES}


def offence_named(text: str) -> Offence | None:
    """The listed offence with this name (any case, outer spaces ignored), or None."""
    return _BY_NAME.get(" ".join(text.split()).casefold())
