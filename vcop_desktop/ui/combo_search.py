"""Type-to-find in drop-downs goes on past a space.

A closed drop-down finds an item as its first letters are typed ("cri" -> "Crime reported"),
but Qt opens the list on Space, so "crime s" stopped at "crime" with the list open (issue 18).
A space typed within the keyboard-search interval of a letter is passed on as text instead;
a space on its own still opens the list, as every keyboard user expects.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from vcop_desktop.ui.focus_filter import FocusFilter

#: The application property saying the filter is there (one per application).
_INSTALLED = "vcop-space-keeps-searching"


class SpaceKeepsSearching(FocusFilter):
    """A filter of key presses on the focused non-editable drop-down (one per app)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._searching: QObject | None = None  # the drop-down a letter was last typed into
        self._last_letter = 0.0
        self.follow_focus()

    def wants(self, widget: QWidget) -> bool:
        return isinstance(widget, QComboBox) and not widget.isEditable()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QComboBox):
            return False
        if watched.isEditable() or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            return False
        now = time.monotonic()
        recent = now - self._last_letter <= QApplication.keyboardInputInterval() / 1000
        if event.key() == Qt.Key.Key_Space:
            if recent and self._searching is watched:
                self._last_letter = now
                as_text = QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, " "
                )
                QApplication.sendEvent(watched, as_text)  # searched for, not "open the list"
                return True
            return False
        text = event.text()
        if text and text[0].isprintable() and not text.isspace():
            self._searching, self._last_letter = watched, now
        return False


def install(app: QApplication) -> None:
    """Once per application (later calls do nothing). A property, not `findChild`: that
    made a Python wrapper for every child of the application (the style, ...) and with them
    13 Qt enum types, 5 ms at unlock."""
    if not app.property(_INSTALLED):
        SpaceKeepsSearching(app)
        app.setProperty(_INSTALLED, True)
