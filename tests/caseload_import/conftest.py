"""Fixtures for the caseload import: a cheap-KDF workspace and example spreadsheets written
here (synthetic people only)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest

from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 3, 20)

Row = Sequence[object]


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "workspace", PASSPHRASE, kdf=KdfParams.cheap())
    try:
        yield workspace
    finally:
        workspace.close()


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Row]) -> Path:
    """A workbook as Excel writes one: real date cells for datetimes, numbers as numbers."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cases")
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, date):
                moment = value if isinstance(value, datetime) else datetime(*value.timetuple()[:3])
                sheet.write_datetime(r, c, moment, as_date)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


#: The tidy example: the template's columns, three cases.
TIDY_HEADERS = (
    "Victim name", "Date of birth", "Crime reference", "Offence", "Offence date", "Flags",
    "Date reported", "Date arrested", "Date charged", "Date hearing listed", "Hearing date",
    "Date closed",
)  # fmt: skip
TIDY_ROWS: tuple[Row, ...] = (
    ("Quentin Zephyrine", date(1990, 5, 1), "QZ/10001/26", "Burglary", date(2026, 1, 2),
     "Vulnerable", date(2026, 1, 3), date(2026, 1, 5), date(2026, 1, 20), date(2026, 1, 22),
     date(2026, 4, 14), None),
    ("Ottoline Marchbank", date(1975, 11, 30), "QZ/10002/26", "Theft", None,
     "Domestic abuse; persistently targeted", date(2026, 2, 1), None, None, None, None, None),
    ("Barnaby Fenwhistle", date(2001, 2, 28), "QZ/10003/26", "Criminal damage", None, None,
     date(2026, 1, 10), None, None, None, None, date(2026, 3, 1)),
)  # fmt: skip
