"""What the main window lends the actions that work through it: their `host`.

The action modules (`case_actions`, `letter_actions`, `workspace_actions`, `tools_and_help`,
`window_actions`) take the window as this protocol rather than importing `main_window`, so
the imports run one way: the window imports its actions, never the reverse. Dialogs are
parented to `host.window()`, the main window itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QIcon
    from PySide6.QtWidgets import QDialog, QMenuBar, QTabWidget, QWidget

    from vcop_desktop.storage import CaseHandle, Workspace
    from vcop_desktop.ui.case_list import CaseListPanel
    from vcop_desktop.ui.case_session import CaseSession
    from vcop_desktop.ui.case_view import CaseView
    from vcop_desktop.ui.context import AppContext
    from vcop_desktop.ui.dashboard_view import DashboardView
    from vcop_desktop.ui.idle import IdleWatcher
    from vcop_desktop.ui.viewer import ViewerFiles
    from vcop_desktop.ui.window_state import WindowState


class WindowHost(Protocol):
    """The main window as its actions see it: its views, the open workspace and case
    (None while locked), and the services that keep storage off the UI thread (`run`) and
    a dialog's input across a lock (`exec_dialog`)."""

    @property
    def context(self) -> AppContext: ...
    @property
    def workspace(self) -> Workspace | None: ...
    @property
    def session(self) -> CaseSession | None: ...
    @property
    def workspace_dir(self) -> Path: ...
    @property
    def locked(self) -> bool: ...
    @property
    def demo(self) -> bool: ...
    @property
    def today(self) -> date: ...
    @property
    def content(self) -> QTabWidget: ...
    @property
    def dashboard(self) -> DashboardView: ...
    @property
    def cases(self) -> CaseListPanel: ...
    @property
    def case_view(self) -> CaseView: ...
    @property
    def idle(self) -> IdleWatcher: ...
    @property
    def viewer_files(self) -> ViewerFiles: ...
    @property
    def remembered(self) -> WindowState: ...

    # Qt's own: the parent of the actions' dialogs, and the holder of the menu actions.
    def window(self) -> QWidget: ...
    def windowIcon(self) -> QIcon: ...  # noqa: N802
    def menuBar(self) -> QMenuBar: ...  # noqa: N802
    def addAction(self, action: QAction) -> None: ...  # noqa: N802
    def close(self) -> bool: ...

    def run(self, job: Any, done: Any = None, doing: str = "") -> None: ...
    def exec_dialog(self, dialog: QDialog, reopen: Any, *, case_bound: bool = False) -> bool: ...
    def tell(self, message: str, milliseconds: int) -> None: ...
    def refresh_all(self) -> None: ...
    def configure_workspace(self) -> None: ...
    def load_case(self, case_id: str) -> None: ...
    def change_case(
        self,
        action: Callable[[CaseHandle], Any],
        doing: str,
        refresh_list: bool = True,
        saved: str = "",
    ) -> None: ...
    def show_new_case(self, case_id: str) -> None: ...
    def switch_to(self, target: str) -> None: ...
    def lock(self) -> None: ...
