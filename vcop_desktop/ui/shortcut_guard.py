"""Let the window's own shortcuts win over a text field's editing keys.

On Linux (X11, Wayland), Qt gives line edits Emacs-style keys: Ctrl+E moves to the end of the
line, so a search box with the focus ate Ctrl+E (Add event) and the menu's shortcut never fired
(issue 18). Offscreen and on Windows the binding does not exist, which is why it went unseen.
A text field with the focus is asked first ("ShortcutOverride"); this guard answers "no" for
the key sequences of the window's own actions, so the action runs wherever the focus is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from vcop_desktop.ui.focus_filter import FocusFilter

#: Editing keys a field always keeps, even if an action were ever given one of them.
_FIELD_KEEPS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
_TEXT_FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


class WindowShortcutsWin(FocusFilter):
    """A filter of "ShortcutOverride" events sent to the focused text field of `window`;
    a child of the window, so it goes (and stops filtering) with it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.follow_focus()

    def wants(self, widget: QWidget) -> bool:
        return isinstance(widget, _TEXT_FIELDS) and widget.window() is self._window

    def _sequences(self) -> set[str]:
        kept = {key.toString() for std in _FIELD_KEEPS for key in QKeySequence.keyBindings(std)}
        return {
            action.shortcut().toString()
            for action in self._window.actions()
            if not action.shortcut().isEmpty()
        } - kept

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, _TEXT_FIELDS):
            return False
        if not isinstance(event, QKeyEvent) or watched.window() is not self._window:
            return False
        if QKeySequence(event.keyCombination()).toString() in self._sequences():
            event.ignore()  # not the field's: the window's action takes it
            return True
        return False
