"""Crash reports keep the stack, never the message (which may hold personal data)."""

from __future__ import annotations

from pathlib import Path

from vcop_desktop.ui import crash


def test_crash_report_has_no_message(tmp_path: Path) -> None:
    try:
        raise ValueError("Siobhán Distinctive lives at 1 Example Road")
    except ValueError as error:
        text = crash.crash_report_text(ValueError, error, error.__traceback__)
    assert "ValueError" in text
    assert "test_crash_report_has_no_message" in text
    assert "Distinctive" not in text and "Example Road" not in text
    crash._report_dir = tmp_path
    path = crash.write_report(text)
    assert path is not None and path.read_text() == text
    crash._report_dir = None
