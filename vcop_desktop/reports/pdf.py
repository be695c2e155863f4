"""A report as an A4 PDF (reportlab): title, period, method, two charts drawn with reportlab
graphics (on-time rate by agency with Wilson 95% whiskers; the monthly trend), the tables
with small counts suppressed, notes, and page numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.equality import method_note
from vcop_desktop.domain.report import GroupFigures
from vcop_desktop.domain.suppression import count_title, rate_shown, table_row
from vcop_desktop.letters.pdf import FONT, FONT_BOLD, _numbered_canvas, _register_fonts
from vcop_desktop.reports.run import (
    APPENDIX_HEADERS,
    METHOD,
    ReportRun,
    display_label,
    grouping_title,
    lower_first,
    suppression_note,
)

if TYPE_CHECKING:
    from vcop_desktop.reports.service import ServiceRun
    from vcop_desktop.reports.vps import VpsRun

_BAR = (0.16, 0.38, 0.62)  # a calm blue that prints well in grey too
_WHISKER = (0.15, 0.15, 0.15)
_GRID = 0.85


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, spaceBefore=8, keepWithNext=1
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            fontSize=8,
            leading=10,
            leftIndent=11,
            bulletIndent=2,
            spaceAfter=2,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9, spaceAfter=0),
    }


def _axis(drawing: Any, x0: float, y0: float, width: float, height: float) -> None:
    from reportlab.graphics.shapes import Line, String
    from reportlab.lib.colors import Color

    for percent in (0, 25, 50, 75, 100):
        y = y0 + height * percent / 100
        drawing.add(Line(x0, y, x0 + width, y, strokeColor=Color(_GRID, _GRID, _GRID)))
        drawing.add(
            String(x0 - 4, y - 3, f"{percent}%", fontName=FONT, fontSize=7, textAnchor="end")
        )


def _whisker(drawing: Any, x: float, low: float, high: float, y0: float, h: float) -> None:
    from reportlab.graphics.shapes import Line
    from reportlab.lib.colors import Color

    colour = Color(*_WHISKER)
    top, bottom = y0 + h * high, y0 + h * low
    drawing.add(Line(x, bottom, x, top, strokeColor=colour, strokeWidth=0.9))
    for y in (top, bottom):
        drawing.add(Line(x - 3, y, x + 3, y, strokeColor=colour, strokeWidth=0.9))


def _two_lines(label: str, width: int = 20) -> list[str]:
    """A label over at most two lines, broken at a space."""
    if len(label) <= width or " " not in label:
        return [label[: width * 2]]
    middle = len(label) // 2
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1 :][: width + 4]]


def bar_chart(groups: Sequence[GroupFigures], run: ReportRun, width: float) -> Any:
    """On-time rate per group as bars, with the Wilson 95% interval as whiskers."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib.colors import Color

    shown = [g for g in groups if g.judged]
    height = 180.0
    drawing = Drawing(width, height)
    x0, y0, plot_h = 34.0, 46.0, height - 64.0
    plot_w = width - x0 - 6
    _axis(drawing, x0, y0, plot_w, plot_h)
    drawing.add(
        String(
            x0, height - 10, "On-time rate (bars) with 95% interval (whiskers)",
            fontName=FONT_BOLD, fontSize=8,
        )
    )  # fmt: skip
    if not shown:
        drawing.add(
            String(x0 + 10, y0 + plot_h / 2, "Nothing fell due.", fontName=FONT, fontSize=8)
        )
        return drawing
    slot = plot_w / len(shown)
    bar_w = min(46.0, slot * 0.6)
    for i, g in enumerate(shown):
        centre = x0 + slot * (i + 0.5)
        for line, text in enumerate(_two_lines(display_label(g))):
            drawing.add(
                String(centre, y0 - 10 - 8 * line, text, fontName=FONT, fontSize=7,
                       textAnchor="middle")
            )  # fmt: skip
        if not rate_shown(g, run.min_count, run.hidden(g)):
            drawing.add(
                String(centre, y0 + 4, "not shown (small counts)", fontName=FONT, fontSize=6.5,
                       textAnchor="middle")
            )  # fmt: skip
            continue
        rate = g.on_time_rate or 0.0
        drawing.add(
            Rect(centre - bar_w / 2, y0, bar_w, plot_h * rate, fillColor=Color(*_BAR),
                 strokeColor=None)
        )  # fmt: skip
        interval = g.ci95
        if interval:
            _whisker(drawing, centre, interval[0], interval[1], y0, plot_h)
        drawing.add(
            String(centre, y0 - 30, f"{rate * 100:.0f}% of {g.judged}", fontName=FONT,
                   fontSize=6.5, textAnchor="middle")
        )  # fmt: skip
    return drawing


