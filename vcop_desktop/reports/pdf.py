"""The Victims' Code compliance report as an A4 PDF (reportlab): title, period, headline,
method, the two charts (reports/pdf_charts.py), the tables with small counts suppressed
(reports/pdf_tables.py), notes and page numbers; or a preset's own story on one page."""

from __future__ import annotations

import io
from typing import Any

from vcop_desktop.domain.equality import method_note
from vcop_desktop.domain.suppression import rate_shown
from vcop_desktop.letters.pdf import FONT, _numbered_canvas, _register_fonts
from vcop_desktop.reports.pdf_charts import bar_chart, trend_chart
from vcop_desktop.reports.pdf_page import a4_document, report_styles
from vcop_desktop.reports.pdf_tables import appendix_table, figures_table, preset_table
from vcop_desktop.reports.run import (
    METHOD,
    ReportRun,
    display_label,
    grouping_title,
    lower_first,
    suppression_note,
)


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
        story.append(appendix_table(run, width, styles))


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
    story.append(preset_table([run.total], run, width, styles))
    for report in run.reports:
        story.append(Paragraph(f"By {lower_first(grouping_title(report.query.by))}" + label,
                               styles["h2"]))  # fmt: skip
        story.append(preset_table(report.groups, run, width, styles))
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


def to_pdf(run: ReportRun, organisation: str = "") -> bytes:
    """The compliance report, or with `run.columns` a preset's, as the PDF's bytes."""
    _register_fonts()
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    styles = report_styles()
    buffer = io.BytesIO()
    doc = a4_document(
        buffer, title=run.title, author=organisation, subject="Victims' Code compliance report"
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
    story.append(figures_table([t], run, doc.width, styles))
    for report in run.reports:
        story.append(Paragraph(f"By {lower_first(grouping_title(report.query.by))}", styles["h2"]))
        story.append(figures_table(report.groups, run, doc.width, styles))
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
        story.append(appendix_table(run, doc.width, styles))
    doc.build(story, canvasmaker=_numbered_canvas(""))
    return buffer.getvalue()
