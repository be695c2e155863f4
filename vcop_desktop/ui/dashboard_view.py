"""The dashboard: every overdue and due-soon item across all cases, grouped by when; and
"Coming up": hearings, MARAC meetings, safety-plan reviews and the victim's own deadlines in
the weeks ahead (filled by the main window from the worker, like the rest)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.vocabulary import AGENCIES, AGENCY_LABELS
from vcop_desktop.storage import ComingUp
from vcop_desktop.storage.due_rows import DueRows
from vcop_desktop.ui.case_session import COMING_UP_DAYS
from vcop_desktop.ui.live_label import LiveLabel, announce
from vcop_desktop.ui.models.coming_up_model import ComingUpModel
from vcop_desktop.ui.models.dashboard_model import GROUPS, DashboardFilter, DashboardModel
from vcop_desktop.ui.reminders import newly_overdue
from vcop_desktop.ui.retention_review import RetentionPanel
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date

_KIND_WORDS = {
    "hearing": ("hearing", "hearings"),
    "marac_meeting": ("MARAC meeting", "MARAC meetings"),
    "safety_plan_review": ("safety plan review", "safety plan reviews"),
    "victim_deadline": ("victim's deadline", "victim's deadlines"),
}


def coming_up_summary(items: Sequence[ComingUp], days: int) -> str:
    """ "Coming up in the next 28 days: 3 (1 hearing, 2 MARAC meetings)." """
    if not items:
        return f"Coming up in the next {days} days: nothing."
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    parts = [
        f"{counts[kind]} {words[counts[kind] != 1]}"
        for kind, words in _KIND_WORDS.items()
        if kind in counts
    ]
    return f"Coming up in the next {days} days: {len(items)} ({', '.join(parts)})."


class DashboardView(QWidget):
    open_item = Signal(object)  # DueItem
    open_case = Signal(str)  # a case id, from "Coming up"
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.banner = LiveLabel("Since you were last here")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.summary = LiveLabel("Dashboard summary")
        layout.addWidget(self.summary)
        # "Reading case 812 of 10,000" while the index is rebuilt (ui/index_progress.py).
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Reading cases")
        self.progress.hide()
        self._progress_said = 0.0
        layout.addWidget(self.progress)
        self.pending = QLabel()  # announced changes of the law touching deadlines listed below
        self.pending.setWordWrap(True)
        self.pending.setAccessibleName("Pending changes of the law")
        self.pending.hide()
        layout.addWidget(self.pending)
        bar = QHBoxLayout()
        self.owner = QComboBox()
        self.owner.setAccessibleName("Whose: agencies, the advocate's own standards or the victim")
        self.owner.addItem("Everyone", "")
        self.owner.addItem("Agencies' duties", "agency")
        self.owner.addItem("Advocate's own standards", "advocate")
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
        self.victim_button = QPushButton()
        self.victim_button.setToolTip("Show only what victims must do themselves, by when")
        self.victim_button.clicked.connect(
            lambda: self.owner.setCurrentIndex(self.owner.findData("victim"))
        )
        bar.addWidget(self.victim_button)
        self.advocate_button = QPushButton()
        self.advocate_button.setToolTip(
            "Show only the advocate's own service standards (not the Victims' Code)"
        )
        self.advocate_button.clicked.connect(
            lambda: self.owner.setCurrentIndex(self.owner.findData("advocate"))
        )
        bar.addWidget(self.advocate_button)
        bar.addStretch(1)
        bar.addWidget(export)
        layout.addLayout(bar)
        self.model = DashboardModel(self)
        self.proxy = DashboardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(
            self.table,
            {0: "This week", 1: "30 Sep 2026 (365 days overdue)", 2: "VC-2026-0000",
             4: "Crown Prosecution Service", 5: "Due soon"},
            stretch=3, name="Dashboard: overdue and due soon",
        )  # fmt: skip
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 3)
        self.empty = QLabel(
            "Nothing is overdue or due soon. Cases appear here once they have events: open "
            "Cases (Ctrl+2), create one with Ctrl+N, then record what has happened with "
            "Add event (Ctrl+E). The app works out every duty owed from those events."
        )
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Dashboard is empty")
        self.empty.hide()
        layout.addWidget(self.empty)
        self.coming_label = LiveLabel("Coming up")
        self.coming_label.setWordWrap(False)
        layout.addWidget(self.coming_label)
        self.coming_model = ComingUpModel(self)
        self.coming = QTableView()
        self.coming.setModel(self.coming_model)
        setup_table(
            self.coming, {0: "Wed 30 Sep 2026 (in 28 days)", 1: "VC-2026-0000"},
            stretch=2, name="Coming up: hearings, MARAC meetings, plan reviews, victim's deadlines",
        )  # fmt: skip
        self.coming.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # soonest first
        self.coming.doubleClicked.connect(self._open_coming)
        self.coming.activated.connect(self._open_coming)
        layout.addWidget(self.coming, 2)
        self.retention = RetentionPanel()  # closed cases due for review; hidden when none
        layout.addWidget(self.retention, 1)
        self.owner.currentIndexChanged.connect(
            lambda: self.proxy.set_owner(self.owner.currentData())
        )
        self.agency.currentIndexChanged.connect(
            lambda: self.proxy.set_agency(self.agency.currentData())
        )
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)

    #: Seconds between a screen reader's hearing of the count (the first is said at once).
    progress_said_every = 15.0

    def show_progress(
        self,
        done: int,
        total: int,
        items: DueRows | None,
        today: date,
        due_soon_days: int,
    ) -> None:
        """The index is being rebuilt: the count read so far and, when given, the due list
        of the cases read so far. Shown at every call; said politely to a screen reader only
        when it first appears and then every `progress_said_every` seconds. `total` 0: the
        reading has ended (the line goes)."""
        if total <= 0:
            self.progress.hide()
            return
        text = (
            f"Reading case {done:,} of {total:,} (the case index is being rebuilt; "
            "the list below fills in as cases are read)."
        )
        self.progress.setText(text)
        self.progress.setAccessibleDescription(text)
        now = time.monotonic()
        if self.progress.isHidden() or now - self._progress_said >= self.progress_said_every:
            announce(self.progress, text)
            self._progress_said = now
        self.progress.show()
        if items is not None:
            self.model.set_items(items, today, due_soon_days)
            self.empty.hide()

    def set_items(self, items: DueRows, today: date, due_soon_days: int) -> None:
        """Show `items`; the summary line says the list's scope, then the count of each group."""
        self.progress.hide()
        self.model.set_items(items, today, due_soon_days)
        owners = Counter(shape.owed_by for shape in items.shapes())
        victim = owners["victim"]
        self.victim_button.setText(f"Victim's deadlines ({victim})")
        advocate = owners["advocate"]
        self.advocate_button.setText(f"Advocate's standards ({advocate})")
        self.empty.setVisible(not items)
        self._show_pending(items)
        counts = self.model.counts()
        # The scope first, as a sentence of its own: run on after the counts, "(due within 7
        # days, or overdue)" read as if it described "Later" (issue 18).
        self.summary.setText(
            f"Overdue, or due within {due_soon_days} days. "
            + "  ·  ".join(f"{group}: {counts[group]}" for group in GROUPS)
        )

    def _show_pending(self, items: DueRows) -> None:
        """One line per pending change touching a listed deadline (its date stands)."""
        counts: dict[str, int] = {}
        notes: dict[str, str] = {}
        for shape in items.shapes():
            for change in shape.pending:
                counts[change.id] = counts.get(change.id, 0) + 1
                notes[change.id] = change.note
        lines = [
            f"<i>Pending change ({counts[pid]} deadline{'s' if counts[pid] != 1 else ''} "
            f"below): {escape(notes[pid])}</i>"
            for pid in sorted(counts)
        ]
        self.pending.setText("<br>".join(lines))
        self.pending.setVisible(bool(lines))

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_since_last(self, items: DueRows, last_day: date, today: date) -> None:
        """The first refresh after unlock: what became overdue since the last visit."""
        became = newly_overdue(items, last_day, today)
        since = f"Since you were last here ({long_date(last_day)})"
        if became:
            self.show_banner(
                f"⚠ {since}, {len(became)} item{'s' if len(became) != 1 else ''} became overdue."
            )
        else:
            self.show_banner(f"{since}, nothing new became overdue.")

    def set_coming_up(self, items: Sequence[ComingUp], today: date) -> None:
        """The "Coming up" list, soonest first; its count said in words (and announced)."""
        self.coming_model.set_items(items, today)
        self.coming_label.setText(f"<b>{coming_up_summary(items, COMING_UP_DAYS)}</b>")

    def _open_coming(self, index: object) -> None:
        current = self.coming.currentIndex()
        if current.isValid():
            self.open_case.emit(self.coming_model.item(current.row()).case_id)

    def _open(self, index: object) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.open_item.emit(self.model.due_item(self.proxy.mapToSource(current).row()))
