"""Labels whose text changes, heard by a screen reader: their title, their text, and each change.

A fixed accessible name ("Unlock problem", "Dashboard summary") made a screen reader read the
title and never what the label said (issue 23). A LiveLabel's accessible name is its title and
its text; when the text changes Qt sends NameChanged, and an announcement for a screen reader
to speak even when the label does not have focus.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QToolTip, QWidget


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Ask a screen reader to speak `text` now (politely, or at once when `urgent`)."""
    if text and QAccessible.isActive():
        event = QAccessibleAnnouncementEvent(widget, text)
        if urgent:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)


def tell(window: QMainWindow, message: str, milliseconds: int) -> None:
    """Say `message` where the user is looking: beside the focused control as well as in the
    status bar (which nobody watches), and to a screen reader."""
    window.statusBar().showMessage(message, milliseconds)
    focus = QApplication.focusWidget()
    if focus is not None and focus.window() is window and focus.isVisible():
        at = focus.mapToGlobal(QPoint(0, focus.height()))
        QToolTip.showText(at, message, focus, QRect(), milliseconds)
    announce(window, message)


def plain_text(text: str) -> str:
    """What a label says, without its markup."""
    if "<" in text:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.split())


class LiveLabel(QLabel):
    """A label a screen reader hears in full, and hears again when its text changes.

    `urgent` asks for an assertive announcement (a problem that stops the user, such as a wrong
    passphrase); otherwise changes are announced politely, after what is being read.
    """

    def __init__(
        self, title: str, text: str = "", parent: QWidget | None = None, *, urgent: bool = False
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.urgent = urgent
        self._spoken = ""
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._speak(plain_text(text))

    def clear(self) -> None:
        super().clear()
        self._speak("")

    def _speak(self, plain: str) -> None:
        self.setAccessibleName(f"{self.title}: {plain}" if plain else self.title)
        self.setAccessibleDescription(plain)
        if plain != self._spoken:
            announce(self, plain, urgent=self.urgent)
        self._spoken = plain