def trend_chart(groups: Sequence[GroupFigures], run: ReportRun, width: float) -> Any:
    """The on-time rate month by month: points joined by a line, 95% whiskers; a month whose
    rate would give a small count away says "not shown" (the line joins the months shown)."""
    from reportlab.graphics.shapes import Circle, Drawing, PolyLine, String
    from reportlab.lib.colors import Color

    height = 160.0
    drawing = Drawing(width, height)
    x0, y0, plot_h = 34.0, 26.0, height - 44.0
    plot_w = width - x0 - 6
    _axis(drawing, x0, y0, plot_w, plot_h)
    drawing.add(
        String(x0, height - 10, "On-time rate by month (due date)", fontName=FONT_BOLD,
               fontSize=8)
    )  # fmt: skip
    months = [g for g in groups if g.judged]
    if not months:
        drawing.add(
            String(x0 + 10, y0 + plot_h / 2, "Nothing fell due.", fontName=FONT, fontSize=8)
        )
        return drawing
    slot = plot_w / len(months)
    points: list[float] = []
    for i, g in enumerate(months):
        x = x0 + slot * (i + 0.5)
        drawing.add(
            String(x, y0 - 12, display_label(g), fontName=FONT, fontSize=6.5, textAnchor="middle")
        )
        if not rate_shown(g, run.min_count, run.hidden(g)):
            drawing.add(
                String(x, y0 + 4, "not shown", fontName=FONT, fontSize=6, textAnchor="middle")
            )
            continue
        rate = g.on_time_rate or 0.0
        interval = g.ci95
        if interval:
            _whisker(drawing, x, interval[0], interval[1], y0, plot_h)
        points += [x, y0 + plot_h * rate]
    if len(points) >= 4:
        drawing.add(PolyLine(points, strokeColor=Color(*_BAR), strokeWidth=1.6))
    for j in range(0, len(points), 2):
        drawing.add(Circle(points[j], points[j + 1], 2.6, fillColor=Color(*_BAR), strokeColor=None))
    return drawing


_TABLE_HEAD = (
    "Group", "Due", "On time", "Late", "Overdue", "Open", "Waived",
    count_title("late_reason_given"), count_title("late_no_reason"),
    "On-time rate (95% CI)", "Median days late", "90th pct days late",
)  # fmt: skip
#: Column widths as shares of the page width (the group's name gets the most).
_TABLE_SHARES = (0.165, 0.055, 0.06, 0.05, 0.078, 0.06, 0.065, 0.08, 0.08, 0.125, 0.075, 0.075)


def _table(groups: Sequence[GroupFigures], run: ReportRun, width: float, styles: Any) -> Any:
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


def _preset_table(groups: Sequence[GroupFigures], run: ReportRun, width: float, styles: Any) -> Any:
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


def _preset_notes(story: list[Any], run: ReportRun, styles: Any, width: float) -> None:
    from reportlab.platypus import Paragraph

    t = run.total
    story.append(
        Paragraph(
            f"Not applicable (left out of the rates): {run.shown(t, 'not_applicable')}. "
            f"Source: {run.source}. Rule packs: {'; '.join(run.packs) or 'not recorded'}. "
            "Made with VCOP Desktop.",
            styles["small"],
        )
    )
    if run.appendix:
        story.append(Paragraph("Appendix: late or missed obligations by case", styles["h2"]))
        story.append(_appendix_table(run, width, styles))


