"""Case → Shared without consent…: record a decision to share the victim's information without
their consent (what, with whom, why, the lawful basis, who approved it), or the review of one
still open. The service standard reviews each decision within 2 days of it, so the dialog
shows the review's due date as the decision is typed, and each open decision with its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import future_problem
from vcop_desktop.domain.events import Event
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.text import long_date

#: The service standard's review period (protection.md: a sharing decision reviewed in 2 days).
REVIEW_DAYS = 2


def review_due(shared_on: date) -> date:
    return shared_on + timedelta(days=REVIEW_DAYS)


def open_decisions(events: Sequence[Event]) -> list[Event]:
    """Decisions to share without consent that no `sharing_reviewed` names yet, oldest first."""
    reviewed = {e.get_str("shared") for e in events if e.type == "sharing_reviewed"}
    return sorted(
        (e for e in events if e.type == "info_shared_without_consent" and e.id not in reviewed),
        key=lambda e: (e.date, e.position),
    )


def decision_label(event: Event, today: date) -> str:
    due = review_due(event.date)
    late = " — overdue" if due < today else ""
    return (
        f"{long_date(event.date)}: {event.get_str('what') or 'information'} to "
        f"{event.get_str('with') or 'someone'} (review due {long_date(due)}{late})"
    )


class SharingDialog(QDialog):
    """`result_event()` gives (type, date, fields, note) once accepted."""

    def __init__(
        self,
        today: date,
        case_events: Sequence[Event],
        *,
        review_of: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("Shared without consent")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Record a decision to share the victim's information without their consent, or "
            f"the review of one. Each decision is reviewed within {REVIEW_DAYS} days."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.new_choice = QRadioButton("A &new decision to share")
        self.review_choice = QRadioButton("The re&view of an open decision")
        choice = QButtonGroup(self)
        choice.addButton(self.new_choice)
        choice.addButton(self.review_choice)
        layout.addWidget(self.new_choice)
        layout.addWidget(self.review_choice)

        self.new_box = QGroupBox("Decision to share")
        form = QFormLayout(self.new_box)
        self.what = self._line("What was shared", "e.g. current address and risk level")
        self.with_whom = self._line("Shared with", "e.g. police, children's services")
        self.reason = self._line("Why", "e.g. risk of serious harm to the children")
        self.lawful_basis = self._line("Lawful basis", "e.g. vital interests")
        self.approved_by = self._line("Approved by", "the manager who approved it")
        self.shared_on = DateInput("Date shared", today, today)
        self.due = LiveLabel("Review due")
        form.addRow("&What was shared:", self.what)
        form.addRow("Shared wit&h:", self.with_whom)
        form.addRow("Wh&y:", self.reason)
        form.addRow("&Lawful basis:", self.lawful_basis)
        form.addRow("Appr&oved by (optional):", self.approved_by)
        form.addRow("&Date shared:", self.shared_on)
        form.addRow("", self.due)
        layout.addWidget(self.new_box)

        self.review_box = QGroupBox("Review")
        review_form = QFormLayout(self.review_box)
        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision reviewed")
        self.open_ones = open_decisions(case_events)
        for event in self.open_ones:
            self.decision.addItem(decision_label(event, today), event.id)
        self.reviewed_on = DateInput("Date reviewed", today, today)
        self.outcome = self._line("What the review decided", "e.g. sharing to continue")
        review_form.addRow("Dec&ision:", self.decision)
        review_form.addRow("Date &reviewed:", self.reviewed_on)
        review_form.addRow("Review o&utcome (optional):", self.outcome)
        layout.addWidget(self.review_box)

        self.problem, _buttons = add_problem_and_buttons(self, layout, self._save, save=True)
        self.review_choice.setEnabled(bool(self.open_ones))
        if not self.open_ones:
            self.review_choice.setText("The review of an open decision (none is open)")
        index = self.decision.findData(review_of) if review_of else -1
        if index >= 0:
            self.decision.setCurrentIndex(index)
            self.review_choice.setChecked(True)
        else:
            self.new_choice.setChecked(True)
        self.new_choice.toggled.connect(self._mode_changed)
        self.shared_on.changed.connect(self._show_due)
        self._mode_changed()
        self._show_due()
        self._inputs: dict[str, QWidget] = {
            "what": self.what, "with": self.with_whom, "reason": self.reason,
            "lawful_basis": self.lawful_basis, "approved_by": self.approved_by,
            "shared_on": self.shared_on, "decision": self.decision,
            "reviewed_on": self.reviewed_on, "outcome": self.outcome,
        }  # fmt: skip

    def _line(self, name: str, hint: str) -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(name)
        line.setPlaceholderText(hint)
        line.setMinimumWidth(line.fontMetrics().horizontalAdvance(hint) + 24)
        return line

    def reviewing(self) -> bool:
        return self.review_choice.isChecked()

    def _mode_changed(self) -> None:
        self.new_box.setEnabled(not self.reviewing())
        self.review_box.setEnabled(self.reviewing())
        self.problem.clear()
        (self.decision if self.reviewing() else self.what).setFocus()

    def _show_due(self) -> None:
        shared = self.shared_on.value()
        if shared is None:
            self.due.setText("The review is due 2 days after the date shared.")
            return
        due = review_due(shared)
        late = " (already past: record the review too)" if due < self.today else ""
        self.due.setText(f"Review due by {long_date(due)}{late}.")

    # -- the result ----------------------------------------------------------------------------

    def validate(self) -> str:
        if self.reviewing():
            if self.decision.currentData() is None:
                return "Choose the decision that was reviewed."
            problem = self.reviewed_on.problem()
            reviewed = self.reviewed_on.value()
            if problem or reviewed is None:
                return problem or "Date reviewed: enter a date."
            shared = next(e.date for e in self.open_ones if e.id == self.decision.currentData())
            if reviewed < shared:
                return "The review cannot be before the decision it reviews."
            return future_problem(reviewed, self.today)
        for line, name in (
            (self.what, "What was shared"), (self.with_whom, "Shared with"),
            (self.reason, "Why"), (self.lawful_basis, "Lawful basis"),
        ):  # fmt: skip
            if not line.text().strip():
                return f"{name} is needed: a sharing decision is recorded in full."
        problem = self.shared_on.problem()
        shared_on = self.shared_on.value()
        if problem or shared_on is None:
            return problem or "Date shared: enter a date."
        return future_problem(shared_on, self.today)

    def result_event(self) -> tuple[str, date, dict[str, Any], str | None]:
        """What to store (call once accepted)."""
        if self.reviewing():
            when = self.reviewed_on.value() or self.today
            note = " ".join(self.outcome.text().split()) or None
            return "sharing_reviewed", when, {"shared": self.decision.currentData()}, note
        fields = {
            name: " ".join(line.text().split())
            for name, line in (
                ("what", self.what), ("with", self.with_whom), ("reason", self.reason),
                ("lawful_basis", self.lawful_basis), ("approved_by", self.approved_by),
            )
            if line.text().strip()
        }  # fmt: skip
        return "info_shared_without_consent", self.shared_on.value() or self.today, fields, None

    def _save(self) -> None:
        problem = self.validate()
        self.problem.setText(problem)
        if not problem:
            self.accept()

    # -- kept while locked ---------------------------------------------------------------------

    def keep(self) -> dict[str, Any]:
        return {"reviewing": self.reviewing(), "inputs": keep_all(self._inputs)}

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self._inputs, state["inputs"])
        if state.get("reviewing") and self.review_choice.isEnabled():
            self.review_choice.setChecked(True)
        self._show_due()
