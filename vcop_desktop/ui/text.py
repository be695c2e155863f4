"""Dates and words as the UI shows them (UK style)."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """23 October 2026."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """Fri 23 Oct 2026."""
    return f"{day:%a} {day.day} {day:%b %Y}"


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