def _preset_story(run: ReportRun, width: float, styles: Any) -> list[Any]:
    """A preset with a stated origin, on one page: its status, origin and method, and its
    tables in its own words (no chart: the table carries each rate and its interval, as the
    returns it follows do)."""
    from reportlab.platypus import Paragraph

    story: list[Any] = [
        Paragraph(f"<b>{run.status}</b>", styles["body"]),
        Paragraph("<b>Origin.</b> " + run.origin, styles["small"]),
    ]
    first, *rest = run.preset_method.split("\n")
    story.append(Paragraph("<b>What is counted.</b> " + first, styles["small"]))
    story += [Paragraph(line, styles["bullet"], bulletText="•") for line in rest]
    label = f" <font size=8>({run.status[:1].lower()}{run.status[1:-1]})</font>"
    story.append(Paragraph("All" + label, styles["h2"]))
    story.append(_preset_table([run.total], run, width, styles))
    for report in run.reports:
        story.append(Paragraph(f"By {lower_first(grouping_title(report.query.by))}" + label,
                               styles["h2"]))  # fmt: skip
        story.append(_preset_table(report.groups, run, width, styles))
    if run.quality is not None:
        story += _quality_story(run, width, styles, label)
    return story


def _quality_story(run: ReportRun, width: float, styles: Any, label: str) -> list[Any]:
    """The CPS letters' quality mark beside (never merged with) their timeliness."""
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

    from vcop_desktop.reports.letter_quality import COLUMNS, TITLE

    assert run.quality is not None
    groups = (run.quality.total, *run.quality.groups)
    right = ParagraphStyle("right", parent=styles["cell"], alignment=2)
    data: list[list[Any]] = [
        [Paragraph("CPS Area", styles["cell"]), *(Paragraph(t, right) for _n, t in COLUMNS)],
        *(
            [Paragraph(display_label(g), styles["cell"]),
             *(run.quality_shown(g, name) for name, _t in COLUMNS)]
            for g in groups
        ),
    ]  # fmt: skip
    shares = (0.46, 0.22, 0.16, 0.16)
    table = Table(data, colWidths=[width * s for s in shares], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 7.5),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, Color(0.3, 0.3, 0.3)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, Color(0.95, 0.96, 0.98)]),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    note = (
        "Of the letters sent above, those the advocate marked when they arrived. A separate "
        "measure: it does not change, and is not part of, the timeliness figures."
    )
    return [
        KeepTogether([Paragraph(TITLE + label, styles["h2"]), Paragraph(note, styles["small"]),
                      table])
    ]  # fmt: skip


def _appendix_table(run: ReportRun, width: float, styles: Any) -> Any:
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


