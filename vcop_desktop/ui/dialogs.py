"""Small dialogs: a new case, and marking an obligation met."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import case_warnings, future_problem
from vcop_desktop.domain.flag_effects import FlagEffect
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import AGENCY_LABELS, CPS_LETTER_DUTIES
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.event_dialog import OptionalDate
from vcop_desktop.ui.flag_boxes import FlagGrid, offer_offences
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.text import long_date


def confirm_dates(parent: QWidget, warnings: list[str]) -> bool:
    """Ask the advocate to confirm unlikely dates; True means keep them as they are."""
    answer = QMessageBox.question(
        parent,
        "Check the dates",
        "\n\n".join(warnings) + "\n\nSave them as they are?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Save


class NewCaseDialog(QDialog):
    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        effects: Mapping[str, FlagEffect] | None = None,
    ) -> None:
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
        self.dob = OptionalDate("Date of birth", today)
        form.addRow("Date of &birth:", self.dob)
        self.crime_reference = QLineEdit()
        self.crime_reference.setAccessibleName("Crime reference")
        form.addRow("&Crime reference:", self.crime_reference)
        self.reported = OptionalDate("Date reported to police", today)
        self.reported.set_value(today)
        form.addRow("&Reported to police on:", self.reported)
        layout.addLayout(form)
        self.flag_grid = FlagGrid(3)
        self.flag_grid.set_effects(effects or {})
        self.flags: dict[str, QCheckBox] = self.flag_grid.boxes
        flags_label = QLabel(
            "Flags (they decide enhanced rights and some duties; point at one to see what it "
            "changes):"
        )
        flags_label.setWordWrap(True)
        layout.addWidget(flags_label)
        layout.addWidget(self.flag_grid)
        self.ticked = LiveLabel("Flags ticked for the offence")
        layout.addWidget(self.ticked)
        offer_offences(self.offence, self.flag_grid, self.ticked.setText)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept)

    def inputs(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "name": self.name, "offence": self.offence, "offence_date": self.offence_date,
            "dob": self.dob, "crime_reference": self.crime_reference, "reported": self.reported,
        }  # fmt: skip
        fields.update({f"flag.{flag}": box for flag, box in self.flags.items()})
        return fields

    def keep(self) -> dict[str, Any]:
        return keep_all(self.inputs())

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self.inputs(), state)

    def _accept(self) -> None:
        for field in (self.offence_date, self.dob, self.reported):
            if field.problem():
                self.problem.setText(field.problem())
                return
        values = self.values()
        problem = ""
        if not values["victim_name"]:
            problem = "The victim's name is needed."
        offence, dob = values["offence_date"], values["victim_dob"]
        problem = future_problem(offence, self.today, "The offence date") or problem
        if offence and dob and offence < dob:
            problem = "The offence date is before the date of birth."
        reported = self.reported.value()
        problem = future_problem(reported, self.today, "The date reported") or problem
        self.problem.setText(problem)
        if problem:
            return
        warnings = case_warnings(today=self.today, dob=dob, offence=offence, reported=reported)
        if warnings and not confirm_dates(self, warnings):
            return
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
    """When was it met, and a note of how. Defaults to today; cannot be in the future."""

    def __init__(
        self,
        obligation: Obligation,
        today: date,
        parent: QWidget | None = None,
        *,
        earliest: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark met")
        self.today = today
        self.earliest = earliest
        layout = QVBoxLayout(self)
        owed = AGENCY_LABELS.get(obligation.owed_by, obligation.owed_by)
        due = f"Due {long_date(obligation.due)}." if obligation.due else "No fixed due date."
        text = QLabel(f"<b>{obligation.what}</b><br>Owed by {owed}. {due}")
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.when = DateInput("Date met", today, today)
        form.addRow("Met &on:", self.when)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional: how it was met (call, letter, who said what)")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)
        form.addRow("&Note:", self.note)
        #: A CPS decision letter: the advocate's mark of whether it explained the reasons
        #: clearly (issue 22), kept apart from when it came.
        self.clear: QComboBox | None = None
        if obligation.duty in CPS_LETTER_DUTIES:
            self.clear = QComboBox()
            for shown, value in (("Not marked", None), ("Yes", "yes"), ("No", "no")):
                self.clear.addItem(shown, value)
            self.clear.setAccessibleName("Reasons explained clearly")
            form.addRow("&Reasons explained clearly:", self.clear)
        layout.addLayout(form)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept)
        self.when.edit.setFocus()
        self.when.edit.selectAll()

    def _accept(self) -> None:
        problem = self.when.problem()
        day = self.when.value()
        problem = problem or future_problem(day, self.today, "The date met")
        self.problem.setText(problem)
        if problem or day is None:
            return
        if self.earliest is not None and day < self.earliest:
            warning = (
                f"{long_date(day)} is before {long_date(self.earliest)}, when what the victim "
                "was to be told of happened."
            )
            if not confirm_dates(self, [warning]):
                return
        self.accept()

    def met_on(self) -> date:
        return self.when.value() or self.today

    def note_text(self) -> str | None:
        return self.note.toPlainText().strip() or None

    def reasons_clear(self) -> str | None:
        """The CPS letter's quality mark ("yes", "no"), or None (not marked, or no letter)."""
        return None if self.clear is None else self.clear.currentData()

    def _kept(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {"when": self.when, "note": self.note}
        if self.clear is not None:
            widgets["clear"] = self.clear
        return widgets

    def keep(self) -> dict[str, Any]:
        return keep_all(self._kept())

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self._kept(), state)
