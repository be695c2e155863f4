"""Showing problems: plain words for what the user can fix, a crash report for real bugs."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from vcop_desktop.errors import UserError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, doing: str = "") -> None:
    """A user-fixable problem gets its message; anything else goes to the crash handler."""
    if isinstance(error, UserError):
        title = f"Could not {doing}" if doing else "VCOP Desktop"
        QMessageBox.warning(parent, title, str(error))
        return
    from vcop_desktop.ui.crash import report_crash

    report_crash(type(error), error, error.__traceback__, parent)
