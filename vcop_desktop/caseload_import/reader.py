"""A spreadsheet as a table: its header row and its rows of cells, numbered as the user sees
them (the header is row 1 in Excel; the first case is row 2).

CSV comes in whatever encoding the other system wrote: a byte-order mark says which, else
UTF-8, else Windows-1252 (what Excel on Windows writes when "CSV" is chosen). The delimiter
is sniffed among comma, semicolon and tab. XLSX is read with openpyxl in read-only mode,
values only (a formula's last result), first sheet.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from vcop_desktop.errors import UserError

#: What a cell may hold: text from CSV; numbers, dates and booleans from XLSX too.
Cell = str | int | float | bool | date | datetime | time | None

#: A caseload of this many rows is far beyond any service; more is not a caseload file.
MAX_ROWS = 100_000
MAX_BYTES = 200 * 1024 * 1024
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class Table:
    """The header row (made unique: a second "Date" is "Date (2)") and the data rows, each
    with its row number in the file; blank rows are left out."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numbers: tuple[int, ...]


class ReadError(UserError):
    """The file cannot be read as a spreadsheet: one line saying why."""


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX file; a file that cannot be read raises `ReadError`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file.") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot be read ({error.strerror}).") from None
    if path.is_dir():
        raise ReadError(f"{path}: is a folder, not a spreadsheet.")
    if size > MAX_BYTES:
        raise ReadError(f"{path}: too large for a caseload ({size // 1_048_576} MB).")
    if path.suffix.lower() in _XLSX_SUFFIXES:
        return _table(_xlsx_rows(path), path)
    if path.suffix.lower() == ".xls":
        raise ReadError(f"{path}: an old Excel file (.xls); save it as .xlsx or CSV first.")
    return _table(_csv_rows(path), path)


def _csv_rows(path: Path) -> list[list[Cell]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"{path}: cannot be read ({error.strerror}).") from None
    if data.startswith(b"PK\x03\x04"):
        raise ReadError(f"{path}: looks like an Excel workbook; name it .xlsx.")
    text = decode(data)
    if "\x00" in text:
        raise ReadError(f"{path}: not a CSV or XLSX spreadsheet.")
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as error:
        raise ReadError(f"{path}: not a readable CSV file ({error}).") from None


def decode(data: bytes) -> str:
    """Bytes of a CSV file as text: by its byte-order mark, else UTF-8, else Windows-1252."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _xlsx_rows(path: Path) -> list[list[Cell]]:
    import zipfile

    from openpyxl import load_workbook  # lazily: only an import reads workbooks

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise ReadError(
            f"{path}: not a readable Excel workbook ({error.__class__.__name__})."
        ) from None
    try:
        if not book.worksheets:
            raise ReadError(f"{path}: the workbook has no sheets.")
        sheet = book.worksheets[0]
        rows: list[list[Cell]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise ReadError(
            f"{path}: not a readable Excel workbook ({error.__class__.__name__})."
        ) from None
    finally:
        book.close()


def _blank(row: Iterable[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _table(raw: Sequence[list[Cell]], path: Path) -> Table:
    numbered = [(i, row) for i, row in enumerate(raw, start=1) if not _blank(row)]
    if not numbered:
        raise ReadError(f"{path}: the file is empty.")
    if len(numbered) > MAX_ROWS + 1:
        raise ReadError(f"{path}: more than {MAX_ROWS:,} rows; split the file.")
    _, header_row = numbered[0]
    width = max(len(row) for _, row in numbered)
    # Trailing empty header cells with no data under them are not columns.
    while width > 0 and _header_text(header_row, width - 1) == "":
        if any(width - 1 < len(row) and not _blank([row[width - 1]]) for _, row in numbered):
            break
        width -= 1
    headers = unique_headers(_header_text(header_row, i) for i in range(width))
    rows = tuple(tuple(_cell(row, i) for i in range(width)) for _, row in numbered[1:])
    return Table(headers, rows, tuple(n for n, _ in numbered[1:]))


def _header_text(row: Sequence[Cell], index: int) -> str:
    value = row[index] if index < len(row) else None
    return "" if value is None else " ".join(str(value).split())


def _cell(row: Sequence[Cell], index: int) -> Cell:
    value = row[index] if index < len(row) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def unique_headers(names: Iterable[str]) -> tuple[str, ...]:
    """Headers as columns are named on screen: a blank one is "Column C", a repeat "Date (2)"."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        label = name or f"Column {column_letter(index)}"
        key = label.casefold()
        if key in seen:
            seen[key] += 1
            label = f"{label} ({seen[key]})"
        else:
            seen[key] = 1
        out.append(label)
    return tuple(out)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
