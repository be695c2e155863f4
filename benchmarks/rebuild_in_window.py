"""The window while the index is rebuilt after unlock (issue 25): how often the dashboard's
"Reading case 812 of 10,000" changed, how often the due list filled in and what each fill-in
held the UI thread for, and the UI thread's gaps (a 10 ms timer) throughout.

    .venv/bin/python benchmarks/rebuild_in_window.py DIR/workspace [--no-progress]

DIR/workspace: a benchmark workspace (benchmarks/build_big.py); its index is deleted first, so
the window's first refresh rebuilds it. `--no-progress`: the same with the progress never
shown (the baseline for what showing it costs). Runs offscreen; never asserted in tests.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.workspace import PASSPHRASE  # noqa: E402
from vcop_desktop.clock import FixedClock  # noqa: E402
from vcop_desktop.settings import Settings  # noqa: E402
from vcop_desktop.storage import Workspace  # noqa: E402
from vcop_desktop.storage.files import INDEX_FILE  # noqa: E402
from vcop_desktop.ui import dashboard_view  # noqa: E402
from vcop_desktop.ui.context import AppContext  # noqa: E402
from vcop_desktop.ui.index_progress import IndexProgress  # noqa: E402
from vcop_desktop.ui.worker import StorageWorker  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1])
    if "--no-progress" in sys.argv:
        IndexProgress.show_after = 1e9
    for path in folder.glob(INDEX_FILE + "*"):
        path.unlink()
    app = QApplication([])
    config = Path(tempfile.mkdtemp())
    clock = FixedClock(datetime.now().astimezone())
    context = AppContext(Settings(config), clock, StorageWorker(), config, folder)
    opened = context.worker.submit(lambda: Workspace.open(folder, PASSPHRASE)).result()
    from vcop_desktop.ui.main_window import MainWindow

    shown: list[tuple[int, bool, float]] = []
    original = dashboard_view.DashboardView.show_progress

    def watch(self: Any, done: int, total: int, items: Any, *rest: Any) -> None:
        begun = time.perf_counter()
        original(self, done, total, items, *rest)
        if total:
            shown.append((done, items is not None, time.perf_counter() - begun))

    dashboard_view.DashboardView.show_progress = watch  # type: ignore[method-assign]
    last = [time.perf_counter()]
    gaps: list[float] = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    begun = time.perf_counter()
    window = MainWindow(context, opened)
    window.show()
    while time.perf_counter() - begun < 5 or context.worker.busy:
        app.processEvents()
        time.sleep(0.002)
    seconds = time.perf_counter() - begun
    gaps.sort()
    fills = [s for s in shown if s[1]]
    print(
        json.dumps(
            {
                "unlocked to full dashboard, seconds": round(seconds, 2),
                "progress updates": len(shown),
                "fill-ins": len(fills),
                "longest fill-in on the UI thread, s": round(
                    max((s[2] for s in fills), default=0), 3
                ),
                "UI gap median, s": round(gaps[len(gaps) // 2], 3),
                "UI gap p99, s": round(gaps[int(len(gaps) * 0.99)], 3),
                "UI gap max, s": round(gaps[-1], 3),
                "dashboard rows": window.dashboard.model.rowCount(),
            }
        )
    )
    context.worker.shutdown()
    os._exit(0)


if __name__ == "__main__":
    main()
