"""Idle lock: after N minutes without keyboard or mouse input, emit `idle`; and the lock key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}  # fmt: skip


class IdleWatcher(QObject):
    """Installed on the application, so it sees every input event first.

    It also catches the lock key: a window's application-wide shortcut is not delivered while
    a modal dialog is open, so Ctrl+L inside a dialog would otherwise do nothing. (One filter,
    not two: each Python event filter runs for every event the application sees.)
    """

    idle = Signal()
    lock_pressed = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock_key: QKeySequence | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

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
