"""The window's shortcuts win over a text field's editing keys (issue 18: Ctrl+E in search)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

import vcop_desktop.ui.case_actions as case_actions
from tests.ui.test_main_window import window_on_case


class _LinuxLineEdit(QLineEdit):
    """A line edit with X11's Emacs-style binding (Ctrl+E: end of line), which the offscreen
    platform lacks: it claims Ctrl+E, as the real search box does under X11 and Wayland."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_E
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return super().event(event)


def test_ctrl_e_adds_an_event_from_the_search_box(
    qtbot: Any, context: Any, workspace: Any, monkeypatch: Any
) -> None:
    window = window_on_case(qtbot, context, workspace, "Eve Ctrlsample", "CE/1")
    called: list[object] = []
    monkeypatch.setattr(case_actions, "add_event", lambda host, *a: called.append(host))
    field = _LinuxLineEdit(window.cases)
    field.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert called == [window]
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all stays
    window.close()


def test_copy_stays_with_the_field(qtbot: Any, context: Any, workspace: Any) -> None:
    window = window_on_case(qtbot, context, workspace, "Cy Copysample", "CC/1")
    guard = window._shortcuts_win
    assert "Ctrl+E" in guard._sequences()
    assert "Ctrl+C" not in guard._sequences() and "Ctrl+V" not in guard._sequences()
    window.close()
