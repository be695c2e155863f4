"""Compliance figures across a caseload: obligations -> groups -> counts, rates and lateness.

Pure: no Qt, no SQL, no files. The storage layer hands over one `ObligationFact` per obligation
(domain/report_facts.py; from the encrypted index, or an anonymised extract), grouped as
domain/report_groupings.py says; `compute` judges each on `today`, keeps
those falling due in the period, and counts them per group (issue 12, Definitions):

- in the period: the due date falls in [from, to]; obligations with no time limit are counted
  by their trigger date and reported apart; `not_applicable` ones are listed apart too;
- on-time rate = met_on_time / (met_on_time + met_late + overdue), with a Wilson 95% interval;
- lateness in calendar days: met_on - due, or today - due while overdue; the median, and the
  90th percentile by the nearest-rank method (always a value that occurred);
- Code duties, scheme targets, good practice and the victim's own deadlines are separate kinds
  and never share a figure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact, Outcome, days_late, judge, period_day
from vcop_desktop.domain.report_groupings import GROUPINGS, group_key
from vcop_desktop.domain.stats import median, percentile_nearest_rank, wilson_interval
from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """What to count: the period (inclusive), the day to judge on, the kind and the groupings."""

    start: date
    end: date
    today: date
    kind: Category = Category.CODE
    by: tuple[str, ...] = ()
    rights: tuple[int, ...] = ()  # only these Rights (empty: all)
    duties: tuple[str, ...] = ()  # only these duties (empty: all)

    def problem(self) -> str | None:
        """One line saying what is wrong with the query, or None."""
        if self.start > self.end:
            return (
                f"the period starts ({self.start.isoformat()}) after it ends "
                f"({self.end.isoformat()})"
            )
        for name in self.by:
            if name not in GROUPINGS:
                known = ", ".join(GROUPINGS)
                return f"unknown grouping {name!r} (choose from {known})"
        return None


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """The figures of one group (or of the whole period, when `by` is empty)."""

    by: tuple[tuple[str, str], ...]
    due: int
    met_on_time: int
    met_late: int
    overdue: int
    open: int
    waived: int
    late_reason_given: int  # met late or overdue, and a good reason is on record
    late_no_reason: int  # met late or overdue, no reason on record
    not_applicable: int
    no_limit: int  # no time limit: triggered in the period
    no_limit_met: int
    cases: int
    days_late: tuple[int, ...] = field(repr=False, default=())

    @property
    def judged(self) -> int:
        """The rate's denominator: met on time + met late + overdue."""
        return self.met_on_time + self.met_late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        return self.met_on_time / self.judged if self.judged else None

    @property
    def ci95(self) -> tuple[float, float] | None:
        return wilson_interval(self.met_on_time, self.judged)

    @property
    def median_days_late(self) -> float | None:
        return median(self.days_late)

    @property
    def p90_days_late(self) -> float | None:
        return percentile_nearest_rank(self.days_late, 90)

    def label(self) -> str:
        return ", ".join(value for _, value in self.by) or "All"


@dataclass(frozen=True, slots=True)
class Report:
    query: ReportQuery
    total: GroupFigures
    groups: tuple[GroupFigures, ...]


# -- computing -------------------------------------------------------------------------------


def in_scope(fact: ObligationFact, query: ReportQuery) -> bool:
    """Of the query's kind and Rights, placed in its period, and owed by the report's day (an
    obligation whose clock starts later did not exist yet on that day). The advocate's own
    service standards are never a compliance figure (they have a service report of their own)."""
    if fact.kind is not query.kind or fact.owed_by == ADVOCATE_AGENCY:
        return False
    if query.rights and fact.right not in query.rights:
        return False
    if query.duties and fact.duty not in query.duties:
        return False
    if fact.clock_start is not None and fact.clock_start > query.today:
        return False
    day = period_day(fact)
    return day is not None and query.start <= day <= query.end


