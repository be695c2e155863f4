"""The case's Timeline tab: the obligations on the drawn timeline and in a table, kept in step;
asks the window to mark the selected one met or to draft a letter about it."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.models.base import SortingProxy
from vcop_desktop.ui.models.obligations_model import ObligationsModel
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date
from vcop_desktop.ui.timeline import Timeline


class TimelineTab(QWidget):
    mark_met_requested = Signal(object)  # Obligation
    draft_letter_requested = Signal(object)  # Obligation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        #: Mark met, Draft letter (and Reason given, `good_reason_dialog`), the zoom buttons
        self.bar = bar = QHBoxLayout()
        self.mark_met = QPushButton("&Mark met…")
        self.mark_met.setToolTip("Record that the selected obligation was met (Ctrl+M)")
        self.mark_met.clicked.connect(self._mark_met)
        self.draft = QPushButton("Draft letter…")
        self.draft.setToolTip("Draft a complaint or chaser about the selected obligation")
        self.draft.clicked.connect(self._draft)
        zoom_in = QPushButton("Zoom &in")
        zoom_out = QPushButton("&Zoom out")
        to_today = QPushButton("Toda&y")
        bar.addWidget(self.mark_met)
        bar.addWidget(self.draft)
        bar.addStretch(1)
        bar.addWidget(zoom_in)
        bar.addWidget(zoom_out)
        bar.addWidget(to_today)
        layout.addLayout(bar)
        self.selected_label = QLabel("Select an obligation on the timeline or in the table.")
        self.selected_label.setWordWrap(True)
        layout.addWidget(self.selected_label)
        split = QSplitter(Qt.Orientation.Vertical)
        self.timeline = Timeline()
        split.addWidget(self.timeline)
        self.model = ObligationsModel(self)
        self.proxy = SortingProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(
            self.table,
            {0: "Due soon", 1: "no fixed date", 3: "Witness Care", 4: "Right",
             5: "30 Sep 2026", 6: "Victims' Code 2020"},
            stretch=2, name="Obligations table",
        )  # fmt: skip
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.hideColumn(4)  # the Right is in the Source ("Victims' Code 2020, Right 6")
        split.addWidget(self.table)
        split.setSizes([330, 260])
        self.split = split
        layout.addWidget(split, 1)
        zoom_in.clicked.connect(
            lambda: self.timeline.canvas.set_zoom(self.timeline.canvas.zoom * 1.5)
        )
        zoom_out.clicked.connect(
            lambda: self.timeline.canvas.set_zoom(self.timeline.canvas.zoom / 1.5)
        )
        to_today.clicked.connect(self.timeline.scroll_to_today)
        self.timeline.canvas.obligation_selected.connect(self._from_timeline)
        self.timeline.canvas.obligation_activated.connect(self.mark_met_requested)
        self.table.selectionModel().currentRowChanged.connect(self._from_table)
        self.table.doubleClicked.connect(lambda _i: self._mark_met())
        self._current: Obligation | None = None
        self._syncing = False

    def show_bundle(self, bundle: CaseBundle, today: date, due_soon_days: int) -> None:
        selected = self._current.key if self._current else None
        obligations = bundle.evaluation.obligations
        self.model.set_obligations(obligations, today, due_soon_days)
        self.timeline.canvas.set_case(
            obligations, [r.event for r in bundle.events], today, due_soon_days
        )
        self._current = None
        if selected:
            self.select(selected)
        self._update_label()

    def select(self, key: tuple[str, str]) -> None:
        row = self.model.row_of(key)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        self.timeline.canvas.select_obligation(key)

    def current(self) -> Obligation | None:
        return self._current

    def _from_timeline(self, obligation: Obligation | None) -> None:
        if self._syncing:
            return
        self._current = obligation
        if obligation is not None:
            self._syncing = True
            row = self.model.row_of(obligation.key)
            if row >= 0:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
            self._syncing = False
        self._update_label()

    def _from_table(self, current: Any, _previous: Any) -> None:
        if self._syncing or not current.isValid():
            return
        obligation = self.model.obligation(self.proxy.mapToSource(current).row())
        self._current = obligation
        self._syncing = True
        self.timeline.canvas.select_obligation(obligation.key)
        self._syncing = False
        self._update_label()

    def _update_label(self) -> None:
        o = self._current
        if o is None:
            self.selected_label.setText("Select an obligation on the timeline or in the table.")
            self.mark_met.setEnabled(False)
            self.draft.setEnabled(False)
            return
        right = f"Right {o.right}" if o.right else "no Code right"
        if o.right and f"Right {o.right}" in o.source:
            right = ""  # the source names it already ("Victims' Code 2020, Right 6")
        due = f"due {long_date(o.due)}" if o.due else "no fixed date"
        met = f"; met {long_date(o.met_on)}" if o.met_on else ""
        parts = "; ".join(p for p in (right, f"{due}{met}") if p)  # the source: law line
        law = f"<br>Computed under {escape(o.law)}"
        pending = f"<br><i>{escape(o.pending_note)}</i>" if o.pending else ""
        self.selected_label.setText(f"<b>{o.what}</b> ({parts}){law}{pending}")
        self.mark_met.setEnabled(o.status.is_outstanding or o.status is Status.WAIVED)
        # The advocacy service's own standards are never the subject of a letter to an agency.
        self.draft.setEnabled(o.status.is_breach and o.owed_by != "advocate")

    def _mark_met(self) -> None:
        if self._current is not None and self.mark_met.isEnabled():
            self.mark_met_requested.emit(self._current)

    def _draft(self) -> None:
        if self._current is not None:
            self.draft_letter_requested.emit(self._current)
