"""Small-number rules for every shared figure: counts under the threshold shown as "<5", a
rate only from enough obligations in enough cases, and the secondary suppression that stops a
hidden count being worked out from a row's or a column's others. One copy, used by the Code
compliance report, the return presets and the service report alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vcop_desktop.domain.report import GroupFigures, Report
from vcop_desktop.domain.report_groupings import OVERLAPPING

SUPPRESSED = "<5"


def shown_count(value: int, threshold: int) -> str:
    """A count as aggregates show it: 1 to threshold-1 become "<threshold" (0 stays 0: it
    identifies no one, and hiding it would hide that a duty was never owed)."""
    if 0 < value < threshold:
        return f"<{threshold}"
    return str(value)


def rate_shown(
    figures: GroupFigures, threshold: int, hidden: Mapping[str, str] | None = None
) -> bool:
    """A rate, its interval and lateness figures are shown only when they rest on at least
    `threshold` obligations in `threshold` cases, and when none of met on time, met late and
    overdue is hidden (a rate and the shown counts would give a hidden one away)."""
    return (
        figures.judged >= threshold
        and figures.cases >= threshold
        and not _RATE_PARTS
        & (suppressed_cells(figures, threshold) if hidden is None else hidden).keys()
    )


_RATE_PARTS = frozenset({"met_on_time", "met_late", "overdue"})

#: How a hidden count is shown: a small one as "<N"; one hidden only so that a small one
#: cannot be worked out by subtraction (it may be large) as "x".
SECONDARY = "x"


#: Cells of a row that add up to a known sum: (the parts, the ways the sum can be known, each
#: a set of cells that give it when all are shown). Late or missed = met late + overdue, or
#: due - met on time - open - waived.
_PARTITIONS: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    (("met_on_time", "met_late", "overdue", "open", "waived"), (("due",),)),
    (
        ("late_reason_given", "late_no_reason"),
        (("met_late", "overdue"), ("due", "met_on_time", "open", "waived")),
    ),
)


def _partner_key(figures: GroupFigures, name: str) -> tuple[bool, int]:
    value = int(getattr(figures, name))
    return (value == 0, value)


def suppressed_cells(
    figures: GroupFigures, threshold: int, start: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The counts a row hides, with the marker each shows: each count from 1 to threshold-1
    as "<threshold" (primary); then, where a row's parts add up to a shown whole and only one
    part is hidden, the smallest non-zero other part as "x" (secondary), so no hidden count
    can be worked out by subtraction within the row. `start`: cells already hidden (by the
    table's columns, see `table_suppression`)."""
    small = f"<{threshold}"
    hidden = dict(start or {})
    for name, _ in COUNT_COLUMNS:
        if name not in hidden and 0 < int(getattr(figures, name)) < threshold:
            hidden[name] = small
    changed = True
    while changed:
        changed = False
        for parts, ways in _PARTITIONS:
            if all(any(name in hidden for name in way) for way in ways):
                continue  # the sum itself cannot be worked out
            inside = [name for name in parts if name in hidden]
            if len(inside) == 1:
                others = [name for name in parts if name not in hidden]
                if others:
                    # the smallest non-zero part (a hidden zero is too easily guessed)
                    partner = min(others, key=lambda name: _partner_key(figures, name))
                    hidden[partner] = SECONDARY
                    changed = True
    return hidden


def table_suppression(
    reports: Iterable[Report], threshold: int
) -> dict[GroupFigures, dict[str, str]]:
    """The hidden cells of every row of every table (the total row is the same row in each),
    within rows (`suppressed_cells`) and down columns: where a column's groups add up to the
    total's shown count and one group's count is hidden, the smallest non-zero count of
    another group is hidden too ("x"), or, with none to hide, the total's. Repeated until
    nothing changes, so no hidden count can be worked out by subtraction across a table."""
    tables = list(reports)
    # Counts whose groups add up to the total (a case may have obligations in several groups,
    # so distinct cases do not).
    additive = [name for name, _ in COUNT_COLUMNS if name != "cases"]
    rows = {f: suppressed_cells(f, threshold) for r in tables for f in (r.total, *r.groups)}
    changed = True
    while changed:
        changed = False
        for report in tables:
            if any(name in OVERLAPPING for name in report.query.by):
                continue  # overlapping groups do not add up to the total
            total_hidden = rows[report.total]
            for name in additive:
                if name in total_hidden:
                    continue
                hidden = [g for g in report.groups if name in rows[g]]
                if len(hidden) != 1:
                    continue
                others = [g for g in report.groups if name not in rows[g] and getattr(g, name) > 0]
                figures = (
                    min(others, key=lambda g: int(getattr(g, name))) if others else report.total
                )
                rows[figures] = suppressed_cells(
                    figures, threshold, {**rows[figures], name: SECONDARY}
                )
                changed = True
    return rows


COUNT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("due", "Due in period"),
    ("met_on_time", "Met on time"),
    ("met_late", "Met late"),
    ("overdue", "Overdue"),
    ("open", "Open"),
    ("waived", "Waived"),
    ("late_reason_given", "Late/missed, reason given"),
    ("late_no_reason", "Late/missed, no reason given"),
    ("not_applicable", "Not applicable"),
    ("no_limit", "No time limit"),
    ("no_limit_met", "No time limit, met"),
    ("cases", "Cases"),
)


def count_title(name: str) -> str:
    """A count column's title, the same on screen, in the PDF and in CSV/XLSX: "late/missed"
    counts what was met late and what is overdue alike (issue 18)."""
    return dict(COUNT_COLUMNS)[name]


def table_row(
    figures: GroupFigures, threshold: int | None, hidden: Mapping[str, str] | None = None
) -> Mapping[str, str | int | float | None]:
    """One group as a flat row for tables and exports; `threshold` None shows exact counts.
    `hidden`: the row's cells as the whole table hides them (`table_suppression`)."""
    row: dict[str, str | int | float | None] = {}
    if threshold is None:
        hidden = {}
    elif hidden is None:
        hidden = suppressed_cells(figures, threshold)
    for name, _title in COUNT_COLUMNS:
        # A number stays a number (spreadsheets sum it); only a suppressed count is text.
        row[name] = hidden.get(name, int(getattr(figures, name)))
    visible = threshold is None or rate_shown(figures, threshold, hidden)
    interval = figures.ci95 if visible else None
    row["on_time_rate"] = figures.on_time_rate if visible else None
    row["ci95_low"] = interval[0] if interval else None
    row["ci95_high"] = interval[1] if interval else None
    row["median_days_late"] = figures.median_days_late if visible else None
    row["p90_days_late"] = figures.p90_days_late if visible else None
    return row
