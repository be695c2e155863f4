"""Dates as people in the UK type them, read day first, and written back in words.

Pure Python (no Qt) so the one parser behind every date field can be property-tested. A text
that does not name exactly one real date is refused with a reason; it is never turned into a
neighbouring date (31/9 is an error, not 1 October).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: What the fields' placeholder and messages offer as examples.
EXAMPLES = "6/10/2026, 6 Oct 2026 or 2026-10-06"

_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s*-?\s*([a-z]+)\.?,?\s*-?\s*(\d{2}|\d{4})?$", re.I)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parse result: the date, or why there is none (exactly one is set)."""

    value: date | None
    problem: str = ""


def full_year(two_digits: int, today: date) -> int:
    """A two-digit year: this century unless that is more than 20 years ahead."""
    year = 2000 + two_digits
    return year if year <= today.year + 20 else year - 100


def parse_date(text: str, today: date) -> Parsed:
    """Read `text` as one date, day first; a missing year is `today`'s year."""
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        return Parsed(None, "No date entered.")
    cleaned = _WEEKDAY.sub("", cleaned)
    if match := _ISO.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, text)
    if match := _NUMERIC.match(cleaned):
        day, month = int(match.group(1)), int(match.group(2))
        year = _year(match.group(3), today)
        return _make(year, month, day, text)
    if match := _WORDS.match(cleaned):
        named = _month(match.group(2))
        if named is None:
            return Parsed(None, f"“{match.group(2)}” is not a month I know.")
        return _make(_year(match.group(3), today), named, int(match.group(1)), text)
    return Parsed(None, f"“{text.strip()}” is not a date I can read. Try {EXAMPLES}.")


def _year(digits: str | None, today: date) -> int:
    if digits is None:
        return today.year
    value = int(digits)
    return full_year(value, today) if len(digits) == 2 else value


def _month(word: str) -> int | None:
    word = word.lower()
    if word in MONTHS:
        return MONTHS[word]
    for index, name in enumerate(MONTH_NAMES, start=1):
        if len(word) >= 3 and name.lower().startswith(word):
            return index
    return None


def _make(year: int, month: int, day: int, text: str) -> Parsed:
    if not 1 <= month <= 12:
        return Parsed(None, f"“{text.strip()}”: there is no month {month} (the day comes first).")
    if year < 1 or year > 9999:
        return Parsed(None, f"“{text.strip()}”: the year {year} is out of range.")
    try:
        return Parsed(date(year, month, day))
    except ValueError:
        return Parsed(None, f"“{text.strip()}”: {MONTH_NAMES[month - 1]} {year} has no day {day}.")


def in_words(day: date) -> str:
    """Tuesday 6 October 2026: what the field shows beside what was typed."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short(day: date) -> str:
    """6 Oct 2026: how a field shows a stored date for editing."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"
