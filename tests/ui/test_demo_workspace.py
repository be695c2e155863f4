"""The demo workspace says DEMO on every screen, warns before a case is added to it, and
closing it leads to the real first-run screen; File offers New, Open and Recent workspaces."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import PASSPHRASE, wait_idle
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.start_window import StartWindow


def open_folder(qtbot: Any, context: AppContext, folder: Any) -> MainWindow:
    workspace = context.worker.submit(lambda: Workspace.open(folder, PASSPHRASE)).result()
    window = MainWindow(context, workspace)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, context)
    return window


def test_demo_banner_warning_and_back_to_first_run(
    qtbot: Any, context: AppContext, monkeypatch: Any
) -> None:
    Workspace.create(context.demo_dir, PASSPHRASE, kdf=KdfParams.cheap()).close()
    window = open_folder(qtbot, context, context.demo_dir)
    assert window.demo and window.demo_banner.isVisible() and "DEMO" in window.windowTitle()
    window.lock()
    assert window.demo_banner.isVisible()  # the lock screen says so too
    window.lock_page.passphrase.setText(PASSPHRASE)
    window.lock_page.unlock()
    for _ in range(3):
        wait_idle(qtbot, context)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    window.new_case()
    assert asked and "demo workspace" in asked[0] and QMessageBox is not None
    targets: list[str] = []
    window.switch_workspace.connect(targets.append)
    window.close()
    assert targets == [""]  # closing the demo goes to the first-run screen
    start = StartWindow(context)
    qtbot.addWidget(start)
    assert start.currentWidget() is start.first_run  # the demo is not "the last workspace"
    start.show_first_run()
    assert "own workspace" in start.first_run.note.text()


def test_file_menu_workspaces(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    workspace.close()
    other = context.workspace_dir.parent / "other"
    Workspace.create(other, PASSPHRASE, kdf=KdfParams.cheap()).close()
    first = open_folder(qtbot, context, other)
    first.close()
    window = open_folder(qtbot, context, context.workspace_dir)
    assert not window.demo and not window.demo_banner.isVisible()
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]  # type: ignore[union-attr]
    assert "New &workspace…" in texts and "&Open workspace…" in texts
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent == [str(other)]
    targets: list[str] = []
    window.switch_workspace.connect(targets.append)
    window.recent_menu.actions()[0].trigger()
    assert targets == [str(other)] and window._closed


def test_welcome_screen_shows_no_literal_ampersands(qtbot: Any, context: AppContext) -> None:
    from PySide6.QtWidgets import QLabel

    start = StartWindow(context)
    qtbot.addWidget(start)
    for label in start.first_run.findChildren(QLabel):
        if "&" in label.text() and not label.text().startswith("<"):
            assert label.buddy() is not None, f"{label.text()!r} shows its '&'"
