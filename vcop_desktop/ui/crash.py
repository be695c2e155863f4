"""Crash reports for real bugs, with no personal data in them.

A report holds the app version, the platform, the exception *type* and the stack (file, line,
function). It never holds the exception's message or any variable's value, because either
could contain a victim's details.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from vcop_desktop import __version__

_report_dir: Path | None = None


def install(report_dir: Path) -> None:
    """Route uncaught exceptions (including those in Qt slots) to `report_crash`."""
    global _report_dir
    _report_dir = report_dir
    sys.excepthook = report_crash


def crash_report_text(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> str:
    lines = [
        f"VCOP Desktop {__version__} crash report",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"Exception type: {kind.__module__}.{kind.__qualname__}",
        "(The exception's message is left out: it might contain personal data.)",
        "Stack:",
    ]
    for frame in traceback.extract_tb(tb):
        filename = Path(frame.filename)
        where = "/".join(filename.parts[-3:])
        lines.append(f"  {where}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def write_report(text: str) -> Path | None:
    if _report_dir is None:
        return None
    try:
        _report_dir.mkdir(parents=True, exist_ok=True)
        path = _report_dir / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        return None


def report_crash(
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    parent: object = None,
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    text = crash_report_text(kind, error, tb)
    path = write_report(text)
    sys.stderr.write(text)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

        if QApplication.instance() is None:
            return
        where = f"A report without personal data was saved to:\n{path}" if path else ""
        QMessageBox.critical(
            parent if isinstance(parent, QWidget) else None,
            "VCOP Desktop: something went wrong",
            "Something went wrong inside VCOP Desktop. Your cases are safe: every change is "
            "saved as a whole or not at all.\n\n"
            f"{where}\n\nPlease send it to your support contact.",
        )
    except Exception:  # noqa: S110 - the crash handler itself must never crash
        pass
