"""The compliance report's tables in the PDF: the figures per group, a preset's own columns,
and the opt-in appendix of late or missed obligations by case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vcop_desktop.domain.report import GroupFigures
from vcop_desktop.domain.suppression import count_title, table_row
from vcop_desktop.letters.pdf import FONT
from vcop_desktop.reports.run import APPENDIX_HEADERS, ReportRun, display_label

_TABLE_HEAD = (
    "Group", "Due", "On time", "Late", "Overdue", "Open", "Waived",
    count_title("late_reason_given"), count_title("late_no_reason"),
    "On-time rate (95% CI)", "Median days late", "90th pct days late",
)  # fmt: skip
#: Column widths as shares of the page width (the group's name gets the most).
_TABLE_SHARES = (0.165, 0.055, 0.06, 0.05, 0.078, 0.06, 0.065, 0.08, 0.08, 0.125, 0.075, 0.075)


def figures_table(groups: Sequence[GroupFigures], run: ReportRun, width: float, styles: Any) -> Any:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Paragraph, Table, TableStyle

    m = run.min_count
    data: list[list[Any]] = [[Paragraph(h, styles["cell"]) for h in _TABLE_HEAD]]
    for g in groups:
        row = table_row(g, m, run.hidden(g))
        low, high, rate = row["ci95_low"], row["ci95_high"], row["on_time_rate"]
        shown_rate = (
            f"{rate * 100:.0f}% ({low * 100:.0f}–{high * 100:.0f})"
            if isinstance(rate, float) and isinstance(low, float) and isinstance(high, float)
            else "–"
        )
        median, p90 = row["median_days_late"], row["p90_days_late"]
        data.append(
            [
                Paragraph(display_label(g), styles["cell"]),
                *(
                    str(row[name])
                    for name in (
                        "due",
                        "met_on_time",
                        "met_late",
                        "overdue",
                        "open",
                        "waived",
                        "late_reason_given",
                        "late_no_reason",
                    )
                ),
                shown_rate,
                "–" if median is None else f"{median:g}",
                "–" if p90 is None else f"{p90:g}",
            ]
        )
    widths = [width * share / sum(_TABLE_SHARES) for share in _TABLE_SHARES]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 7.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, Color(0.3, 0.3, 0.3)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, Color(0.95, 0.96, 0.98)]),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def preset_table(groups: Sequence[GroupFigures], run: ReportRun, width: float, styles: Any) -> Any:
    """A preset's table in its own words (`run.columns`), every count as saved reports show
    it (`run.shown`: the same suppression as every other table)."""
    from reportlab.lib.colors import Color
    from reportlab.platypus import Paragraph, Table, TableStyle

    head = [Paragraph("Group", styles["cell"])]
    head += [Paragraph(title, styles["cell"]) for _name, title in run.columns]
    data: list[list[Any]] = [head]
    for g in groups:
        row: list[Any] = [Paragraph(display_label(g), styles["cell"])]
        for name, _title in run.columns:
            if name == "rate":
                shown = table_row(g, run.min_count, run.hidden(g))
                rate, low, high = shown["on_time_rate"], shown["ci95_low"], shown["ci95_high"]
                row.append(
                    f"{rate * 100:.0f}% ({low * 100:.0f}–{high * 100:.0f})"
                    if isinstance(rate, float)
                    and isinstance(low, float)
                    and isinstance(high, float)
                    else "–"
                )
            else:
                row.append(run.shown(g, name))
        data.append(row)
    # The group's name takes a quarter; the rate and its interval twice a count's width.
    shares = [2.0 if name == "rate" else 1.0 for name, _ in run.columns]
    unit = width * 0.75 / sum(shares)
    table = Table(data, colWidths=[width * 0.25] + [unit * share for share in shares])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, Color(0.3, 0.3, 0.3)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, Color(0.95, 0.96, 0.98)]),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def appendix_table(run: ReportRun, width: float, styles: Any) -> Any:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Paragraph, Table, TableStyle

    head = [Paragraph(h, styles["cell"]) for h in APPENDIX_HEADERS]
    data: list[list[Any]] = [
        head,
        *([Paragraph(c, styles["cell"]) for c in r] for r in run.appendix),
    ]
    shares = (0.13, 0.15, 0.24, 0.06, 0.1, 0.08, 0.1, 0.07, 0.07)
    table = Table(data, colWidths=[width * s / sum(shares) for s in shares], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, Color(0.3, 0.3, 0.3)),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table
