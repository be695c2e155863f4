"""The main window: dashboard and cases, menus and shortcuts, lock, tray and reminders.

All storage work goes through `context.worker`; this module never calls storage on the UI
thread. The window holds the unlocked `Workspace` only between unlock and lock.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.rules import AgreedInterval
from vcop_desktop.storage import DueItem, Workspace
from vcop_desktop.ui.case_session import CaseBundle, CaseSession, WorkspaceView, load_workspace_view
from vcop_desktop.ui.case_view import CaseView
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.contrast import DONE_HUE, text_style
from vcop_desktop.ui.dashboard_view import DashboardView
from vcop_desktop.ui.dialogs import MarkMetDialog, NewCaseDialog
from vcop_desktop.ui.errors import show_error
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.fit import fit_to_screen, from_text, keep_on_screen, scrolling, to_text
from vcop_desktop.ui.good_reason_dialog import install_reason_button, record_reason
from vcop_desktop.ui.idle import IdleWatcher
from vcop_desktop.ui.law_dialog import update_the_law
from vcop_desktop.ui.live_label import tell
from vcop_desktop.ui.matters_list import matter_choices
from vcop_desktop.ui.models.cases_model import CaseFilter, CaseIdRole, CasesModel
from vcop_desktop.ui.reminders import ReminderService, Tray, newly_overdue
from vcop_desktop.ui.reports_view import ReportsView
from vcop_desktop.ui.start_window import UnlockPage
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date
from vcop_desktop.ui.viewer import ViewerFiles

if TYPE_CHECKING:
    from vcop_desktop.storage import CaseHandle


class CaseListPanel(QWidget):
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
            stretch=2, name="Cases",
        )  # fmt: skip
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._filter_changed)
        self.status.currentIndexChanged.connect(self._status_changed)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _status_changed(self) -> None:
        self.proxy.set_status(self.status.currentData())
        self._update_count()

    def _update_count(self) -> None:
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


class MainWindow(QMainWindow):
    #: Emitted as the window closes to go to another workspace: its folder, or "" for the
    #: first-run screen (New workspace, and after the demo).
    switch_workspace = Signal(str)

    def __init__(self, context: AppContext, workspace: Workspace) -> None:
        super().__init__()
        self.context = context
        self.workspace: Workspace | None = workspace
        self.session: CaseSession | None = CaseSession(workspace)
        self.workspace_dir = workspace.folder
        self.locked = False
        self._closed = False
        self._last_seen: date | None = None
        self._pending_select: tuple[str, str] | None = None
        self._restore: tuple[str | None, int, int] | None = None
        self._loading_case: str | None = None
        self._generation = 0  # bumped by each lock: results of older jobs are dropped
        self._open_dialogs: list[tuple[QDialog, Any, str | None]] = []
        self._resume: list[tuple[Any, Any, str | None]] = []
        self._kept_view: tuple[str, dict[str, Any]] | None = None
        self.viewer_files = ViewerFiles()
        self.demo = context.is_demo(workspace.folder)
        self._switch_to: str | None = None
        title = "DEMO (made-up cases)" if self.demo else workspace.folder.name
        self.setWindowTitle(f"VCOP Desktop — {title}")
        fit_to_screen(self, 1280, 800)

        self.stack = QStackedWidget()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        self.demo_banner = QLabel(
            "DEMO WORKSPACE: made-up cases for trying the app. Do not enter real cases here: "
            "File → New workspace makes your own."
        )
        self.demo_banner.setAccessibleName("Demo workspace")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setStyleSheet(
            "background: #7a3e00; color: white; font-weight: bold; padding: 4px 8px"
        )
        self.demo_banner.setVisible(self.demo)
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.content = QTabWidget()
        self.content.setDocumentMode(True)
        self.dashboard = DashboardView()
        self.cases = CaseListPanel()
        self.case_view = CaseView()
        split = QSplitter()
        split.addWidget(self.cases)
        split.addWidget(self.case_view)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)  # a wider window widens the case, not the list
        split.setSizes([430, 850])
        self.case_split = split
        self.reports = ReportsView(self)
        self.pages: tuple[QWidget, ...] = (self.dashboard, split, self.reports)
        for page, title in zip(self.pages, ("&Dashboard", "C&ases", "&Reports"), strict=True):
            self.content.addTab(scrolling(page), title)
        self.stack.addWidget(self.content)
        self.lock_page = UnlockPage(context)
        self.lock_page.other.hide()
        self.stack.addWidget(self.lock_page)
        self.cover = QLabel("VCOP Desktop is hidden. Restore the window to continue.")
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.cover)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(500)  # only show progress for work over half a second
        self._busy_timer.timeout.connect(self.busy.show)
        context.worker.busy_changed.connect(self._busy_changed)

        self._build_actions()
        self._connect()

        self.idle = IdleWatcher(context.settings["idle_lock_minutes"], self)
        self.idle.idle.connect(self.lock)
        self.idle.lock_key = self.lock_action.shortcut()
        self.idle.lock_pressed.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.reminders = ReminderService(
            context.clock,
            self.refresh_all,
            lambda: context.settings["reminder_times"],
            self,
            warn_days=self._warn_days,
        )
        self.tray = Tray(self.windowIcon() if not self.windowIcon().isNull() else QIcon(), self)
        self.reminders.notify.connect(self.tray.show_message)
        self.reminders.items_changed.connect(self.tray.set_items)
        self.tray.show_window.connect(self._show_from_tray)
        self.tray.lock_now.connect(self.lock)
        self.tray.open_item.connect(self.open_due_item)
        self.reminders.start()
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(10 * 60_000)
        self.backup_timer.timeout.connect(self.maybe_backup)
        self.backup_timer.start()
        self._restore_layout()
        self._after_unlock()

    # -- construction --------------------------------------------------------------------------

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.new_case_action = self._action(file, "&New case…", self.new_case, "Ctrl+N")
        file.addSeparator()
        self._action(file, "New &workspace…", lambda: self._switch(""))
        self._action(file, "&Open workspace…", self.open_workspace)
        self.recent_menu = file.addMenu("&Recent workspaces")
        self._fill_recent()
        file.addSeparator()
        self._action(file, "&Import scenario…", self.import_scenario)
        self._action(file, "&Export deadlines to calendar (.ics)…", self.export_ics)
        self._action(file, "&Back up now", self.backup_now)
        self._action(file, "&Update the law…", lambda: update_the_law(self))
        file.addSeparator()
        self.lock_action = self._action(file, "&Lock", self.lock, "Ctrl+L")
        # Lock works from any window of the app, dialogs included.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        case = bar.addMenu("&Case")
        self.add_event_action = self._action(case, "&Add event…", self.add_event, "Ctrl+E")
        self.mark_met_action = self._action(case, "&Mark met…", self.mark_selected_met, "Ctrl+M")
        self.draft_action = self._action(case, "&Draft letter…", self.draft_letter, "Ctrl+D")
        self._action(
            case,
            "Agency's &reason…",
            lambda: record_reason(self, self.case_view.timeline.current()),
        )
        view = bar.addMenu("&View")
        self._action(view, "&Dashboard", lambda: self.content.setCurrentIndex(0), "Ctrl+1")
        self._action(view, "&Cases", lambda: self.content.setCurrentIndex(1), "Ctrl+2")
        self._action(view, "&Reports", lambda: self.content.setCurrentIndex(2), "Ctrl+3")
        self._action(view, "&Search cases", self.focus_search, "Ctrl+F")
        self._action(view, "Re&fresh", self.refresh_all, "F5")
        tools = bar.addMenu("&Tools")
        self._action(tools, "&Settings…", self.open_settings, "Ctrl+,")
        self._action(tools, "&Address book…", self.open_address_book)
        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "&User guide: your rights", self.show_user_guide,
            QKeySequence.StandardKey.HelpContents,
        )  # fmt: skip
        self._action(help_menu, "&About VCOP Desktop", self.about)

    # -- workspaces ----------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        """Workspaces opened before (folders only), newest first; this one is remembered."""
        recent = self._state("recent-workspaces.json")
        here = str(self.workspace_dir)
        recent[here] = self.context.clock.now().isoformat()
        newest = sorted(recent.items(), key=lambda kv: kv[1], reverse=True)[:8]
        self._save_state("recent-workspaces.json", dict(newest))
        self.recent_menu.clear()
        others = [folder for folder, _ in newest if folder != here]
        for folder in others:
            label = f"{Path(folder).name} (demo)" if self.context.is_demo(Path(folder)) else folder
            action = self.recent_menu.addAction(label)
            action.triggered.connect(lambda _=False, f=folder: self._switch(f))
        self.recent_menu.setEnabled(bool(others))

    def open_workspace(self) -> None:
        from vcop_desktop.ui.file_dialogs import start_folder

        folder = QFileDialog.getExistingDirectory(self, "Open workspace", str(start_folder()))
        if folder:
            self._switch(folder)

    def _switch(self, target: str) -> None:
        """Close this workspace (asking about unsaved input) and go to another one."""
        self._switch_to = target
        if not self.close():
            self._switch_to = None

    def _connect(self) -> None:
        self.cases.table.selectionModel().currentRowChanged.connect(self._case_selected)
        self.dashboard.open_item.connect(self.open_due_item)
        self.dashboard.export_requested.connect(self.export_ics)
        view = self.case_view
        view.overview.save_requested.connect(self.save_details)
        view.overview.recipients.chosen.connect(self.choose_recipient)
        view.overview.recipients.edit_book.connect(self.open_address_book)
        view.timeline.mark_met_requested.connect(self.mark_met)
        view.timeline.draft_letter_requested.connect(self.draft_letter_for)
        view.events.add_requested.connect(self.add_event)
        view.events.edit_requested.connect(self.edit_event)
        view.events.delete_requested.connect(self.delete_event)
        view.notes.add_requested.connect(self.add_note)
        view.documents.save_as_requested.connect(self.save_document_as)
        view.documents.save_docx_requested.connect(self.save_docx_as)
        view.documents.open_requested.connect(self.view_document)
        view.documents.open_draft_requested.connect(self.open_draft)
        self.lock_page.unlocked.connect(self._unlocked)
        install_reason_button(self)

    # -- helpers -------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self.context.clock.today()

    @property
    def due_soon(self) -> int:
        return int(self.context.settings["due_soon_days"])

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()

    def run(self, job: Any, done: Any = None, doing: str = "") -> None:
        """Run `job` on the storage worker; callbacks are dropped once the window has closed
        or been locked since, and nothing is sent to the worker while locked."""
        if self.locked:
            return
        generation = self._generation

        def current() -> bool:
            return not self._closed and not self.locked and generation == self._generation

        def finished(result: Any) -> None:
            if current() and done is not None:
                done(result)

        def failed(error: BaseException) -> None:
            if current():
                show_error(self, error, doing)

        self.context.worker.submit(job, finished, failed)

    def exec_dialog(self, dialog: QDialog, reopen: Any, *, case_bound: bool = False) -> bool:
        """Run a modal dialog. A lock closes it, keeps what was typed in memory, and calls
        `reopen(kept)` after the unlock (for a case's dialog, once that case is shown again).
        True only when it was accepted and the app is still unlocked."""
        bundle = self.case_view.bundle
        entry = (dialog, reopen, bundle.case_id if case_bound and bundle else None)
        self._open_dialogs.append(entry)
        if self.demo:
            dialog.setWindowTitle(f"DEMO — {dialog.windowTitle()}")
        try:
            accepted = bool(dialog.exec())
        finally:
            self._open_dialogs.remove(entry)
            dialog.deleteLater()  # after the caller has read it: closed dialogs are not kept
        return accepted and not self.locked

    def _maybe_resume(self) -> None:
        """After an unlock, reopen the dialog the lock closed, with its input."""
        if not self._resume or self.locked:
            return
        reopen, kept, case_id = self._resume[0]
        bundle = self.case_view.bundle
        if case_id is not None and (bundle is None or bundle.case_id != case_id):
            return
        self._resume.clear()
        QTimer.singleShot(0, lambda: reopen(kept))

    # -- workspace-wide ------------------------------------------------------------------------

    def refresh_all(self) -> None:
        workspace, today = self.workspace, self.today
        if workspace is None:
            return
        self.run(lambda: load_workspace_view(workspace, today), self._show_workspace, "load cases")

    def _show_workspace(self, view: WorkspaceView) -> None:
        if self.locked:
            return
        selected = self.cases.current_case_id()
        self.cases.model.set_rows(view.rows)
        self.cases._update_count()
        horizon = self.today.toordinal() + self.due_soon
        soon = [i for i in view.due if i.obligation.due and i.obligation.due.toordinal() <= horizon]
        self.dashboard.set_items(soon, self.today, self.due_soon)
        self.reminders.update(view.due)
        if self._last_seen is not None:  # the first refresh after unlock: say what changed
            self._show_since_last(view.due, self._last_seen)
            self._last_seen = None
        if view.problems:
            self.tell(
                f"{len(view.problems)} case file(s) could not be read and were left untouched: "
                + "; ".join(view.problems[:3]),
                20_000,
            )
        if selected:
            self.cases.select_case(selected)
        self._restore_position()
        self._maybe_resume()

    def _show_since_last(self, items: list[DueItem], last_day: date) -> None:
        became = newly_overdue(items, last_day, self.today)
        since = f"Since you were last here ({long_date(last_day)})"
        if became:
            self.dashboard.show_banner(
                f"⚠ {since}, {len(became)} item{'s' if len(became) != 1 else ''} became overdue."
            )
        else:
            self.dashboard.show_banner(f"{since}, nothing new became overdue.")

    def _configure_workspace(self) -> None:
        """Apply the organisation's rule packs and closure days (queued before any read)."""
        workspace = self.workspace
        if workspace is None:
            return
        rules_dirs = list(self.context.rules_dirs)
        folder = self.context.settings["rules_folder"]
        if folder and Path(folder) not in rules_dirs:
            rules_dirs.append(Path(folder))
        closures = self.context.settings.closure_days()

        def job() -> None:
            from vcop_desktop.domain.calendar import WorkingCalendar
            from vcop_desktop.storage.law import workspace_rulebook

            workspace.configure(
                rulebook=workspace_rulebook(workspace.folder, rules_dirs) if rules_dirs else None,
                calendar=WorkingCalendar(closures),
            )

        self.run(job, None, "load your organisation's rule packs")

    def _after_unlock(self) -> None:
        if self.workspace is None:
            return
        self._configure_workspace()
        key = self._workspace_key()
        seen = self._state("last-seen.json")
        last = seen.get(key)
        self._last_seen = date.fromisoformat(last[:10]) if last else None
        seen[key] = self.context.clock.now().isoformat()
        self._save_state("last-seen.json", seen)
        self.idle.set_minutes(self.context.settings["idle_lock_minutes"])
        self.refresh_all()
        self.maybe_backup()

    # -- cases ---------------------------------------------------------------------------------

    def _case_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        case_id = str(current.data(CaseIdRole))
        bundle = self.case_view.bundle
        leaving = bundle is not None and bundle.case_id != case_id
        if leaving and bundle is not None and not self.case_view.settle_unsaved(self):
            stay = bundle.case_id  # Cancel: stay where the edits are
            QTimer.singleShot(0, lambda: self.cases.select_case(stay))
            return
        self.load_case(case_id)

    def load_case(self, case_id: str) -> None:
        session, today = self.session, self.today
        if session is None:
            return
        self._loading_case = case_id
        self.run(lambda: session.open(case_id, today), self._show_case, "open the case")

    def _show_case(self, bundle: CaseBundle) -> None:
        if self.locked or bundle.case_id != self._loading_case:
            return
        self.case_view.show_bundle(bundle, self.today, self.due_soon)
        if self._kept_view is not None and self._kept_view[0] == bundle.case_id:
            self.case_view.restore_unsaved(self._kept_view[1])
            self._kept_view = None
            self.tell("Your unsaved edits are back, still unsaved.", 8000)
        if self._pending_select is not None:
            self.case_view.tabs.setCurrentWidget(self.case_view.timeline)
            self.case_view.timeline.select(self._pending_select)
            self._pending_select = None
        self._maybe_resume()

    def change_case(
        self, action: Any, doing: str, refresh_list: bool = True, saved: str = ""
    ) -> None:
        """One write to the open case, then show what changed (and `saved`, if given)."""
        session, today = self.session, self.today
        if session is None or self.case_view.bundle is None:
            return

        def done(bundle: CaseBundle) -> None:
            self._show_case(bundle)
            if saved:
                self.tell(saved, 6000)
                self.case_view.overview.problem.setStyleSheet(text_style(DONE_HUE))
                self.case_view.overview.problem.setText(f"✓ {saved}")
            if refresh_list:
                self.refresh_all()

        self.run(lambda: session.change(today, action), done, doing)

    def open_due_item(self, item: DueItem) -> None:
        self._show_from_tray()
        self.content.setCurrentIndex(1)
        self._pending_select = item.obligation.key
        self._loading_case = item.case_id
        self.cases.select_case(item.case_id)
        bundle = self.case_view.bundle
        if bundle is not None and bundle.case_id == item.case_id:
            self._show_case(bundle)  # already open: just select the obligation

    def new_case(self, state: Any = None) -> None:
        if self.workspace is None:
            return
        if self.demo and not isinstance(state, dict):
            answer = QMessageBox.warning(
                self,
                "This is the demo workspace",
                "The demo workspace is for trying the app with made-up cases. A real case "
                "belongs in your own workspace: File → New workspace.\n\nAdd a made-up case "
                "to the demo anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        dialog = NewCaseDialog(self.today, self)
        if isinstance(state, dict):
            dialog.restore(state)
        if not self.exec_dialog(dialog, self.new_case):
            return
        values = dialog.values()
        reported = dialog.reported_on()
        events = (
            [Event("e1", "crime_reported", reported, position=0)] if reported is not None else []
        )
        workspace = self.workspace

        def job() -> str:
            return workspace.create_case(**values, events=events).case_id

        def done(case_id: str) -> None:
            self.content.setCurrentIndex(1)
            self._restore = (case_id, 0, 0)
            self.refresh_all()

        self.run(job, done, "create the case")

    def focus_search(self) -> None:
        self.content.setCurrentIndex(1)
        self.cases.search.setFocus()
        self.cases.search.selectAll()

    # -- events --------------------------------------------------------------------------------

    def _duty_choices(self) -> list[tuple[str, str, str]]:
        bundle = self.case_view.bundle
        if bundle is None:
            return []
        from vcop_desktop.domain.vocabulary import event_label

        started = {r.event.id: r.event for r in bundle.events}

        def label(o: Obligation) -> str:
            event = started.get(o.trigger)
            if event is None:
                return o.what
            return f"{o.what} ({event_label(event.type).lower()}, {long_date(event.date)})"

        return [
            (o.duty, o.trigger, label(o))
            for o in bundle.evaluation.obligations
            if o.status.is_outstanding
        ]

    def add_event(
        self, preset_type: str | None = None, state: Any = None, preset_date: date | None = None
    ) -> None:
        bundle = self.case_view.bundle
        if bundle is None:
            self.tell("Choose a case first.", 5000)
            return
        dialog = EventDialog(
            self.today,
            [r.event for r in bundle.events],
            self._duty_choices(),
            matter_choices=matter_choices(
                bundle.evaluation.obligations, [r.event for r in bundle.events]
            ),
            preset_type=preset_type if isinstance(preset_type, str) else None,
            preset_date=preset_date,
            parent=self,
        )
        if isinstance(state, dict):
            dialog.restore(state)
        if not self.exec_dialog(dialog, lambda kept: self.add_event(state=kept), case_bound=True):
            return
        event_type, when, fields, note = (
            dialog.event_type(), dialog.when(), dialog.values(), dialog.note_text()
        )  # fmt: skip
        next_type = dialog.next_type

        def action(handle: CaseHandle) -> None:
            handle.add_event(event_type, when, fields, note=note)

        self.change_case(action, "add the event")
        if next_type:  # the next step usually happened on the same day, or soon after
            QTimer.singleShot(0, lambda: self.add_event(next_type, preset_date=when))

    def edit_event(self, record: Any, state: Any = None) -> None:
        bundle = self.case_view.bundle
        if bundle is None:
            return
        dialog = EventDialog(
            self.today, [r.event for r in bundle.events], self._duty_choices(),
            matter_choices=matter_choices(
                bundle.evaluation.obligations, [r.event for r in bundle.events]
            ),
            event=record.event, note=record.note, parent=self,
        )  # fmt: skip
        if isinstance(state, dict):
            dialog.restore(state)
        reopen = lambda kept: self.edit_event(record, kept)  # noqa: E731
        if not self.exec_dialog(dialog, reopen, case_bound=True):
            return
        when, fields, note = dialog.when(), dialog.values(), dialog.note_text()
        event_id = record.event.id
        self.change_case(
            lambda handle: handle.edit_event(event_id, when=when, fields=fields, note=note),
            "change the event",
        )

    def delete_event(self, record: Any) -> None:
        event_id = record.event.id
        self.change_case(lambda handle: handle.delete_event(event_id), "delete the event")

    def mark_selected_met(self) -> None:
        obligation = self.case_view.timeline.current()
        if obligation is None:
            self.content.setCurrentIndex(1)
            self.case_view.tabs.setCurrentWidget(self.case_view.timeline)
            self.tell("Select an obligation on the timeline first.", 5000)
            return
        self.mark_met(obligation)

    def mark_met(self, obligation: Obligation, state: Any = None) -> None:
        bundle = self.case_view.bundle
        if bundle is None:
            return
        started = next(
            (r.event.date for r in bundle.events if r.event.id == obligation.trigger), None
        )
        dialog = MarkMetDialog(obligation, self.today, self, earliest=started)
        if isinstance(state, dict):
            dialog.restore(state)
        reopen = lambda kept: self.mark_met(obligation, kept)  # noqa: E731
        if not self.exec_dialog(dialog, reopen, case_bound=True):
            return
        when, note = dialog.met_on(), dialog.note_text()
        rule = self.workspace.rulebook().rule(obligation.duty) if self.workspace else None
        schedule = rule.schedule if rule is not None else None

        def action(handle: CaseHandle) -> None:
            if isinstance(schedule, AgreedInterval):
                # An update from the agency meets this cycle and starts the next one.
                handle.add_event(schedule.renewed_by, when, {"from": obligation.owed_by},
                                 note=note or "Recorded with Mark met")  # fmt: skip
            else:
                handle.add_event(
                    "duty_met",
                    when,
                    {"duty": obligation.duty, "trigger": obligation.trigger},
                    note=note,
                )

        self.change_case(action, "record that the obligation was met")

    def save_details(self, victim: dict[str, Any], case: dict[str, Any]) -> None:
        def action(handle: CaseHandle) -> None:
            if victim:
                handle.update_victim(**victim)
            if case:
                handle.update_case(**case)

        self.change_case(action, "save the details", saved="Details saved.")

    def choose_recipient(self, slot: str, entry_id: str | None) -> None:
        """The Overview's "Where letters go": saved at once, with its audit row."""
        from vcop_desktop.storage.recipient_choices import choose_recipient

        self.change_case(
            lambda handle: choose_recipient(handle, slot, entry_id),
            "choose where letters go",
            refresh_list=False,
        )
        self.tell("Letters of this case will go to the address chosen.", 6000)

    def open_address_book(self, state: Any = None) -> None:
        """Tools → Address book: read the book on the worker, edit it, save it, and show the
        case again so its Overview offers the entries as they are now."""
        from vcop_desktop.letters.profile import letters_dir
        from vcop_desktop.storage.address_book import load_book, update_book
        from vcop_desktop.ui.address_book_dialog import AddressBookDialog

        folder = letters_dir(self.workspace_dir)

        def read() -> tuple[list[Any], str]:
            from vcop_desktop.errors import UserError

            try:
                return load_book(folder), ""
            except UserError as error:
                return [], str(error)

        def show(result: tuple[list[Any], str]) -> None:
            entries, problem = result
            if problem and not isinstance(state, dict):
                QMessageBox.warning(
                    self, "Address book",
                    f"{problem}\n\nFix or remove the file, then open the address book again.",
                )  # fmt: skip
                return
            dialog = AddressBookDialog(
                entries, lambda original, edited: update_book(folder, original, edited),
                parent=self,
            )  # fmt: skip
            if isinstance(state, dict):
                dialog.restore(state)
            if self.exec_dialog(dialog, self.open_address_book):
                self.tell("Address book saved.", 6000)
                if self.case_view.bundle is not None:
                    self.load_case(self.case_view.bundle.case_id)

        self.run(read, show, "read the address book")

    def add_note(self, text: str) -> None:
        self.change_case(lambda handle: handle.add_note(text), "add the note", refresh_list=False)

    def draft_letter(self) -> None:
        self.draft_letter_for(self.case_view.timeline.current())

    def draft_letter_for(
        self,
        obligation: Obligation | None,
        state: Any = None,
        *,
        saved: Any = None,
        document_id: int | None = None,
    ) -> None:
        """Open the letter editor: for a breached obligation (preselecting the kind that fits),
        on a saved draft, or with what a lock kept (`state`)."""
        from vcop_desktop.letters.kinds import suggest_kind
        from vcop_desktop.ui.letter_dialog import LetterDialog

        bundle, session, workspace = self.case_view.bundle, self.session, self.workspace
        if bundle is None or session is None or workspace is None:
            self.tell("Choose a case first.", 5000)
            return
        suggestion = suggest_kind(obligation) if isinstance(obligation, Obligation) else None
        today = self.today
        from vcop_desktop.settings import SENDER_KEYS

        settings = self.context.settings
        user = {key: settings[key] for key in SENDER_KEYS}

        def sender_settings() -> bool:
            """Settings → Letters over the letter; the next draft uses what was saved."""
            if not self.open_settings(parent=dialog, focus_group="Letters"):
                return False
            user.update({key: settings[key] for key in SENDER_KEYS})
            return True

        def open_handle() -> CaseHandle:
            handle = session.handle
            if handle is None or session.case_id != bundle.case_id:
                from vcop_desktop.errors import UserError

                raise UserError("The case is no longer open: choose it again.")
            return handle

        def make_draft(
            kind: Any,
            agency: str | None,
            decision: str | None,
            annex: bool,
            matters: list[tuple[str, str]] | None = None,
        ) -> Any:
            from vcop_desktop.letters.addressee import chosen_lines
            from vcop_desktop.letters.case_source import facts_for_case
            from vcop_desktop.letters.draft import draft_letter
            from vcop_desktop.letters.profile import letters_dir, load_profile, with_user_settings
            from vcop_desktop.storage.address_book import load_book
            from vcop_desktop.storage.recipient_choices import recipient_choices

            folder = letters_dir(workspace.folder)
            sender = with_user_settings(load_profile(folder), user)
            handle = open_handle()
            facts = facts_for_case(
                handle, kind, sender, today=today, agency=agency, decision_id=decision,
                matters=matters,
                chosen=chosen_lines(recipient_choices(handle), load_book(folder)),
            )  # fmt: skip
            addressee = next((str(line) for line in facts.recipient if line), "")
            return draft_letter(facts, templates_dir=folder, annex=annex), addressee

        def record_complaint(agency: str, matters: str | None) -> None:
            fields = {"against": agency, **({"matters": matters} if matters else {})}
            self.change_case(
                lambda handle: handle.add_event("complaint_made", today, fields),
                "record the complaint",
            )

        def save(
            draft: Any, keep: Any, file: tuple[bytes, str] | None, document_id: int | None
        ) -> int:
            from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE

            handle = open_handle()
            saved_id = document_id
            for content, media in ((keep.encode(), DRAFT_MEDIA_TYPE), file or (None, "")):
                if content is None:
                    continue
                version = handle.save_document(
                    draft.document_title, content, kind=draft.kind.document_kind,
                    media_type=media, document_id=saved_id,
                )  # fmt: skip
                saved_id = version.document_id
            assert saved_id is not None
            return int(saved_id)

        def render(draft: Any, text: str) -> bytes:
            from vcop_desktop.letters.pdf import render_draft

            return render_draft(draft, text)

        def render_docx(draft: Any, text: str) -> bytes:
            from vcop_desktop.letters.docx_file import render_docx_draft

            return render_docx_draft(draft, text)  # author: the organisation, never the victim

        dialog = LetterDialog(
            [r.event for r in bundle.events],
            lambda job, done: self.run(job, done, "draft the letter"),
            make_draft,
            save,
            render,
            render_docx=render_docx,
            kind_id=suggestion[0] if suggestion else None,
            agency=suggestion[1] if suggestion else None,
            saved=saved,
            document_id=document_id,
            matter_choices=matter_choices(
                bundle.evaluation.obligations, [r.event for r in bundle.events]
            ),
            record_complaint=record_complaint,
            sender_settings=sender_settings,
            parent=self,
        )
        if isinstance(state, dict):
            dialog.restore(state)
        self.exec_dialog(dialog, lambda kept: self.draft_letter_for(None, kept), case_bound=True)
        if not self.locked:
            self.load_case(bundle.case_id)  # show new documents

    def open_draft(self, document_id: int) -> None:
        """Documents → Open draft: the newest saved draft of a letter, back in the editor."""
        session = self.session
        if session is None:
            return

        def job() -> Any:
            from vcop_desktop.errors import UserError
            from vcop_desktop.letters.draft import TEXT_MEDIA_TYPE
            from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE, SavedDraft

            handle = session.handle
            if handle is None:
                raise UserError("The case is no longer open: choose it again.")
            latest = handle.document_version(document_id)
            kind = next(d.kind for d, _ in handle.documents() if d.id == document_id)
            for version in range(latest.version, 0, -1):
                found = handle.document_version(document_id, version)
                if found.media_type == DRAFT_MEDIA_TYPE:
                    return SavedDraft.decode(bytes(found.content))
                if found.media_type == TEXT_MEDIA_TYPE:  # saved before drafts kept their kind
                    text = bytes(found.content).decode("utf-8")
                    from vcop_desktop.letters.kinds import KINDS

                    kind_id = next((k.id for k in KINDS if k.document_kind == kind), KINDS[0].id)
                    return SavedDraft(kind=kind_id, text=text)
            raise UserError("This letter has no saved text to reopen.")

        def done(saved: Any) -> None:
            self.draft_letter_for(None, saved=saved, document_id=document_id)

        self.run(job, done, "open the draft")

    def _letter_pdf(self, document_id: int, media_type: str = "application/pdf") -> Any:
        """A worker job: (case code, title, bytes) of a letter's newest PDF (or other
        `media_type`), or None."""
        session = self.session

        def job() -> tuple[str, str, bytes] | None:
            handle = session.handle if session is not None else None
            if handle is None:
                from vcop_desktop.errors import UserError

                raise UserError("The case is no longer open: choose it again.")
            latest = handle.document_version(document_id)
            for version in range(latest.version, 0, -1):
                found = handle.document_version(document_id, version)
                if found.media_type == media_type:
                    title = next(d.title for d, _ in handle.documents() if d.id == document_id)
                    return handle.case_code, title, bytes(found.content)
            return None

        return job

    def save_document_as(self, document_id: int) -> None:
        """Export the newest PDF of a stored letter to a place the advocate chooses."""
        from vcop_desktop.ui.file_dialogs import safe_file_name, save_path

        def done(result: tuple[str, str, bytes] | None) -> None:
            if result is None:
                QMessageBox.information(
                    self, "Save PDF as", "This letter has no PDF yet: open the draft and make one."
                )
                return
            code, title, data = result
            name = save_path(
                self, "Save PDF as", f"{safe_file_name(f'{code} {title}')}.pdf", "PDF (*.pdf)"
            )
            if name:
                Path(name).write_bytes(data)

        if self.session is not None:
            self.run(self._letter_pdf(document_id), done, "read the document")

    def save_docx_as(self, document_id: int) -> None:
        """Export the newest DOCX of a stored letter to a place the advocate chooses."""
        from vcop_desktop.letters.draft import DOCX_MEDIA_TYPE
        from vcop_desktop.ui.file_dialogs import safe_file_name, save_path

        def done(result: tuple[str, str, bytes] | None) -> None:
            if result is None:
                QMessageBox.information(
                    self,
                    "Save DOCX as",
                    "This letter has no DOCX yet: open the draft and make one.",
                )
                return
            code, title, data = result
            name = save_path(
                self, "Save DOCX as", f"{safe_file_name(f'{code} {title}')}.docx", "DOCX (*.docx)"
            )
            if name:
                Path(name).write_bytes(data)

        if self.session is not None:
            self.run(self._letter_pdf(document_id, DOCX_MEDIA_TYPE), done, "read the document")

    def view_document(self, document_id: int) -> None:
        """Open the newest PDF in the system's PDF viewer, through a private temporary file
        that is deleted when the app locks or quits (the viewer needs a file to read)."""

        def done(result: tuple[str, str, bytes] | None) -> None:
            if result is None:
                QMessageBox.information(
                    self, "Open PDF", "This letter has no PDF yet: open the draft and make one."
                )
                return
            from vcop_desktop.ui.viewer import open_in_viewer

            if not open_in_viewer(self.viewer_files, result[0], result[2]):
                self.tell("No PDF viewer could be started.", 8000)

        if self.session is not None:
            self.run(self._letter_pdf(document_id), done, "read the document")

    # -- workspace actions ---------------------------------------------------------------------

    def import_scenario(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        from vcop_desktop.ui.file_dialogs import open_path

        name = open_path(self, "Import scenario", "Scenario (*.json)")
        if not name:
            return

        def job() -> str:
            from vcop_desktop.errors import UserError

            try:
                data = json.loads(Path(name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise UserError(f"{Path(name).name} is not a readable scenario file.") from error
            return workspace.import_scenario(data).case_id

        def done(case_id: str) -> None:
            self._restore = (case_id, 0, 0)
            self.content.setCurrentIndex(1)
            self.refresh_all()

        self.run(job, done, "import the scenario")

    def export_ics(self) -> None:
        workspace, today = self.workspace, self.today
        if workspace is None:
            return
        from vcop_desktop.ui.file_dialogs import save_path

        name = save_path(
            self, "Export deadlines", f"vcop-deadlines-{self.today.isoformat()}.ics",
            "Calendar (*.ics)",
        )  # fmt: skip
        if not name:
            return
        now = self.context.clock.now()

        def job() -> int:
            from vcop_desktop.ics_export import deadlines_to_ics

            board = workspace.dashboard(within_days=365, today=today)
            Path(name).write_bytes(deadlines_to_ics(board.items, now))
            return len(board.items)

        self.run(
            job,
            lambda n: self.tell(f"Exported {n} deadlines to {name}", 8000),
            "export the calendar",
        )

    def _restore_layout(self) -> None:
        """The window's size and splitters as the advocate left them, within this screen."""
        saved = self._state("window.json")

        def splitters() -> None:  # once the window has its size, or they are squeezed
            for name, splitter in self._splitters().items():
                if name in saved:
                    splitter.restoreState(from_text(saved[name]))

        try:
            if "geometry" in saved:
                self.restoreGeometry(from_text(saved["geometry"]))
        except (ValueError, UnicodeError):
            pass  # an unreadable layout is just forgotten
        keep_on_screen(self)
        QTimer.singleShot(0, splitters)

    def _save_layout(self) -> None:
        state = {"geometry": to_text(self.saveGeometry())}
        state.update({n: to_text(s.saveState()) for n, s in self._splitters().items()})
        self._save_state("window.json", state)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"cases_split": self.case_split, "timeline_split": self.case_view.timeline.split}

    def _workspace_key(self) -> str:
        """Per-workspace state in the config folder is keyed by a hash, never by a name."""
        return hashlib.sha256(str(self.workspace_dir.resolve()).encode()).hexdigest()[:16]

    def _state(self, name: str) -> dict[str, str]:
        try:
            data = json.loads((self.context.config_dir / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save_state(self, name: str, data: dict[str, str]) -> None:
        try:
            self.context.config_dir.mkdir(parents=True, exist_ok=True)
            (self.context.config_dir / name).write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            self.tell(f"Could not save {name} in the settings folder.", 8000)

    def maybe_backup(self) -> None:
        """Back up when the configured interval has passed since the last backup."""
        folder = self.context.settings["backup_folder"]
        workspace = self.workspace
        if not folder or workspace is None or self.locked:
            return
        now = self.context.clock.now()
        last = self._state("backups.json").get(self._workspace_key())
        hours = float(self.context.settings["backup_every_hours"])
        if last and (now - datetime.fromisoformat(last)).total_seconds() < hours * 3600:
            return
        self._backup(workspace, Path(folder))

    def _backup(self, workspace: Workspace, folder: Path) -> None:
        now = self.context.clock.now()

        def done(report: Any) -> None:
            state = self._state("backups.json")
            state[self._workspace_key()] = now.isoformat()
            self._save_state("backups.json", state)
            copied = len(getattr(report, "copied", ()))
            skipped = len(getattr(report, "skipped", ()))
            warning = (
                f" {skipped} case(s) could not be read and were NOT backed up "
                "(run 'vcop-desktop check')."
                if skipped
                else ""
            )
            self.tell(f"Backed up {copied} case(s) to {folder} (verified).{warning}", 8000)

        self.run(lambda: workspace.backup(folder), done, "back up")

    def backup_now(self) -> None:
        workspace = self.workspace
        folder = self.context.settings["backup_folder"]
        if workspace is None:
            return
        if not folder:
            QMessageBox.information(
                self, "Back up", "Choose a backup folder in Tools → Settings first."
            )
            return
        self._backup(workspace, Path(folder))

    def open_settings(
        self, state: Any = None, *, parent: QWidget | None = None, focus_group: str | None = None
    ) -> bool:
        """Tools → Settings (or, from another dialog, `parent`, opened at `focus_group`).
        True when saved."""
        from vcop_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.context.settings, parent or self, self.today, focus_group=focus_group
        )
        if isinstance(state, dict):
            dialog.restore(state)
        if not self.exec_dialog(dialog, self.open_settings):
            return False
        self.idle.set_minutes(self.context.settings["idle_lock_minutes"])
        self._configure_workspace()
        if parent is None:  # over a letter, the case stays as it is until the letter closes
            self.refresh_all()
            if self.case_view.bundle is not None:
                self.load_case(self.case_view.bundle.case_id)
        return True

    def _warn_days(self, duty: str) -> int:
        rule = self.workspace.rulebook().rule(duty) if self.workspace else None
        return rule.warn_days if rule is not None else 0

    def _rulebook(self) -> Any:
        if self.workspace is not None:
            return self.workspace.rulebook()
        from vcop_desktop.rules import load_rulebook

        return load_rulebook(self.context.rules_dirs)

    def show_user_guide(self, state: Any = None) -> None:
        """Help → User guide; a lock closes it and the unlock opens it again where it was."""
        from vcop_desktop.ui.user_guide import UserGuideDialog

        dialog = UserGuideDialog(self._rulebook(), self)
        if isinstance(state, dict):
            dialog.restore(state)
        self.exec_dialog(dialog, self.show_user_guide)

    def show_page(self, page: QWidget) -> None:
        """Show the Dashboard, Cases (the splitter) or Reports page."""
        self.content.setCurrentIndex(self.pages.index(page))

    def tell(self, message: str, milliseconds: int) -> None:
        """A short message: in the status bar, beside the focused control, to a screen reader."""
        tell(self, message, milliseconds)

    def about(self, state: Any = None) -> None:
        """Help → About; like the guide, reopened after a lock that closed it."""
        from vcop_desktop.ui.user_guide import about_html

        box = QMessageBox(self)
        box.setWindowTitle("About VCOP Desktop")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(about_html(self._rulebook()))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.exec_dialog(box, self.about)

    # -- lock, hide, close ---------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self._generation += 1
        self.idle.stop()
        self.reminders.stop()
        bundle = self.case_view.bundle
        self._restore = (
            bundle.case_id if bundle else None,
            self.content.currentIndex(),
            self.case_view.tabs.currentIndex(),
        )
        # What was being typed stays in memory (never on disk) until the unlock puts it back.
        self._resume = []
        for dialog, reopen, case_id in self._open_dialogs[:1]:
            keep = getattr(dialog, "keep", None)
            self._resume.append((reopen, keep() if keep is not None else None, case_id))
        unsaved = self.case_view.keep_unsaved()
        self._kept_view = (bundle.case_id, unsaved) if bundle and unsaved else None
        self._close_other_windows()
        self.viewer_files.clear()
        self.case_view.clear()
        self.cases.model.set_rows([])
        self.dashboard.set_items([], self.today, self.due_soon)
        self.dashboard.show_banner("")
        self.reports.clear()
        session, workspace = self.session, self.workspace
        self.session = None
        self.workspace = None

        def drop_keys() -> None:
            if session is not None:
                session.close()
            if workspace is not None:
                workspace.close()

        self.context.worker.submit(drop_keys)
        for action in self.actions():
            if action is not self.lock_action:
                action.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.lock_page.set_folder(self.workspace_dir)
        self.stack.setCurrentWidget(self.lock_page)
        self.lock_page.passphrase.setFocus()

    def _close_other_windows(self) -> None:
        """Close every dialog (innermost first) and hide every other window of the app."""
        for _ in range(50):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self:
                break
            if isinstance(modal, QDialog):
                modal.done(QDialog.DialogCode.Rejected)
            modal.hide()
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible():
                widget.hide()

    def _unlocked(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.session = CaseSession(workspace)
        self.locked = False
        for action in self.actions():
            action.setEnabled(True)
        self.menuBar().setEnabled(True)
        self.stack.setCurrentWidget(self.content)
        self.reminders.start()
        self._after_unlock()

    def _restore_position(self) -> None:
        if self._restore is None:
            return
        case_id, page, tab = self._restore
        self._restore = None
        self.content.setCurrentIndex(page)
        if case_id:
            self.cases.select_case(case_id)
            self.case_view.tabs.setCurrentIndex(tab)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # Hide case data when minimised, so task-switcher previews show nothing personal.
        if event.type() == QEvent.Type.WindowStateChange and not self.locked:
            if self.isMinimized():
                self.stack.setCurrentWidget(self.cover)
            elif self.stack.currentWidget() is self.cover:
                self.stack.setCurrentWidget(self.content)
        super().changeEvent(event)

    def _show_from_tray(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.locked and not self.case_view.settle_unsaved(self):
            event.ignore()
            return
        self._closed = True
        self.viewer_files.clear()
        self._save_layout()
        target = self._switch_to if self._switch_to is not None else ("" if self.demo else None)
        if target is not None:  # before the window goes, so the app does not quit
            self.switch_workspace.emit(target)
        self.backup_timer.stop()
        self.reminders.stop()
        self.idle.stop()
        session, workspace = self.session, self.workspace
        self.session = None
        self.workspace = None

        def shutdown() -> None:
            if session is not None:
                session.close()
            if workspace is not None:
                workspace.close()

        self.context.worker.submit(shutdown).result(timeout=30)
        self.tray.icon.hide()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        super().closeEvent(event)
