"""The report PDFs' content in order: title, organisation, period, Rights, the headline with
its rate and interval, the status of a preset, method, suppression rule, charts, tables, notes
and the case appendix, and the file's own metadata (issue 21 §2: the mutants of
reports/pdf.py's `to_pdf`, `to_service_pdf`, `_preset_story` and `_appendix_table`).

The PDF is what is sent out; a headline with the wrong figure, a status line missing from a
preset in a return's shape, or a Code report's subject on the service report misleads its
reader. Each document is compared with `pdf_story_expected.py`, whose figures are the ones
worked out by hand in test_report_outputs_exact.py and test_service_exports_exact.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from tests.letters.pdftext import pdf_text
from tests.reports.pdf_story_expected import CODE_STORY, PRESET_STORY, SERVICE_STORY
from tests.reports.test_report_outputs_exact import FACTS
from tests.reports.test_service_exports_exact import RUN as SERVICE_RUN
from vcop_desktop.reports.pdf import to_pdf
from vcop_desktop.reports.pdf_page import report_styles
from vcop_desktop.reports.pdf_sections import to_service_pdf
from vcop_desktop.reports.run import PRESETS, ReportRun, build_run

CODES = {"k1": "C-1", "k2": "C-2", "k3": "C-3"}


def _cells(table: Table) -> list[list[str]]:
    return [[c if isinstance(c, str) else c.text for c in row] for row in table._cellvalues]


def _describe(f: Any) -> tuple[Any, ...]:
    if isinstance(f, Paragraph):
        return ("P", f.style.name, f.text, f.bulletText)
    if isinstance(f, KeepTogether):
        return ("K", [_describe(x) for x in f._content])
    if isinstance(f, Table):
        return ("T", _cells(f), [round(w, 1) for w in f._colWidths])
    if isinstance(f, Spacer):
        return ("Sp", f.width, f.height)
    return (type(f).__name__,)


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[tuple[SimpleDocTemplate, list[Any]]]:
    """Each document built, with its story as it was handed to reportlab."""
    seen: list[tuple[SimpleDocTemplate, list[Any]]] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        seen.append((self, [_describe(f) for f in story]))
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    return seen


def _code_run(**kw: Any) -> ReportRun:
    options: dict[str, Any] = {
        "start": date(2026, 3, 1), "end": date(2026, 3, 31), "today": date(2026, 3, 10),
        "groupings": [("agency",)], "title": "March", "min_count": 1, "rights": (4, 5),
        "case_codes": CODES, "packs": ["p1"],
    }  # fmt: skip
    return build_run(FACTS, **(options | kw))


def _metadata(doc: SimpleDocTemplate) -> tuple[Any, ...]:
    return (doc.pagesize, round(doc.leftMargin / mm), round(doc.rightMargin / mm),
            round(doc.topMargin / mm), round(doc.bottomMargin / mm), doc.title, doc.author,
            doc.subject, doc.creator, doc.keywords)  # fmt: skip


def test_the_code_report_pdf_says_what_it_counts_in_order(built: list[Any]) -> None:
    data = to_pdf(_code_run(), "Northdale Advocacy")
    doc, story = built[-1]
    assert story == CODE_STORY
    assert _metadata(doc) == (A4, 18, 18, 18, 20, "March", "Northdale Advocacy",
                              "Victims' Code compliance report", "VCOP Desktop", "")  # fmt: skip
    text = pdf_text(data)
    assert "4 obligations fell due in 3 cases; 33% were met on time (95% CI 6–79%)" in text
    assert "Page 1 of " in text


def test_without_an_organisation_rights_or_appendix_the_pdf_leaves_them_out(
    built: list[Any],
) -> None:
    to_pdf(_code_run(rights=(), case_codes=None, packs=[], min_count=5))
    doc, story = built[-1]
    assert doc.author == ""
    texts = [s[2] for s in story if s[0] == "P"]
    assert texts[:3] == [
        "March",
        "Period: obligations due from 1 March 2026 to 31 March 2026, judged on 10 March 2026.",
        "5 obligations fell due in <5 cases.",  # too few cases: no count, no rate
    ]
    assert not any(t.startswith(("Rights:", "Appendix", "Case codes")) for t in texts)
    assert "Source: this workspace. Rule packs: not recorded. Made with VCOP Desktop." in texts


def test_a_headline_with_no_late_obligation_gives_no_median() -> None:
    on_time = [f for f in FACTS if f.status in ("met",) and f.due is not None]
    run = build_run(on_time * 5, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), title="M", min_count=1)  # fmt: skip
    assert "median" not in pdf_text(to_pdf(run))


def test_a_preset_pdf_gives_its_status_origin_and_tables_in_its_own_words(
    built: list[Any],
) -> None:
    preset = PRESETS["moj-five-areas"]
    run = build_run(
        FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
        groupings=list(preset.groupings), title=preset.title, min_count=1, preset=preset,
        case_codes=CODES,
    )  # fmt: skip
    to_pdf(run)
    _doc, story = built[-1]
    assert story == PRESET_STORY


def test_the_service_report_pdf_is_never_titled_as_a_code_report(built: list[Any]) -> None:
    data = to_service_pdf(SERVICE_RUN, "Org")
    doc, story = built[-1]
    assert story == SERVICE_STORY
    assert _metadata(doc) == (
        A4, 18, 18, 18, 20, "Service report (the advocacy service's own standards)", "Org",
        "Service report (not a Victims' Code compliance report)", "VCOP Desktop", "",
    )  # fmt: skip
    assert "Page 1 of " in pdf_text(data)
    bare = SERVICE_RUN.__class__(SERVICE_RUN.figures)
    to_service_pdf(bare)
    _doc, plain = built[-1]
    assert plain[1][2].startswith("<b>Recorded by the advocacy service")  # no organisation line
    assert plain[-1][2] == "Source: this workspace. Risk forms: none. Made with VCOP Desktop."
    assert not any("Not read" in str(s) for s in plain)


def test_the_pdf_styles_keep_the_report_readable_in_print() -> None:
    styles = report_styles()
    got = {
        name: (s.fontName, s.fontSize, s.leading, s.spaceBefore, s.spaceAfter,
               getattr(s, "keepWithNext", 0), s.leftIndent, s.bulletIndent)
        for name, s in styles.items()
    }  # fmt: skip
    assert got == {
        "body": ("DejaVuSans", 9.5, 12.5, 0, 6, 0, 0, 0),
        "title": ("DejaVuSans-Bold", 16, 20, 0, 6, 0, 0, 0),
        "h2": ("DejaVuSans-Bold", 11.5, 12.5, 8, 6, 1, 0, 0),
        "small": ("DejaVuSans", 8, 10, 0, 6, 0, 0, 0),
        "bullet": ("DejaVuSans", 8, 10, 0, 2, 0, 11, 2),
        "cell": ("DejaVuSans", 7.5, 9, 0, 0, 0, 0, 0),
    }


def _cell_looks(table: Table) -> list[list[tuple[Any, ...]]]:
    return [[(c.fontname, c.fontsize, c.valign, c.alignment, c.topPadding, c.bottomPadding,
              c.leftPadding, c.rightPadding) for c in row]
            for row in table._cellStyles]  # fmt: skip


def _tables(monkeypatch: pytest.MonkeyPatch, make: Any) -> list[Table]:
    seen: list[Table] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        for f in story:
            for table in (x for x in getattr(f, "_content", [f]) if isinstance(x, Table)):
                # The style each cell's paragraph is in, noted before reportlab lays it out.
                table.paragraph_styles = {
                    c.style.name for row in table._cellvalues for c in row
                    if isinstance(c, Paragraph)
                }  # fmt: skip
                seen.append(table)
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    make()
    return seen


def _expected(table: Table, font: float, pads: tuple[float, ...], right: bool) -> list[Any]:
    """Every cell top-aligned; counts right-aligned under the heading. A table of paragraphs
    only (the appendix, the service report) keeps reportlab's own cell font: its text is in
    the paragraphs' style."""
    rows, cols = len(table._cellvalues), len(table._cellvalues[0])
    name = "DejaVuSans" if font != 10 else "Helvetica"
    return [[(name, font, "TOP", "RIGHT" if right and r and c else "LEFT", *pads)
             for c in range(cols)] for r in range(rows)]  # fmt: skip


