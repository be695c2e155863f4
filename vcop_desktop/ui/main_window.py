"""The main window: its pages (dashboard, cases, reports), the lock screen, tray and reminders.

What it holds and shows lives here; what its menus and views ask for is done by the action
modules (`window_actions` wires them), which take the window as their `host`
(`window_host.WindowHost`). All storage work goes through `context.worker` (`run`); nothing
here calls storage on the UI thread. The window holds the unlocked `Workspace` only between
unlock and lock.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.storage.due_rows import EMPTY
from vcop_desktop.ui import (
    case_actions,
    combo_search,
    letter_actions,
    tools_and_help,
    workspace_actions,
)
from vcop_desktop.ui.case_list import CaseListPanel
from vcop_desktop.ui.case_session import CaseBundle, CaseSession, WorkspaceView, load_workspace_view
from vcop_desktop.ui.case_view import CaseView
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.contrast import DONE_HUE, text_style
from vcop_desktop.ui.dashboard_view import DashboardView
from vcop_desktop.ui.errors import show_error
from vcop_desktop.ui.fit import fit_to_screen, scrolling
from vcop_desktop.ui.idle import IdleWatcher
from vcop_desktop.ui.index_progress import IndexProgress
from vcop_desktop.ui.kept_dialogs import KeptDialogs, close_other_windows
from vcop_desktop.ui.live_label import tell
from vcop_desktop.ui.models.cases_model import CaseIdRole
from vcop_desktop.ui.reminders import ReminderService, Tray
from vcop_desktop.ui.reports_view import ReportsView
from vcop_desktop.ui.shortcut_guard import WindowShortcutsWin
from vcop_desktop.ui.timeline_tab import TimelineTab
from vcop_desktop.ui.unlock_page import UnlockPage
from vcop_desktop.ui.viewer import ViewerFiles
from vcop_desktop.ui.window_actions import build_menus, wire_views
from vcop_desktop.ui.window_state import WindowState

if TYPE_CHECKING:
    from vcop_desktop.storage import DueItem, DueRows, Workspace


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
        self.dialogs = KeptDialogs()
        self._kept_view: tuple[str, dict[str, Any]] | None = None
        self.viewer_files = ViewerFiles()
        self.remembered = WindowState(context.config_dir, workspace.folder, self.tell)
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

        menus = build_menus(self)
        self._shortcuts_win = WindowShortcutsWin(self)  # Ctrl+E in the search box (Linux)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            combo_search.install(app)  # "crime s" finds "Crime scene" in any drop-down
        self.new_case_action, self.lock_action, self.recent_menu = (
            menus.new_case, menus.lock, menus.recent
        )  # fmt: skip
        wire_views(self)
        self.cases.table.selectionModel().currentRowChanged.connect(self._case_selected)
        self.dashboard.open_item.connect(self.open_due_item)
        self.dashboard.open_case.connect(self.open_case)
        self.index_progress = IndexProgress(self)
        self.index_progress.changed.connect(self._show_progress)
        self.lock_page.unlocked.connect(self._unlocked)

        self.idle = IdleWatcher(context.settings["idle_lock_minutes"], self)
        self.idle.idle.connect(self.lock)
        self.idle.lock_key = self.lock_action.shortcut()
        self.idle.lock_pressed.connect(self.lock)
        self.idle.watch_windows()
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
        self.remembered.restore_layout(self, self._splitters)
        self.case_view.when_built(
            "timeline", lambda tab: self.remembered.restore_splitter("timeline_split", tab.split)
        )
        self._after_unlock()

    # -- services its actions use (see `window_host.WindowHost`) ----------------------------------

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
        if self.demo:
            dialog.setWindowTitle(f"DEMO — {dialog.windowTitle()}")
        case_id = bundle.case_id if case_bound and bundle else None
        return self.dialogs.run(dialog, reopen, case_id) and not self.locked

    def _maybe_resume(self) -> None:
        """After an unlock, reopen the dialog the lock closed, with its input."""
        if not self.locked:
            bundle = self.case_view.bundle
            self.dialogs.resume(bundle.case_id if bundle else None)

    def tell(self, message: str, milliseconds: int) -> None:
        """A short message: in the status bar, beside the focused control, to a screen reader."""
        tell(self, message, milliseconds)

    def show_page(self, page: QWidget) -> None:
        """Show the Dashboard, Cases (the splitter) or Reports page."""
        self.content.setCurrentIndex(self.pages.index(page))

    def switch_to(self, target: str) -> None:
        """Close this workspace (asking about unsaved input) and go to another one."""
        self._switch_to = target
        if not self.close():
            self._switch_to = None

    # -- its verbs, as the menus, other windows and tests ask for them ---------------------------

    def new_case(self, state: Any = None) -> None:
        case_actions.new_case(self, state)

    def add_event(
        self, preset_type: str | None = None, state: Any = None, preset_date: date | None = None
    ) -> None:
        case_actions.add_event(self, preset_type, state, preset_date)

    def mark_met(self, obligation: Obligation, state: Any = None) -> None:
        case_actions.mark_met(self, obligation, state)

    def mark_selected_met(self) -> None:
        case_actions.mark_selected_met(self)

    def draft_letter(self) -> None:
        letter_actions.draft_letter(self)

    def draft_letter_for(
        self,
        obligation: Obligation | None,
        state: Any = None,
        *,
        saved: Any = None,
        document_id: int | None = None,
    ) -> None:
        letter_actions.draft_letter_for(
            self, obligation, state, saved=saved, document_id=document_id
        )

    def export_ics(self) -> None:
        workspace_actions.export_ics(self)

    def maybe_backup(self) -> None:
        workspace_actions.maybe_backup(self)

    def open_settings(
        self, state: Any = None, *, parent: QWidget | None = None, focus_group: str | None = None
    ) -> bool:
        return tools_and_help.open_settings(self, state, parent=parent, focus_group=focus_group)

    def open_address_book(self, state: Any = None) -> None:
        tools_and_help.open_address_book(self, state)

    def show_user_guide(self, state: Any = None) -> None:
        tools_and_help.show_user_guide(self, state)

    def about(self, state: Any = None) -> None:
        tools_and_help.about(self, state)

    # -- workspace-wide ----------------------------------------------------------------------------

    def refresh_all(self) -> None:
        workspace, today = self.workspace, self.today
        if workspace is None:
            return
        watcher = self.index_progress
        progress = watcher.reporter(workspace, today, self.due_soon)
        due_soon = self.due_soon

        def job() -> WorkspaceView:
            # What the dashboard shows and the reminders warn of (under the packs the
            # workspace was configured with, a job queued before this one): no further ahead.
            within = max(due_soon, workspace.rulebook().longest_warning)
            try:
                return load_workspace_view(workspace, today, progress, within_days=within)
            finally:
                watcher.finished()

        self.run(job, self._show_workspace, "load cases")

    def _show_progress(self, done: int, total: int, items: DueRows | None) -> None:
        if not self.locked and not self._closed:
            self.dashboard.show_progress(done, total, items, self.today, self.due_soon)

    def _show_workspace(self, view: WorkspaceView) -> None:
        if self.locked:
            return
        selected = self.cases.current_case_id()
        self.cases.model.set_rows(view.rows)
        self.cases.update_count()
        soon = view.due.due_on_or_before(self.today + timedelta(days=self.due_soon))
        self.dashboard.set_items(soon, self.today, self.due_soon)
        self.dashboard.set_coming_up(view.coming, self.today)
        self.dashboard.retention.set_items(view.retention, view.retention_years)
        self.reminders.update(view.due)
        if self._last_seen is not None:  # the first refresh after unlock: say what changed
            self.dashboard.show_since_last(view.due, self._last_seen, self.today)
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

    def configure_workspace(self) -> None:
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
        self.configure_workspace()
        self._last_seen = self.remembered.last_seen(self.context.clock.now())
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

    def open_case(self, case_id: str) -> None:
        """A case from the dashboard's "Coming up": shown on the Cases page."""
        self.content.setCurrentIndex(self.pages.index(self.case_split))
        self.cases.select_case(case_id)

    def show_new_case(self, case_id: str) -> None:
        """A case just made or imported: refresh, then show it on the Cases page."""
        cases_page = self.pages.index(self.case_split)
        self._restore = (case_id, cases_page, 0)  # restored after the refresh: not the Dashboard
        self.content.setCurrentIndex(cases_page)
        self.refresh_all()

    def _warn_days(self, duty: str) -> int:
        rule = self.workspace.rulebook().rule(duty) if self.workspace else None
        return rule.warn_days if rule is not None else 0

    def _splitters(self) -> dict[str, QSplitter]:
        """The splitters whose places are remembered (the Timeline's once it is built: until
        then its remembered place is kept as it was, and given to it when it is built)."""
        splitters = {"cases_split": self.case_split}
        timeline = self.case_view.built("timeline")
        if isinstance(timeline, TimelineTab):
            splitters["timeline_split"] = timeline.split
        return splitters

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
        self.dialogs.keep()
        unsaved = self.case_view.keep_unsaved()
        self._kept_view = (bundle.case_id, unsaved) if bundle and unsaved else None
        close_other_windows(self)
        self.viewer_files.clear()
        self.case_view.clear()
        self.cases.model.set_rows([])
        self.dashboard.set_items(EMPTY, self.today, self.due_soon)
        self.dashboard.set_coming_up([], self.today)
        self.dashboard.retention.set_items([], 6)
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.idle.cover_windows()  # its window exists now, focused or not

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
        self.remembered.save_layout(self, self._splitters())
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
