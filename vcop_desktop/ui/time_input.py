"""The one time-of-day field: typed as written ("14:30", "9.30", "2:30pm", "1430"), kept as
"HH:MM" (the scenario contract's form). Used by the event dialog and the Contacts tab."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLineEdit, QWidget

from vcop_desktop.safe_times import clock_text, parse_clock

EXAMPLES = "14:30, 9.30 or 2:30pm"


def read_time(text: str) -> str | None:
    """ "HH:MM" for a typed time of day, None when it is not one."""
    text = text.strip().lower()
    four = re.fullmatch(r"(\d{2})(\d{2})", text)  # "1430"
    if four is not None:
        text = f"{four[1]}:{four[2]}"
    minute = parse_clock(text)
    if minute is None or minute >= 24 * 60:
        return None
    return clock_text(minute)


class TimeInput(QLineEdit):
    """`value()` is "HH:MM", or None when empty or unreadable; `problem()` says which."""

    def __init__(self, label: str, *, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.optional = optional
        self.setAccessibleName(label)
        self.setPlaceholderText("not known" if optional else "e.g. 14:30")
        self.setToolTip(f"A time of day, such as {EXAMPLES}")
        width = self.fontMetrics().horizontalAdvance("12:30pm") + 24
        self.setMinimumWidth(width)
        self.setMaximumWidth(width + 30)

    def value(self) -> str | None:
        return read_time(self.text())

    def set_value(self, value: str | None) -> None:
        self.setText(value or "")

    def problem(self) -> str:
        if not self.text().strip():
            return "" if self.optional else f"{self.label}: enter a time ({EXAMPLES})."
        if self.value() is None:
            return f"{self.label}: {self.text().strip()!r} is not a time of day ({EXAMPLES})."
        return ""
