"""Where report figures come from: a workspace's index, turned into `ObligationFact`s."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vcop_desktop.domain.equality import NO_EQUALITY
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report import paused_gc
from vcop_desktop.domain.report_facts import ObligationFact

if TYPE_CHECKING:
    from vcop_desktop.domain.rules import RuleBook
    from vcop_desktop.storage import CaseFileError, Workspace
    from vcop_desktop.storage.index_report import ReportCase, ReportRow


def pack_versions(rulebook: RuleBook) -> list[str]:
    """One line per rule pack, for the method notes of every export."""
    return [
        f"{pack.id} (in force from {pack.in_force_from.isoformat()})"
        for pack in sorted(rulebook.packs, key=lambda p: p.id)
    ]


@dataclass(frozen=True, slots=True)
class Facts:
    """The obligations of a period, and what could not be read."""

    facts: list[ObligationFact]
    packs: list[str]
    problems: tuple[CaseFileError, ...] = ()


def workspace_facts(
    workspace: Workspace,
    start: date,
    end: date,
    kind: Category | None = None,
    *,
    today: date | None = None,
) -> Facts:
    """Every obligation placed in [start, end] in the workspace (of `kind`, or all kinds),
    from its index alone: no case file is opened."""
    victim = None if kind is None else kind is Category.VICTIM
    problems = workspace.refresh_index()
    with paused_gc():
        cases, rows, _none = workspace.report_rows(
            start, end, victim=victim, refresh=False, as_of=today
        )
        facts = _facts(rows, cases, kind, today)
    return Facts(facts, pack_versions(workspace.rulebook()), problems)


def _facts(
    rows: list[ReportRow],
    cases: Mapping[str, ReportCase],
    kind: Category | None,
    today: date | None = None,
) -> list[ObligationFact]:
    """`today` is the judging day: an agency's reason counts once it was on record by then
    (any reason on record, when None)."""
    by = today.isoformat() if today is not None else "9999-12-31"
    categories = {category.value: category for category in Category}
    days: dict[str | None, date | None] = {None: None}
    no_case: ReportCase = (None, False, (), NO_EQUALITY)
    facts: list[ObligationFact] = []
    append = facts.append
    make = ObligationFact._make
    for case_id, duty, owed_by, right, category, due, start_day, status, met, why in rows:
        fact_kind = categories[category]
        if kind is not None and fact_kind is not kind:
            continue
        if due not in days:
            days[due] = date.fromisoformat(due)  # type: ignore[arg-type]
        if start_day not in days:
            days[start_day] = date.fromisoformat(start_day)  # type: ignore[arg-type]
        if met not in days:
            days[met] = date.fromisoformat(met)  # type: ignore[arg-type]
        force, enhanced, flags, equality = cases.get(case_id, no_case)
        append(
            make(
                (
                    case_id,
                    duty,
                    owed_by,
                    right,
                    fact_kind,
                    days[due],
                    days[start_day],
                    status,
                    days[met],
                    force,
                    enhanced,
                    flags,
                    why is not None and why <= by,
                    equality,
                )
            )
        )
    return facts
