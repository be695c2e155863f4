"""First run and unlock, through the real widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import PASSPHRASE, wait_idle
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.keystore import keystore_exists
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.start_window import StartWindow


def test_first_run_creates_a_workspace(qtbot: Any, context: AppContext) -> None:
    start = StartWindow(context)
    qtbot.addWidget(start)
    assert start.currentWidget() is start.first_run
    page = start.first_run
    made: list[Workspace] = []
    start.unlocked.connect(made.append)

    qtbot.keyClicks(page.passphrase, "short")
    assert page.meter.value() <= 1
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "stronger" in page.error.text()

    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    assert page.meter.value() >= 3
    qtbot.keyClicks(page.repeat, PASSPHRASE + "x")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "different" in page.error.text()

    page.repeat.clear()
    qtbot.keyClicks(page.repeat, PASSPHRASE)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "understand" in page.error.text()
    page.understood.setChecked(True)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert len(made) == 1
    assert keystore_exists(context.workspace_dir)
    made[0].close()


def test_unlock_page(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    workspace.close()
    start = StartWindow(context)
    qtbot.addWidget(start)
    assert start.currentWidget() is start.unlock_page
    page = start.unlock_page
    opened: list[Workspace] = []
    start.unlocked.connect(opened.append)
    qtbot.keyClicks(page.passphrase, "not it")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert not opened and "passphrase" in page.error.text().lower()
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert len(opened) == 1
    opened[0].close()


def test_demo_workspace_in_one_click(qtbot: Any, context: AppContext) -> None:
    start = StartWindow(context)
    qtbot.addWidget(start)
    opened: list[Workspace] = []
    start.unlocked.connect(opened.append)
    qtbot.mouseClick(start.first_run.demo_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context, timeout=60_000)
    assert len(opened) == 1
    assert len(opened[0].list_cases()) == 40
    assert opened[0].folder == context.demo_dir
    opened[0].close()
