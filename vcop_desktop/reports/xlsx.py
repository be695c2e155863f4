"""A report as an Excel workbook (xlsxwriter): a summary sheet, one sheet a grouping, and a
notes sheet with the definitions, the period, the rule packs and the suppression rule."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.equality import method_note
from vcop_desktop.domain.report_facts import KIND_WORDS
from vcop_desktop.reports.flat_formats import HEADERS, flat_rows
from vcop_desktop.reports.run import (
    APPENDIX_HEADERS,
    METHOD,
    ReportRun,
    grouping_title,
    lower_first,
    suppression_note,
)

if TYPE_CHECKING:
    from vcop_desktop.reports.service import ServiceRun
    from vcop_desktop.reports.vps import VpsRun


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join(c for c in f"By {lower_first(title)}" if c not in "[]:*?/\\")[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def to_xlsx(run: ReportRun) -> bytes:
    import xlsxwriter  # lazily: only exports need it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    rows = flat_rows(run, run.min_count)
    sections: list[tuple[str, list[list[Any]]]] = [("Summary", [rows[0][1]])]
    index = 1
    for report in run.reports:
        count = len(report.groups)
        sections.append(
            (grouping_title(report.query.by), [r for _, r in rows[index : index + count]])
        )
        index += count
    taken = {"Summary", "Notes"}
    q = run.query
    for number, (name, values) in enumerate(sections):
        sheet = book.add_worksheet("Summary" if number == 0 else _sheet_name(name, taken))
        sheet.write(0, 0, run.title, title)
        sheet.write(
            1,
            0,
            f"Period {q.start.isoformat()} to {q.end.isoformat()}; judged on {q.today.isoformat()}",
        )
        if run.status:  # a preset in a return's shape: every sheet of figures says so
            sheet.write(2, 0, run.status, bold)
        for col, text in enumerate(HEADERS):
            sheet.write(3, col, text, header)
        for r, row in enumerate(values, start=4):
            for col, value in enumerate(row):
                if value is None:
                    continue
                sheet.write(r, col, value)
        sheet.set_row(3, 45)
        sheet.set_column(0, 0, 16)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, len(HEADERS) - 1, 11)
        sheet.freeze_panes(4, 2)
    if run.quality is not None:
        _quality_sheet(book, run, title, header, bold)
    if run.appendix:
        cases = book.add_worksheet("Case appendix")
        cases.write(0, 0, "Late or missed obligations by case (case codes only)", title)
        for col, text in enumerate(APPENDIX_HEADERS):
            cases.write(2, col, text, header)
        for r, line in enumerate(run.appendix, start=3):
            for col, text in enumerate(line):
                cases.write(r, col, text)
        cases.set_column(0, 1, 16)
        cases.set_column(2, 2, 30)
        cases.set_column(3, len(APPENDIX_HEADERS) - 1, 11)
    notes = book.add_worksheet("Notes")
    notes.set_column(0, 0, 28)
    notes.set_column(1, 1, 100)
    lines = [
        ("Report", run.title),
        ("Period", f"{q.start.isoformat()} to {q.end.isoformat()} (both included)"),
        ("Judged on", q.today.isoformat()),
        ("Kind", KIND_WORDS[q.kind]),
        ("Source", run.source),
        ("Definitions", METHOD),
        ("Suppression", suppression_note(run.min_count)),
        ("Rule packs", "; ".join(run.packs) or "(not recorded)"),
    ]
    breakdowns = method_note(n for report in run.reports for n in report.query.by)
    if breakdowns:
        lines.insert(-1, ("Breakdowns", breakdowns))
    if q.rights:
        lines.insert(4, ("Rights", ", ".join(str(r) for r in q.rights)))
    if run.status:
        lines[1:1] = [
            ("Status", run.status),
            ("Origin", run.origin),
            ("What is counted", run.preset_method),
        ]
    for r, (key, text) in enumerate(lines):
        notes.write(r, 0, key, bold)
        notes.write(r, 1, text, wrap)
    book.close()
    return buffer.getvalue()


def _quality_sheet(book: Any, run: ReportRun, title: Any, header: Any, bold: Any) -> None:
    """The CPS letters' quality mark on a sheet of its own: beside the timeliness sheets,
    never merged with them."""
    from vcop_desktop.reports.letter_quality import COLUMNS, TITLE
    from vcop_desktop.reports.run import display_label

    assert run.quality is not None
    sheet = book.add_worksheet("Letter quality")
    sheet.write(0, 0, TITLE, title)
    sheet.write(1, 0, "Of the letters sent, those the advocate marked when they arrived; a "
                "separate measure from their timeliness.")  # fmt: skip
    if run.status:
        sheet.write(2, 0, run.status, bold)
    for col, text in enumerate(("CPS Area", *(t for _n, t in COLUMNS))):
        sheet.write(3, col, text, header)
    for r, g in enumerate((run.quality.total, *run.quality.groups), start=4):
        sheet.write(r, 0, display_label(g))
        for col, (name, _t) in enumerate(COLUMNS, start=1):
            value = run.quality_shown(g, name)
            sheet.write(r, col, int(value) if value.isdigit() else value)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 3, 16)


def to_service_xlsx(run: ServiceRun) -> bytes:
    """The service report: one sheet of figures (small counts hidden) and a notes sheet."""
    from vcop_desktop.reports.run import NOT_OFFICIAL
    from vcop_desktop.reports.service import HEADERS, notes, period_line

    return _sections_xlsx(
        "Service report", run.title, NOT_OFFICIAL, period_line(run), HEADERS,
        run.rows(), notes(run),
    )  # fmt: skip


def to_vps_xlsx(run: VpsRun) -> bytes:
    """The VPS report: one sheet of figures, each row labelled, and a notes sheet."""
    from vcop_desktop.reports.run import NOT_OFFICIAL
    from vcop_desktop.reports.service import HEADERS, period_line
    from vcop_desktop.reports.vps import notes

    labelled = [(*row, NOT_OFFICIAL) for row in run.rows()]
    return _sections_xlsx(
        "VPS report", run.title, NOT_OFFICIAL, period_line(run), (*HEADERS, "Status"),
        labelled, notes(run),
    )  # fmt: skip


def _sections_xlsx(
    sheet_name: str,
    title_text: str,
    status: str,
    period: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    notes: Sequence[tuple[str, str]],
) -> bytes:
    """A report of (section, measure, value) rows on one sheet, and its notes on another."""
    import xlsxwriter  # lazily: only exports need it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bottom": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(sheet_name)
    sheet.write(0, 0, title_text, title)
    sheet.write(1, 0, status, bold)
    sheet.write(2, 0, period)
    for col, text in enumerate(headers):
        sheet.write(4, col, text, header)
    for r, row in enumerate(rows, start=5):
        for col, value in enumerate(row):
            # A number stays a number (spreadsheets sum it); suppressed counts and shares are text.
            sheet.write(r, col, int(value) if value.isdigit() else value)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 2, 30)
    sheet.freeze_panes(5, 0)
    sheet_notes = book.add_worksheet("Notes")
    sheet_notes.set_column(0, 0, 20)
    sheet_notes.set_column(1, 1, 100)
    for r, (key, text) in enumerate(notes):
        sheet_notes.write(r, 0, key, bold)
        sheet_notes.write(r, 1, text, wrap)
    book.close()
    return buffer.getvalue()
