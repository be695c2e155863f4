"""The items of a victim's safety plan (case format 1.4): list, add, edit, close.

Reached as `CaseHandle.safety_plan`. Like every other change to a case, each write is one
transaction with its audit row (the row's before and after, as for notes and good reasons),
inside the handle's index bracket, so the dashboard's "Coming up" sees a new review date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import col, select

from vcop_desktop.domain.untrusted import EARLIEST_YEAR, LATEST_YEAR
from vcop_desktop.errors import UserError
from vcop_desktop.storage.casefile import snapshot
from vcop_desktop.storage.errors import user_errors
from vcop_desktop.storage.models import SafetyPlanItem
from vcop_desktop.storage.rawfile import utc_now

if TYPE_CHECKING:
    from vcop_desktop.storage.case import CaseHandle

#: The longest "what" or "who" kept (a plan item is a line, not a note).
MAX_ITEM_CHARS = 500


def _text(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise UserError(f"Say {what}. Nothing was saved.")
    if len(text) > MAX_ITEM_CHARS:
        raise UserError(
            f"Keep {what} under {MAX_ITEM_CHARS} characters (a note can hold more). "
            "Nothing was saved."
        )
    return text


def _day(value: date, what: str) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise UserError(
            f"The {what} ({value.isoformat()}) is not between {EARLIEST_YEAR} and "
            f"{LATEST_YEAR}; check it. Nothing was saved."
        )
    return value


class SafetyPlan:
    """One case's safety-plan items, through the case's open (locked) handle."""

    def __init__(self, handle: CaseHandle) -> None:
        self._handle = handle

    @user_errors
    def items(self, *, include_closed: bool = True) -> list[SafetyPlanItem]:
        """The plan's items in the order they were added; closed ones too unless told not."""
        with self._handle.file.reading() as session:
            query = select(SafetyPlanItem).order_by(col(SafetyPlanItem.id))
            if not include_closed:
                query = query.where(col(SafetyPlanItem.closed_on).is_(None))
            rows = list(session.exec(query).all())
            for row in rows:
                session.expunge(row)
            return rows

    @user_errors
    def add(self, what: str, responsible: str, review_on: date) -> SafetyPlanItem:
        """Add an item: what is to be done, who is responsible, when it is next reviewed."""
        row = SafetyPlanItem(
            what=_text(what, "what the item is"),
            responsible=_text(responsible, "who is responsible"),
            review_on=_day(review_on, "review date"),
            recorded_by=self._handle.context.actor,
            recorded_at=utc_now(),
        )
        with self._handle._change() as session:
            session.add(row)
            session.flush()
            self._handle._audit(
                session, "safety plan item added", "safety_plan_item", str(row.id), None,
                snapshot(row),
            )  # fmt: skip
            session.expunge(row)
        return row

    @user_errors
    def edit(
        self,
        item_id: int,
        *,
        what: str | None = None,
        responsible: str | None = None,
        review_on: date | None = None,
    ) -> SafetyPlanItem:
        """Change an item's text, owner or review date; the audit row keeps the old values."""
        changes: dict[str, object] = {}
        if what is not None:
            changes["what"] = _text(what, "what the item is")
        if responsible is not None:
            changes["responsible"] = _text(responsible, "who is responsible")
        if review_on is not None:
            changes["review_on"] = _day(review_on, "review date")
        return self._write(item_id, "safety plan item edited", changes)

    @user_errors
    def close(self, item_id: int, closed_on: date, *, today: date | None = None) -> SafetyPlanItem:
        """Mark an item done (or no longer needed) on `closed_on`, which is not after today."""
        day = today or date.today()
        if _day(closed_on, "date it was closed") > day:
            raise UserError(
                f"An item cannot be closed after today ({day.isoformat()}). Nothing was saved."
            )
        return self._write(item_id, "safety plan item closed", {"closed_on": closed_on})

    def _write(self, item_id: int, action: str, changes: dict[str, object]) -> SafetyPlanItem:
        if not changes:
            raise UserError("Nothing to change. Nothing was saved.")
        self._known(item_id)
        with self._handle._change() as session:
            row = session.get(SafetyPlanItem, item_id)
            assert row is not None  # checked above, under the case's lock
            before = snapshot(row)
            for name, value in changes.items():
                setattr(row, name, value)
            session.add(row)
            session.flush()
            self._handle._audit(
                session, action, "safety_plan_item", str(item_id), before, snapshot(row)
            )
            session.expunge(row)
        return row

    def _known(self, item_id: int) -> None:
        with self._handle.file.reading() as session:
            if session.get(SafetyPlanItem, item_id) is None:
                raise UserError(f"Case {self._handle.case_code} has no safety plan item {item_id}.")
