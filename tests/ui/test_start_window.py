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


def test_the_demo_progress_line_goes_once_the_demo_is_open(qtbot: Any, context: AppContext) -> None:
    start = StartWindow(context)
    qtbot.addWidget(start)
    opened: list[Workspace] = []
    start.unlocked.connect(opened.append)
    start.first_run.make_demo()
    assert "Making" in start.first_run.error.text()
    wait_idle(qtbot, context, timeout=60_000)
    assert len(opened) == 1
    assert start.first_run.error.text() == ""
    opened[0].close()


def test_the_strength_meter_says_something_before_typing(qtbot: Any, context: AppContext) -> None:
    start = StartWindow(context)
    qtbot.addWidget(start)
    page = start.first_run
    assert page.meter.isTextVisible() and page.meter.text() == "Not typed yet"
    assert page.strength.text().startswith("Use at least")
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    assert page.meter.text() == page.strength.text().split(".")[0]


def test_a_folder_that_is_not_a_workspace_is_said_at_once(
    qtbot: Any, context: AppContext, tmp_path: Any
) -> None:
    start = StartWindow(context)
    qtbot.addWidget(start)
    plain = tmp_path / "just-a-folder"
    plain.mkdir()
    start.first_run.open_folder(plain)
    assert start.currentWidget() is start.first_run  # no passphrase asked for
    assert "not a workspace" in start.first_run.error.text()
    assert start.first_run.folder.text() == str(plain)
    start.show_unlock(plain)  # the same from File -> Switch workspace
    assert start.currentWidget() is start.first_run


def test_ctrl_q_closes_the_unlock_window(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    workspace.close()
    start = StartWindow(context)
    qtbot.addWidget(start)
    start.show()
    qtbot.waitExposed(start)
    start.activateWindow()
    qtbot.waitUntil(start.isActiveWindow)
    assert start.currentWidget() is start.unlock_page
    field = start.unlock_page.passphrase
    qtbot.keyClick(field, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not start.isVisible())


def test_the_unlock_field_does_not_span_a_wide_window(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    workspace.close()
    start = StartWindow(context)
    qtbot.addWidget(start)
    start.resize(1300, 700)
    start.show()
    qtbot.waitExposed(start)
    field = start.unlock_page.passphrase
    assert field.width() < start.width() * 0.6
    assert field.width() >= field.fontMetrics().averageCharWidth() * 30


def test_ctrl_q_quits_the_main_window_on_every_platform(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """StandardKey.Quit has no binding on Windows (nor offscreen): the menu names Ctrl+Q."""
    from tests.ui.test_main_window import open_window

    window = open_window(qtbot, context, workspace)
    quits = [a for a in window.actions() if a.text() == "&Quit"]
    assert quits and quits[0].shortcut().toString() == "Ctrl+Q"
    window.close()


def test_the_demo_has_work_due_soon_and_is_made_afresh_when_old(
    qtbot: Any, context: AppContext
) -> None:
    """A demo dated a year ago shows everything overdue and nothing due soon: a stale demo
    (older than a week) is set aside and made again, dated today."""
    from datetime import timedelta

    from vcop_desktop.ui.start_window import DEMO_STAMP

    def open_demo() -> Workspace:
        start = StartWindow(context)
        qtbot.addWidget(start)
        opened: list[Workspace] = []
        start.unlocked.connect(opened.append)
        start.first_run.make_demo()
        wait_idle(qtbot, context, timeout=60_000)
        assert len(opened) == 1
        return opened[0]

    today = context.clock.today()
    demo = open_demo()
    board = demo.dashboard(14, today)
    due_soon = [
        i for i in board.items if i.obligation.due is not None and i.obligation.due >= today
    ]
    assert len(due_soon) >= 5
    demo.close()
    stamp = context.demo_dir / DEMO_STAMP
    assert stamp.read_text(encoding="ascii") == today.isoformat()

    stamp.write_text((today - timedelta(days=3)).isoformat(), encoding="ascii")
    demo = open_demo()  # fresh enough: the same workspace, not made again
    assert not context.demo_dir.with_name(context.demo_dir.name + ".previous").exists()
    demo.close()

    stamp.write_text((today - timedelta(days=400)).isoformat(), encoding="ascii")
    demo = open_demo()
    assert context.demo_dir.with_name(context.demo_dir.name + ".previous").exists()
    assert stamp.read_text(encoding="ascii") == today.isoformat()
    assert len(demo.list_cases()) == 40
    demo.close()


def test_unlock_derives_the_key_before_loading_the_workspace(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    """Unlock runs Argon2id through `unlock_keystore` (the keystore alone) and only then opens
    the workspace from that key: it does not wait for the workspace's modules first."""
    from vcop_desktop.storage import unlock

    workspace.close()
    steps: list[str] = []
    derive = unlock.unlock_keystore

    def watched(folder: Any, passphrase: str) -> Any:
        steps.append("derive")
        return derive(folder, passphrase)

    opened_from = Workspace.open_unlocked.__func__  # type: ignore[attr-defined]

    def open_unlocked(cls: Any, keystore: Any, **kwargs: Any) -> Any:
        steps.append("open")
        return opened_from(cls, keystore, **kwargs)

    monkeypatch.setattr(unlock, "unlock_keystore", watched)
    monkeypatch.setattr(Workspace, "open_unlocked", classmethod(open_unlocked))
    start = StartWindow(context)
    qtbot.addWidget(start)
    opened: list[Workspace] = []
    start.unlocked.connect(opened.append)
    qtbot.keyClicks(start.unlock_page.passphrase, PASSPHRASE)
    qtbot.keyClick(start.unlock_page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert steps == ["derive", "open"] and len(opened) == 1
    opened[0].close()
