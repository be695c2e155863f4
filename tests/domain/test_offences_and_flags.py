"""The offence list ticks the flags an offence implies, and each flag says what it changes
(issue 18: a racially aggravated assault lost its CICA deadline for want of a flag)."""

from __future__ import annotations

from datetime import date

from vcop_desktop.domain.calendar import WorkingCalendar
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.flag_effects import effects_for, flag_effect, flags_in
from vcop_desktop.domain.obligations import Status
from vcop_desktop.domain.offences import OFFENCES, offence_named
from vcop_desktop.domain.rules import AllOf, FlagsAny, Not
from vcop_desktop.domain.vocabulary import ENHANCED_GROUND_FLAGS, FLAGS
from vcop_desktop.rules import default_rulebook

RULES = default_rulebook()
TODAY = date(2026, 12, 3)


def test_every_offence_names_known_flags_once() -> None:
    names = [o.name.casefold() for o in OFFENCES]
    assert len(names) == len(set(names))
    for offence in OFFENCES:
        assert set(offence.flags) <= set(FLAGS), offence.name
        assert len(offence.flags) == len(set(offence.flags)), offence.name


def test_an_offence_is_found_by_its_name_in_any_case() -> None:
    found = offence_named("  racially or religiously   AGGRAVATED assault ")
    assert found is not None and "hate_crime" in found.flags
    assert offence_named("Something not on the list") is None


def _cica(flags: tuple[str, ...]) -> Status:
    case = CaseFacts(offence_date=date(2026, 10, 1), flags=frozenset(flags))
    events = (Event("e1", "crime_reported", date(2026, 10, 2)),)
    evaluation = evaluate(Scenario(case, events), TODAY, RULES, WorkingCalendar())
    return next(o.status for o in evaluation.obligations if o.duty == "victim.cica_apply")


def test_a_racially_aggravated_assault_keeps_its_cica_deadline() -> None:
    assault = offence_named("Racially or religiously aggravated assault")
    assert assault is not None
    assert _cica(("hate_crime",)) is Status.NOT_APPLICABLE  # the trap the issue describes
    assert _cica(assault.flags) is not Status.NOT_APPLICABLE


def test_every_violent_or_sexual_offence_brings_the_cica_deadline() -> None:
    for offence in OFFENCES:
        if "crime_of_violence" in offence.flags or "sexual_offence" in offence.flags:
            assert _cica(offence.flags) is not Status.NOT_APPLICABLE, offence.name


def test_a_flag_says_what_it_changes() -> None:
    violence = flag_effect("crime_of_violence", RULES, TODAY)
    assert not violence.enhanced
    assert "victim.cica_apply" in {r.id for r in violence.brings_in}
    hate = flag_effect("hate_crime", RULES, TODAY)
    assert hate.enhanced and hate.shorter > 0
    assert "practice.hate_crime_src" in {r.id for r in hate.brings_in}
    effects = effects_for(RULES, TODAY)
    assert set(effects) == set(FLAGS)
    assert {f for f, e in effects.items() if e.enhanced} == set(ENHANCED_GROUND_FLAGS)


def test_flags_are_found_however_deeply_a_condition_names_them() -> None:
    nested = AllOf((Not(FlagsAny(frozenset({"a"}))), AllOf((FlagsAny(frozenset({"b"})),))))
    assert flags_in(nested) == {"a", "b"}
    assert flags_in(None) == frozenset()
