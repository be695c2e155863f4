"""The case's Events tab: what happened, newest first; asks the window to add, edit or delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.models.base import SortingProxy
from vcop_desktop.ui.models.events_model import EventsModel
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date


class EventsTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(object)  # EventRecord
    delete_requested = Signal(object)  # EventRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add = QPushButton("Add event…")
        self.edit = QPushButton("Ed&it…")
        self.delete = QPushButton("Delete…")
        for button in (self.add, self.edit, self.delete):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = EventsModel(self)
        self.proxy = SortingProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(
            self.table,
            {0: "Wed 30 Sep 2026", 1: "Suspect released under investigation", 3: "A short note",
             4: "advocate"},
            stretch=2, name="Events table",
        )  # fmt: skip
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)
        self.add.clicked.connect(self.add_requested)
        self.edit.clicked.connect(self._edit)
        self.delete.clicked.connect(self._delete)
        self.table.doubleClicked.connect(lambda _i: self._edit())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.activated.connect(self._delete)

    def show_bundle(self, bundle: CaseBundle) -> None:
        duties = {o.key: (o.owed_by, o.what) for o in bundle.evaluation.obligations}
        self.model.set_events(bundle.events, duties)

    def selected(self) -> Any:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def _edit(self) -> None:
        record = self.selected()
        if record is not None:
            self.edit_requested.emit(record)

    def _delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete event",
            f"Delete this event ({record.event.type.replace('_', ' ')}, "
            f"{long_date(record.event.date)})? The deletion is recorded in the case's audit log.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_requested.emit(record)