@dataclass(slots=True)
class _Tally:
    counts: dict[Outcome, int] = field(default_factory=dict)
    reason: int = 0
    no_reason: int = 0
    cases: set[str] = field(default_factory=set)
    late: list[int] = field(default_factory=list)

    def add(self, case_key: str, outcome: Outcome, late: int | None, reason: bool) -> None:
        """Count one obligation; `late` is its days late (met late or overdue), else None."""
        counts = self.counts
        counts[outcome] = counts.get(outcome, 0) + 1
        self.cases.add(case_key)
        if outcome is Outcome.MET_LATE or outcome is Outcome.OVERDUE:
            if reason:
                self.reason += 1
            else:
                self.no_reason += 1
            if late is not None:
                self.late.append(late)

    def figures(self, by: tuple[tuple[str, str], ...]) -> GroupFigures:
        c = self.counts.get
        dated = (
            Outcome.MET_ON_TIME,
            Outcome.MET_LATE,
            Outcome.OVERDUE,
            Outcome.OPEN,
            Outcome.WAIVED,
        )
        return GroupFigures(
            by=by,
            due=sum(c(o, 0) for o in dated),
            met_on_time=c(Outcome.MET_ON_TIME, 0),
            met_late=c(Outcome.MET_LATE, 0),
            overdue=c(Outcome.OVERDUE, 0),
            open=c(Outcome.OPEN, 0),
            waived=c(Outcome.WAIVED, 0),
            late_reason_given=self.reason,
            late_no_reason=self.no_reason,
            not_applicable=c(Outcome.NOT_APPLICABLE, 0),
            no_limit=c(Outcome.NO_LIMIT_MET, 0) + c(Outcome.NO_LIMIT_OUTSTANDING, 0),
            no_limit_met=c(Outcome.NO_LIMIT_MET, 0),
            cases=len(self.cases),
            days_late=tuple(sorted(self.late)),
        )


def _keys(fact: ObligationFact, by: Sequence[str]) -> list[tuple[tuple[str, str], ...]]:
    if len(by) == 1:
        name = by[0]
        return [((name, value),) for value in GROUPINGS[name](fact)]
    keys: list[tuple[tuple[str, str], ...]] = [()]
    for name in by:
        values = GROUPINGS[name](fact)
        keys = [(*k, (name, v)) for k in keys for v in values]
    return keys


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or counting ~100,000 tuples: they
    hold no cycles, and its repeated passes over them took a third of a report's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _count(
    facts: Iterable[ObligationFact],
    query: ReportQuery,
    total: _Tally,
    plans: list[tuple[tuple[str, ...], dict[tuple[tuple[str, str], ...], _Tally]]],
) -> None:
    """The hot loop: each obligation judged once, then counted in its group of each grouping.
    Single-dimension groupings (the usual case) are keyed by the value alone while counting."""
    today = query.today
    by_value: list[dict[str, _Tally]] = [{} for by, _ in plans if len(by) == 1]
    single = list(zip([GROUPINGS[by[0]] for by, _ in plans if len(by) == 1], by_value, strict=True))
    crossed = [(by, groups) for by, groups in plans if len(by) > 1]
    for fact in facts:
        if not in_scope(fact, query):
            continue
        outcome = judge(fact, today)
        late = days_late(fact, outcome, today)
        case_key, reason = fact.case_key, fact.reason_given
        total.add(case_key, outcome, late, reason)
        for grouping, values in single:
            for value in grouping(fact):
                tally = values.get(value)
                if tally is None:
                    tally = values[value] = _Tally()
                tally.add(case_key, outcome, late, reason)
        for by, groups in crossed:
            for key in _keys(fact, by):
                tally = groups.get(key)
                if tally is None:
                    tally = groups[key] = _Tally()
                tally.add(case_key, outcome, late, reason)
    singles = iter(by_value)
    for by, groups in plans:
        if len(by) == 1:
            for value, tally in next(singles).items():
                groups[((by[0], value),)] = tally


def compute(facts: Iterable[ObligationFact], query: ReportQuery) -> Report:
    """Count every obligation of the query's kind in its period, in total and per group."""
    return compute_many(facts, query, [query.by])[0]


