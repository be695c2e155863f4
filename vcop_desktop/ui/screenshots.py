"""Render the main screens to PNG on a workspace, to look at them (and for the README).

Runs offscreen; the clock can be fixed so screenshots are repeatable.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

SCREENS = (
    "unlock", "dashboard", "case-overview", "timeline", "events", "contacts", "reports", "letter",
)  # fmt: skip


def _pump(app: QApplication, seconds: float, until: object = None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if callable(until) and until():
            app.processEvents()
            return
        time.sleep(0.01)


#: A common small laptop screen: every screen must fit it without clipping.
SIZE = (1366, 768)


def render(
    workspace_dir: Path,
    passphrase: str,
    out: Path,
    today: datetime,
    config: Path,
    size: tuple[int, int] = SIZE,
) -> list[Path]:
    from vcop_desktop.clock import FixedClock
    from vcop_desktop.settings import Settings
    from vcop_desktop.storage import Workspace
    from vcop_desktop.ui.context import AppContext
    from vcop_desktop.ui.main_window import MainWindow
    from vcop_desktop.ui.start_window import StartWindow
    from vcop_desktop.ui.worker import StorageWorker

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    worker = StorageWorker()
    context = AppContext(Settings(config), FixedClock(today), worker, config, workspace_dir)
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    start = StartWindow(context)
    start.show_unlock(workspace_dir)
    start.show()  # at the size it opens at (a small window, not the screen)
    _pump(app, 0.3)
    shot(start, "unlock")
    start.close()
    workspace = Workspace.open(workspace_dir, passphrase)
    window = MainWindow(context, workspace)
    window.resize(*size)
    window.show()
    _pump(app, 10, lambda: not worker.busy and window.dashboard.model.rowCount() > 0)
    shot(window, "dashboard")
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    _pump(app, 10, lambda: window.case_view.bundle is not None and not worker.busy)
    window.case_view.tabs.setCurrentWidget(window.case_view.overview)
    _pump(app, 0.2)
    shot(window, "case-overview")
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    timeline = window.case_view.timeline
    rows = range(timeline.model.rowCount())
    owed_by = [str(timeline.model.index(row, 3).data()) for row in rows]
    if owed_by:  # the victim's own first deadline (their lane is drawn first), else the first row
        timeline.table.selectRow(owed_by.index("Victim") if "Victim" in owed_by else 0)
    _pump(app, 0.3)  # selecting a row scrolls its bar into view
    shot(window, "timeline")
    window.case_view.tabs.setCurrentWidget(window.case_view.events)
    _pump(app, 0.2)
    shot(window, "events")
    window.case_view.tabs.setCurrentWidget(window.case_view.contacts)
    _pump(app, 0.2)
    shot(window, "contacts")
    window.show_page(window.reports)
    window.reports.run_preset("quarter-by-agency")
    _pump(app, 10, lambda: window.reports.run_result is not None and not worker.busy)
    _pump(app, 0.2)
    shot(window, "reports")
    from vcop_desktop.ui.letter_dialog import LetterDialog

    original_exec = LetterDialog.exec

    def capture(dialog: LetterDialog) -> int:
        dialog.show()
        dialog.make_draft()
        _pump(app, 10, lambda: bool(dialog.editor.toPlainText()) and not worker.busy)
        shot(dialog, "letter")
        dialog.close()
        return 0

    LetterDialog.exec = capture  # type: ignore[method-assign, assignment]
    try:
        window.draft_letter_for(None)
    finally:
        LetterDialog.exec = original_exec  # type: ignore[method-assign]
    _pump(app, 0.5)
    window.close()
    worker.shutdown()
    return written
