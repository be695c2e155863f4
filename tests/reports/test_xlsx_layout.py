"""The report workbooks cell by cell: what each sheet says where, and how it is laid out
(issue 21 §2: the mutants of reports/xlsx.py that the read-back tests let live).

A manager opens the workbook in Excel and forwards it: a figure in the wrong row or column,
a heading that scrolls away, a missing period or status line, or a sheet named after the
wrong grouping sends a misleading report on its way.
"""

from __future__ import annotations

import io
import tempfile
from datetime import date
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.reports.test_report_outputs_exact import FACTS
from tests.reports.test_service_exports_exact import RUN as SERVICE_RUN
from tests.reports.test_service_exports_exact import TITLE as SERVICE_TITLE
from vcop_desktop.reports.flat_formats import HEADERS
from vcop_desktop.reports.run import (
    APPENDIX_HEADERS,
    METHOD,
    NOT_OFFICIAL,
    PRESETS,
    ReportRun,
    build_run,
    suppression_note,
)
from vcop_desktop.reports.service import notes as service_notes
from vcop_desktop.reports.xlsx import _sheet_name, to_service_xlsx, to_xlsx

PERIOD = "Period 2026-03-01 to 2026-03-31; judged on 2026-03-10"


def _run(**kw: Any) -> ReportRun:
    options: dict[str, Any] = {
        "start": date(2026, 3, 1),
        "end": date(2026, 3, 31),
        "today": date(2026, 3, 10),
        "groupings": [("agency",), ("duty",)],
        "title": "March",
        "min_count": 1,
        "case_codes": {"k1": "C-1", "k2": "C-2", "k3": "C-3"},
        "packs": ["p1", "p2"],
    }
    return build_run(FACTS, **(options | kw))


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _values(sheet: Worksheet) -> dict[str, object]:
    return {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}


def _widths(sheet: Worksheet) -> list[tuple[int, int, float]]:
    """(first column, last column, width as typed) for each column range set."""
    return sorted(
        (d.min, d.max, round(d.width - 0.7109375, 2))
        for d in sheet.column_dimensions.values()
        if d.customWidth
    )


def _look(sheet: Worksheet, coordinate: str) -> tuple[object, ...]:
    cell = sheet[coordinate]
    return (cell.font.b, cell.font.sz, cell.alignment.wrap_text, cell.alignment.vertical,
            cell.border.bottom.style)  # fmt: skip


PLAIN = (False, 11.0, None, None, None)
TITLE_LOOK = (True, 14.0, None, None, None)
HEADER_LOOK = (True, 11.0, True, "top", "thin")


def test_each_grouping_has_its_own_sheet_then_the_appendix_and_the_notes() -> None:
    book = _book(to_xlsx(_run(groupings=[("agency",), ("duty",), ("agency", "right")])))
    assert book.sheetnames == [
        "Summary", "By agency", "By duty", "By agency × Right", "Case appendix", "Notes",
    ]  # fmt: skip
    assert _book(to_xlsx(_run(case_codes=None))).sheetnames == [
        "Summary", "By agency", "By duty", "Notes",
    ]  # fmt: skip


def test_a_sheet_of_figures_has_its_title_period_headings_and_rows_in_place() -> None:
    book = _book(to_xlsx(_run()))
    summary, by_duty = book["Summary"], book["By duty"]
    for sheet in (summary, by_duty):
        values = _values(sheet)
        assert (values["A1"], values["A2"]) == ("March", PERIOD)
        assert "A3" not in values  # no status line: not a preset with an origin
        assert [values[f"{chr(65 + n)}4"] for n in range(len(HEADERS))] == list(HEADERS)
        assert _look(sheet, "A1") == TITLE_LOOK and _look(sheet, "A2") == PLAIN
        assert {_look(sheet, f"{chr(65 + n)}4") for n in range(len(HEADERS))} == {HEADER_LOOK}
        # The headings and group names stay in view while the figures scroll.
        assert sheet.freeze_panes == "C5"
        assert sheet.row_dimensions[4].height == 45
        assert _widths(sheet) == [(1, 1, 16), (2, 2, 30), (3, len(HEADERS), 11)]
    values = _values(summary)
    row = [values.get(f"{chr(65 + n)}5") for n in range(len(HEADERS))]
    assert row == ["All", "All", 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 33.3, 6.1, 79.2, 4, 6]
    assert "A6" not in values
    values = _values(by_duty)
    firsts = [values[f"B{r}"] for r in range(5, 9)]
    assert firsts == ["cps.inform_decision", "cps.meeting", "police.inform_arrest",
                      "police.refer_support"]  # fmt: skip
    assert "A9" not in values
    # A rate with nothing to rest on is an empty cell, not a zero.
    assert "O5" not in values and values["C5"] == 1


def test_the_case_appendix_lists_case_codes_under_its_headings() -> None:
    sheet = _book(to_xlsx(_run()))["Case appendix"]
    values = _values(sheet)
    assert values["A1"] == "Late or missed obligations by case (case codes only)"
    assert _look(sheet, "A1") == TITLE_LOOK
    headings = [values[f"{chr(65 + n)}3"] for n in range(len(APPENDIX_HEADERS))]
    assert headings == list(APPENDIX_HEADERS)
    assert _look(sheet, "I3") == HEADER_LOOK
    assert [values[f"{c}4"] for c in "ABCDEFGHI"] == [
        "C-2", "Police", "police.refer_support", "4", "2026-03-04", "met late", "2026-03-06",
        "2", "yes",
    ]  # fmt: skip
    assert [values.get(f"{c}5") for c in "ABCFGHI"] == [
        "C-3", "Police", "police.refer_support", "overdue", None, "6", "no",
    ]  # fmt: skip
    assert "A6" not in values
    assert _widths(sheet) == [(1, 2, 16), (3, 3, 30), (4, len(APPENDIX_HEADERS), 11)]