_RULE = ("LINEBELOW", (0, 0), (-1, 0), 0.7)
_BANDS = ("ROWBACKGROUNDS", (0, 1), (-1, -1))


def test_pdf_tables_align_counts_and_band_rows_for_reading_across(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = _tables(monkeypatch, lambda: to_pdf(_code_run(rights=())))
    *figures, appendix = tables
    assert [len(t._cellvalues) for t in tables] == [2, 3, 3]  # All; CPS and police; 2 cases
    for table in tables:  # every cell's words in the table's own small style
        assert table.paragraph_styles == {"cell"}
    for table in figures:
        assert _cell_looks(table) == _expected(table, 7.5, (2, 2, 2.5, 2.5), right=True)
        assert [c[:4] for c in table._linecmds] == [_RULE]
        assert [c[:3] for c in table._bkgrndcmds] == [_BANDS]
        assert str(table._bkgrndcmds[0][3]) == "[None, Color(.95,.96,.98,1)]"
        assert str(table._linecmds[0][4]) == "Color(.3,.3,.3,1)"
    assert _cell_looks(appendix) == _expected(appendix, 10, (1.5, 1.5, 2.5, 2.5), right=False)
    assert [c[:4] for c in appendix._linecmds] == [_RULE] and appendix._bkgrndcmds == []
    assert str(appendix._linecmds[0][4]) == "Color(.3,.3,.3,1)"
    preset = PRESETS["moj-five-areas"]
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
                    groupings=list(preset.groupings), min_count=1, preset=preset)  # fmt: skip
    for table in _tables(monkeypatch, lambda: to_pdf(run))[-3:]:
        assert _cell_looks(table) == _expected(table, 8, (2.5, 2.5, 2.5, 2.5), right=True)
        assert [c[:4] for c in table._linecmds] == [_RULE]
        assert [c[:3] for c in table._bkgrndcmds] == [_BANDS]
        assert str(table._linecmds[0][4]) == "Color(.3,.3,.3,1)"
        assert str(table._bkgrndcmds[0][3]) == "[None, Color(.95,.96,.98,1)]"


