"""Recording the reason an agency gave for a missed or late obligation (the 2024 Act's duty is
to comply "unless there is good reason"), from the case's timeline. Reports count these apart.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import future_problem
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import AGENCY_LABELS
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.timeline_tab import TimelineTab


class GoodReasonDialog(QDialog):
    """What reason did the agency give, and when? (Whether it is good is not for the app.)"""

    def __init__(self, obligation: Obligation, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The agency's reason")
        layout = QVBoxLayout(self)
        owed = AGENCY_LABELS.get(obligation.owed_by, obligation.owed_by)
        state = "was met late" if obligation.status.value == "met_late" else "is overdue"
        intro = QLabel(
            f"<b>{obligation.what}</b><br>Owed by {owed}; it {state}. Record the reason "
            f"{owed} gave, in its words. Reports count obligations with a reason apart."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason given")
        self.reason.setTabChangesFocus(True)
        self.today = today
        self.given_on = DateInput("Date the reason was given", today, today)
        form.addRow("Reason given:", self.reason)
        form.addRow("Given on:", self.given_on)
        layout.addLayout(form)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept)
        self.reason.setFocus()

    def _accept(self) -> None:
        problem = self.given_on.problem()
        day = self.given_on.value()
        if not self.reason.toPlainText().strip():
            problem = "Say what reason the agency gave."
        elif not problem:
            problem = future_problem(day, self.today, "The date the reason was given")
        self.problem.setText(problem)
        if not problem and day is not None:
            self.accept()

    def values(self) -> tuple[str, date]:
        return self.reason.toPlainText().strip(), self.given_on.value() or self.today

    def keep(self) -> dict[str, Any]:
        return keep_all(self._inputs())

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self._inputs(), state)

    def _inputs(self) -> dict[str, QWidget]:
        return {"reason": self.reason, "given_on": self.given_on}


def record_reason(window: Any, obligation: Obligation | None, state: Any = None) -> None:
    """Ask for the reason, then store it in the case file (one audited transaction)."""
    if obligation is None or not obligation.status.is_breach:
        window.tell("Select an obligation met late or overdue on the timeline first.", 5000)
        return
    dialog = GoodReasonDialog(obligation, window.today, window)
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = lambda kept: record_reason(window, obligation, kept)  # noqa: E731
    # Through the window, so a lock closes it, keeps what was typed and reopens it after.
    if not window.exec_dialog(dialog, reopen, case_bound=True):
        return
    reason, given_on = dialog.values()
    today = window.today
    window.change_case(
        lambda handle: handle.record_good_reason(
            obligation.duty, obligation.trigger, reason, given_on, today=today
        ),
        "record the agency's reason",
    )


def install_reason_button(window: Any, tab: TimelineTab) -> QPushButton:
    """A "Reason given…" button beside Mark met and Draft letter on the case's timeline,
    enabled for an obligation met late or overdue (added from outside the tab's own code,
    when the tab is built: `CaseView.when_built`)."""
    button = QPushButton("Rea&son given…")
    button.setToolTip("Record the reason the agency gave for missing or being late with it")
    button.setEnabled(False)
    tab.bar.insertWidget(2, button)

    def update(*_args: Any) -> None:
        current = tab.current()
        button.setEnabled(current is not None and current.status.is_breach)

    tab.timeline.canvas.obligation_selected.connect(update)
    tab.table.selectionModel().currentRowChanged.connect(update)
    tab.model.modelReset.connect(update)
    button.clicked.connect(lambda: record_reason(window, tab.current()))
    return button
