"""The Overview's "Where letters go": per slot, the address-book entry this case's letters use.

A choice is saved at once (one audited write), apart from the Overview's Save details. Only
slots the address book has entries for are shown, each offering entries of its own types; an
entry chosen and since deleted is shown as such, so the advocate can choose again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from vcop_desktop.domain.address_types import ADDRESS_SLOTS
from vcop_desktop.storage.address_book import AddressEntry

NOT_CHOSEN = "(not chosen)"
GONE = "(the entry chosen was deleted: choose again)"


class _Choice(QComboBox):
    """A combo that a scrolling wheel passes over unless it has been clicked into, so
    scrolling the Overview never changes where letters go."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class RecipientsBox(QGroupBox):
    chosen = Signal(str, object)  # slot, entry id (None: no choice)
    edit_book = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Where letters go", parent)
        self.form = QFormLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form.addRow(self.note)
        self.combos: dict[str, QComboBox] = {}
        self.book_button = QPushButton("Address &book…")
        self.book_button.clicked.connect(self.edit_book.emit)
        row = QHBoxLayout()
        row.addWidget(self.book_button)
        row.addStretch(1)
        self.form.addRow(row)

    def clear(self) -> None:
        for slot in list(self.combos):
            self.form.removeRow(self.combos.pop(slot))
        self.note.clear()

    def show_choices(
        self, book: Sequence[AddressEntry], choices: Mapping[str, str], problem: str = ""
    ) -> None:
        self.clear()
        row = 1
        for slot in ADDRESS_SLOTS:
            entries = sorted(
                (e for e in book if e.type in slot.types), key=lambda e: e.name.lower()
            )
            chosen = choices.get(slot.id)
            if not entries and chosen is None:
                continue
            combo = _Choice()
            combo.setAccessibleName(f"Letters to the {slot.label}")
            combo.addItem(NOT_CHOSEN, None)
            for entry in entries:
                suffix = f" ({entry.type_label})" if len(slot.types) > 1 else ""
                combo.addItem(f"{entry.name}{suffix}", entry.id)
            if chosen is not None and combo.findData(chosen) < 0:
                combo.addItem(GONE, chosen)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.activated.connect(
                lambda _i, s=slot.id, c=combo: self.chosen.emit(s, c.currentData())
            )
            self.combos[slot.id] = combo
            self.form.insertRow(row, f"{slot.label}:", combo)
            row += 1
        if problem:
            self.note.setText(f"⚠ The address book cannot be used: {problem}")
        elif not self.combos:
            self.note.setText(
                "Add the agencies you write to (police force, CPS Area, Witness Care Unit...) "
                "to the address book; then choose here where this case's letters go."
            )
        else:
            self.note.setText("Letters to these agencies go to the address chosen here.")