def test_the_notes_give_period_kind_source_method_suppression_and_packs() -> None:
    sheet = _book(to_xlsx(_run(rights=(4, 5))))["Notes"]
    values = _values(sheet)
    keys = [values[f"A{r}"] for r in range(1, 10)]
    assert keys == ["Report", "Period", "Judged on", "Kind", "Rights", "Source", "Definitions",
                    "Suppression", "Rule packs"]  # fmt: skip
    assert [values[f"B{r}"] for r in range(1, 10)] == [
        "March", "2026-03-01 to 2026-03-31 (both included)", "2026-03-10", "code", "4, 5",
        "this workspace", METHOD, suppression_note(1), "p1; p2",
    ]  # fmt: skip
    assert "A10" not in values
    assert _look(sheet, "A1") == (True, 11.0, None, None, None)
    assert _look(sheet, "B7") == (False, 11.0, True, "top", None)
    assert _widths(sheet) == [(1, 1, 28), (2, 2, 100)]
    plain = _values(_book(to_xlsx(_run(packs=[])))["Notes"])
    assert (plain["A4"], plain["A5"], plain["B8"]) == ("Kind", "Source", "(not recorded)")


def test_a_preset_in_a_returns_shape_says_it_is_not_official_on_every_sheet() -> None:
    preset = PRESETS["moj-five-areas"]
    run = _run(preset=preset, groupings=list(preset.groupings))
    book = _book(to_xlsx(run))
    for name in book.sheetnames[:-2]:
        assert book[name]["A3"].value == NOT_OFFICIAL, name
        assert book[name]["A3"].font.b is True
    values = _values(book["Notes"])
    assert [values[f"A{r}"] for r in range(1, 6)] == [
        "Report", "Status", "Origin", "What is counted", "Period",
    ]  # fmt: skip
    assert [values[f"B{r}"] for r in range(2, 5)] == [
        NOT_OFFICIAL, run.origin, run.preset_method,
    ]  # fmt: skip


def test_sheet_names_are_legal_in_excel_and_never_the_same() -> None:
    """Excel refuses a name over 31 characters, with []:*?/\\ in it, or given twice."""
    taken = {"Summary", "Notes"}
    assert _sheet_name("Police force", taken) == "By police force"
    assert _sheet_name("Police force", taken) == "By police force 2"
    assert _sheet_name("Police force", taken) == "By police force 3"
    long = "Agency × Right × Month × Police force"
    first = _sheet_name(long, taken)
    assert first == "By agency × Right × Month × Pol" and len(first) == 31
    assert _sheet_name(long, taken) == "By agency × Right × Month ×  2"  # base[:28], then " 2"
    assert _sheet_name("Area [a/b]: c*?\\d", taken) == "By area ab cd"
    assert _sheet_name("MoJ return area", taken) == "By MoJ return area"
    assert taken >= {"By police force", "By police force 2", first}


def test_the_service_workbook_has_its_figures_as_numbers_and_its_notes() -> None:
    book = _book(to_service_xlsx(SERVICE_RUN))
    assert book.sheetnames == ["Service report", "Notes"]
    sheet = book["Service report"]
    values = _values(sheet)
    assert (values["A1"], values["A2"]) == (SERVICE_TITLE, NOT_OFFICIAL)
    assert values["A3"] == "Period 2026-01-01 to 2026-03-31, judged on 2026-04-10 (this workspace)"
    assert _look(sheet, "A1") == TITLE_LOOK
    assert _look(sheet, "A2") == (True, 11.0, None, None, None)
    assert _look(sheet, "A3") == PLAIN
    assert "A4" not in values
    assert [values[c] for c in ("A5", "B5", "C5")] == ["Section", "Measure", "Value"]
    assert _look(sheet, "C5") == (True, 11.0, None, None, "thin")
    assert [values[c] for c in ("A6", "B6", "C6")] == ["Referrals", "Referrals received", 12]
    assert (values["C7"], values["C8"]) == ("x", "<5")  # hidden counts stay text
    assert values["C11"] == "2 days"
    assert values["B29"] == "Risk fell (last score below the first)" and "A30" not in values
    assert sheet.freeze_panes == "A6"
    assert _widths(sheet) == [(1, 1, 24), (2, 2, 48), (3, 3, 30)]
    notes = book["Notes"]
    got = [(notes[f"A{r}"].value, notes[f"B{r}"].value) for r in range(1, 8)]
    assert got == service_notes(SERVICE_RUN)
    assert _look(notes, "A2") == (True, 11.0, None, None, None)
    assert _look(notes, "B2") == (False, 11.0, True, "top", None)
    assert _widths(notes) == [(1, 1, 20), (2, 2, 100)]


def test_the_workbook_hides_small_counts_as_the_csv_does() -> None:
    """A workbook is shared like the CSV: its counts from 1 to 4 are "<5", never the number."""
    values = _values(_book(to_xlsx(_run(min_count=5)))["Summary"])
    row = [values.get(f"{chr(65 + n)}5") for n in range(len(HEADERS))]
    assert row == ["All", "All", 5, *["<5"] * 11, None, None, None, None, None]


def test_no_workbook_leaves_a_temporary_file_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report's figures and case codes stay in memory until saved where the advocate
    chose: xlsxwriter would otherwise write each sheet to a temporary file first."""

    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert to_xlsx(_run()) and to_service_xlsx(SERVICE_RUN)
