"""Which address-book entry a case's letters go to, per slot (a case file table since 1.3).

Kept apart from `case.py` on purpose: these are functions over an open `CaseHandle`, using
its transaction and audit, so the handle itself does not grow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import select

from vcop_desktop.domain.address_types import SLOT_IDS, slot_by_id
from vcop_desktop.errors import UserError
from vcop_desktop.storage.errors import user_errors
from vcop_desktop.storage.models import LetterRecipient

if TYPE_CHECKING:
    from vcop_desktop.storage.case import CaseHandle

_MAX_ID = 64


@user_errors
def recipient_choices(handle: CaseHandle) -> dict[str, str]:
    """slot -> entry id, for the slots this case has chosen (slots this version does not
    know, say from a newer version's file, are left out)."""
    with handle.file.reading() as session:
        execute = session.connection().exec_driver_sql
        has_table = execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'letter_recipient'"
        ).fetchone()
        if not has_table:
            return {}
        rows = session.exec(select(LetterRecipient)).all()
        return {row.slot: row.entry_id for row in rows if row.slot in SLOT_IDS}


@user_errors
def choose_recipient(handle: CaseHandle, slot: str, entry_id: str | None) -> None:
    """Record (or with None, forget) the entry the case's letters of `slot` go to: one
    transaction with its audit row; choosing what is already chosen writes nothing."""
    if slot_by_id(slot) is None:
        raise UserError(f"{slot!r} is not a kind of recipient a case chooses.")
    if entry_id is not None and not (0 < len(entry_id) <= _MAX_ID and entry_id.isprintable()):
        raise UserError("That is not an address-book entry.")
    if recipient_choices(handle).get(slot) == entry_id:
        return
    with handle._change() as session:
        row = session.get(LetterRecipient, slot)
        before = {"slot": slot, "entry_id": row.entry_id} if row is not None else None
        if entry_id is None:
            if row is not None:
                session.delete(row)
            after = None
        else:
            if row is None:
                row = LetterRecipient(slot=slot, entry_id=entry_id)
            else:
                row.entry_id = entry_id
            session.add(row)
            after = {"slot": slot, "entry_id": entry_id}
        handle._audit(session, "letter recipient chosen", "letter_recipient", slot, before, after)
