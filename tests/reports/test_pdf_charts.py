"""The report PDF's charts and table, drawn to scale from the figures (issue 21 §2: the
mutants of reports/pdf.py that the PDF-text tests let live).

A chart is read at a glance: a bar drawn to the wrong height, a whisker that is not the 95%
interval, a month's point placed under another month, or a rate drawn that the small-number
rule hides would mislead whoever the report is sent to. The drawings are compared shape by
shape; the heights are checked against the figures worked out by hand below.

February: police 3 of 4 on time (75%), CPS 1 of 1; March (tests/reports/
test_report_outputs_exact.py): police 1 of 3 on time. Police over both months: 4 of 7 (57%).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.reports.test_report_outputs_exact import FACTS
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.letters.pdf import _register_fonts
from vcop_desktop.reports.pdf_charts import _two_lines, bar_chart, trend_chart
from vcop_desktop.reports.pdf_page import report_styles
from vcop_desktop.reports.pdf_tables import figures_table, preset_table
from vcop_desktop.reports.run import PRESETS, ReportRun, build_run

FEB = [
    *(
        ObligationFact(f"f{n}", "police.refer_support", "police", 4, Category.CODE,
                       date(2026, 2, 10), date(2026, 2, 6), "met" if n < 3 else "overdue",
                       date(2026, 2, 9) if n < 3 else None)
        for n in range(4)
    ),
    ObligationFact("g1", "cps.inform_decision", "cps", 6, Category.CODE, date(2026, 2, 12),
                   date(2026, 2, 6), "met", date(2026, 2, 11)),
]  # fmt: skip


def _run(min_count: int) -> ReportRun:
    return build_run(
        FACTS + FEB, start=date(2026, 2, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
        groupings=[("agency",)], title="T", min_count=min_count,
    )  # fmt: skip


def shapes(drawing: Any) -> list[tuple[Any, ...]]:
    """Each shape as (kind, geometry..., text, font, colour), rounded to 0.01 point."""
    out: list[tuple[Any, ...]] = []
    for s in drawing.contents:
        kind = type(s).__name__
        if kind == "String":
            out.append(("S", round(s.x, 2), round(s.y, 2), s.text, s.fontName, s.fontSize,
                        s.textAnchor))  # fmt: skip
        elif kind == "Rect":
            out.append(("R", round(s.x, 2), round(s.y, 2), round(s.width, 2), round(s.height, 2),
                        str(s.fillColor), s.strokeColor))  # fmt: skip
        elif kind == "Line":
            out.append(("L", round(s.x1, 2), round(s.y1, 2), round(s.x2, 2), round(s.y2, 2),
                        str(s.strokeColor), s.strokeWidth))  # fmt: skip
        elif kind == "PolyLine":
            out.append(("P", [round(p, 2) for p in s.points], str(s.strokeColor), s.strokeWidth))
        elif kind == "Circle":
            out.append(("C", round(s.cx, 2), round(s.cy, 2), s.r, str(s.fillColor),
                        s.strokeColor))  # fmt: skip
        else:
            out.append((kind,))
    return out


TREND = [('S', 99.0, 14.0, '2026-02', 'DejaVuSans', 6.5, 'middle'),
 ('L', 99.0, 69.56, 99.0, 137.8, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 96.0, 137.8, 102.0, 137.8, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 96.0, 69.56, 102.0, 69.56, 'Color(.15,.15,.15,1)', 0.9),
 ('S', 229.0, 14.0, '2026-03', 'DejaVuSans', 6.5, 'middle'),
 ('L', 229.0, 33.13, 229.0, 117.91, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 226.0, 117.91, 232.0, 117.91, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 226.0, 33.13, 232.0, 33.13, 'Color(.15,.15,.15,1)', 0.9),
 ('P', [99.0, 118.8, 229.0, 64.67], 'Color(.16,.38,.62,1)', 1.6),
 ('C', 99.0, 118.8, 2.6, 'Color(.16,.38,.62,1)', None),
 ('C', 229.0, 64.67, 2.6, 'Color(.16,.38,.62,1)', None)]  # fmt: skip

TREND_HIDDEN: list[tuple[Any, ...]] = [('S', 99.0, 14.0, '2026-02', 'DejaVuSans', 6.5, 'middle'),
 ('S', 99.0, 30.0, 'not shown', 'DejaVuSans', 6, 'middle'),
 ('S', 229.0, 14.0, '2026-03', 'DejaVuSans', 6.5, 'middle'),
 ('S', 229.0, 30.0, 'not shown', 'DejaVuSans', 6, 'middle')]  # fmt: skip

BARS = [('S', 99.0, 36.0, 'Crown Prosecution', 'DejaVuSans', 7, 'middle'),
 ('S', 99.0, 28.0, 'Service', 'DejaVuSans', 7, 'middle'),
 ('R', 76.0, 46.0, 46.0, 116.0, 'Color(.16,.38,.62,1)', None),
 ('L', 99.0, 69.96, 99.0, 162.0, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 96.0, 162.0, 102.0, 162.0, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 96.0, 69.96, 102.0, 69.96, 'Color(.15,.15,.15,1)', 0.9),
 ('S', 99.0, 16.0, '100% of 1', 'DejaVuSans', 6.5, 'middle'),
 ('S', 229.0, 36.0, 'Police', 'DejaVuSans', 7, 'middle'),
 ('R', 206.0, 46.0, 46.0, 66.29, 'Color(.16,.38,.62,1)', None),
 ('L', 229.0, 75.05, 229.0, 143.65, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 226.0, 143.65, 232.0, 143.65, 'Color(.15,.15,.15,1)', 0.9),
 ('L', 226.0, 75.05, 232.0, 75.05, 'Color(.15,.15,.15,1)', 0.9),
 ('S', 229.0, 16.0, '57% of 7', 'DejaVuSans', 6.5, 'middle')]  # fmt: skip

BARS_HIDDEN = [('S', 99.0, 36.0, 'Crown Prosecution', 'DejaVuSans', 7, 'middle'),
 ('S', 99.0, 28.0, 'Service', 'DejaVuSans', 7, 'middle'),
 ('S', 99.0, 50.0, 'not shown (small counts)', 'DejaVuSans', 6.5, 'middle'),
 ('S', 229.0, 36.0, 'Police', 'DejaVuSans', 7, 'middle'),
 ('S', 229.0, 50.0, 'not shown (small counts)', 'DejaVuSans', 6.5, 'middle')]  # fmt: skip

AXIS_BARS = [('L', 34.0, 46.0, 294.0, 46.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 43.0, '0%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 75.0, 294.0, 75.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 72.0, '25%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 104.0, 294.0, 104.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 101.0, '50%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 133.0, 294.0, 133.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 130.0, '75%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 162.0, 294.0, 162.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 159.0, '100%', 'DejaVuSans', 7, 'end'),
 ('S',
  34.0,
  170.0,
  'On-time rate (bars) with 95% interval (whiskers)',
  'DejaVuSans-Bold',
  8,
  'start'),
 ('S', 44.0, 104.0, 'Nothing fell due.', 'DejaVuSans', 8, 'start')]  # fmt: skip

AXIS_TREND = [('L', 34.0, 26.0, 294.0, 26.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 23.0, '0%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 55.0, 294.0, 55.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 52.0, '25%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 84.0, 294.0, 84.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 81.0, '50%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 113.0, 294.0, 113.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 110.0, '75%', 'DejaVuSans', 7, 'end'),
 ('L', 34.0, 142.0, 294.0, 142.0, 'Color(.85,.85,.85,1)', 1),
 ('S', 30.0, 139.0, '100%', 'DejaVuSans', 7, 'end'),
 ('S', 34.0, 150.0, 'On-time rate by month (due date)', 'DejaVuSans-Bold', 8, 'start'),
 ('S', 44.0, 84.0, 'Nothing fell due.', 'DejaVuSans', 8, 'start')]  # fmt: skip

TABLE_ROWS = [
    [
        "Group",
        "Due",
        "On time",
        "Late",
        "Overdue",
        "Open",
        "Waived",
        "Late/missed, reason given",
        "Late/missed, no reason given",
        "On-time rate (95% CI)",
        "Median days late",
        "90th pct days late",
    ],
    [
        "Crown Prosecution Service",
        "2",
        "1",
        "0",
        "0",
        "1",
        "0",
        "0",
        "0",
        "100% (21–100)",
        "–",
        "–",
    ],
    ["Police", "8", "4", "1", "2", "0", "1", "1", "2", "57% (25–84)", "6", "28"],
]
WIDTHS = [68.18, 22.73, 24.79, 20.66, 32.23, 24.79, 26.86, 33.06, 33.06, 51.65, 30.99, 30.99]
TABLE_HIDDEN = [
    ["Crown Prosecution Service", "<4", "<4", "0", "0", "<4", "0", "0", "0", "–", "–", "–"],
    ["Police", "x", "x", "<4", "<4", "0", "<4", "<4", "<4", "–", "–", "–"],
]


def test_the_charts_axis_and_titles_are_drawn_with_nothing_due() -> None:
    assert shapes(bar_chart([], _run(4), 300.0)) == AXIS_BARS
    assert shapes(trend_chart([], _run(4), 300.0)) == AXIS_TREND


def test_each_agencys_bar_is_its_on_time_rate_with_the_95_percent_interval() -> None:
    run = _run(1)
    drawn = shapes(bar_chart(run.by_agency.groups, run, 300.0))
    assert drawn[:11] == AXIS_BARS[:11] and drawn[11:] == BARS
    # By hand: the plot is 116 points high from y=46; the police bar is 4/7 of it.
    (police,) = [s for s in drawn if s[0] == "R" and s[1] > 150]
    assert police[2] == 46.0 and police[4] == round(116 * 4 / 7, 2)
    low, high = run.by_agency.groups[1].ci95 or (0.0, 0.0)
    whisker = [s for s in drawn if s[0] == "L" and s[1] == s[3] == 229.0]
    assert whisker == [("L", 229.0, round(46 + 116 * low, 2), 229.0, round(46 + 116 * high, 2),
                        "Color(.15,.15,.15,1)", 0.9)]  # fmt: skip


def test_a_bar_the_small_number_rule_hides_is_not_drawn() -> None:
    run = _run(4)
    assert shapes(bar_chart(run.by_agency.groups, run, 300.0))[11:] == BARS_HIDDEN


def test_each_month_is_a_point_at_its_rate_joined_by_a_line() -> None:
    run = _run(1)
    drawn = shapes(trend_chart(run.by_month.groups, run, 300.0))
    assert drawn[11:] == TREND
    # By hand: the plot is 116 points high from y=26; February 4 of 5, March 1 of 3.
    points = [s for s in drawn if s[0] == "C"]
    assert [p[2] for p in points] == [round(26 + 116 * 4 / 5, 2), round(26 + 116 / 3, 2)]


def test_a_month_the_small_number_rule_hides_says_not_shown() -> None:
    run = _run(4)
    assert shapes(trend_chart(run.by_month.groups, run, 300.0))[11:] == TREND_HIDDEN


def test_a_long_label_is_broken_at_the_space_nearest_its_middle() -> None:
    assert _two_lines("Crown Prosecution Service") == ["Crown Prosecution", "Service"]
    assert _two_lines("Police") == ["Police"]
    assert _two_lines("exactly twenty chars") == ["exactly twenty chars"]
    assert _two_lines("x" * 50) == ["x" * 40]
    assert _two_lines("a " + "b" * 40, width=10) == ["a", "b" * 14]
    assert _two_lines("aaaa bbbbbbbbb cccccccccc", width=10) == ["aaaa bbbbbbbbb", "cccccccccc"]


def test_the_pdf_table_gives_each_agencys_counts_rate_and_lateness() -> None:
    _register_fonts()
    run = _run(1)
    table = figures_table(run.by_agency.groups, run, 400.0, report_styles())
    cells = [[c if isinstance(c, str) else c.text for c in row] for row in table._cellvalues]
    assert cells == TABLE_ROWS
    assert [round(w, 2) for w in table._colWidths] == WIDTHS
    hidden = figures_table(_run(4).by_agency.groups, _run(4), 400.0, report_styles())
    rows = [[c if isinstance(c, str) else c.text for c in row] for row in hidden._cellvalues]
    assert rows[1:] == TABLE_HIDDEN


def test_a_month_with_none_on_time_is_drawn_at_nought_not_at_the_top() -> None:
    late = [f._replace(status="overdue", met_on=None) for f in FEB[:4]]
    run = build_run(late, start=date(2026, 2, 1), end=date(2026, 2, 28), today=date(2026, 3, 10),
                    title="T", min_count=1)  # fmt: skip
    points = [s for s in shapes(trend_chart(run.by_month.groups, run, 300.0)) if s[0] == "C"]
    assert [p[2] for p in points] == [26.0]
    bars = [s for s in shapes(bar_chart(run.by_agency.groups, run, 300.0)) if s[0] == "R"]
    assert [b[4] for b in bars] == [0.0]


def _by_area(first: str, second: str, duty: str, owed_by: str = "cps") -> list[ObligationFact]:
    """Two groups: 5 met and 2 overdue, then 5 met and 6 overdue (in 18 cases). The first
    group's 2 is hidden; the second group's 6 would give it away from the total, so it is
    hidden too, and with it the second group's rate, which its own row alone would show."""

    def fact(n: int, group: str, status: str, due: date) -> ObligationFact:
        met = due if status == "met" else None
        return ObligationFact(f"k{n}", duty, owed_by, 6, Category.CODE, due, date(2026, 2, 2),
                              status, met, group)  # fmt: skip

    feb, mar = date(2026, 2, 10), date(2026, 3, 10)
    return [
        *(fact(n, first, "met", feb) for n in range(5)),
        *(fact(10 + n, first, "overdue", feb) for n in range(2)),
        *(fact(20 + n, second, "met", mar) for n in range(5)),
        *(fact(30 + n, second, "overdue", mar) for n in range(6)),
    ]


