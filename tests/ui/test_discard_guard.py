"""Esc over something typed asks before throwing it away; Esc over an untouched dialog just
closes it. Through the real Add event dialog, opened as the app opens it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.main_window import MainWindow

_ASK = QMessageBox.StandardButton


class Answers:
    """Stands in for the question, answering in turn and recording what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: Any) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(str(args[1]))
        return self.answers.pop(0)


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
    assert answers.asked == ["Discard what you typed?", "Discard what you typed?"]
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
