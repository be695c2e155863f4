"""The dashboard: every overdue and due-soon item across all cases, grouped by when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.vocabulary import AGENCIES, AGENCY_LABELS
from vcop_desktop.storage import DueItem
from vcop_desktop.ui.models.dashboard_model import GROUPS, DashboardFilter, DashboardModel


class DashboardView(QWidget):
    open_item = Signal(object)  # DueItem
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Since you were last here")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setAccessibleName("Dashboard summary")
        layout.addWidget(self.summary)
        bar = QHBoxLayout()
        self.owner = QComboBox()
        self.owner.setAccessibleName("Whose: agencies or the victim")
        self.owner.addItem("Everyone", "")
        self.owner.addItem("Agencies' duties", "agency")
        self.owner.addItem("Victim's own deadlines", "victim")
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency")
        self.agency.addItem("All agencies", "")
        for agency in AGENCIES:
            self.agency.addItem(AGENCY_LABELS[agency], agency)
        owner_label = QLabel("&Show:")
        owner_label.setBuddy(self.owner)
        agency_label = QLabel("A&gency:")
        agency_label.setBuddy(self.agency)
        export = QPushButton("E&xport to calendar (.ics)…")
        export.clicked.connect(self.export_requested)
        bar.addWidget(owner_label)
        bar.addWidget(self.owner)
        bar.addWidget(agency_label)
        bar.addWidget(self.agency)
        bar.addStretch(1)
        bar.addWidget(export)
        layout.addLayout(bar)
        self.model = DashboardModel(self)
        self.proxy = DashboardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Dashboard: overdue and due soon")
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        layout.addWidget(self.table, 1)
        self.owner.currentIndexChanged.connect(
            lambda: self.proxy.set_owner(self.owner.currentData())
        )
        self.agency.currentIndexChanged.connect(
            lambda: self.proxy.set_agency(self.agency.currentData())
        )
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)

    def set_items(self, items: Sequence[DueItem], today: date, due_soon_days: int) -> None:
        self.model.set_items(items, today, due_soon_days)
        counts = self.model.counts()
        self.summary.setText(
            "  ·  ".join(f"{group}: {counts[group]}" for group in GROUPS)
            + f"   (due within {due_soon_days} days, or overdue)"
        )

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _open(self, index: object) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.open_item.emit(self.model.item(self.proxy.mapToSource(current).row()))
