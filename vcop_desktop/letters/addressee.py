"""Where a letter goes when the case has chosen an address-book entry for it.

The case keeps, per slot (`domain.address_types`), the id of an entry in the workspace's
address book; the caller looks the ids up and passes each slot's lines (the entry's name, then
its address, as the book has them now), or None when the chosen entry is no longer in the book.
The letter then prints the team it is for (from the kind: "Professional Standards Department",
"Victim Liaison Unit"), the entry's lines, one line each, however many there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Protocol

from vcop_desktop.domain.address_types import SLOT_IDS, slot_by_id
from vcop_desktop.letters.kinds import LetterKind

#: Lines chosen per slot: the entry's lines, or None when the chosen entry was deleted.
Chosen = Mapping[str, tuple[str, ...] | None]

#: Kinds whose recipient is not the kind's own agency (`LetterKind.agency` is None).
_KIND_SLOTS: Final[dict[str, str]] = {
    "cps-complaint-iac": "iac",
    "police-complaint-review": "review",
    "phso-complaint": "phso",
}
#: Agencies a provider complaint can go to whose letters use another agency's slot.
_AGENCY_SLOTS: Final[dict[str, str]] = {"police_employer": "police"}


class EntryLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def lines(self) -> tuple[str, ...]: ...


def recipient_slot(kind: LetterKind, agency: str | None) -> str | None:
    """The slot a letter of `kind` to `agency` takes its address from (None: no slot fits)."""
    if kind.id in _KIND_SLOTS:
        return _KIND_SLOTS[kind.id]
    who = agency or kind.agency
    if who is None:
        return None
    slot = _AGENCY_SLOTS.get(who, who)
    return slot if slot in SLOT_IDS else None


def chosen_lines(
    choices: Mapping[str, str], book: Sequence[EntryLike]
) -> dict[str, tuple[str, ...] | None]:
    """Each chosen slot's lines from the book as it is now; None where the entry is gone."""
    by_id = {entry.id: entry for entry in book}
    return {
        slot: (by_id[entry_id].lines if entry_id in by_id else None)
        for slot, entry_id in choices.items()
    }


def department(kind: LetterKind, entry: Sequence[str]) -> str | None:
    """The team line above the chosen entry's lines, unless a line already names it (the
    Ombudsman's entry is the Ombudsman; a CPS Area's address may start "Victim Liaison Unit")
    or the entry is the recipient itself (a review body)."""
    if kind.id == "police-complaint-review":
        return None
    team = _plain(kind.recipient)
    return None if any(team in _plain(line) for line in entry) else kind.recipient


def deleted_gap(slot: str) -> str:
    found = slot_by_id(slot)
    what = found.label if found else slot
    return (
        f"recipient ({what}): the address-book entry chosen for this case is no longer in the "
        "address book; choose another on the case's Overview"
    )


def _plain(text: str) -> str:
    words = text.lower().replace("'", "").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