def to_pdf(run: ReportRun, organisation: str = "") -> bytes:
    _register_fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=run.title,
        author=organisation,
        subject="Victims' Code compliance report",
        creator="VCOP Desktop",
        keywords="",
    )
    q = run.query
    period = (
        f"Period: obligations due from {q.start.strftime('%-d %B %Y')} to "
        f"{q.end.strftime('%-d %B %Y')}, judged on {q.today.strftime('%-d %B %Y')}."
    )
    story: list[Any] = [Paragraph(run.title, styles["title"])]
    if organisation:
        story.append(Paragraph(organisation, styles["body"]))
    story += [Paragraph(period, styles["body"])]
    if q.rights:
        story.append(Paragraph(f"Rights: {', '.join(str(r) for r in q.rights)}.", styles["body"]))
    t = run.total
    m = run.min_count
    headline = f"{run.shown(t, 'due')} {run.noun} fell due in {run.shown(t, 'cases')} cases"
    if rate_shown(t, m, run.hidden(t)) and t.on_time_rate is not None and t.ci95:
        low, high = t.ci95
        headline += (
            f"; {t.on_time_rate * 100:.0f}% were met on time (95% CI {low * 100:.0f}–"
            f"{high * 100:.0f}%)"
        )
        if t.median_days_late is not None:
            headline += f"; those late were a median of {t.median_days_late:g} days late"
    story.append(Paragraph(headline + ".", styles["body"]))
    if run.columns:
        story += _preset_story(run, doc.width, styles)
    story.append(Paragraph("<b>Method.</b> " + METHOD, styles["small"]))
    story.append(Paragraph(suppression_note(run.min_count), styles["small"]))
    breakdowns = method_note(name for report in run.reports for name in report.query.by)
    if breakdowns:
        story.append(Paragraph(breakdowns, styles["small"]))
    if run.columns:
        _preset_notes(story, run, styles, doc.width)
        doc.build(story, canvasmaker=_numbered_canvas(""))
        return buffer.getvalue()
    story.append(
        KeepTogether(
            [
                Paragraph("On-time rate by agency", styles["h2"]),
                bar_chart(run.by_agency.groups, run, doc.width),
            ]
        )
    )
    story.append(
        KeepTogether(
            [
                Paragraph("Monthly trend", styles["h2"]),
                trend_chart(run.by_month.groups, run, doc.width),
            ]
        )
    )
    story.append(Paragraph("All obligations", styles["h2"]))
    story.append(_table([t], run, doc.width, styles))
    for report in run.reports:
        story.append(Paragraph(f"By {lower_first(grouping_title(report.query.by))}", styles["h2"]))
        story.append(_table(report.groups, run, doc.width, styles))
    story.append(Spacer(1, 8))
    story.append(
        Paragraph(
            f"Not applicable (left out of the rates): {run.shown(t, 'not_applicable')}. "
            f"Obligations with no fixed time limit whose clock started in the period: "
            f"{run.shown(t, 'no_limit')}, of which met: {run.shown(t, 'no_limit_met')}.",
            styles["small"],
        )
    )
    story.append(
        Paragraph(
            f"Source: {run.source}. Rule packs: {'; '.join(run.packs) or 'not recorded'}. "
            "Made with VCOP Desktop.",
            styles["small"],
        )
    )
    if run.appendix:
        story.append(Paragraph("Appendix: late or missed obligations by case", styles["h2"]))
        story.append(
            Paragraph("Case codes only; the case files hold the details.", styles["small"])
        )
        story.append(_appendix_table(run, doc.width, styles))
    doc.build(story, canvasmaker=_numbered_canvas(""))
    return buffer.getvalue()


# -- the service report (never in the same file as Code compliance figures) -----------------


def to_service_pdf(run: ServiceRun, organisation: str = "") -> bytes:
    """The service report: title, status line, period, method, and one small table per
    section (measure, value), small counts hidden."""
    from vcop_desktop.reports.run import NOT_OFFICIAL
    from vcop_desktop.reports.service import notes

    forms = "; ".join(run.forms) or "none"
    return _sections_pdf(
        run.title,
        organisation,
        subject="Service report (not a Victims' Code compliance report)",
        status=f"<b>{NOT_OFFICIAL}</b> Measured against the service's own standards; not a "
        "Victims' Code compliance report, and never combined with one.",
        dates=(run.figures.start, run.figures.end, run.figures.today),
        notes=[(k, t) for k, t in notes(run) if k in ("Method", "Suppression", "Not read")],
        rows=run.rows(),
        source=f"Source: {run.source}. Risk forms: {forms}. Made with VCOP Desktop.",
    )


