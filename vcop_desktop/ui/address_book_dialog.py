"""Tools → Address book: the agencies letters are written to (no victim data in it).

A list on the left, the chosen entry's type, name and address on the right. Changes are made
in the dialog and written only by Save (Cancel forgets them); Save applies them to the file as
it is then (`storage.address_book.update_book`), so a colleague's changes meanwhile are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.address_types import ADDRESS_TYPES
from vcop_desktop.errors import UserError
from vcop_desktop.storage.address_book import AddressEntry, make_entry, new_entry_id
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.fit import fit_to_screen

#: (the book as loaded, the book as edited) -> the book as saved; raises UserError.
SaveBook = Callable[[list[AddressEntry], list[AddressEntry]], list[AddressEntry]]


@dataclass
class _Row:
    """An entry as typed so far (checked only on Save)."""

    id: str
    type: str
    name: str
    address: str

    @classmethod
    def of(cls, entry: AddressEntry) -> _Row:
        return cls(entry.id, entry.type, entry.name, "\n".join(entry.address))

    def label(self) -> str:
        name = " ".join(self.name.split()) or "(no name yet)"
        return f"{name} — {ADDRESS_TYPES.get(self.type, self.type)}"


class AddressBookDialog(QDialog):
    def __init__(
        self,
        entries: Sequence[AddressEntry],
        save: SaveBook,
        *,
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Address book")
        fit_to_screen(self, 860, 520)
        self.original = list(entries)
        self._save_book = save
        self.saved: list[AddressEntry] | None = None
        self.rows = [_Row.of(e) for e in entries]
        outer = QVBoxLayout(self)
        intro = QLabel(
            "The agencies your letters go to. Each case chooses its entries on its Overview; a "
            "letter prints the entry as it is here when the letter is drafted. Give the "
            "organisation's name: the letter adds the team (Professional Standards Department, "
            "Victim Liaison Unit...). This book holds no victim data and is shared by everyone "
            "who uses this workspace."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find…")
        self.search.setAccessibleName("Find an agency")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        left.addWidget(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName("Agencies")
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_row)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Ne&w entry")
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip(
            "Cases that chose it will show a gap in their letters until another is chosen."
        )
        self.remove_button.clicked.connect(self.remove_entry)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        body.addLayout(left, 1)
        form = QFormLayout()
        self.type = QComboBox()
        self.type.setAccessibleName("Kind of agency")
        for code, label in ADDRESS_TYPES.items():
            self.type.addItem(label, code)
        form.addRow("&Kind:", self.type)
        self.name = QLineEdit()
        self.name.setAccessibleName("Agency name")
        self.name.setPlaceholderText("e.g. Northdale Constabulary")
        form.addRow("&Name:", self.name)
        self.address = QPlainTextEdit()
        self.address.setAccessibleName("Postal address, one line per line")
        self.address.setPlaceholderText("One line per line:\nPolice Headquarters\n1 Station Road")
        self.address.setTabChangesFocus(True)
        form.addRow("&Address:", self.address)
        body.addLayout(form, 1)
        outer.addLayout(body, 1)
        self.problem, _buttons = add_problem_and_buttons(
            self, outer, self.save, save=True, problem=problem
        )
        self._showing: _Row | None = None
        self.type.currentIndexChanged.connect(self._edited)
        self.name.textChanged.connect(self._edited)
        self.address.textChanged.connect(self._edited)
        self._fill_list()

    # -- the list ------------------------------------------------------------------------------

    def _fill_list(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in sorted(self.rows, key=lambda r: (r.type != "police", r.label().lower())):
            item = QListWidgetItem(row.label())
            item.setToolTip(row.label())
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.search.text())
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        index = ids.index(select) if select in ids else (0 if ids else -1)
        self.list.setCurrentRow(index)
        self._show_row(index)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not all(w in item.text().lower() for w in words))

    def _row(self, index: int) -> _Row | None:
        item = self.list.item(index) if index >= 0 else None
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == wanted), None)

    def _show_row(self, index: int) -> None:
        row = self._row(index)
        self._showing = None  # no edits while the fields are filled
        for widget in (self.type, self.name, self.address):
            widget.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        self.type.setCurrentIndex(max(0, self.type.findData(row.type)) if row else 0)
        self.name.setText(row.name if row else "")
        self.address.setPlainText(row.address if row else "")
        self._showing = row

    def _edited(self) -> None:
        row = self._showing
        if row is None:
            return
        row.type = str(self.type.currentData())
        row.name = self.name.text()
        row.address = self.address.toPlainText()
        item = self.list.currentItem()
        if item is not None:
            item.setText(row.label())
            item.setToolTip(row.label())

    # -- actions -------------------------------------------------------------------------------

    def add_entry(self, type_: str | None = None) -> None:
        current = self._showing
        kind = type_ or (current.type if current else "police")
        row = _Row(new_entry_id(r.id for r in self.rows), kind, "", "")
        self.rows.append(row)
        self.search.clear()
        self._fill_list(select=row.id)
        self.name.setFocus()

    def remove_entry(self) -> None:
        row = self._showing
        if row is None:
            return
        self.rows = [r for r in self.rows if r.id != row.id]
        self._fill_list()

    def entries(self) -> list[AddressEntry]:
        """The edited book, checked; a problem is a UserError naming the entry."""
        out: list[AddressEntry] = []
        for row in self.rows:
            try:
                out.append(make_entry(row.type, row.name, row.address, entry_id=row.id))
            except UserError as error:
                self._fill_list(select=row.id)
                raise UserError(f"{row.label()}: {error}") from None
        return out

    def save(self) -> None:
        try:
            self.saved = self._save_book(self.original, self.entries())
        except UserError as error:
            self.problem.setText(str(error))
            return
        self.accept()

    # -- across a lock -------------------------------------------------------------------------

    def keep(self) -> dict[str, Any]:
        """The entries as typed and the one shown, in memory only until the unlock."""
        return {
            "original": [(e.id, e.type, e.name, e.address) for e in self.original],
            "rows": [(r.id, r.type, r.name, r.address) for r in self.rows],
            "current": self._showing.id if self._showing else None,
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.original = [
            AddressEntry(i, t, n, tuple(a)) for i, t, n, a in state.get("original", [])
        ]
        self.rows = [_Row(*row) for row in state.get("rows", [])]
        self._fill_list(select=state.get("current"))
