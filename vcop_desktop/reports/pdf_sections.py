"""The service and VPS reports as PDFs: one small table of (measure, value) per section, or one
table on one page; never in the same file as Victims' Code compliance figures."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vcop_desktop.letters.pdf import _numbered_canvas, _register_fonts
from vcop_desktop.reports.pdf_page import a4_document, report_styles

if TYPE_CHECKING:
    from vcop_desktop.reports.service import ServiceRun
    from vcop_desktop.reports.vps import VpsRun


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
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    styles = report_styles()
    buffer = io.BytesIO()
    doc = a4_document(buffer, title=title, author=organisation, subject=subject)
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