def compute_many(
    facts: Iterable[ObligationFact], query: ReportQuery, groupings: Sequence[tuple[str, ...]]
) -> list[Report]:
    """`compute` for several groupings in one pass (each obligation judged once); the
    query's own `by` is ignored. One report per grouping, in order."""
    for by in groupings:
        problem = ReportQuery(query.start, query.end, query.today, query.kind, by).problem()
        if problem:
            raise ValueError(problem)
    problem = query.problem()
    if problem:
        raise ValueError(problem)
    total = _Tally()
    tallies: list[dict[tuple[tuple[str, str], ...], _Tally]] = [{} for _ in groupings]
    plans = list(zip(groupings, tallies, strict=True))
    with paused_gc():
        _count(facts, query, total, plans)
    return _reports(
        query,
        total.figures(()),
        [(by, {k: t.figures(k) for k, t in groups.items()}) for by, groups in plans],
    )


def _reports(
    query: ReportQuery,
    total: GroupFigures,
    plans: Sequence[tuple[tuple[str, ...], Mapping[tuple[tuple[str, str], ...], GroupFigures]]],
) -> list[Report]:
    """One report per grouping, its groups in natural order ("Right 3" before "Right 11"), or
    for a breakdown by a victim's characteristic in its categories' own order (age bands
    youngest first: "Under 18" sorted after "65 and over" as text)."""
    reports: list[Report] = []
    for by, groups in plans:
        ordered = sorted(groups.items(), key=lambda item: [group_key(*pair) for pair in item[0]])
        reports.append(
            Report(
                query=ReportQuery(
                    query.start,
                    query.end,
                    query.today,
                    query.kind,
                    tuple(by),
                    query.rights,
                    query.duties,
                ),
                total=total,
                groups=tuple(figures for _key, figures in ordered),
            )
        )
    return reports


class Counted(NamedTuple):
    """One group's figures as counted elsewhere (the index, in SQL: storage/index.py
    `WorkspaceIndex.report_counts`): obligations per outcome, the late ones with and without
    a reason on record, distinct cases, and each late one's days late."""

    outcomes: Mapping[str, int]
    reason: int
    no_reason: int
    cases: int
    days_late: Sequence[int]


def reports_from_counts(
    query: ReportQuery,
    total: Counted,
    groupings: Sequence[tuple[tuple[str, ...], Mapping[str, Counted]]],
) -> list[Report]:
    """What `compute_many` returns, from figures counted elsewhere over the same obligations
    (single-dimension groupings: group value -> its counts)."""
    for by, _groups in groupings:
        problem = ReportQuery(query.start, query.end, query.today, query.kind, by).problem()
        if problem or len(by) != 1:
            raise ValueError(problem or f"one grouping at a time, not {by}")

    def figures(by: tuple[tuple[str, str], ...], counted: Counted) -> GroupFigures:
        tally = _Tally(
            counts={Outcome(k): v for k, v in counted.outcomes.items()},
            reason=counted.reason,
            no_reason=counted.no_reason,
            late=list(counted.days_late),
        )
        return dataclasses.replace(tally.figures(by), cases=counted.cases)

    return _reports(
        query,
        figures((), total),
        [
            (by, {((by[0], value),): figures(((by[0], value),), c) for value, c in groups.items()})
            for by, groups in groupings
        ],
    )


class CaseLine(NamedTuple):
    """One late or missed obligation, for the opt-in case appendix (keyed by case, no names)."""

    case_key: str
    duty: str
    owed_by: str
    right: int | None
    due: date
    outcome: Outcome
    met_on: date | None
    days_late: int | None
    reason_given: bool


def breaches(facts: Iterable[ObligationFact], query: ReportQuery) -> list[CaseLine]:
    """Every obligation in the query's scope met late or overdue, by case then due date."""
    lines: list[CaseLine] = []
    for fact in facts:
        if not in_scope(fact, query) or fact.due is None:
            continue
        outcome = judge(fact, query.today)
        if outcome is Outcome.MET_LATE or outcome is Outcome.OVERDUE:
            lines.append(
                CaseLine(
                    fact.case_key, fact.duty, fact.owed_by, fact.right, fact.due, outcome,
                    fact.met_on if outcome is Outcome.MET_LATE else None,
                    days_late(fact, outcome, query.today), fact.reason_given,
                )
            )  # fmt: skip
    return sorted(lines, key=lambda line: (line.case_key, line.due, line.duty))
