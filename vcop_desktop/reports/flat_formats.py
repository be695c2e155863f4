"""A report run written out as JSON, CSV and a plain text table, and the flat rows the CSV,
the XLSX and the app's table share. Apart from `run.py`, which assembles a run (presets,
groupings, what is counted), because the two change for different reasons: a new column or
format touches only this file.
"""

from __future__ import annotations

import csv
import io
import json

from vcop_desktop.domain.report import GroupFigures
from vcop_desktop.domain.report_facts import KIND_WORDS
from vcop_desktop.domain.suppression import COUNT_COLUMNS, table_row
from vcop_desktop.reports.run import (
    ReportRun,
    display_label,
    grouping_title,
    lower_first,
)


def _r(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def group_dict(figures: GroupFigures) -> dict[str, object]:
    interval = figures.ci95
    return {
        "by": dict(figures.by),
        "due": figures.due,
        "met_on_time": figures.met_on_time,
        "met_late": figures.met_late,
        "overdue": figures.overdue,
        "open": figures.open,
        "waived": figures.waived,
        "on_time_rate": _r(figures.on_time_rate),
        "ci95": [_r(interval[0]), _r(interval[1])] if interval else None,
        "median_days_late": figures.median_days_late,
        "p90_days_late": figures.p90_days_late,
        # Beyond the documented shape, counted apart (issue 12):
        "late_reason_given": figures.late_reason_given,
        "late_no_reason": figures.late_no_reason,
        "not_applicable": figures.not_applicable,
        "no_limit": figures.no_limit,
        "no_limit_met": figures.no_limit_met,
        "cases": figures.cases,
    }


def to_json(run: ReportRun) -> bytes:
    groups = [g for report in run.reports for g in report.groups] or [run.total]
    document = {
        "period": {"from": run.query.start.isoformat(), "to": run.query.end.isoformat()},
        "today": run.query.today.isoformat(),
        "kind": KIND_WORDS[run.query.kind],
        "groups": [group_dict(g) for g in groups],
    }
    if run.status:
        document["status"] = run.status
        document["origin"] = run.origin
    if run.quality is not None:
        document["letter_quality"] = [
            {"by": dict(g.by), "marked": g.due, "clear_yes": g.met_on_time, "clear_no": g.overdue}
            for g in (run.quality.total, *run.quality.groups)
        ]
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# -- flat rows (CSV, XLSX, text, the app's table) ---------------------------------------------

RATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("on_time_rate", "On-time rate (%)"),
    ("ci95_low", "95% CI low (%)"),
    ("ci95_high", "95% CI high (%)"),
    ("median_days_late", "Median days late"),
    ("p90_days_late", "90th percentile days late"),
)
HEADERS: tuple[str, ...] = (
    "Grouping",
    "Group",
    *(t for _, t in COUNT_COLUMNS),
    *(t for _, t in RATE_COLUMNS),
)


def flat_rows(
    run: ReportRun, min_count: int | None
) -> list[tuple[str, list[str | int | float | None]]]:
    """(grouping title, row values in HEADERS order): the total first, then each grouping.
    Rates are percentages with one decimal; `min_count` None shows exact counts."""
    out: list[tuple[str, list[str | int | float | None]]] = []

    def add(grouping: str, figures: GroupFigures) -> None:
        row = table_row(figures, min_count, run.hidden(figures) if min_count else None)
        values: list[str | int | float | None] = [grouping, display_label(figures)]
        values += [row[name] for name, _ in COUNT_COLUMNS]
        for name, _ in RATE_COLUMNS:
            value = row[name]
            if name in ("on_time_rate", "ci95_low", "ci95_high") and isinstance(value, float):
                value = round(value * 100, 1)
            values.append(value)
        out.append((grouping, values))

    add("All", run.total)
    for report in run.reports:
        for figures in report.groups:
            add(grouping_title(report.query.by), figures)
    return out


def to_csv(run: ReportRun) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads it right; suppressed counts as <N. A
    preset with an origin labels every row (a row copied elsewhere keeps its label)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    status = (run.status,) if run.status else ()
    writer.writerow((*HEADERS, "Status") if status else HEADERS)
    for _, values in flat_rows(run, run.min_count):
        writer.writerow(["" if v is None else v for v in values] + list(status))
    if run.quality is not None:
        # The CPS letters' quality mark: a table of its own below, never merged with the
        # timeliness columns above, hidden by its own table's suppression (as on the PDF).
        from vcop_desktop.reports.letter_quality import COLUMNS, TITLE

        heads = ["Grouping", "Group", *(title for _, title in COLUMNS)]
        writer.writerow([TITLE, *[""] * (len(heads) - 1), *status])
        writer.writerow([*heads, *("Status",) * len(status)])
        for g in (run.quality.total, *run.quality.groups):
            grouping = grouping_title([name for name, _ in g.by]) if g.by else "All"
            cells = [run.quality_shown(g, name) for name, _ in COLUMNS]
            writer.writerow([grouping, display_label(g), *cells, *status])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def to_text(run: ReportRun) -> str:
    """A plain table for the terminal, with exact counts (the advocate's own screen)."""
    q = run.query
    lines = [
        run.title,
        f"Period {q.start.isoformat()} to {q.end.isoformat()}, judged on {q.today.isoformat()}"
        f" ({run.source})",
        "",
    ]
    if run.status:
        lines[1:1] = [run.status, f"Origin: {run.origin}"]
    header = (
        f"{'Group':<32} {'due':>5} {'on time':>7} {'late':>5} {'overdue':>7} {'open':>5} "
        f"{'waived':>6} {'rate':>5} {'95% CI':>11} {'median':>6} {'p90':>5} {'reason':>6}"
    )
    # A preset in a return's shape counts duties with no time limit too (Rights 3 and 7).
    wide = bool(run.columns)
    if wide:
        header += f" {'no limit':>8} {'met':>5}"
    sections = [("All", [run.total])] + [
        (grouping_title(r.query.by), list(r.groups)) for r in run.reports
    ]
    for title, groups in sections:
        lines += [f"By {lower_first(title)}" if title != "All" else "All obligations", header]
        for g in groups:
            interval = g.ci95
            ci = f"{_pct(interval[0])}-{_pct(interval[1])}" if interval else "-"
            med = "-" if g.median_days_late is None else f"{g.median_days_late:g}"
            p90 = "-" if g.p90_days_late is None else f"{g.p90_days_late:g}"
            lines.append(
                f"{display_label(g)[:32]:<32} {g.due:>5} {g.met_on_time:>7} {g.met_late:>5} "
                f"{g.overdue:>7} {g.open:>5} {g.waived:>6} {_pct(g.on_time_rate):>5} "
                f"{ci:>11} {med:>6} {p90:>5} {g.late_reason_given:>6}"
                + (f" {g.no_limit:>8} {g.no_limit_met:>5}" if wide else "")
            )
        lines.append("")
    t = run.total
    lines.append(
        f"Not applicable: {t.not_applicable}; no time limit: {t.no_limit} "
        f"({t.no_limit_met} met). 'reason': late or missed with the agency's reason on record."
    )
    if run.quality is not None:
        lines += ["", "Letter quality (the advocate's mark; never merged with timeliness)"]
        lines.append(f"{'Group':<32} {'marked':>7} {'clear':>6} {'unclear':>8}")
        for g in (run.quality.total, *run.quality.groups):
            lines.append(
                f"{display_label(g)[:32]:<32} {g.due:>7} {g.met_on_time:>6} {g.overdue:>8}"
            )
    return "\n".join(lines) + "\n"
