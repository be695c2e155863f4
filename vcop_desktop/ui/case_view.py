"""The selected case, in tabs: Overview, Timeline, Events, Contacts, Risk, Safety plan, Notes,
Documents.

The view never touches storage: it shows a `CaseBundle` and emits requests (save details, add
event, mark met ...) that the main window runs on the storage worker.

Each tab lives in its own module (overview_tab, timeline_tab, events_tab, contacts_tab, notes_tab,
documents_tab ...); this one holds them together and asks before unsaved input is left behind.
A tab is built the first time it is shown or asked for (`view.timeline` builds the Timeline):
the eight took about 15 ms of the unlock, before anyone had opened a case. What the window wires
to a tab waits for it (`when_built`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtGui import QShowEvent
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
W = TypeVar("W", bound=QWidget)

#: (name, tab label, the tab's class), in the order shown. No Alt+letter is free for Contacts
#: or Safety plan (each of their letters is taken where the tab shows): Case → Log a contact
#: (Ctrl+K) brings Contacts up, ready to type.
_TABS: tuple[tuple[str, str, type[QWidget]], ...] = (
    ("overview", "&Overview", OverviewTab),
    ("timeline", "Time&line", TimelineTab),
    ("events", "&Events", EventsTab),
    ("contacts", "Contacts", ContactsTab),
    ("risk", "Ris&k", RiskTab),
    ("safety_plan", "Safety plan", SafetyPlanTab),
    ("notes", "&Notes", NotesTab),
    ("documents", "Doc&uments", DocumentsTab),
)


class CaseView(QWidget):
    """All of one case. `show_bundle` refreshes every tab built so far from one consistent
    read; a tab built later is filled from the same bundle."""

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
        self._built: dict[str, QWidget] = {}
        self._hooks: dict[str, list[Callable[[Any], None]]] = {}
        for _name, label, _kind in _TABS:
            self.tabs.addTab(QWidget(), label)  # a stand-in until the tab is first wanted
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.bundle: CaseBundle | None = None
        self._shown_on: tuple[date, int] = (date.today(), 0)
        self._last_tab = 0
        self.tabs.currentChanged.connect(self._tab_changed)

    # -- the tabs, built when first wanted -----------------------------------------------------

    @property
    def overview(self) -> OverviewTab:
        return self._tab("overview", OverviewTab)

    @property
    def timeline(self) -> TimelineTab:
        return self._tab("timeline", TimelineTab)

    @property
    def events(self) -> EventsTab:
        return self._tab("events", EventsTab)

    @property
    def contacts(self) -> ContactsTab:
        return self._tab("contacts", ContactsTab)

    @property
    def risk(self) -> RiskTab:
        return self._tab("risk", RiskTab)

    @property
    def safety_plan(self) -> SafetyPlanTab:
        return self._tab("safety_plan", SafetyPlanTab)

    @property
    def notes(self) -> NotesTab:
        return self._tab("notes", NotesTab)

    @property
    def documents(self) -> DocumentsTab:
        return self._tab("documents", DocumentsTab)

    def built(self, name: str) -> QWidget | None:
        """The tab `name` if it has been built, without building it."""
        return self._built.get(name)

    def when_built(self, name: str, hook: Callable[[Any], None]) -> None:
        """Run `hook(tab)` once the tab `name` exists: now if it does (signals wired there)."""
        tab = self._built.get(name)
        if tab is not None:
            hook(tab)
        else:
            self._hooks.setdefault(name, []).append(hook)

    def _tab(self, name: str, kind: type[W]) -> W:
        tab = self._built.get(name) or self._build(name)
        assert isinstance(tab, kind)
        return tab

    def _build(self, name: str) -> QWidget:
        index = next(i for i, (n, _, _) in enumerate(_TABS) if n == name)
        _, label, kind = _TABS[index]
        tab = kind()
        self._built[name] = tab
        stand_in = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # the same tab stays current: nothing changed
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, label)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        if stand_in is not None:
            stand_in.deleteLater()
        for hook in self._hooks.pop(name, []):
            hook(tab)
        if self.bundle is not None:
            self._fill(name, tab, self.bundle)
        return tab

    def _build_current(self) -> None:
        name = _TABS[self.tabs.currentIndex()][0]
        if name not in self._built:
            self._build(name)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._build_current()  # what is on screen is never a stand-in
        super().showEvent(event)

    def _fill(self, name: str, tab: Any, bundle: CaseBundle) -> None:
        today, due_soon_days = self._shown_on
        if name in ("overview", "timeline"):
            tab.show_bundle(bundle, today, due_soon_days)
        elif name == "safety_plan":
            tab.show_bundle(bundle, today)
        else:
            tab.show_bundle(bundle)

    def show_bundle(self, bundle: CaseBundle, today: date, due_soon_days: int) -> None:
        self.bundle = bundle
        self._shown_on = (today, due_soon_days)
        self.tabs.setEnabled(True)
        ev = bundle.evaluation
        overdue = sum(1 for o in ev.obligations if o.status is Status.OVERDUE)
        name = bundle.victim.preferred_name or bundle.victim.name
        offence = bundle.record.offence or "offence not recorded"
        closed = " — <i>closed</i>" if bundle.record.status == "closed" else ""
        self.header.setText(
            f"<b>{bundle.case_code}</b> — {name} — {offence} — {overdue} overdue{closed}"
        )
        for tab_name, tab in list(self._built.items()):
            self._fill(tab_name, tab, bundle)
        self._build_current()

    def clear(self) -> None:
        """Show no case: every tab emptied, not just hidden (the lock relies on this). A tab
        not built yet has never shown a case."""
        self.bundle = None
        self.tabs.setEnabled(False)
        self.header.setText("Choose a case on the left, or create one (Ctrl+N).")
        today = date.today()
        built = self._built
        if isinstance(overview := built.get("overview"), OverviewTab):
            overview.blank()
        if isinstance(timeline := built.get("timeline"), TimelineTab):
            timeline.model.set_obligations([], today, 0)
            timeline.timeline.canvas.set_case([], [], today, 0)
            timeline._current = None
            timeline._update_label()
        if isinstance(events := built.get("events"), EventsTab):
            events.model.set_events([])
        if isinstance(contacts := built.get("contacts"), ContactsTab):
            contacts.blank()
        if isinstance(risk := built.get("risk"), RiskTab):
            risk.clear()
        if isinstance(notes := built.get("notes"), NotesTab):
            notes.list.clear()
            notes.text.clear()
        if isinstance(documents := built.get("documents"), DocumentsTab):
            documents.list.clear()
        if isinstance(plan := built.get("safety_plan"), SafetyPlanTab):
            plan.blank()

    # -- unsaved input -------------------------------------------------------------------------

    def keep_unsaved(self) -> dict[str, Any] | None:
        """Unsaved Overview edits and an unsent note, held in memory across a lock."""
        kept: dict[str, Any] = {}
        overview, notes, contacts = self._unsaved_tabs()
        if overview is not None and overview.has_unsaved():
            kept["overview"] = keep_all(overview.all_inputs())
        if notes is not None and notes.text.toPlainText().strip():
            kept["note"] = notes.text.toPlainText()
        if contacts is not None and contacts.has_unsaved():
            kept["contact"] = contacts.keep()
        return kept or None

    def _unsaved_tabs(self) -> tuple[OverviewTab | None, NotesTab | None, ContactsTab | None]:
        """The tabs that can hold unsaved input, where built (one never built holds none)."""
        overview, notes, contacts = (self._built.get(n) for n in ("overview", "notes", "contacts"))
        return (
            overview if isinstance(overview, OverviewTab) else None,
            notes if isinstance(notes, NotesTab) else None,
            contacts if isinstance(contacts, ContactsTab) else None,
        )

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
        overview, notes, contacts = self._unsaved_tabs()
        if overview is not None and overview.has_unsaved():
            answer = QMessageBox.question(
                parent, "Unsaved details",
                f"The details of {self.bundle.case_code} have changes that are not saved.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel or (answer == _ASK.Save and not overview._save()):
                return False
            if answer == _ASK.Discard:
                restore_all(overview.all_inputs(), overview._shown)
        if notes is not None and notes.text.toPlainText().strip():
            answer = QMessageBox.question(
                parent, "Unsaved note",
                f"The note you were writing for {self.bundle.case_code} is not added yet.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel:
                return False
            if answer == _ASK.Save:
                notes._add()
            notes.text.clear()
        if contacts is not None and contacts.has_unsaved():
            answer = QMessageBox.question(
                parent, "Contact not logged",
                f"The contact you were logging for {self.bundle.case_code} is not stored yet.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel or (answer == _ASK.Save and not contacts.submit()):
                return False
            if answer == _ASK.Discard:
                contacts.row.note.clear()
        return True

    def _tab_changed(self, index: int) -> None:
        """Leaving Overview or Notes with unsaved input asks first; the tab come to is built
        if it is a stand-in still."""
        left = self.tabs.widget(self._last_tab)
        self._last_tab = index
        overview, notes, _ = self._unsaved_tabs()
        if self.bundle is not None and left is not None and left in (overview, notes):
            assert overview is not None or notes is not None
            unsaved = (
                overview.has_unsaved()
                if overview is not None and left is overview
                else notes is not None and bool(notes.text.toPlainText().strip())
            )
            if unsaved and not self.settle_unsaved(self):
                self.tabs.blockSignals(True)
                self.tabs.setCurrentWidget(left)  # type: ignore[arg-type]
                self.tabs.blockSignals(False)
                self._last_tab = self.tabs.currentIndex()
                return
        if index >= 0:
            self._build_current()