def test_a_rate_hidden_to_protect_another_months_count_is_not_drawn() -> None:
    """Drawing March's rate would let a reader work out February's hidden count."""
    facts = _by_area("Eastvale", "Westmoor", "police.refer_support", "police")
    run = build_run(facts, start=date(2026, 2, 1), end=date(2026, 3, 31), today=date(2026, 4, 10),
                    title="T", min_count=5)  # fmt: skip
    drawn = shapes(trend_chart(run.by_month.groups, run, 300.0))
    assert [s[3] for s in drawn if s[0] == "S" and s[3] == "not shown"] == ["not shown"] * 2
    assert not [s for s in drawn if s[0] in ("C", "P")]


def test_a_presets_table_hides_a_rate_that_would_give_a_hidden_count_away() -> None:
    preset = PRESETS["cps-victim-letters"]
    # Real forces in two CPS Areas (the preset breaks down by CPS Area).
    facts = _by_area("Gwent Police", "Kent Police", preset.duties[0])
    run = build_run(facts, start=date(2026, 2, 1), end=date(2026, 3, 31), today=date(2026, 4, 10),
                    groupings=list(preset.groupings), duties=preset.duties, title="T",
                    min_count=5, preset=preset)  # fmt: skip
    _register_fonts()
    table = preset_table(run.reports[0].groups, run, 400.0, report_styles())
    rows = [[c if isinstance(c, str) else c.text for c in row] for row in table._cellvalues]
    assert rows[1:] == [
        ["CPS Cymru-Wales", "7", "x", "x", "0", "<5", "0", "0", "–"],
        ["CPS South East", "11", "x", "x", "0", "x", "0", "0", "–"],
    ]


def test_with_many_agencies_each_bar_keeps_a_gap_to_the_next() -> None:
    """Bars narrow to 60% of their slot when 46 points would not fit: never wider."""
    agencies = ["police", "cps", "wcu", "probation", "yot"]
    facts = [
        ObligationFact(f"k{n}", "x.duty", agency, None, Category.CODE, date(2026, 3, 4),
                       date(2026, 3, 2), "met", date(2026, 3, 3))
        for n, agency in enumerate(agencies)
    ]  # fmt: skip
    run = build_run(facts, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
                    title="T", min_count=1)  # fmt: skip
    bars = [s for s in shapes(bar_chart(run.by_agency.groups, run, 300.0)) if s[0] == "R"]
    slot = (300.0 - 34.0 - 6) / 5
    assert [b[3] for b in bars] == [round(slot * 0.6, 2)] * 5
    assert [b[1] for b in bars] == [round(34 + slot * (i + 0.5) - slot * 0.3, 2) for i in range(5)]
