"""GUI fixtures: a cheap workspace, a fixed clock, the real worker; QT_QPA_PLATFORM=offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from vcop_desktop.clock import FixedClock
from vcop_desktop.settings import Settings
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.worker import StorageWorker

PASSPHRASE = "correct horse battery staple"
START = datetime(2026, 3, 2, 9, 0).astimezone()


@pytest.fixture
def context(tmp_path: Path, qtbot: Any) -> Iterator[AppContext]:
    worker = StorageWorker()
    ctx = AppContext(
        settings=Settings(tmp_path / "config"),
        clock=FixedClock(START),
        worker=worker,
        config_dir=tmp_path / "config",
        workspace_dir=tmp_path / "workspace",
        kdf=KdfParams.cheap(),
    )
    yield ctx
    worker.shutdown()


@pytest.fixture
def workspace(context: AppContext) -> Workspace:
    return Workspace.create(context.workspace_dir, PASSPHRASE, kdf=KdfParams.cheap())


def wait_idle(qtbot: Any, context: AppContext, timeout: int = 10_000) -> None:
    """Wait until the storage worker has finished and its callbacks have run."""
    qtbot.waitUntil(lambda: not context.worker.busy, timeout=timeout)
    qtbot.wait(20)


def when_dialog(action: Callable[[QWidget], None]) -> None:
    """Run `action` on the next modal dialog once it is shown (modal exec() blocks)."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None and tries < 200:
            QTimer.singleShot(10, lambda: attempt(tries + 1))
            return
        assert dialog is not None, "no dialog appeared"
        action(dialog)

    QTimer.singleShot(0, attempt)


@pytest.fixture(autouse=True)
def _application(qapp: Any) -> Any:
    """Every GUI test gets the QApplication, even one that only builds icons or models, with
    the palette fitted to AA contrast as the app fits it at start."""
    from vcop_desktop.ui import contrast

    contrast.apply_to(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _no_modal_crash_dialogs(monkeypatch: Any) -> None:
    """A bug in a GUI test must fail the test, not wait forever behind a modal crash dialog."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"crash dialog shown: {args[2] if len(args) > 2 else args}")

    monkeypatch.setattr(QMessageBox, "critical", refuse)
    from vcop_desktop.ui import crash

    def loud(kind: Any, error: Any, tb: Any, parent: Any = None) -> None:
        raise AssertionError(f"unexpected {kind.__name__} reached the crash handler") from error

    monkeypatch.setattr(crash, "report_crash", loud)


def every_case_tab_built(window: Any) -> None:
    """Build every tab of the case view (each is built when first shown or asked for), so a
    check over the window's widgets sees them all."""
    view = window.case_view
    for name in ("overview", "timeline", "events", "contacts", "risk", "safety_plan"):
        getattr(view, name)
    view.notes, view.documents  # noqa: B018 - building them is the point
