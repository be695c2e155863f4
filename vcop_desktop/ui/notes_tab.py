"""The case's Notes tab: the notes, newest first, and a box to write the next one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.case_session import CaseBundle


class NotesTab(QWidget):
    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Notes")
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("New note")
        self.text.setPlaceholderText("Write a note…")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        layout.addWidget(self.text)
        add = QPushButton("Add note")
        add.clicked.connect(self._add)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(add)
        layout.addLayout(row)

    def show_bundle(self, bundle: CaseBundle) -> None:
        self.list.clear()
        for note in reversed(bundle.notes):
            self.list.addItem(f"{note.written_at:%d %b %Y %H:%M} — {note.author}\n{note.text}")

    def _add(self) -> None:
        text = self.text.toPlainText().strip()
        if text:
            self.add_requested.emit(text)
            self.text.clear()
