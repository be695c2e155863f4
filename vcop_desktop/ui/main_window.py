"""The main window: dashboard and cases, menus and shortcuts, lock, tray and reminders.

All storage work goes through `context.worker`; this module never calls storage on the UI
thread. The window holds the unlocked `Workspace` only between unlock and lock.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
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
from vcop_desktop.storage import CaseHandle, DueItem, Workspace
from vcop_desktop.ui.case_session import CaseBundle, CaseSession, WorkspaceView, load_workspace_view
from vcop_desktop.ui.case_view import CaseView
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dashboard_view import DashboardView
from vcop_desktop.ui.dialogs import MarkMetDialog, NewCaseDialog
from vcop_desktop.ui.errors import show_error
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.good_reason_dialog import install_reason_button, record_reason
from vcop_desktop.ui.idle import IdleWatcher
from vcop_desktop.ui.models.cases_model import CaseFilter, CaseIdRole, CasesModel
from vcop_desktop.ui.reminders import ReminderService, Tray, newly_overdue
from vcop_desktop.ui.reports_view import ReportsView
from vcop_desktop.ui.start_window import UnlockPage
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date


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
        self.setWindowTitle(f"VCOP Desktop — {workspace.folder.name}")
        self.resize(1280, 800)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.content = QTabWidget()
        self.content.setDocumentMode(True)
        self.dashboard = DashboardView()
        self.cases = CaseListPanel()
        self.case_view = CaseView()
        split = QSplitter()
        split.addWidget(self.cases)
        split.addWidget(self.case_view)
        split.setSizes([420, 860])
        self.content.addTab(self.dashboard, "&Dashboard")
        self.content.addTab(split, "C&ases")
        self.reports = ReportsView(self)
        self.content.addTab(self.reports, "&Reports")
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
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.reminders = ReminderService(
            context.clock, self.refresh_all, lambda: context.settings["reminder_times"], self
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
        self._action(file, "&Import scenario…", self.import_scenario)
        self._action(file, "&Export deadlines to calendar (.ics)…", self.export_ics)
        self._action(file, "&Back up now", self.backup_now)
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
        self._action(view, "&Refresh", self.refresh_all, "F5")
        tools = bar.addMenu("&Tools")
        self._action(tools, "&Settings…", self.open_settings, "Ctrl+,")
        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "&User guide: your rights", self.show_user_guide,
            QKeySequence.StandardKey.HelpContents,
        )  # fmt: skip
        self._action(help_menu, "&About VCOP Desktop", self.about)

    def _connect(self) -> None:
        self.cases.table.selectionModel().currentRowChanged.connect(self._case_selected)
        self.dashboard.open_item.connect(self.open_due_item)
        self.dashboard.export_requested.connect(self.export_ics)
        view = self.case_view
        view.overview.save_requested.connect(self.save_details)
        view.timeline.mark_met_requested.connect(self.mark_met)
        view.timeline.draft_letter_requested.connect(self.draft_letter_for)
        view.events.add_requested.connect(self.add_event)
        view.events.edit_requested.connect(self.edit_event)
        view.events.delete_requested.connect(self.delete_event)
        view.notes.add_requested.connect(self.add_note)
        view.documents.save_as_requested.connect(self.save_document_as)
        view.documents.open_requested.connect(self.save_document_as)
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
        """Run `job` on the storage worker; callbacks are dropped once the window has closed."""

        def finished(result: Any) -> None:
            if not self._closed and done is not None:
                done(result)

        def failed(error: BaseException) -> None:
            if not self._closed:
                show_error(self, error, doing)

        self.context.worker.submit(job, finished, failed)

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
            self.statusBar().showMessage(
                f"{len(view.problems)} case file(s) could not be read and were left untouched: "
                + "; ".join(view.problems[:3]),
                20_000,
            )
        if selected:
            self.cases.select_case(selected)
        self._restore_position()

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
            from vcop_desktop.rules import load_rulebook

            workspace.configure(
                rulebook=load_rulebook(rules_dirs) if rules_dirs else None,
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
        if self._pending_select is not None:
            self.case_view.tabs.setCurrentWidget(self.case_view.timeline)
            self.case_view.timeline.select(self._pending_select)
            self._pending_select = None

    def change_case(self, action: Any, doing: str, refresh_list: bool = True) -> None:
        """One write to the open case, then show what changed."""
        session, today = self.session, self.today
        if session is None or self.case_view.bundle is None:
            return

        def done(bundle: CaseBundle) -> None:
            self._show_case(bundle)
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

    def new_case(self) -> None:
        if self.workspace is None:
            return
        dialog = NewCaseDialog(self.today, self)
        if not dialog.exec():
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
        return [
            (o.duty, o.trigger, f"{o.what} (trigger {o.trigger})")
            for o in bundle.evaluation.obligations
            if o.status.is_outstanding
        ]

    def add_event(self, preset_type: str | None = None) -> None:
        bundle = self.case_view.bundle
        if bundle is None:
            self.statusBar().showMessage("Choose a case first.", 5000)
            return
        dialog = EventDialog(
            self.today,
            [r.event for r in bundle.events],
            self._duty_choices(),
            preset_type=preset_type if isinstance(preset_type, str) else None,
            parent=self,
        )
        if not dialog.exec():
            return
        event_type, when, fields, note = (
            dialog.event_type(), dialog.when(), dialog.values(), dialog.note_text()
        )  # fmt: skip
        next_type = dialog.next_type

        def action(handle: CaseHandle) -> None:
            handle.add_event(event_type, when, fields, note=note)

        self.change_case(action, "add the event")
        if next_type:
            QTimer.singleShot(0, lambda: self.add_event(next_type))

    def edit_event(self, record: Any) -> None:
        bundle = self.case_view.bundle
        if bundle is None:
            return
        dialog = EventDialog(
            self.today, [r.event for r in bundle.events], self._duty_choices(),
            event=record.event, note=record.note, parent=self,
        )  # fmt: skip
        if not dialog.exec():
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
            self.statusBar().showMessage("Select an obligation on the timeline first.", 5000)
            return
        self.mark_met(obligation)

    def mark_met(self, obligation: Obligation) -> None:
        dialog = MarkMetDialog(obligation, self.today, self)
        if not dialog.exec():
            return
        when = dialog.met_on()
        rule = self.workspace.rulebook().rule(obligation.duty) if self.workspace else None
        schedule = rule.schedule if rule is not None else None

        def action(handle: CaseHandle) -> None:
            if isinstance(schedule, AgreedInterval):
                # An update from the agency meets this cycle and starts the next one.
                handle.add_event(schedule.renewed_by, when, {"from": obligation.owed_by},
                                 note="Recorded with Mark met")  # fmt: skip
            else:
                handle.add_event(
                    "duty_met", when, {"duty": obligation.duty, "trigger": obligation.trigger}
                )

        self.change_case(action, "record that the obligation was met")

    def save_details(self, victim: dict[str, Any], case: dict[str, Any]) -> None:
        def action(handle: CaseHandle) -> None:
            if victim:
                handle.update_victim(**victim)
            if case:
                handle.update_case(**case)

        self.change_case(action, "save the details")

    def add_note(self, text: str) -> None:
        self.change_case(lambda handle: handle.add_note(text), "add the note", refresh_list=False)

    def draft_letter(self) -> None:
        self.draft_letter_for(self.case_view.timeline.current())

    def draft_letter_for(self, obligation: Obligation | None) -> None:
        """Open the letter editor, preselecting the kind that fits a breached obligation."""
        from vcop_desktop.letters.kinds import suggest_kind
        from vcop_desktop.ui.letter_dialog import LetterDialog

        bundle, session, workspace = self.case_view.bundle, self.session, self.workspace
        if bundle is None or session is None or workspace is None:
            self.statusBar().showMessage("Choose a case first.", 5000)
            return
        suggestion = suggest_kind(obligation) if obligation is not None else None
        today = self.today
        from vcop_desktop.settings import SENDER_KEYS

        user = {key: self.context.settings[key] for key in SENDER_KEYS}

        def make_draft(kind: Any, agency: str | None, decision: str | None, annex: bool) -> Any:
            from vcop_desktop.letters.case_source import facts_for_case
            from vcop_desktop.letters.draft import draft_letter
            from vcop_desktop.letters.profile import letters_dir, load_profile, with_user_settings

            folder = letters_dir(workspace.folder)
            sender = with_user_settings(load_profile(folder), user)
            handle = session.handle
            assert handle is not None
            facts = facts_for_case(
                handle, kind, sender, today=today, agency=agency, decision_id=decision
            )
            return draft_letter(facts, templates_dir=folder, annex=annex)

        def save(draft: Any, text: str, pdf: bytes | None, document_id: int | None) -> int:
            from vcop_desktop.letters.case_source import save_letter

            handle = session.handle
            assert handle is not None
            saved = save_letter(handle, draft, text=text, pdf=pdf, document_id=document_id)
            return int(saved[-1].document_id)

        def render(draft: Any, text: str) -> bytes:
            from vcop_desktop.letters.pdf import render_draft

            return render_draft(draft, text)

        dialog = LetterDialog(
            [r.event for r in bundle.events],
            lambda job, done: self.run(job, done, "draft the letter"),
            make_draft,
            save,
            render,
            kind_id=suggestion[0] if suggestion else None,
            agency=suggestion[1] if suggestion else None,
            parent=self,
        )
        dialog.exec()
        self.load_case(bundle.case_id)  # show new documents

    def save_document_as(self, document_id: int) -> None:
        """Export the newest PDF of a stored letter to a place the advocate chooses."""
        session = self.session
        if session is None:
            return

        def job() -> tuple[str, bytes] | None:
            handle = session.handle
            assert handle is not None
            latest = handle.document_version(document_id)
            for version in range(latest.version, 0, -1):
                found = handle.document_version(document_id, version)
                if found.media_type == "application/pdf":
                    title = next(d.title for d, _ in handle.documents() if d.id == document_id)
                    return title, bytes(found.content)
            return None

        def done(result: tuple[str, bytes] | None) -> None:
            if result is None:
                QMessageBox.information(
                    self, "Save PDF as", "This letter has no PDF yet: open it and make one."
                )
                return
            title, data = result
            name, _ = QFileDialog.getSaveFileName(
                self, "Save PDF as", f"{title}.pdf", "PDF (*.pdf)"
            )
            if name:
                Path(name).write_bytes(data)

        self.run(job, done, "read the document")

    # -- workspace actions ---------------------------------------------------------------------

    def import_scenario(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Import scenario", "", "Scenario (*.json)")
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
        name, _ = QFileDialog.getSaveFileName(
            self, "Export deadlines", "vcop-deadlines.ics", "Calendar (*.ics)"
        )
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
            lambda n: self.statusBar().showMessage(f"Exported {n} deadlines to {name}", 8000),
            "export the calendar",
        )

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
            self.statusBar().showMessage(f"Could not save {name} in the settings folder.", 8000)

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
            self.statusBar().showMessage(
                f"Backed up {copied} case(s) to {folder} (verified).", 8000
            )

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

    def open_settings(self) -> None:
        from vcop_desktop.ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.context.settings, self).exec():
            self.idle.set_minutes(self.context.settings["idle_lock_minutes"])
            self._configure_workspace()
            self.refresh_all()
            if self.case_view.bundle is not None:
                self.load_case(self.case_view.bundle.case_id)

    def _rulebook(self) -> Any:
        if self.workspace is not None:
            return self.workspace.rulebook()
        from vcop_desktop.rules import load_rulebook

        return load_rulebook(self.context.rules_dirs)

    def show_user_guide(self) -> None:
        from vcop_desktop.ui.user_guide import UserGuideDialog

        UserGuideDialog(self._rulebook(), self).exec()

    def about(self) -> None:
        from vcop_desktop.ui.user_guide import about_html

        QMessageBox.about(self, "About VCOP Desktop", about_html(self._rulebook()))

    # -- lock, hide, close ---------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.idle.stop()
        self.reminders.stop()
        self._restore = (
            self.case_view.bundle.case_id if self.case_view.bundle else None,
            self.content.currentIndex(),
            self.case_view.tabs.currentIndex(),
        )
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
        self._closed = True
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
