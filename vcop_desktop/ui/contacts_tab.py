"""The case's Contacts tab: every contact with the victim, newest first, and a row that logs the
next one in a few keystrokes.

The row starts on "How" with the usual answers chosen (phone, outgoing, reached) and the date
and time at now, so Ctrl+K (Case → Log a contact), a letter to change one choice, and Enter
logs a contact. Enter
anywhere in the row logs it; the tab asks the window to store it as a `contact` event, the
same write the Add event dialog makes. Beside the log are the victim's safe contact times; an
outgoing contact logged outside them is warned about in the tab (not in a box that has to be
closed), and heard by a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.clock import Clock, SystemClock
from vcop_desktop.date_checks import future_problem
from vcop_desktop.domain.vocabulary import CONTACT_METHODS, CONTACT_OUTCOMES
from vcop_desktop.safe_times import SafeTimes, parse_safe_times
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.contrast import WARNING_HUE, problem_style, text_style
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date
from vcop_desktop.ui.time_input import TimeInput

METHOD_LABELS = {
    "phone": "Phone", "text": "Text message", "email": "Email", "in_person": "In person",
    "video": "Video call", "letter": "Letter",
}  # fmt: skip
DIRECTION_LABELS = {"out": "Outgoing (to the victim)", "in": "Incoming (from the victim)"}
OUTCOME_LABELS = {
    "reached": "Reached", "no_answer": "No answer", "message_left": "Message left",
    "unsafe": "Unsafe to talk",
}  # fmt: skip
COLUMNS = ("Date", "Time", "How", "Direction", "Outcome", "Minutes", "Note")
OUTSIDE = "outside the safe contact times"


@dataclass(frozen=True, slots=True)
class ContactEntry:
    """A contact as the row gives it, for the window to store as a `contact` event."""

    when: date
    fields: dict[str, Any]
    note: str | None


def contact_time(day: date, at: str | None) -> datetime | None:
    if at is None:
        return None
    hour, minute = (int(part) for part in at.split(":"))
    return datetime.combine(day, time(hour, minute))


def outside(times: SafeTimes | None, day: date, fields: dict[str, Any]) -> bool:
    """An outgoing contact at a known time that the understood safe times do not allow."""
    when = contact_time(day, fields.get("time"))
    return (
        times is not None
        and when is not None
        and fields.get("direction") == "out"
        and not times.allows(when)
    )


class _Message(LiveLabel):
    """A problem or warning line that takes no room while there is nothing to say (shown before
    its text is set, so the screen reader's announcement comes from a visible label)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text:
            self.setVisible(True)
        super().setText(text)
        if not text:
            self.setVisible(False)

    def clear(self) -> None:
        self.setText("")


def _combo(name: str, labels: dict[str, str], order: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for value in order:
        combo.addItem(labels.get(value, value), value)
    # Wide enough for the short choices, narrower than the longest: at 1024 wide the row set
    # the whole case view's minimum width (961 px) and the window scrolled sideways.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(9)
    return combo


class QuickAddRow(QGroupBox):
    """How, direction, outcome, minutes, note, when; Enter in any of them logs the contact."""

    submitted = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Log a contact", parent)
        grid = QGridLayout(self)
        self.method = _combo("How", METHOD_LABELS, CONTACT_METHODS)
        self.direction = _combo("Direction", DIRECTION_LABELS, ("out", "in"))
        self.outcome = _combo("Outcome", OUTCOME_LABELS, CONTACT_OUTCOMES)
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("Minutes")
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setSpecialValueText("—")  # 0: not recorded
        self.minutes.setToolTip("How long the contact took, in minutes (leave at — if not known)")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional: what was said or agreed")
        self.date = DateInput("Contact date", today, today)
        self.time = TimeInput("Contact time", optional=True)
        self.add = QPushButton("Log contact")
        self.add.setToolTip("Store this contact in the case (Enter)")
        self.add.clicked.connect(self.submitted)
        pairs: tuple[tuple[str, QWidget], ...] = (
            ("How", self.method), ("Direction", self.direction), ("Outcome", self.outcome),
            ("Minutes", self.minutes),
        )  # fmt: skip
        # Two pairs to a row: four to a row made the tab 961 px wide at its narrowest, so the
        # case view scrolled sideways on a 1024 px screen.
        for place, (text, widget) in enumerate(pairs):
            label = QLabel(f"{text}:")
            label.setBuddy(widget)
            grid.addWidget(label, place // 2, (place % 2) * 2)
            grid.addWidget(widget, place // 2, (place % 2) * 2 + 1)
        note_label = QLabel("Note:")
        note_label.setBuddy(self.note)
        grid.addWidget(note_label, 2, 0)
        grid.addWidget(self.note, 2, 1, 1, 3)
        when_label = QLabel("When:")
        when_label.setBuddy(self.date.edit)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(QLabel("at"))
        when.addWidget(self.time)
        when.addStretch(1)
        when.addWidget(self.add)
        grid.addWidget(when_label, 3, 0)
        grid.addLayout(when, 3, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)
        for first, second in zip(
            (self.method, self.direction, self.outcome, self.minutes, self.note, self.date.edit,
             self.time),
            (self.direction, self.outcome, self.minutes, self.note, self.date.edit, self.time,
             self.add),
            strict=True,
        ):  # fmt: skip
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.method)
        #: the date and time as `set_now` wrote them: while they still read so, they follow the
        #: clock ("now"); once changed (typed, or put back after a lock) they are kept
        self._now_shown: tuple[str, str] = ("", "")
        self.inputs: dict[str, QWidget] = {
            "method": self.method, "direction": self.direction, "outcome": self.outcome,
            "minutes": self.minutes, "note": self.note, "date": self.date, "time": self.time,
        }  # fmt: skip

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter that no field used (a closed drop-down, a line, a number) logs the contact."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": self.method.currentData(),
            "direction": self.direction.currentData(),
            "outcome": self.outcome.currentData(),
        }
        if self.time.value() is not None:
            out["time"] = self.time.value()
        if self.minutes.value():
            out["minutes"] = self.minutes.value()
        return out

    def set_now(self, now: datetime) -> None:
        """Date and time at `now`, following the clock until the user types either."""
        self.date.today = now.date()
        self.date.set_value(now.date())
        self.time.set_value(f"{now:%H:%M}")
        self._now_shown = (self.date.text(), self.time.text())

    def follow_clock(self, now: datetime) -> None:
        if (self.date.text(), self.time.text()) == self._now_shown:
            self.set_now(now)

    def reset(self, now: datetime) -> None:
        """Ready for the next contact: the usual answers, now, nothing typed."""
        self.method.setCurrentIndex(0)
        self.direction.setCurrentIndex(0)
        self.outcome.setCurrentIndex(0)
        self.minutes.setValue(0)
        self.note.clear()
        self.set_now(now)


class ContactsTab(QWidget):
    add_requested = Signal(object)  # ContactEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the app's clock (the window gives its own); "now" for a new contact
        self.clock: Clock = SystemClock()
        self.times: SafeTimes | None = None
        self._case_id: str | None = None
        #: a contact sent to be stored: the row is cleared once the case shows it stored, so
        #: a write that fails leaves what was typed in place
        self._sent: ContactEntry | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.row = QuickAddRow(self.clock.today())
        left.addWidget(self.row)
        self.problem = _Message("Problem", urgent=True)
        self.problem.setStyleSheet(problem_style())
        left.addWidget(self.problem)
        self.warning = _Message("Warning")
        self.warning.setStyleSheet(text_style(WARNING_HUE))
        left.addWidget(self.warning)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        setup_table(
            self.table,
            {0: "Wed 30 Sep 2026", 1: "23:59 ⚠", 2: "Text message", 3: "Outgoing",
             4: "Message left", 5: "Minutes"},
            stretch=6, name="Contacts log",
        )  # fmt: skip
        self.table.setSortingEnabled(False)  # newest first, always
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        left.addWidget(self.table, 1)
        layout.addLayout(left, 3)
        side = QGroupBox("Safe contact times")
        side_layout = QVBoxLayout(side)
        self.safe_text = LiveLabel("As recorded", "Not recorded")
        self.safe_text.setTextFormat(Qt.TextFormat.PlainText)
        side_layout.addWidget(self.safe_text)
        self.understood = LiveLabel("Safe contact times")
        self.understood.setTextFormat(Qt.TextFormat.PlainText)
        self.understood.setStyleSheet("color: palette(placeholder-text)")
        side_layout.addWidget(self.understood)
        where = QLabel("Change them on the Overview tab.")
        where.setWordWrap(True)
        side_layout.addWidget(where)
        side_layout.addStretch(1)
        side.setMinimumWidth(side.fontMetrics().horizontalAdvance("Mon-Fri 10:00-12:00; ") + 60)
        layout.addWidget(side, 1)
        self.setFocusProxy(self.row)
        self.row.submitted.connect(self.submit)
        self.row.date.changed.connect(lambda: self.problem.clear())
        self.row.time.textEdited.connect(lambda _t: self.problem.clear())

    # -- showing -------------------------------------------------------------------------------

    def show_bundle(self, bundle: CaseBundle) -> None:
        if bundle.case_id != self._case_id:  # another case: a fresh row and no old warning
            self._case_id = bundle.case_id
            self.row.reset(self.clock.now())
            self.warning.clear()
            self.problem.clear()
            self._sent = None
        elif self._sent is not None:
            self._sent = None
            self.row.reset(self.clock.now())
        text = (bundle.victim.safe_contact_times or "").strip()
        self.times = parse_safe_times(text)
        self.safe_text.setText(text or "Not recorded")
        if not text:
            self.understood.setText("No warnings: add them on the Overview tab.")
        elif self.times is None:
            self.understood.setText("Not understood, so no warnings are given.")
        else:
            ranges = "\n".join(r.describe() for r in self.times.ranges)
            self.understood.setText(f"Read as:\n{ranges}")
        contacts = [r for r in bundle.events if r.event.type == "contact"]
        contacts.sort(
            key=lambda r: (r.event.date, r.event.get_str("time") or "", r.event.position),
            reverse=True,
        )
        self.table.setRowCount(len(contacts))
        for row, record in enumerate(contacts):
            event = record.event
            fields = dict(event.fields)
            late = outside(self.times, event.date, fields)
            minutes = fields.get("minutes")
            cells = (
                f"{event.date:%a} {event.date.day} {event.date:%b %Y}",
                f"{fields.get('time', '')}{' ⚠' if late else ''}",
                METHOD_LABELS.get(str(fields.get("method")), str(fields.get("method"))),
                str(DIRECTION_LABELS.get(str(fields.get("direction")), "")).split(" ")[0],
                OUTCOME_LABELS.get(str(fields.get("outcome")), str(fields.get("outcome"))),
                str(minutes) if minutes else "",
                " ".join((record.note or "").split()),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1 and late:
                    item.setToolTip(f"Made {OUTSIDE}")
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text[:-2]}, {OUTSIDE}")
                if column == 6 and text:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)

    def blank(self) -> None:
        """Nothing of the case left on screen (the lock relies on this)."""
        self._case_id = None
        self._sent = None
        self.times = None
        self.table.setRowCount(0)
        self.safe_text.setText("Not recorded")
        self.understood.clear()
        self.warning.clear()
        self.problem.clear()
        self.row.reset(self.clock.now())

    # -- logging -------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Shown again (another tab, a while later): "now" is now, unless the user typed it."""
        self.row.follow_clock(self.clock.now())
        super().showEvent(event)

    def submit(self) -> bool:
        """Log the row's contact; False (and the problem shown) when it cannot be."""
        self.row.follow_clock(self.clock.now())  # Enter pressed now: the contact was now
        problem = self.row.date.problem() or self.row.time.problem()
        when = self.row.date.value()
        problem = problem or future_problem(
            when, self.clock.today(), then="Log contacts once they have happened."
        )
        self.problem.setText(problem)
        if problem or when is None:
            return False
        fields = self.row.fields()
        note = " ".join(self.row.note.text().split()) or None
        if outside(self.times, when, fields):
            self.warning.setText(
                f"⚠ The contact logged for {fields['time']} on {long_date(when)} was {OUTSIDE} "
                f"({self.times.describe() if self.times else ''}). Check it was safe."
            )
        else:
            self.warning.clear()
        self._sent = ContactEntry(when, fields, note)
        self.add_requested.emit(self._sent)
        self.row.method.setFocus()
        return True

    # -- kept while locked ---------------------------------------------------------------------

    def has_unsaved(self) -> bool:
        return bool(self.row.note.text().strip())

    def keep(self) -> dict[str, Any]:
        return keep_all(self.row.inputs)

    def restore(self, kept: dict[str, Any]) -> None:
        restore_all(self.row.inputs, kept)
