"""The dashboard's retention review: closed cases whose review date has come (from the index,
no case file opened), and the three decisions for each: keep (with a reason and the next
review date, both required), anonymise, or erase. The decisions themselves run on the
storage worker (`retention_actions.py`); this module only shows and asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.domain.retention import MAX_YEARS, MIN_YEARS, keep_problem
from vcop_desktop.storage import RetentionDue
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.models.base import FlatTableModel, Row
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import long_date

COLUMNS = ("Case", "Closed", "Review due", "Review date set by")


class RetentionModel(FlatTableModel[RetentionDue]):
    COLUMNS = COLUMNS

    def describe(self, item: RetentionDue) -> Row[RetentionDue]:
        why = "the last decision to keep it" if item.kept_before else "the retention schedule"
        return Row(
            item=item,
            texts=(item.case_code, long_date(item.closed_on), long_date(item.review_on), why),
            keys=(item.case_code, item.closed_on, item.review_on, why),
        )

    def other_data(self, row: Row[RetentionDue], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Case {row.item.case_code}: keep, anonymise or erase it (buttons below)."
        return None


def retention_summary(count: int, years: int) -> str:
    cases = "1 closed case is" if count == 1 else f"{count} closed cases are"
    return (
        f"Retention review: {cases} due (closed cases are reviewed {years} years after "
        "closure; Settings → Retention)."
    )


class RetentionPanel(QWidget):
    """The list and its three buttons; hidden while no case is due."""

    keep_requested = Signal(object)  # RetentionDue
    anonymise_requested = Signal(object)
    erase_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = LiveLabel("Retention review")
        layout.addWidget(self.summary)
        self.model = RetentionModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(
            self.table, {0: "VC-2026-0000", 1: "Wednesday 30 September 2026",
                         2: "Wednesday 30 September 2026"},
            stretch=3, name="Retention review: closed cases due", whole=frozenset({0}),
        )  # fmt: skip
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        # Four rows at most before it scrolls: the page's other lists keep their room (the
        # dashboard's scroll area sizes the page by its preferred height).
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(rows * 5 + 2 * self.table.frameWidth() + 4)
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        self.keep_button = QPushButton("&Keep…")
        self.anonymise_button = QPushButton("A&nonymise…")
        self.erase_button = QPushButton("&Erase…")
        for button, what, signal in (
            (self.keep_button, "Keep the chosen case, with a reason and the next review date",
             self.keep_requested),
            (self.anonymise_button, "Remove everything that could identify the victim; the "
             "case's events and figures are kept", self.anonymise_requested),
            (self.erase_button, "Erase the chosen case everywhere, backups included",
             self.erase_requested),
        ):  # fmt: skip
            button.setToolTip(what)
            button.setAccessibleDescription(what)
            button.clicked.connect(lambda _=False, s=signal: self._emit(s))
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table.selectionModel().currentRowChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _: self._emit(self.keep_requested))
        self.set_items([], 6)

    def set_items(self, items: Sequence[RetentionDue], years: int) -> None:
        self.model.replace_rows(items)
        self.summary.setText(f"<b>{retention_summary(len(items), years)}</b>")
        self.setVisible(bool(items))
        if items:
            self.table.selectRow(0)
        self._enable()

    def current(self) -> RetentionDue | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _enable(self, *_: object) -> None:
        chosen = self.current() is not None
        for button in (self.keep_button, self.anonymise_button, self.erase_button):
            button.setEnabled(chosen)

    def _emit(self, signal: Any) -> None:
        item = self.current()
        if item is not None:
            signal.emit(item)


class KeepDialog(QDialog):
    """Keep a case: why, and when it is reviewed next (both required)."""

    def __init__(self, item: RetentionDue, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.today = today
        self.setWindowTitle(f"Keep case {item.case_code}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Case {item.case_code} closed on {long_date(item.closed_on)}. Say why it is kept, "
            "and when it is reviewed again. The reason goes into the case's audit log."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName("Reason for keeping")
        self.reason.setMaximumHeight(80)
        reason_label = QLabel("&Reason:")
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.review_on = DateInput("Next review", today, add_months(today, 12))
        date_label = QLabel("&Next review:")
        date_label.setBuddy(self.review_on.edit)
        form.addRow(date_label, self.review_on)
        layout.addLayout(form)
        self.problem, _ = add_problem_and_buttons(self, layout, self._check)
        self.reason.setFocus()

    def values(self) -> tuple[str, date | None]:
        return self.reason.toPlainText().strip(), self.review_on.value()

    def _check(self) -> None:
        problem = self.review_on.problem() or keep_problem(*self.values(), self.today)
        if problem:
            self.problem.setText(problem)
            return
        self.accept()

    def keep(self) -> dict[str, Any]:
        return keep_all({"reason": self.reason, "review_on": self.review_on})

    def restore(self, state: dict[str, Any]) -> None:
        restore_all({"reason": self.reason, "review_on": self.review_on}, state)


_WHAT = {
    "anonymise": (
        "Anonymise",
        "The victim's name, contact details, date of birth, notes, contacts, letters and "
        "documents, the words of every event, reason and safety-plan item, and the case's "
        "audit history are removed for good. The events, obligations and outcomes stay, so "
        "the reports' figures do not change. Copies of the case in backups are destroyed.",
    ),
    "erase": (
        "Erase",
        "The case is erased everywhere: its file, its key, and its copies in every backup "
        "folder this workspace uses (a folder not reachable now is purged when it is). It "
        "can never be restored, and it no longer counts in reports.",
    ),
}


class DecisionDialog(QDialog):
    """Confirm an anonymisation or an erasure: what it removes, in words, and no undo."""

    def __init__(self, kind: str, item: RetentionDue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        verb, text = _WHAT[kind]
        self.kind = kind
        self.setWindowTitle(f"{verb} case {item.case_code}")
        layout = QVBoxLayout(self)
        words = QLabel(f"<b>{verb} case {item.case_code}?</b><br>{text}<br>This cannot be undone.")
        words.setWordWrap(True)
        words.setAccessibleName(f"What {verb.lower()} does")
        layout.addWidget(words)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.confirm = QPushButton(f"{verb} {item.case_code}")
        self.confirm.setAccessibleName(f"{verb} case {item.case_code}")
        self.confirm.setAutoDefault(False)
        self.confirm.clicked.connect(self.accept)
        cancel = QPushButton("Cancel")
        cancel.setDefault(True)  # Enter never destroys a case by accident
        cancel.clicked.connect(self.reject)
        bar.addWidget(self.confirm)
        bar.addWidget(cancel)
        layout.addLayout(bar)
        cancel.setFocus()
        self.setMinimumWidth(480)

    def keep(self) -> dict[str, Any]:
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        return None


class RetentionSettingsBox(QGroupBox):
    """Settings → Retention: the workspace's schedule (its own setting, not this computer's:
    kept in the workspace and logged when changed)."""

    def __init__(self, years: int, parent: QWidget | None = None) -> None:
        super().__init__("Retention", parent)
        form = QFormLayout(self)
        self.years = QSpinBox()
        self.years.setRange(MIN_YEARS, MAX_YEARS)
        self.years.setValue(years)
        self.years.setSuffix(" years")
        what = (
            "Closed cases are listed on the dashboard for review this many years after they "
            "closed (UK GDPR: kept no longer than needed). Your organisation chooses; the "
            "change is recorded in the workspace's retention log."
        )
        self.years.setAccessibleName("Review closed cases after")
        self.years.setAccessibleDescription(what)
        self.years.setToolTip(what)
        self.years.setMaximumWidth(self.years.fontMetrics().horizontalAdvance("100 years") + 60)
        label = QLabel("Review closed cases a&fter:")
        label.setBuddy(self.years)
        form.addRow(label, self.years)
        note = QLabel("The dashboard lists each closed case for review this long after it closed.")
        note.setWordWrap(True)
        form.addRow(note)
