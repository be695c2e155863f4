"""Idle lock: after N minutes without keyboard or mouse input, emit `idle`; and the lock key.

Input reaches the application through its windows (`QWindow`): a key press goes to the window
with the focus and from there to its focused widget (or an open menu); a mouse event to the
window under the pointer. So the watcher filters the windows' events, not the application's:
an application-wide Python filter is called for every event of every object (about 2,000
while the main window is first shown), and handing each object to Python made PySide create
about 90 Qt types at unlock: together about 19 ms of the unlock.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QWindow

from vcop_desktop.ui.focus_filter import filter_marker, filter_once

_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}  # fmt: skip


class IdleWatcher(QObject):
    """Installed on every window of the application (`watch_windows`), so it sees every input
    event before the widgets do.

    It also catches the lock key: a window's application-wide shortcut is not delivered while
    a modal dialog is open, so Ctrl+L inside a dialog would otherwise do nothing.
    """

    idle = Signal()
    lock_pressed = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marker = filter_marker("idle-watched")  # on the windows this watcher is on
        self.lock_key: QKeySequence | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def watch_windows(self) -> None:
        """Watch the application's windows, now and whenever the focus moves to another
        window (a dialog opened: its window exists from then on)."""
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self.cover_windows)
            self.cover_windows()

    def cover_windows(self, _focused: QWindow | None = None) -> None:
        """Filter every top-level window not filtered yet (a window exists once it is first
        shown: the main window calls this then, whether or not it gets the focus)."""
        for window in QGuiApplication.topLevelWindows():
            filter_once(window, self, self._marker)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(1, int(minutes * 60_000)))
        self.poke()

    def poke(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in _INPUT and self._timer.isActive():
            self._timer.start()
        if kind == QEvent.Type.KeyPress and self.lock_key is not None:
            assert isinstance(event, QKeyEvent)
            pressed = QKeySequence(event.keyCombination())
            if pressed.matches(self.lock_key) == QKeySequence.SequenceMatch.ExactMatch:
                self.lock_pressed.emit()
                return True
        return False
