"""Reading the file and its cells: encodings sniffed, XLSX cells, the app's one date parser,
Excel serial dates, flags by name, and the mapping remembered without anything personal."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.caseload_import.conftest import TIDY_HEADERS, write_csv, write_xlsx
from vcop_desktop.caseload_import import remembered
from vcop_desktop.caseload_import.mapping import (
    FIELD_LABELS,
    check_mapping,
    guess,
    mapping_from_names,
)
from vcop_desktop.caseload_import.reader import ReadError, read_table
from vcop_desktop.caseload_import.template import COLUMNS, template_xlsx
from vcop_desktop.caseload_import.values import (
    FIRST_SERIAL,
    LAST_SERIAL,
    excel_serial,
    read_date,
    read_flags,
    read_yes_no,
)

TODAY = date(2026, 3, 20)
TEXT = "Victim name,Crime ref\nZoë Ångström-Færch,QZ/1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_csv_is_read_in_the_encoding_it_was_written_in(tmp_path: Path, encoding: str) -> None:
    table = read_table(write_csv(tmp_path / "x.csv", TEXT, encoding))
    assert table.headers == ("Victim name", "Crime ref")
    assert table.rows == (("Zoë Ångström-Færch", "QZ/1"),)
    assert table.numbers == (2,)


def test_semicolons_tabs_blank_rows_and_repeated_headers(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "x.csv", "\nName;Date;Date;\n;;;\nA;1/2/26;3/2/26;\n"))
    assert table.headers == ("Name", "Date", "Date (2)")
    assert table.rows == (("A", "1/2/26", "3/2/26"),)
    assert table.numbers == (4,)  # the row number the user sees in the file
    tabbed = read_table(write_csv(tmp_path / "t.csv", "Name\tDOB\nA\t1/2/80\n"))
    assert tabbed.headers == ("Name", "DOB")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("empty.csv", b"", "the file is empty"),
        ("bad.xlsx", b"not a zip at all", "not a readable Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "an old Excel file"),
        ("binary.csv", b"\x00\x01\x02\x00", "not a CSV or XLSX"),
    ],
)
def test_an_unreadable_file_is_one_line(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReadError, match=message) as caught:
        read_table(path)
    assert "\n" not in str(caught.value)


def test_xlsx_cells_keep_their_kinds(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", ("Name", "DOB", "Ref"), [("A", date(1980, 2, 1), 123)])
    table = read_table(path)
    assert table.rows[0][0] == "A"
    assert table.rows[0][1] == datetime(1980, 2, 1)
    assert table.rows[0][2] == 123


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("6/10/26", date(2026, 10, 6)),
        ("6 Oct 2026", date(2026, 10, 6)),
        ("06.10.2026", date(2026, 10, 6)),
        ("2026-10-06", date(2026, 10, 6)),
        ("Tuesday 6 October 2026", date(2026, 10, 6)),
        (46301, date(2026, 10, 6)),
        (46301.5, date(2026, 10, 6)),
        ("46301", date(2026, 10, 6)),
        (10_000, date(1927, 5, 18)),  # the first number read as an Excel date
        (datetime(2026, 10, 6, 0, 0), date(2026, 10, 6)),
        (date(2026, 10, 6), date(2026, 10, 6)),
    ],
)
def test_dates_read_as_the_date_fields_read_them(cell: object, expected: date) -> None:
    assert read_date(cell, TODAY) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("31/11/26", "'31/11/26' is not a date: November 2026 has no day 31."),
        ("13/13/26", "'13/13/26' is not a date: there is no month 13 (the day comes first)."),
        ("soon", "'soon' is not a date (type dates as 6/10/2026, 6 Oct 2026 or 2026-10-06)"),
        (5, "'5' is a number, not a date"),
        ("2026", "'2026' is a number, not a date"),
        (9999, "'9999' is a number, not a date"),
        (9_999_999, "'9999999' is a number, not a date"),
        (True, "'True' is not a date"),
        ("1/1/1066", "'1/1/1066' is not a date the app accepts"),
    ],
)
def test_a_date_that_is_not_one_says_why(cell: object, problem: str) -> None:
    value, why = read_date(cell, TODAY)  # type: ignore[arg-type]
    assert value is None and why is not None and why.startswith(problem)


@given(st.dates(min_value=date(1927, 5, 18), max_value=date(2200, 12, 31)))
def test_every_excel_serial_in_range_is_the_day_excel_shows(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert FIRST_SERIAL <= serial <= LAST_SERIAL
    assert excel_serial(serial) == (day, None)


def test_flags_by_name_or_label_and_tick_columns() -> None:
    assert read_flags("Domestic abuse; vulnerable, hate_crime") == (
        ("domestic_abuse", "vulnerable", "hate_crime"),
        None,
    )
    assert read_flags("Persistently-targeted")[0] == ("persistently_targeted",)
    assert read_flags("Nosy")[1] == "'Nosy' is not a case flag (the template lists them)"
    assert [read_yes_no(v)[0] for v in ("Yes", "y", "X", 1, True, None, "no", 0)] == [
        True, True, True, True, True, False, False, False,
    ]  # fmt: skip
    assert read_yes_no("maybe")[1] == "'maybe' is not yes or no"


def test_the_guess_and_the_mapping_checks() -> None:
    headers = ("Client Name", "D.O.B.", "Crime Ref No", "Offence", "Date charged", "Notes")
    assert guess(headers) == ("victim_name", "victim_dob", "crime_reference", "offence",
                              "event:suspect_charged", "")  # fmt: skip
    assert check_mapping(("victim_name", "victim_name")) == [
        "Two columns are mapped to Victim name."
    ]
    assert "One row per event needs both" in check_mapping(("victim_name", "event_type"))[0]
    assert mapping_from_names(headers, {"D.O.B.": "Date of birth", "Notes": "offence"}) == (
        "", "victim_dob", "", "", "", "offence",
    )  # fmt: skip
    with pytest.raises(ValueError, match="no column 'Missing'"):
        mapping_from_names(headers, {"Missing": "offence"})


def test_the_mapping_is_remembered_by_header_set_with_nothing_personal(tmp_path: Path) -> None:
    headers = ("Ottilie Fairweather", "Crime ref")  # a first row of data taken for headers
    mapping = ("victim_name", "crime_reference")
    assert remembered.recall(tmp_path, headers) is None
    remembered.remember(tmp_path, headers, mapping)
    assert remembered.recall(tmp_path, ("crime ref", "OTTILIE FAIRWEATHER")) == (
        "crime_reference", "victim_name",
    )  # fmt: skip
    stored = (tmp_path / remembered.FILE_NAME).read_text(encoding="utf-8")
    assert "ottilie" not in stored.casefold() and "fairweather" not in stored.casefold()
    assert set(json.loads(stored)[remembered.header_set(headers)].values()) == set(mapping)


def test_the_template_is_read_back_with_every_column_guessed(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_xlsx())
    table = read_table(path)
    assert table.headers == tuple(h for h, _ in COLUMNS) == TIDY_HEADERS
    assert table.rows == ()
    assert guess(table.headers) == tuple(k for _, k in COLUMNS)
    assert all(k in FIELD_LABELS for _, k in COLUMNS)


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["6/10/25", "31/11/25", "6 Oct 2025", "soon", "45940", "7", "1/1/30"]),
    st.integers(min_value=-5, max_value=80_000),
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "Ada Pinkerton", "Bo Quill"]),
            st.sampled_from([None, "QZ/1", "QZ/2", "QZ/3"]),
            _CELLS,
            _CELLS,
            st.sampled_from([None, "Vulnerable", "Grumpy", "crime reported", "contact"]),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_every_row_is_created_or_reported_never_dropped(
    rows: list[tuple[object, ...]], per_event: bool
) -> None:
    from vcop_desktop.caseload_import.plan import build_plan
    from vcop_desktop.caseload_import.reader import Table

    numbers = tuple(range(2, len(rows) + 2))
    table = Table(("Name", "Ref", "A", "B", "C"), tuple(rows), numbers)  # type: ignore[arg-type]
    mapping = (
        ("victim_name", "crime_reference", "victim_dob", "event_date", "event_type")
        if per_event
        else ("victim_name", "crime_reference", "victim_dob", "event:suspect_charged", "flags")
    )
    plan = build_plan(table, mapping, today=TODAY)
    created = [n for case in plan.create for n in case.rows]
    assert len(created) == len(set(created))
    assert set(created).isdisjoint(plan.failed_rows)
    assert set(created) | set(plan.failed_rows) == set(numbers)
    assert {p.row for p in plan.problems} == set(plan.failed_rows)
