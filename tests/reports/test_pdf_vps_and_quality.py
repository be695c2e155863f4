"""The VPS report's one-page PDF and the CPS letters' quality table, exactly (issue 21 §2:
mutants of reports/pdf.py's `to_vps_pdf`, `_one_table` and `_quality_story` lived: a section
row not shaded or not spanning, the label every figure carries dropped from the heading row,
the status and period split over two paragraphs, the quality table's columns or its "CPS
Area" heading changed).

A commissioner reads the VPS report on one page: every figure under the not-official label,
each section a shaded row across the table. The quality mark sits below the CPS letters'
timeliness, in a table of its own with a note that it is a separate measure.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table

from tests.reports.test_flat_formats_presets import _cps_run
from tests.reports.test_pdf_story import _cell_looks, _describe
from tests.reports.test_vps_preset import END, START, TODAY, _case
from vcop_desktop.domain.vps_report import compute
from vcop_desktop.reports.pdf import to_pdf
from vcop_desktop.reports.pdf_sections import to_vps_pdf
from vcop_desktop.reports.run import NOT_OFFICIAL
from vcop_desktop.reports.vps import VpsRun

SHADE = "Color(.88,.91,.95,1)"
RULE = "Color(.3,.3,.3,1)"


def _looks(table: Table) -> dict[str, Any]:
    """What a reader sees of a table, noted before reportlab lays it out."""
    return {
        "widths": [round(w, 1) for w in table._colWidths],
        "repeat": table.repeatRows,
        "spans": table._spanCmds,
        "shaded": [(c[0], c[1], c[2], str(c[3])) for c in table._bkgrndcmds],
        "rules": [(c[0], c[1], c[2], c[3], str(c[4])) for c in table._linecmds],
        "paragraphs": sorted(
            {
                (c.style.name, c.style.fontSize, c.style.leading, c.style.alignment)
                for row in table._cellvalues
                for c in row
                if isinstance(c, Paragraph)
            }
        ),
    }


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[tuple[SimpleDocTemplate, list[Any], Any]]:
    """Each document: the template, its story described, and its tables' looks."""
    seen: list[tuple[SimpleDocTemplate, list[Any], Any]] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        tables = [
            (x, _looks(x))
            for f in story
            for x in (f._content if isinstance(f, KeepTogether) else [f])
            if isinstance(x, Table)
        ]
        seen.append((self, [_describe(f) for f in story], tables))
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    return seen


def _vps_run() -> VpsRun:
    """Three cases reported on 5 January 2026; two offered a VPS by the police next day."""
    report = ("crime_reported", "2026-01-05", {})
    offered = ("vps_offered", "2026-01-06", {"by": "police"})
    cases = [_case("a", report, offered), _case("b", report, offered), _case("c", report)]
    return VpsRun(compute(cases, start=START, end=END, today=TODAY), min_count=1)


def test_the_vps_pdf_gives_status_and_period_in_one_paragraph_under_the_title(
    built: list[Any],
) -> None:
    to_vps_pdf(_vps_run(), "Northdale Advocacy")
    doc, story, _tables = built[-1]
    assert story[:3] == [
        ("P", "title", "Victim Personal Statement (Victims' Commissioner's standard)", None),
        ("P", "body", "Northdale Advocacy", None),
        ("P", "body", f"<b>{NOT_OFFICIAL}</b> Period: 1 May 2025 to 30 June 2026, judged on "
         "30 June 2026.", None),
    ]  # fmt: skip
    assert [s[2].split(".", 1)[0] for s in story[3:6]] == [
        "<b>Origin", "<b>Method", "<b>Suppression"]  # fmt: skip
    assert story[-2:] == [("Sp", 1, 8), ("P", "small", "Source: this workspace. Made with "
                                                       "VCOP Desktop.", None)]  # fmt: skip
    assert (doc.pagesize, doc.title, doc.author, doc.subject, doc.creator) == (
        A4, "Victim Personal Statement (Victims' Commissioner's standard)", "Northdale Advocacy",
        "Victim Personal Statement report", "VCOP Desktop",
    )  # fmt: skip


