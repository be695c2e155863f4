"""Small dialogs: a new case, and marking an obligation met."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import AGENCY_LABELS, FLAGS
from vcop_desktop.ui.event_dialog import OptionalDate, from_qdate, to_qdate
from vcop_desktop.ui.text import long_date


class NewCaseDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("New case")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("Victim's name")
        form.addRow("Victim's &name:", self.name)
        self.offence = QLineEdit()
        self.offence.setAccessibleName("Offence")
        form.addRow("&Offence:", self.offence)
        self.offence_date = OptionalDate("Offence date", today)
        form.addRow("Offence &date:", self.offence_date)
        self.dob = OptionalDate("Date of birth", date(today.year - 30, 1, 1))
        form.addRow("Date of &birth:", self.dob)
        self.crime_reference = QLineEdit()
        self.crime_reference.setAccessibleName("Crime reference")
        form.addRow("&Crime reference:", self.crime_reference)
        self.reported = OptionalDate("Date reported to police", today)
        form.addRow("&Reported to police on:", self.reported)
        layout.addLayout(form)
        flags = QGridLayout()
        self.flags: dict[str, QCheckBox] = {}
        for i, flag in enumerate(FLAGS):
            box = QCheckBox(flag.replace("_", " "))
            self.flags[flag] = box
            flags.addWidget(box, i // 3, i % 3)
        layout.addWidget(QLabel("Flags (they decide enhanced rights and some duties):"))
        layout.addLayout(flags)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #d0342c")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        values = self.values()
        problem = ""
        if not values["victim_name"]:
            problem = "The victim's name is needed."
        offence, dob = values["offence_date"], values["victim_dob"]
        if offence and offence > self.today:
            problem = "The offence date is in the future."
        if offence and dob and offence < dob:
            problem = "The offence date is before the date of birth."
        reported = self.reported.value()
        if reported and reported > self.today:
            problem = "The date reported is in the future."
        self.problem.setText(problem)
        if not problem:
            self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "victim_name": self.name.text().strip(),
            "offence": self.offence.text().strip() or None,
            "offence_date": self.offence_date.value(),
            "victim_dob": self.dob.value(),
            "crime_reference": self.crime_reference.text().strip() or None,
            "flags": [f for f, box in self.flags.items() if box.isChecked()],
        }

    def reported_on(self) -> date | None:
        return self.reported.value()


class MarkMetDialog(QDialog):
    """When was it met? Defaults to today; cannot be in the future."""

    def __init__(self, obligation: Obligation, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark met")
        layout = QVBoxLayout(self)
        owed = AGENCY_LABELS.get(obligation.owed_by, obligation.owed_by)
        due = f"Due {long_date(obligation.due)}." if obligation.due else "No fixed due date."
        text = QLabel(f"<b>{obligation.what}</b><br>Owed by {owed}. {due}")
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.when = QDateEdit(to_qdate(today))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy")
        self.when.setMaximumDate(to_qdate(today))
        self.when.setAccessibleName("Date met")
        form.addRow("Met on:", self.when)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.when.setFocus()

    def met_on(self) -> date:
        return from_qdate(self.when.date())
