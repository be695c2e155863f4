"""The idle watcher sees input through the application's windows, not every object's events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from vcop_desktop.ui.idle import IdleWatcher


class Recording(IdleWatcher):
    def __init__(self) -> None:
        super().__init__(5)
        self.seen: list[object] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        self.seen.append(watched)
        return super().eventFilter(watched, event)


def _shown(qtbot: Any) -> QDialog:
    dialog = QDialog()
    QLineEdit(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_lock_key_is_caught_in_a_window_opened_after_the_watcher(qtbot: Any) -> None:
    watcher = Recording()
    watcher.lock_key = QKeySequence("Ctrl+L")
    watcher.watch_windows()
    pressed: list[bool] = []
    watcher.lock_pressed.connect(lambda: pressed.append(True))
    dialog = _shown(qtbot)  # a window made after the watcher started: covered on focus
    handle = dialog.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert pressed == [True]
    assert handle in watcher.seen


def test_the_watcher_is_not_handed_every_object_s_events(qtbot: Any) -> None:
    """An application-wide Python filter was called for every event of every object."""
    watcher = Recording()
    watcher.watch_windows()
    _shown(qtbot)
    bystander = QObject()
    watcher.seen.clear()
    QApplication.sendEvent(bystander, QEvent(QEvent.Type.User))
    assert bystander not in watcher.seen
    assert watcher.seen == []


def test_the_main_window_is_watched_once_shown_focused_or_not(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    """Its window exists only once shown; it is watched from then on, not only from when it
    first gets the focus (a window may be shown and used before any focus change)."""
    from tests.ui.test_main_window import open_window

    app = QApplication.instance()
    assert app is not None
    app.blockSignals(True)  # no focus change is heard: as where showing does not focus
    try:
        window = open_window(qtbot, context, workspace)
    finally:
        app.blockSignals(False)
    handle = window.windowHandle()
    assert handle is not None
    assert handle.property(window.idle._marker)
    QTest.keyClick(handle, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked)
    window.close()
