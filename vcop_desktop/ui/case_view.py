"""The selected case, in tabs: Overview, Timeline, Events, Contacts, Notes, Documents.

The view never touches storage: it shows a `CaseBundle` and emits requests (save details, add
event, mark met ...) that the main window runs on the storage worker.

Each tab lives in its own module (overview_tab, timeline_tab, events_tab, contacts_tab, notes_tab,
documents_tab);
this one holds them together and asks before unsaved input is left behind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from vcop_desktop.domain.obligations import Status
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.contacts_tab import ContactsTab
from vcop_desktop.ui.documents_tab import DocumentsTab
from vcop_desktop.ui.events_tab import EventsTab
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.notes_tab import NotesTab
from vcop_desktop.ui.overview_tab import OverviewTab
from vcop_desktop.ui.risk_tab import RiskTab
from vcop_desktop.ui.safety_plan_tab import SafetyPlanTab
from vcop_desktop.ui.timeline_tab import TimelineTab

__all__ = [
    "CaseView",
    "ContactsTab",
    "DocumentsTab",
    "EventsTab",
    "NotesTab",
    "OverviewTab",
    "RiskTab",
    "SafetyPlanTab",
    "TimelineTab",
]

_ASK = QMessageBox.StandardButton


class CaseView(QWidget):
    """All of one case. `show_bundle` refreshes every tab from one consistent read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = LiveLabel(
            "Selected case", "Choose a case on the left, or create one (Ctrl+N)."
        )
        self.header.setWordWrap(False)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.overview = OverviewTab()
        self.timeline = TimelineTab()
        self.events = EventsTab()
        self.contacts = ContactsTab()
        self.risk = RiskTab()
        self.notes = NotesTab()
        self.documents = DocumentsTab()
        self.tabs.addTab(self.overview, "&Overview")
        self.tabs.addTab(self.timeline, "Time&line")
        self.tabs.addTab(self.events, "&Events")
        # No Alt+letter is free for it (each of its letters is taken where the tab shows):
        # Case → Log a contact (Ctrl+K) brings it up, ready to type.
        self.tabs.addTab(self.contacts, "Contacts")
        self.tabs.addTab(self.risk, "Ris&k")
        self.safety_plan = SafetyPlanTab()
        self.tabs.addTab(self.safety_plan, "Safety plan")  # no Alt letter is free either
        self.tabs.addTab(self.notes, "&Notes")
        self.tabs.addTab(self.documents, "Doc&uments")
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.bundle: CaseBundle | None = None
        self._last_tab = 0
        self.tabs.currentChanged.connect(self._tab_changed)

    def show_bundle(self, bundle: CaseBundle, today: date, due_soon_days: int) -> None:
        self.bundle = bundle
        self.tabs.setEnabled(True)
        ev = bundle.evaluation
        overdue = sum(1 for o in ev.obligations if o.status is Status.OVERDUE)
        name = bundle.victim.preferred_name or bundle.victim.name
        offence = bundle.record.offence or "offence not recorded"
        closed = " — <i>closed</i>" if bundle.record.status == "closed" else ""
        self.header.setText(
            f"<b>{bundle.case_code}</b> — {name} — {offence} — {overdue} overdue{closed}"
        )
        self.overview.show_bundle(bundle, today, due_soon_days)
        self.timeline.show_bundle(bundle, today, due_soon_days)
        self.events.show_bundle(bundle)
        self.contacts.show_bundle(bundle)
        self.risk.show_bundle(bundle)
        self.notes.show_bundle(bundle)
        self.documents.show_bundle(bundle)
        self.safety_plan.show_bundle(bundle, today)

    def clear(self) -> None:
        """Show no case: every tab emptied, not just hidden (the lock relies on this)."""
        self.bundle = None
        self.tabs.setEnabled(False)
        self.header.setText("Choose a case on the left, or create one (Ctrl+N).")
        self.overview.blank()
        today = date.today()
        self.timeline.model.set_obligations([], today, 0)
        self.timeline.timeline.canvas.set_case([], [], today, 0)
        self.timeline._current = None
        self.timeline._update_label()
        self.events.model.set_events([])
        self.contacts.blank()
        self.risk.clear()
        self.notes.list.clear()
        self.notes.text.clear()
        self.documents.list.clear()
        self.safety_plan.blank()

    # -- unsaved input -------------------------------------------------------------------------

    def keep_unsaved(self) -> dict[str, Any] | None:
        """Unsaved Overview edits and an unsent note, held in memory across a lock."""
        kept: dict[str, Any] = {}
        if self.overview.has_unsaved():
            kept["overview"] = keep_all(self.overview.all_inputs())
        if self.notes.text.toPlainText().strip():
            kept["note"] = self.notes.text.toPlainText()
        if self.contacts.has_unsaved():
            kept["contact"] = self.contacts.keep()
        return kept or None

    def restore_unsaved(self, kept: dict[str, Any]) -> None:
        if "overview" in kept:
            restore_all(self.overview.all_inputs(), kept["overview"])
        if "note" in kept:
            self.notes.text.setPlainText(kept["note"])
        if "contact" in kept:
            self.contacts.restore(kept["contact"])

    def settle_unsaved(self, parent: QWidget) -> bool:
        """Before leaving the case: save, discard or stay. False means stay (Cancel)."""
        if self.bundle is None:
            return True
        if self.overview.has_unsaved():
            answer = QMessageBox.question(
                parent, "Unsaved details",
                f"The details of {self.bundle.case_code} have changes that are not saved.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel or (answer == _ASK.Save and not self.overview._save()):
                return False
            if answer == _ASK.Discard:
                restore_all(self.overview.all_inputs(), self.overview._shown)
        if self.notes.text.toPlainText().strip():
            answer = QMessageBox.question(
                parent, "Unsaved note",
                f"The note you were writing for {self.bundle.case_code} is not added yet.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel:
                return False
            if answer == _ASK.Save:
                self.notes._add()
            self.notes.text.clear()
        if self.contacts.has_unsaved():
            answer = QMessageBox.question(
                parent, "Contact not logged",
                f"The contact you were logging for {self.bundle.case_code} is not stored yet.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel or (answer == _ASK.Save and not self.contacts.submit()):
                return False
            if answer == _ASK.Discard:
                self.contacts.row.note.clear()
        return True

    def _tab_changed(self, index: int) -> None:
        """Leaving Overview or Notes with unsaved input asks first."""
        left = self.tabs.widget(self._last_tab)
        self._last_tab = index
        if self.bundle is None or left not in (self.overview, self.notes):
            return
        unsaved = (
            self.overview.has_unsaved()
            if left is self.overview
            else bool(self.notes.text.toPlainText().strip())
        )
        if unsaved and not self.settle_unsaved(self):
            self.tabs.blockSignals(True)
            self.tabs.setCurrentWidget(left)
            self.tabs.blockSignals(False)
            self._last_tab = self.tabs.currentIndex()
