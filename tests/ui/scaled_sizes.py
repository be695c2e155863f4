"""Run in a fresh process on a given screen: how big the main window and dialogs must be there.

`python -m tests.ui.scaled_sizes OUT_DIR` under QT_QPA_PLATFORM=offscreen:configfile=... (a
screen of a given size and scale) prints one JSON object: the screen's available size in
logical pixels, and the minimum size of the main window on every page and of each dialog; it
also saves a screenshot of each main page, maximised, to OUT_DIR (test_scaling.py).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


def main(out: Path) -> int:
    app = QApplication([])
    from vcop_desktop.clock import FixedClock
    from vcop_desktop.domain.events import Event
    from vcop_desktop.settings import Settings
    from vcop_desktop.storage import KdfParams, Workspace
    from vcop_desktop.ui import contrast
    from vcop_desktop.ui.context import AppContext
    from vcop_desktop.ui.dialogs import NewCaseDialog
    from vcop_desktop.ui.event_dialog import EventDialog
    from vcop_desktop.ui.main_window import MainWindow
    from vcop_desktop.ui.settings_dialog import SettingsDialog
    from vcop_desktop.ui.start_window import StartWindow
    from vcop_desktop.ui.worker import StorageWorker

    contrast.apply_to(app)
    tmp = Path(tempfile.mkdtemp())
    passphrase = "correct horse battery staple"
    setup = Workspace.create(tmp / "ws", passphrase, kdf=KdfParams.cheap())
    setup.create_case(
        victim_name="Scale Exampleperson",
        crime_reference="SCALE/1",
        events=[
            Event("r", "crime_reported", date(2026, 2, 2), position=0),
            Event("a", "suspect_arrested", date(2026, 2, 3), position=1),
        ],
    )
    setup.close()
    worker = StorageWorker()
    context = AppContext(
        Settings(tmp / "config"),
        FixedClock(datetime(2026, 3, 2, 9, 0).astimezone()),
        worker,
        tmp / "config",
        tmp / "ws",
    )
    opened = worker.submit(lambda: Workspace.open(tmp / "ws", passphrase)).result()
    window = MainWindow(context, opened)
    window.showMaximized()
    app.processEvents()
    room = window.screen().availableGeometry()
    sizes: dict[str, object] = {"screen": [room.width(), room.height()]}

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def size_of(widget: QWidget) -> list[int]:
        hint, least = widget.minimumSizeHint(), widget.minimumSize()
        return [max(hint.width(), least.width()), max(hint.height(), least.height())]

    window.cases.table.selectRow(0)
    for page in range(window.content.count()):
        window.content.setCurrentIndex(page)
        settle()
        name = window.content.tabText(page).replace("&", "")
        sizes[name] = size_of(window)
        window.grab().save(str(out / f"{name.lower()}.png"))
        if page == 1:
            tabs = window.case_view.tabs
            for tab in range(tabs.count()):
                tabs.setCurrentIndex(tab)
                settle()
                sizes[f"Cases/{tabs.tabText(tab).replace('&', '')}"] = size_of(window)
    for dialog in (
        SettingsDialog(context.settings, window),
        NewCaseDialog(date(2026, 3, 2), window),
        EventDialog(date(2026, 3, 2), [], parent=window),
        StartWindow(context),
    ):
        dialog.show()
        settle()
        sizes[type(dialog).__name__] = size_of(dialog)
        sizes[f"{type(dialog).__name__} shown"] = [dialog.width(), dialog.height()]
        dialog.close()
    print(json.dumps(sizes))
    sys.stdout.flush()
    os._exit(0)  # the storage worker's thread need not be joined in a measuring run


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
