"""Start the desktop app: `vcop-desktop` with no command, or `vcop-desktop gui`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path


def run_gui(args: argparse.Namespace) -> int:
    """Build the app context, show the start window, then the main window after unlock."""
    from PySide6.QtWidgets import QApplication

    from vcop_desktop.clock import FixedClock, SystemClock
    from vcop_desktop.settings import Settings, default_config_dir
    from vcop_desktop.storage.files import default_workspace_dir
    from vcop_desktop.ui import crash
    from vcop_desktop.ui.context import AppContext
    from vcop_desktop.ui.start_window import StartWindow
    from vcop_desktop.ui.worker import StorageWorker

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("VCOP Desktop")
    from vcop_desktop.ui import contrast

    contrast.apply_to(app)  # the system's palette (light, dark, high contrast), fitted to AA
    contrast.follow_system_theme(app)
    from PySide6.QtGui import QIcon

    from vcop_desktop.paths import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "vcop-desktop.png")))
    app.setOrganizationName("VCOP Desktop")
    config_dir = Path(args.config_dir) if args.config_dir else default_config_dir()
    crash.install(config_dir / "crash-reports")
    settings = Settings(config_dir)
    clock = (
        FixedClock(datetime.fromisoformat(args.today).astimezone()) if args.today else SystemClock()
    )
    worker = StorageWorker()
    context = AppContext(
        settings=settings,
        clock=clock,
        worker=worker,
        config_dir=config_dir,
        workspace_dir=Path(args.workspace) if args.workspace else default_workspace_dir(),
        rules_dirs=[Path(d) for d in args.rules_dir],
    )
    if settings["rules_folder"]:
        context.rules_dirs.append(Path(settings["rules_folder"]))
    start = StartWindow(context)
    windows: list[object] = []

    def unlocked(workspace: object) -> None:
        from vcop_desktop.ui.main_window import MainWindow  # loaded after unlock, not before

        window = MainWindow(context, workspace)  # type: ignore[arg-type]
        windows.append(window)
        window.switch_workspace.connect(switch)
        window.show()
        start.close()

    def switch(folder: str) -> None:
        """Back to the start window: another workspace's unlock, or the first-run screen."""
        if folder:
            start.show_unlock(Path(folder))
        else:
            start.show_first_run()
        start.show()

    start.unlocked.connect(unlocked)
    start.show()
    from vcop_desktop.storage.keystore import keystore_exists

    last = settings["last_workspace"]
    no_workspace = not keystore_exists(context.workspace_dir) and not (
        last and keystore_exists(Path(last))
    )
    if args.demo or (getattr(args, "demo_if_new", False) and no_workspace):
        start.setCurrentWidget(start.first_run)
        start.first_run.make_demo()
    status = app.exec()
    worker.shutdown()
    return int(status)