def to_vps_pdf(run: VpsRun, organisation: str = "") -> bytes:
    """The VPS report (one page as a commissioner reads it): title, the label every figure
    carries, the origin, period, method, and one small table per section."""
    from vcop_desktop.reports.run import NOT_OFFICIAL
    from vcop_desktop.reports.vps import notes

    return _sections_pdf(
        run.title,
        organisation,
        subject="Victim Personal Statement report",
        status=f"<b>{NOT_OFFICIAL}</b>",
        dates=(run.figures.start, run.figures.end, run.figures.today),
        notes=[
            (k, t) for k, t in notes(run) if k in ("Origin", "Method", "Suppression", "Not read")
        ],
        rows=run.rows(),
        source=f"Source: {run.source}. Made with VCOP Desktop.",
        # One page, as a commissioner reads it: one table, each section a shaded row, every
        # figure under the label.
        one_table=f"Every figure below: {NOT_OFFICIAL[:1].lower()}{NOT_OFFICIAL[1:]}",
    )


def _sections_pdf(
    title: str,
    organisation: str,
    *,
    subject: str,
    status: str,
    dates: tuple[date, date, date],
    notes: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, str, str]],
    source: str,
    one_table: str = "",
) -> bytes:
    """A report of (section, measure, value) rows: one small table per section, or with
    `one_table` (its heading row) one table with a shaded row per section."""
    _register_fonts()
    from reportlab.lib.colors import Color
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
        bottomMargin=20 * mm, title=title, author=organisation, subject=subject,
        creator="VCOP Desktop", keywords="",
    )  # fmt: skip
    start, end, today = dates
    story: list[Any] = [Paragraph(title, styles["title"])]
    if organisation:
        story.append(Paragraph(organisation, styles["body"]))
    period = (
        f"Period: {start.strftime('%-d %B %Y')} to {end.strftime('%-d %B %Y')}, judged "
        f"on {today.strftime('%-d %B %Y')}."
    )
    if one_table:  # one page: the status and period share a paragraph
        story.append(Paragraph(f"{status} {period}", styles["body"]))
    else:
        story += [Paragraph(status, styles["body"]), Paragraph(period, styles["body"])]
    for key, text in notes:
        story.append(Paragraph(f"<b>{key}.</b> {text}", styles["small"]))
    sections: dict[str, list[tuple[str, str]]] = {}
    for section, measure, value in rows:
        sections.setdefault(section, []).append((measure, value))
    widths = [doc.width * 0.55, doc.width * 0.45]
    if one_table:
        story.append(_one_table(sections, one_table, [doc.width * 0.5] * 2, styles))
        sections = {}
    for section, lines in sections.items():
        data = [[Paragraph(m, styles["cell"]), Paragraph(v, styles["cell"])] for m, v in lines]
        table = Table(data, colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ROWBACKGROUNDS", (0, 0), (-1, -1), [None, Color(0.95, 0.96, 0.98)]),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.7, Color(0.3, 0.3, 0.3)),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        story.append(KeepTogether([Paragraph(section, styles["h2"]), table]))
    story.append(Spacer(1, 8))
    story.append(Paragraph(source, styles["small"]))
    doc.build(story, canvasmaker=_numbered_canvas(""))
    return buffer.getvalue()


def _one_table(
    sections: dict[str, list[tuple[str, str]]], heading: str, widths: list[float], styles: Any
) -> Any:
    """Every section in one table under one heading row (the label every figure carries): a
    bold shaded row names each section."""
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = ParagraphStyle("tight", parent=styles["cell"], leading=8.6)
    data: list[list[Any]] = [[Paragraph(f"<b>{heading}</b>", cell), ""]]
    style: list[Any] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.7, Color(0.3, 0.3, 0.3)),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    for section, lines in sections.items():
        row = len(data)
        data.append([Paragraph(f"<b>{section}</b>", cell), ""])
        style += [("SPAN", (0, row), (-1, row)),
                  ("BACKGROUND", (0, row), (-1, row), Color(0.88, 0.91, 0.95))]  # fmt: skip
        data += [[Paragraph(m, cell), Paragraph(v, cell)] for m, v in lines]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table
