"""Recording the reason an agency gave for a missed or late obligation (the 2024 Act's duty is
to comply "unless there is good reason"), from the case's timeline. Reports count these apart.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import AGENCY_LABELS
from vcop_desktop.ui.event_dialog import from_qdate, to_qdate


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
        self.given_on = QDateEdit(to_qdate(today))
        self.given_on.setCalendarPopup(True)
        self.given_on.setDisplayFormat("d MMM yyyy")
        self.given_on.setMaximumDate(to_qdate(today))
        self.given_on.setAccessibleName("Date the reason was given")
        form.addRow("Reason given:", self.reason)
        form.addRow("Given on:", self.given_on)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a00000")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.problem.setText("Say what reason the agency gave.")
            return
        self.accept()

    def values(self) -> tuple[str, date]:
        return self.reason.toPlainText().strip(), from_qdate(self.given_on.date())


def record_reason(window: Any, obligation: Obligation | None) -> None:
    """Ask for the reason, then store it in the case file (one audited transaction)."""
    if obligation is None or not obligation.status.is_breach:
        window.statusBar().showMessage(
            "Select an obligation met late or overdue on the timeline first.", 5000
        )
        return
    dialog = GoodReasonDialog(obligation, window.today, window)
    if not dialog.exec():
        return
    reason, given_on = dialog.values()
    today = window.today
    window.change_case(
        lambda handle: handle.record_good_reason(
            obligation.duty, obligation.trigger, reason, given_on, today=today
        ),
        "record the agency's reason",
    )


def install_reason_button(window: Any) -> QPushButton:
    """A "Reason given…" button beside Mark met and Draft letter on the case's timeline,
    enabled for an obligation met late or overdue (added from outside the tab's own code)."""
    tab = window.case_view.timeline
    button = QPushButton("&Reason given…")
    button.setToolTip("Record the reason the agency gave for missing or being late with it")
    button.setEnabled(False)
    bar = tab.layout().itemAt(0).layout()
    bar.insertWidget(2, button)

    def update(*_args: Any) -> None:
        current = tab.current()
        button.setEnabled(current is not None and current.status.is_breach)

    tab.timeline.canvas.obligation_selected.connect(update)
    tab.table.selectionModel().currentRowChanged.connect(update)
    tab.model.modelReset.connect(update)
    button.clicked.connect(lambda: record_reason(window, tab.current()))
    return button