def test_every_vps_figure_is_in_one_table_under_the_not_official_label(
    built: list[Any],
) -> None:
    to_vps_pdf(_vps_run())
    _doc, story, tables = built[-1]
    ((table, looks),) = tables
    cells = story[-3][1]
    assert cells[0] == [f"<b>Every figure below: {NOT_OFFICIAL[:1].lower()}{NOT_OFFICIAL[1:]}</b>",
                        ""]  # fmt: skip
    assert cells[1:5] == [
        ["<b>Reported in the period</b>", ""],
        ["Cases whose crime was reported in the period", "3"],
        ["<b>Offer of a VPS</b>", ""],
        ["Offered a VPS", "67% of 3 (95% CI 21–94%)"],
    ]
    assert cells[5] == ["First offered by: Police", "2"]
    sections = [n for n, row in enumerate(cells) if n and row[0].startswith("<b>")]
    assert sections == [1, 3, 10, 16, 23, 27, 32]
    assert looks == {
        "widths": [246.6, 246.6],  # two halves of the page's width
        "repeat": 1,  # the label heads every page the table runs onto
        "spans": [("SPAN", (0, r), (-1, r)) for r in [0, *sections]],
        "shaded": [("BACKGROUND", (0, r), (-1, r), SHADE) for r in sections],
        "rules": [("LINEBELOW", (0, 0), (-1, 0), 0.7, RULE)],
        "paragraphs": [("tight", 7.5, 8.6, 0)],
    }
    assert {c for row in _cell_looks(table) for c in row} == {
        ("Helvetica", 10, "TOP", "LEFT", 1, 1, 3, 6)}  # fmt: skip


def test_the_cps_quality_mark_is_a_table_of_its_own_after_the_timeliness(
    built: list[Any],
) -> None:
    to_pdf(_cps_run())
    _doc, story, tables = built[-1]
    label = f" <font size=8>({NOT_OFFICIAL[:1].lower()}{NOT_OFFICIAL[1:-1]})</font>"
    quality = next(s for s in story if s[0] == "K" and s[1][0][2].startswith("Letter quality"))
    title, note, table = quality[1]
    assert title == ("P", "h2", "Letter quality: reasons explained clearly (the advocate's "
                     "mark)" + label, None)  # fmt: skip
    assert note == ("P", "small", "Of the letters sent above, those the advocate marked when "
                    "they arrived. A separate measure: it does not change, and is not part of, "
                    "the timeliness figures.", None)  # fmt: skip
    assert table == ("T", [
        ["CPS Area", "Letters sent with a mark", "Clear: yes", "Clear: no"],
        ["All", "3", "1", "2"],
        ["CPS Cymru-Wales", "1", "0", "1"],
        ["CPS South East", "2", "1", "1"],
    ], [226.9, 108.5, 78.9, 78.9])  # fmt: skip
    looks = tables[-1][1]
    assert looks["repeat"] == 1
    assert looks["shaded"] == [
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), "[None, Color(.95,.96,.98,1)]")]  # fmt: skip
    assert looks["rules"] == [("LINEBELOW", (0, 0), (-1, 0), 0.7, RULE)]
    # The headings of the counts right-aligned over them (alignment 2), the rest as cells.
    assert looks["paragraphs"] == [("cell", 7.5, 9, 0), ("right", 7.5, 9, 2)]
    counts = _cell_looks(tables[-1][0])
    assert counts[1] == [("DejaVuSans", 7.5, "TOP", "LEFT", 2, 2, 6, 6)] + [
        ("DejaVuSans", 7.5, "TOP", "RIGHT", 2, 2, 6, 6)] * 3  # fmt: skip


def test_a_period_starting_on_the_first_of_a_month_is_written_in_full() -> None:
    """The VPS PDF's period reads as a person writes dates (no leading zero)."""
    run = VpsRun(compute([], start=date(2026, 4, 1), end=date(2026, 6, 30), today=TODAY))
    from tests.letters.pdftext import pdf_text

    assert "Period: 1 April 2026 to 30 June 2026, judged on 30 June 2026." in pdf_text(
        to_vps_pdf(run)
    )