def test_service_pdf_tables_band_each_section_under_a_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = _tables(monkeypatch, lambda: to_service_pdf(SERVICE_RUN))
    assert len(tables) == 7
    for table in tables:
        assert table.paragraph_styles == {"cell"}
        assert _cell_looks(table) == _expected(table, 10, (2.5, 2.5, 3, 6), right=False)
        assert [c[:4] for c in table._linecmds] == [("LINEABOVE", (0, 0), (-1, 0), 0.7)]
        assert [c[:3] for c in table._bkgrndcmds] == [("ROWBACKGROUNDS", (0, 0), (-1, -1))]
        assert str(table._linecmds[0][4]) == "Color(.3,.3,.3,1)"
        assert str(table._bkgrndcmds[0][3]) == "[None, Color(.95,.96,.98,1)]"


def test_a_long_table_repeats_its_headings_on_each_page(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = _tables(monkeypatch, lambda: to_pdf(_code_run()))
    assert [t.repeatRows for t in tables] == [1, 1, 1]


def test_the_service_pdf_names_every_risk_form_in_use(built: list[Any]) -> None:
    forms = ("risk-factors-v1 version 1", "own-form version 3")
    to_service_pdf(SERVICE_RUN.__class__(SERVICE_RUN.figures, forms=forms))
    _doc, story = built[-1]
    assert story[-1][2] == (
        "Source: this workspace. Risk forms: risk-factors-v1 version 1; own-form version 3. "
        "Made with VCOP Desktop."
    )
