"""Esc, or the window's close button, over a dialog with something typed in it asks first.

A slip of the Esc key used to throw away a half-typed event, contact or assessment without a
word. The guard compares what the dialog holds (its `keep()`, the same snapshot a lock keeps)
with what it held when it opened; only a change asks "Discard what you typed?", whose default
is to go on typing. Cancel and the program's own closing (a lock keeps the input) never ask:
those are not slips. A dialog that settles its own unsaved work (the letter dialog's `reject`)
is left to do so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QMessageBox

_ASK = QMessageBox.StandardButton


class DiscardGuard(QObject):
    """Installed on one dialog for as long as it runs (`guard`)."""

    def __init__(self, dialog: QDialog, keep: Callable[[], Any]) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._keep = keep
        self._opened = keep()
        dialog.installEventFilter(self)

    def changed(self) -> bool:
        try:
            return bool(self._keep() != self._opened)
        except RuntimeError:  # a dialog half torn down (its widgets deleted): nothing to keep
            return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is not self._dialog:
            return False
        escape = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        )
        closing = event.type() == QEvent.Type.Close and event.spontaneous()
        if not (escape or closing) or not self.changed():
            return False
        answer = QMessageBox.question(
            self._dialog,
            "Discard what you typed?",
            "What you typed in this window has not been saved. Discard it?",
            _ASK.Discard | _ASK.Cancel,
            _ASK.Cancel,
        )
        if answer == _ASK.Discard:
            self._dialog.reject()
        else:
            event.ignore()
        return True


def guard(dialog: QDialog) -> DiscardGuard | None:
    """Guard `dialog` if it can say what it holds (`keep`) and does not settle unsaved work
    itself (its own `reject`)."""
    keep = getattr(dialog, "keep", None)
    if not callable(keep) or type(dialog).reject is not QDialog.reject:
        return None
    return DiscardGuard(dialog, keep)
