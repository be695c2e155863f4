"""How an outstanding obligation becomes a row of the index's `outstanding` table and comes
back (the dashboard reads thousands of them: one object per repeated text or day, `Pool`)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.obligations import Category, Obligation, Status

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import PendingChange

#: (duty id, pack id) -> (the pending changes touching it, the pack's version): `RuleBook.law_for`
LawLookup = Callable[[str, str], "tuple[tuple[PendingChange, ...], int | None]"]

COLUMNS = (
    "duty, trigger, due, owed_by, right_no, statutory, met_on, clock_start, what, source, pack,"
    " confidence, reason, limit_text, clock, clock_assumed, category"
)

# Built from the constants above only (no user input reaches SQL text).
INSERT_OUTSTANDING = (
    f"INSERT OR REPLACE INTO outstanding (case_id, {COLUMNS}) VALUES ({', '.join('?' * 18)})"  # noqa: S608
)
SELECT_DUE = (
    "SELECT o.case_id, s.case_code, "  # noqa: S608
    + ", ".join(f"o.{c.strip()}" for c in COLUMNS.split(","))
    # Through the index on `due`, which gives the lines in their order: read in the table's
    # order (NOT INDEXED) it took half the time at 10,000 cases (0.17 s, not 0.33: a page
    # read at random per line, decrypted again once the page cache had moved on), but the
    # sort of every line that then needs, in SQL or here, left the dashboard 0.2-0.5 KB a
    # case bigger (memory freed by the sort stays with the process).
    + " FROM outstanding o JOIN case_summary s ON s.case_id = o.case_id"
    " WHERE s.status = 'open' AND o.due IS NOT NULL AND o.due <= ?"
    " ORDER BY o.due, s.case_code, o.duty, o.trigger"
)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day_or_none(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def outstanding_row(case_id: str, o: Obligation) -> tuple[object, ...]:
    return (
        case_id,
        o.duty,
        o.trigger,
        iso(o.due),
        o.owed_by,
        o.right,
        int(o.statutory),
        iso(o.met_on),
        iso(o.clock_start),
        o.what,
        o.source,
        o.pack,
        o.confidence,
        o.reason,
        o.limit,
        o.clock,
        int(o.clock_assumed),
        o.category.value,
    )


class Pool:
    """One object per distinct text or day read. A 10,000-case dashboard repeats each rule's
    sentences and each date tens of thousands of times: as copies they held about 25 MB."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._days: dict[str, date] = {}
        self._flags: dict[str, tuple[str, ...]] = {}

    def text(self, value: str) -> str:
        return self._texts.setdefault(value, value)

    def flags(self, text: str) -> tuple[str, ...]:
        """A case's flags from their JSON list (as the index keeps them)."""
        found = self._flags.get(text)
        if found is None:
            found = self._flags[text] = tuple(json.loads(text))
        return found

    def day(self, text: str | None) -> date | None:
        if not text:
            return None
        found = self._days.get(text)
        if found is None:
            found = self._days[text] = date.fromisoformat(text)
        return found


def obligation_from(row: tuple[Any, ...], status: Status, pool: Pool, law: LawLookup) -> Obligation:
    """An obligation from its index row; `law` (`RuleBook.law_for`) gives it the pending
    changes and pack version the index does not keep, without building it twice."""
    text = pool.text
    pending, version = law(row[0], row[10])
    return Obligation(
        duty=text(row[0]),
        trigger=text(row[1]),
        due=pool.day(row[2]),
        owed_by=text(row[3]),
        right=row[4],
        statutory=bool(row[5]),
        status=status,
        met_on=pool.day(row[6]),
        clock_start=pool.day(row[7]),
        what=text(row[8]),
        source=text(row[9]),
        pack=text(row[10]),
        confidence=text(row[11]),
        reason=None if row[12] is None else text(row[12]),
        limit=text(row[13]),
        clock=text(row[14]),
        clock_assumed=bool(row[15]),
        category=Category(row[16]),
        pack_version=version,
        pending=pending,
    )


def shape_from(row: tuple[Any, ...], status: Status, pool: Pool, law: LawLookup) -> Obligation:
    """`obligation_from` without the row's trigger and days: what `DueRows` shares between
    the lines of one rule that stand the same way."""
    whole = obligation_from(row, status, pool, law)
    return dataclasses.replace(whole, trigger="", due=None, clock_start=None)
