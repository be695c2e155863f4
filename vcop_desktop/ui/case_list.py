"""The case list beside the open case: search, open/closed filter, and the count shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.models.cases_model import CaseFilter, CaseIdRole, CasesModel
from vcop_desktop.ui.tables import setup_table


class CaseListPanel(QWidget):
    """The Cases page's left half; the main window fills `model` and follows the selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, case code or crime reference (Ctrl+F)")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setAccessibleName("Show open or closed cases")
        self.status.addItem("Open cases", "open")
        self.status.addItem("Closed cases", "closed")
        self.status.addItem("All cases", "all")
        row.addWidget(self.search, 1)
        row.addWidget(self.status)
        layout.addLayout(row)
        self.model = CasesModel(self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(
            self.table, {0: "VC-2026-0000", 1: "M.M.", 3: "30 Sep 2026", 4: "⚠ 10"},
            stretch=2, name="Cases", whole=frozenset({0, 3}),
            may_hide=True,  # the offence is in the open case's heading too
        )  # fmt: skip
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._filter_changed)
        self.status.currentIndexChanged.connect(self._status_changed)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.update_count()

    def _status_changed(self) -> None:
        self.proxy.set_status(self.status.currentData())
        self.update_count()

    def update_count(self) -> None:
        """Also after the main window refills the model: the filter's signals do not say so."""
        self.count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} cases shown")

    def select_case(self, case_id: str) -> None:
        row = self.model.row_for(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything so it can be selected
            self.search.clear()
            self.status.setCurrentIndex(self.status.findData("all"))
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def current_case_id(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(CaseIdRole)) if index.isValid() else None
