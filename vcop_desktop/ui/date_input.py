"""The one date field: type a date as you would write it, see it in words, or pick it.

Replaces QDateEdit's section editing, which silently turned what was typed into another date.
Parsing lives in `vcop_desktop.typed_dates` (no Qt) so it can be property-tested.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.typed_dates import EXAMPLES, in_words, parse_date, short
from vcop_desktop.ui.contrast import problem_style

_OK = "color: palette(placeholder-text)"


class DateInput(QWidget):
    """A date typed day first (6/10/2026, 6 Oct 2026, 2026-10-06, 6Oct ...), with a calendar.

    `value()` is None when the field is empty or unreadable; `problem()` says which.
    """

    changed = Signal()

    def __init__(
        self,
        label: str,
        today: date,
        value: date | None = None,
        *,
        optional: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.today = today
        self.optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(label)
        self.edit.setPlaceholderText("not known" if optional else "e.g. 6/10/2026")
        self.edit.setToolTip(f"Type the date day first: {EXAMPLES}, or 6Oct for this year.")
        width = self.edit.fontMetrics().horizontalAdvance("30 Sept 2026") + 24
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 40)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip("Choose from a calendar (Alt+Down)")
        self.pick.setAccessibleName(f"{label}: calendar")
        self.pick.clicked.connect(self.show_calendar)
        # Not a Tab stop: a date typed after Tab landed on the button was lost (issue 18).
        # From the keyboard, Alt+Down in the field opens the calendar, as in a drop-down.
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        opener = QShortcut(QKeySequence("Alt+Down"), self.edit, self.show_calendar)
        opener.setContext(Qt.ShortcutContext.WidgetShortcut)  # this field's, not the window's
        self.calendar: QCalendarWidget | None = None  # made on first use: it is not cheap
        self.words = QLabel()
        self.words.setAccessibleName(f"{label} in words")
        # The longest date in words, whole: narrow dialogs cut "Tuesday 15 Decemb" (issue 18).
        longest = self.words.fontMetrics().horizontalAdvance("Wednesday 30 September 2026")
        self.words.setMinimumWidth(longest + 4)
        layout.addWidget(self.edit)
        layout.addWidget(self.pick)
        layout.addWidget(self.words, 1)
        self.edit.textChanged.connect(self._typed)
        self.set_value(value)

    # -- value ---------------------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._typed()

    def value(self) -> date | None:
        if not self.edit.text().strip():
            return None
        return parse_date(self.edit.text(), self.today).value

    def set_value(self, value: date | None) -> None:
        self.set_text(short(value) if value is not None else "")

    def problem(self) -> str:
        """Why the field has no usable date ("" when it has one, or may be left empty)."""
        if not self.edit.text().strip():
            return "" if self.optional else f"{self.label}: enter a date ({EXAMPLES})."
        parsed = parse_date(self.edit.text(), self.today)
        return f"{self.label}: {parsed.problem}" if parsed.value is None else ""

    # -- behaviour -----------------------------------------------------------------------------

    def _typed(self) -> None:
        text = self.edit.text()
        if not text.strip():
            self.words.setText("")
        else:
            parsed = parse_date(text, self.today)
            if parsed.value is not None:
                self.words.setText(in_words(parsed.value))
                self.words.setStyleSheet(_OK)
            else:
                self.words.setText("⚠ " + parsed.problem)
                self.words.setStyleSheet(problem_style())
        self.changed.emit()

    def show_calendar(self) -> None:
        """The calendar pop-up, on the date typed so far (or today)."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        day = self.value() or self.today
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, chosen: QDate) -> None:
        self.set_value(date(chosen.year(), chosen.month(), chosen.day()))
        if self.calendar is not None:
            self.calendar.hide()
        self.edit.setFocus()


class DateListInput(QWidget):
    """Several dates separated by commas or semicolons (closure days), each read as above."""

    def __init__(self, label: str, today: date, values: list[date]) -> None:
        super().__init__()
        self.label = label
        self.today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit("; ".join(short(d) for d in values))
        self.edit.setAccessibleName(label)
        self.edit.setPlaceholderText("e.g. 24/12/2026; 31 Dec 2026")
        self.words = QLabel()
        self.words.setWordWrap(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.words)
        self.edit.textChanged.connect(self._typed)
        self._typed()

    def _parts(self) -> list[str]:
        return [p.strip() for p in re.split(r"[;,\n]", self.edit.text()) if p.strip()]

    def values(self) -> list[date]:
        found = [parse_date(p, self.today).value for p in self._parts()]
        return sorted({d for d in found if d is not None})

    def problem(self) -> str:
        for part in self._parts():
            parsed = parse_date(part, self.today)
            if parsed.value is None:
                return f"{self.label}: {parsed.problem}"
        return ""

    def _typed(self) -> None:
        problem = self.problem()
        if problem:
            self.words.setText("⚠ " + problem)
            self.words.setStyleSheet(problem_style())
        else:
            self.words.setText(", ".join(in_words(d) for d in self.values()))
            self.words.setStyleSheet(_OK)
