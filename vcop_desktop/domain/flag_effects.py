"""What a case flag changes, from the rules in force: the flags' tooltips say it, so a flag
is never a silent switch that drops a deadline (issue 18). Derived from the rulebook, not
written by hand, so it stays true when the law (or an organisation's pack) moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vcop_desktop.domain.rules import AllOf, AnyOf, Condition, FlagsAny, Not, Rule, RuleBook
from vcop_desktop.domain.vocabulary import ENHANCED_GROUND_FLAGS, FLAGS


@dataclass(frozen=True, slots=True)
class FlagEffect:
    """`enhanced`: the flag alone gives enhanced rights, and `shorter` duties have shorter
    time limits then. `brings_in`: duties the flag makes apply (or be owed at all)."""

    flag: str
    enhanced: bool
    shorter: int
    brings_in: tuple[Rule, ...]


def flags_in(condition: Condition | None) -> frozenset[str]:
    """Every flag a condition names, however deeply nested."""
    match condition:
        case FlagsAny(flags):
            return frozenset(flags)
        case AllOf(conditions) | AnyOf(conditions):
            return frozenset().union(*(flags_in(c) for c in conditions))
        case Not(inner):
            return flags_in(inner)
    return frozenset()


def flag_effect(flag: str, rulebook: RuleBook, day: date) -> FlagEffect:
    """What `flag` changes under the packs in force on `day`."""
    rules = [rule for pack in rulebook.packs_in_force(day) for rule in pack.rules]
    return FlagEffect(
        flag=flag,
        enhanced=flag in ENHANCED_GROUND_FLAGS,
        shorter=sum(1 for rule in rules if rule.enhanced_limit is not None),
        brings_in=tuple(
            rule for rule in rules if flag in flags_in(rule.when) | flags_in(rule.applies_if)
        ),
    )


def effects_for(rulebook: RuleBook, day: date) -> dict[str, FlagEffect]:
    """Every flag's effect under the rules in force on `day`."""
    return {flag: flag_effect(flag, rulebook, day) for flag in FLAGS}
