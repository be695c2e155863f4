"""The organisation's own figures for its service standards (protection.md, "Service standards").

The `advocate.*` standards ship with organisation defaults
(resources/rules/advocate-standards.toml). An organisation sets its own figures in a figures
file, `service-standards.toml`, in its rule pack folder (Settings, "Extra rule packs folder", or
`--rules-dir`): `load_rulebook` applies it, and an obligation under a figure the organisation set
says so in its source. Only standards the service owes itself (owed by the advocate, not
statutory) can be changed: never the law's figures.

```toml
[standards."advocate.first_contact"]
limit = 2          # the standard figure, in the rule's unit (working days here)
high_risk = 1      # a named conditional figure (the referral says high risk)
[standards."advocate.safety_plan_review"]
interval = 21      # the review interval when the plan sets none (calendar days)
```

A Settings page reads them with `read_standards` and writes them with `write_standards`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vcop_desktop.domain.rules import (
    AgreedInterval,
    ConditionalLimit,
    Limit,
    LimitUnit,
    Rule,
    RulePack,
)
from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY
from vcop_desktop.errors import UserError

FIGURES_FILE = "service-standards.toml"
ORGANISATION_SOURCE = "service standard (set by the organisation)"
#: The owner whose non-statutory rules an organisation may re-figure: the service itself.
OWN_AGENCY = ADVOCATE_AGENCY
LIMIT = "limit"
INTERVAL = "interval"
MAX_FIGURE = 366

#: Overrides as read: duty id -> figure name -> amount.
Figures = Mapping[str, Mapping[str, int]]

_UNIT_WORDS = {
    LimitUnit.WORKING_DAYS: "working days",
    LimitUnit.DAYS: "calendar days",
    LimitUnit.MONTHS: "months",
}


class FiguresError(UserError):
    """The figures file (or figures given to write) is wrong: one line per problem."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        super().__init__("\n".join(f"service standards {origin}: {p}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of a standard that the organisation may set."""

    name: str  # "limit", a conditional limit's name ("high_risk"), or "interval"
    label: str  # for a form: "Due within", "Due within, when ...", "Review every"
    unit: str  # "working days", "calendar days"
    amount: int
    default: int


@dataclass(frozen=True, slots=True)
class ServiceStandard:
    """A service standard as Settings shows it: what it asks and its due figures."""

    id: str
    what: str
    figures: tuple[Figure, ...]
    source: str

    @property
    def set_by_organisation(self) -> bool:
        return self.source == ORGANISATION_SOURCE


def is_own_standard(rule: Rule) -> bool:
    return rule.owed_by == OWN_AGENCY and not rule.statutory


def figures_of(rule: Rule) -> dict[str, tuple[int, str, str]]:
    """A rule's settable figures: name -> (amount, unit words, label)."""
    out: dict[str, tuple[int, str, str]] = {}
    if rule.limit is not None:
        label = "Due within" if not rule.limit_when else "Due within, otherwise"
        out[LIMIT] = (rule.limit.amount, _UNIT_WORDS[rule.limit.unit], label)
    for conditional in rule.limit_when:
        words = conditional.name.replace("_", " ")
        out[conditional.name] = (
            conditional.limit.amount,
            _UNIT_WORDS[conditional.limit.unit],
            f"Due within, when {words}",
        )
    if isinstance(rule.schedule, AgreedInterval) and rule.schedule.default_interval:
        out[INTERVAL] = (
            rule.schedule.default_interval,
            "calendar days",
            "Review every (unless the plan says otherwise)",
        )
    return out


def parse_figures(data: Mapping[str, Any], origin: str) -> dict[str, dict[str, int]]:
    """The shape of a figures file (which duties exist is checked by `apply_figures`)."""
    problems: list[str] = []
    unknown = sorted(set(data) - {"standards"})
    if unknown:
        problems.append(f"unknown table(s): {', '.join(unknown)}")
    raw = data.get("standards", {})
    out: dict[str, dict[str, int]] = {}
    if not isinstance(raw, Mapping):
        problems.append('standards must be tables such as [standards."advocate.first_contact"]')
        raw = {}
    for duty, entry in raw.items():
        if not isinstance(entry, Mapping):
            problems.append(f"{duty}: must be a table of figures such as limit = 3")
            continue
        figures: dict[str, int] = {}
        for name, amount in entry.items():
            if (
                isinstance(amount, bool)
                or not isinstance(amount, int)
                or not 1 <= amount <= MAX_FIGURE
            ):
                problems.append(f"{duty}.{name}: must be a whole number from 1 to {MAX_FIGURE}")
                continue
            figures[str(name)] = amount
        out[str(duty)] = figures
    if problems:
        raise FiguresError(origin, problems)
    return out


def read_figures_file(path: Path) -> dict[str, dict[str, int]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FiguresError(path.name, [f"cannot be read ({error.strerror})"]) from None
    except UnicodeDecodeError:
        raise FiguresError(path.name, ["is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise FiguresError(path.name, [f"is not valid TOML: {error}"]) from None
    return parse_figures(data, path.name)


def check_figures(packs: Iterable[RulePack], figures: Figures, origin: str) -> None:
    """Every duty named is one of the service's own standards, and every figure is one of
    its settable figures."""
    rules = {rule.id: rule for pack in packs for rule in pack.rules}
    problems: list[str] = []
    for duty, entry in figures.items():
        rule = rules.get(duty)
        if rule is None:
            problems.append(f"{duty}: not a known standard")
            continue
        if not is_own_standard(rule):
            problems.append(f"{duty}: not a service standard of the advocate; its figure is law")
            continue
        known = figures_of(rule)
        for name in entry:
            if name not in known:
                choices = ", ".join(sorted(known))
                problems.append(f"{duty}.{name}: not a figure of this standard ({choices})")
    if problems:
        raise FiguresError(origin, problems)


def apply_figures(packs: Sequence[RulePack], figures: Figures, origin: str) -> list[RulePack]:
    """The packs with the organisation's figures in place of the defaults (checked first)."""
    check_figures(packs, figures, origin)
    if not figures:
        return list(packs)
    out: list[RulePack] = []
    for pack in packs:
        rules = tuple(
            _refigured(rule, figures[rule.id]) if figures.get(rule.id) else rule
            for rule in pack.rules
        )
        out.append(pack if rules == pack.rules else replace(pack, rules=rules))
    return out


def _refigured(rule: Rule, figures: Mapping[str, int]) -> Rule:
    limit = rule.limit
    if limit is not None and LIMIT in figures:
        limit = Limit(limit.unit, figures[LIMIT])
    limit_when = tuple(
        ConditionalLimit(c.name, c.when, Limit(c.limit.unit, figures[c.name]))
        if c.name in figures
        else c
        for c in rule.limit_when
    )
    schedule = rule.schedule
    if isinstance(schedule, AgreedInterval) and INTERVAL in figures:
        schedule = replace(schedule, default_interval=figures[INTERVAL])
    return replace(
        rule, limit=limit, limit_when=limit_when, schedule=schedule, source=ORGANISATION_SOURCE
    )


def figures_in(folders: Iterable[Path]) -> tuple[dict[str, dict[str, int]], str]:
    """The figures file of the first folder that has one, and its name for messages."""
    for folder in folders:
        path = folder / FIGURES_FILE
        if path.is_file():
            return read_figures_file(path), str(path.name)
    return {}, FIGURES_FILE
