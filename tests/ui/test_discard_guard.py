"""Esc over something typed asks before throwing it away; Esc over an untouched dialog just
closes it. Through the real Add event dialog, opened as the app opens it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from tests.ui.test_nothing_lost import Answers
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.main_window import MainWindow

_ASK = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    return window_on_case(qtbot, context, workspace, "Pat Example", "ESC/1")


def _events(window: MainWindow) -> int:
    assert window.case_view.bundle is not None
    return len(window.case_view.bundle.events)


def test_esc_over_a_typed_note_asks_and_cancel_keeps_typing(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, _ASK.Cancel, _ASK.Discard)
    before = _events(window)
    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        assert isinstance(dialog, EventDialog)
        qtbot.keyClicks(dialog.note, "Rang the officer about the bail")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
        seen["after cancel"] = (dialog.isVisible(), dialog.note.toPlainText())
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
        seen["after discard"] = dialog.isVisible()

    when_dialog(act)
    window.add_event()
    wait_idle(qtbot, window.context)
    asked = "What you typed in this window has not been saved. Discard it?"
    assert answers.asked == [asked, asked]
    assert seen["after cancel"] == (True, "Rang the officer about the bail")
    assert seen["after discard"] is False
    assert _events(window) == before  # nothing recorded
    window.close()


def test_esc_over_an_untouched_dialog_closes_it_without_asking(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["open"] = dialog.isVisible()

    when_dialog(act)
    window.add_event()
    wait_idle(qtbot, window.context)
    assert seen["open"] is False and answers.asked == []
    window.close()
