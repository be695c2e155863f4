"""One cell read as the field it fills: a date, a text, a flag, a yes/no.

Typed dates go through the app's one parser (`typed_dates.parse_date`: day first, 6/10/26,
6 Oct 2026), so a file reads as the date fields read. A number in a date column is an Excel
serial date (the 1900 system); one that lands outside the years a caseload can hold is
refused rather than read as 1900. Each reader returns (value, problem): exactly one is set,
or neither for an empty cell. A problem never quotes a name, only dates and codes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Final

from vcop_desktop.caseload_import.mapping import flag_label, normal
from vcop_desktop.caseload_import.reader import Cell
from vcop_desktop.domain.untrusted import LATEST_YEAR, date_problem, text_problem
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.typed_dates import EXAMPLES, in_words, parse_date

#: Excel's day 0 in the 1900 system: serial 61 is 1 March 1900 (Excel counts a 29 February
#: 1900 that never was, so serials from 61 on are days since 30 December 1899).
_EXCEL_EPOCH: Final = date(1899, 12, 30)
#: The first serial read as a date: 10,000 (18 May 1927). Fewer digits in a date column are a
#: mistake ("2026" is a year, "7" a slip), never a day before then: a date a live caseload
#: holds, a date of birth included, is an Excel date cell or a five-digit serial.
FIRST_SERIAL: Final = 10_000
LAST_SERIAL: Final = (date(LATEST_YEAR, 12, 31) - _EXCEL_EPOCH).days
_NUMBER: Final = re.compile(r"\d+(?:\.\d+)?")
_FLAG_SPLIT: Final = re.compile(r"[,;|/\n]+")
_YES: Final = frozenset({"yes", "y", "true", "1", "x", "\u2713", "\u2714", "ticked"})
_NO: Final = frozenset({"no", "n", "false", "0", "-", "not"})
_FLAG_NAMES: Final = {
    **{normal(f): f for f in FLAGS},
    **{normal(flag_label(f)): f for f in FLAGS},
}

Read = tuple[object, str | None]


def shown(cell: Cell) -> str:
    """A cell as the user typed or sees it, for a problem message and the failed rows file."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(sep=" ")
    if isinstance(cell, date | time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def read_date(cell: Cell, today: date) -> tuple[date | None, str | None]:
    """A date from a date cell, an Excel serial number, or typed text."""
    if cell is None:
        return None, None
    if isinstance(cell, datetime):
        return _in_range(cell.date(), cell)
    if isinstance(cell, date):
        return _in_range(cell, cell)
    if isinstance(cell, bool | time):
        return None, f"'{shown(cell)}' is not a date"
    if isinstance(cell, int | float):
        return excel_serial(float(cell))
    text = cell.strip()
    if _NUMBER.fullmatch(text):
        return excel_serial(float(text))
    parsed = parse_date(text, today)
    if parsed.value is None:
        return None, f"'{text}' is not a date{_reason(parsed.problem, text)}"
    return _in_range(parsed.value, text)


def excel_serial(serial: float) -> tuple[date | None, str | None]:
    """An Excel serial date (the 1900 system); a time of day in the fraction is dropped."""
    whole = int(serial)
    if not FIRST_SERIAL <= whole <= LAST_SERIAL:
        return None, (
            f"'{shown(serial)}' is a number, not a date (as an Excel date it is out of range; "
            f"type dates as {EXAMPLES})"
        )
    return _EXCEL_EPOCH + timedelta(days=whole), None


def _in_range(value: date, cell: Cell) -> tuple[date | None, str | None]:
    problem = date_problem(value)
    if problem:
        return None, f"'{shown(cell)}' is not a date the app accepts ({problem})"
    return value, None


def _reason(problem: str, text: str) -> str:
    """The parser's reason, without its own quoting of the text."""
    quoted = f"\u201c{text}\u201d"
    if problem.startswith(f"{quoted}: "):
        return f": {problem.removeprefix(f'{quoted}: ')}"
    if problem.startswith(f"{quoted} is not a date I can read."):
        return f" (type dates as {EXAMPLES})"
    if problem.startswith(quoted):
        return f":{problem.removeprefix(quoted)}"
    return f": {problem}"


def read_text(
    cell: Cell, *, one_line: bool = True, limit: int = 500
) -> tuple[str | None, str | None]:
    """Text as stored (a number is written as typed: 12345, not 12345.0); never quoted back."""
    if cell is None:
        return None, None
    text = shown(cell).strip()
    if not text:
        return None, None
    problem = text_problem(text, one_line=one_line, limit=limit)
    return (None, problem) if problem else (text, None)


def read_flags(cell: Cell) -> tuple[tuple[str, ...], str | None]:
    """Flags named in one cell ("Domestic abuse; vulnerable"): the vocabulary's names, labels
    with spaces accepted."""
    if cell is None:
        return (), None
    found: list[str] = []
    for part in _FLAG_SPLIT.split(shown(cell)):
        if not part.strip():
            continue
        flag = _FLAG_NAMES.get(normal(part))
        if flag is None:
            return (), f"'{part.strip()}' is not a case flag (the template lists them)"
        if flag not in found:
            found.append(flag)
    return tuple(found), None


def read_yes_no(cell: Cell) -> tuple[bool, str | None]:
    """A tick column: yes/no, y/n, true/false, 1/0, x; empty is no."""
    if cell is None:
        return False, None
    if isinstance(cell, bool):
        return cell, None
    word = shown(cell).strip().casefold()
    if word in _YES:
        return True, None
    if word in _NO or not word:
        return False, None
    return False, f"'{shown(cell)}' is not yes or no"


def future(value: date, today: date) -> str | None:
    if value > today:
        return f"{in_words(value)} is in the future; record events once they have happened"
    return None
