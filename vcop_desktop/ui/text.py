"""Dates and words as the UI shows them (UK style)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

# Cached: with PySide6 loaded each strftime goes through its import hook (10 us a short date),
# and a long case shows the same few hundred days in several tables at once.


@lru_cache(maxsize=4096)
def long_date(day: date) -> str:
    """23 October 2026."""
    return f"{day.day} {day:%B %Y}"


@lru_cache(maxsize=4096)
def short_date(day: date) -> str:
    """Fri 23 Oct 2026."""
    return f"{day:%a} {day.day} {day:%b %Y}"


@lru_cache(maxsize=4096)
def compact_date(day: date) -> str:
    """23 Oct 2026 (for narrow columns)."""
    return f"{day.day} {day:%b %Y}"


def days_phrase(due: date, today: date) -> str:
    """ "due today", "due in 3 days", "2 days overdue"."""
    delta = (due - today).days
    if delta == 0:
        return "due today"
    if delta > 0:
        return f"due in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} overdue"
