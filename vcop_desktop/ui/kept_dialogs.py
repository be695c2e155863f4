"""Dialogs open over the main window, and what a lock keeps of them for after the unlock."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from vcop_desktop.ui.discard_guard import guard


class KeptDialogs:
    """The modal dialogs run through the window. A lock keeps what was typed into the
    outermost one, in memory and never on disk; the unlock reopens it with that input (a
    case's dialog only once that case is shown again)."""

    def __init__(self) -> None:
        self._open: list[tuple[QDialog, Any, str | None]] = []
        self._resume: list[tuple[Any, Any, str | None]] = []

    def run(self, dialog: QDialog, reopen: Any, case_id: str | None) -> bool:
        """Run `dialog`; a lock meanwhile calls `reopen(kept)` after the unlock. True when
        it was accepted."""
        entry = (dialog, reopen, case_id)
        self._open.append(entry)
        guard(dialog)  # Esc over something typed asks first
        try:
            accepted = bool(dialog.exec())
        finally:
            self._open.remove(entry)
            dialog.deleteLater()  # after the caller has read it: closed dialogs are not kept
        return accepted

    def keep(self) -> None:
        """At a lock, before the dialogs close: what the outermost one holds."""
        self._resume = []
        for dialog, reopen, case_id in self._open[:1]:
            keep = getattr(dialog, "keep", None)
            self._resume.append((reopen, keep() if keep is not None else None, case_id))

    def resume(self, shown_case_id: str | None) -> None:
        """After the unlock, reopen the dialog the lock closed, with its input."""
        if not self._resume:
            return
        reopen, kept, case_id = self._resume[0]
        if case_id is not None and shown_case_id != case_id:
            return
        self._resume.clear()
        QTimer.singleShot(0, lambda: reopen(kept))


def close_other_windows(window: QWidget) -> None:
    """Close every dialog (innermost first) and hide every other window of the app."""
    for _ in range(50):
        modal = QApplication.activeModalWidget()
        if modal is None or modal is window:
            break
        if isinstance(modal, QDialog):
            modal.done(QDialog.DialogCode.Rejected)
        modal.hide()
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.hide()
