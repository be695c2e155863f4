"""The case's Safety plan tab: the plan's items (what, who, review date), and its agreement
and reviews (issue 19).

Items are rows of the case file (`CaseHandle.safety_plan`); "Plan agreed" and "Plan reviewed"
are events (`safety_plan_agreed` with `review_days`, `safety_plan_reviewed`) that start and
renew the `advocate.safety_plan_review` standard, whose due date is the next review shown here.
The tab only shows a `CaseBundle` and emits requests; `safety_plan_actions.wire` runs them through
the window (`host.exec_dialog` keeps what was typed across a lock, `host.change_case` writes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import future_problem
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.models.base import FlatTableModel, Row
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import compact_date, days_phrase, long_date

if TYPE_CHECKING:
    from vcop_desktop.storage.models import SafetyPlanItem

REVIEW_DUTY = "advocate.safety_plan_review"
#: The review interval offered when the plan is agreed (the standard's organisation default).
DEFAULT_REVIEW_DAYS = 28
COLUMNS = ("What", "Who is responsible", "Review", "State")


def item_state(item: SafetyPlanItem, today: date) -> str:
    """In words, never by colour alone: closed, review due (its date has passed or is today),
    or open."""
    if item.closed_on is not None:
        return f"Closed {compact_date(item.closed_on)}"
    if item.review_on < today:
        return f"REVIEW DUE ({days_phrase(item.review_on, today)})"
    if item.review_on == today:
        return "REVIEW DUE today"
    return "Open"


class PlanItemsModel(FlatTableModel["SafetyPlanItem"]):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = date.today()

    def set_items(self, items: Sequence[SafetyPlanItem], today: date) -> None:
        self._today = today
        self.replace_rows(items)

    def describe(self, item: SafetyPlanItem) -> Row[SafetyPlanItem]:
        state = item_state(item, self._today)
        rank = 2 if item.closed_on is not None else (0 if state.startswith("REVIEW") else 1)
        return Row(
            item=item,
            texts=(item.what, item.responsible, compact_date(item.review_on), state),
            keys=(item.what.lower(), item.responsible.lower(), item.review_on.toordinal(), rank),
        )

    def other_data(self, row: Row[SafetyPlanItem], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            item = row.item
            review = long_date(item.review_on)
            return f"{item.what}\nResponsible: {item.responsible}\nReview: {review}"
        return None


def next_review(bundle: CaseBundle) -> Obligation | None:
    """The outstanding review of the plan with the earliest due date (None: no plan agreed,
    or the case is closed)."""
    open_reviews = [
        o
        for o in bundle.evaluation.obligations
        if o.duty == REVIEW_DUTY and o.status.is_outstanding and o.due is not None
    ]
    return min(open_reviews, key=lambda o: o.due or date.max, default=None)


class SafetyPlanTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(object)  # SafetyPlanItem
    close_requested = Signal(object)  # SafetyPlanItem
    agreed_requested = Signal()
    reviewed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = LiveLabel("Safety plan")
        layout.addWidget(self.summary)
        plan = QHBoxLayout()
        self.agreed = QPushButton("Plan a&greed…")
        self.agreed.setToolTip("Record that the plan was agreed with the victim, and how often "
                               "it is to be reviewed")  # fmt: skip
        self.reviewed = QPushButton("Plan revie&wed…")
        self.reviewed.setToolTip("Record that the plan was reviewed with the victim")
        self.agreed.clicked.connect(self.agreed_requested)
        self.reviewed.clicked.connect(self.reviewed_requested)
        plan.addWidget(self.agreed)
        plan.addWidget(self.reviewed)
        plan.addStretch(1)
        self.show_closed = QCheckBox("&Show closed items")
        plan.addWidget(self.show_closed)
        layout.addLayout(plan)
        self.model = PlanItemsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(
            self.table, {1: "Advocate and victim together", 2: "30 Sep 2026",
                         3: "REVIEW DUE (30 days overdue)"},
            stretch=0, name="Safety plan items",
        )  # fmt: skip
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # the next review first
        layout.addWidget(self.table, 1)
        self.count = LiveLabel("Safety plan items")
        layout.addWidget(self.count)
        buttons = QHBoxLayout()
        self.add = add = QPushButton("Add &item…")
        self.edit = QPushButton("Edit ite&m…")
        self.close_item = QPushButton("Mark item closed…")  # every letter is taken here
        add.clicked.connect(self.add_requested)
        self.edit.clicked.connect(self._edit)
        self.close_item.clicked.connect(self._close)
        for button in (add, self.edit, self.close_item):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.edit.setToolTip("Change the selected item (or press Enter on it)")
        self.close_item.setToolTip("Close the selected item: done, or no longer needed")
        self.table.activated.connect(lambda _index: self._edit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.show_closed.toggled.connect(lambda _on: self._fill())
        self._items: tuple[SafetyPlanItem, ...] = ()
        self._today = date.today()
        self._enable()

    def show_bundle(self, bundle: CaseBundle, today: date) -> None:
        self._items, self._today = tuple(bundle.safety_plan), today
        closed_case = bundle.record.status == "closed"
        for button in (self.agreed, self.reviewed):
            button.setEnabled(not closed_case)
        self.summary.setText(self._plan_text(bundle, today))
        self._fill()

    def blank(self) -> None:
        self._items = ()
        self.summary.setText("")
        self._fill()

    def current(self) -> SafetyPlanItem | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _fill(self) -> None:
        shown = [i for i in self._items if self.show_closed.isChecked() or i.closed_on is None]
        self.model.set_items(shown, self._today)
        due = sum(1 for i in shown if i.closed_on is None and i.review_on <= self._today)
        closed = sum(1 for i in self._items if i.closed_on is not None)
        parts = [f"{len(shown)} item{'s' if len(shown) != 1 else ''} shown"]
        if due:
            parts.append(f"{due} due for review")
        if closed and not self.show_closed.isChecked():
            parts.append(f"{closed} closed (hidden)")
        self.count.setText(", ".join(parts) + "." if self._items else "No items in the plan yet.")
        self._enable()

    def _enable(self) -> None:
        item = self.current()
        self.edit.setEnabled(item is not None and item.closed_on is None)
        self.close_item.setEnabled(item is not None and item.closed_on is None)

    def _edit(self) -> None:
        item = self.current()
        if item is not None and item.closed_on is None:
            self.edit_requested.emit(item)

    def _close(self) -> None:
        item = self.current()
        if item is not None and item.closed_on is None:
            self.close_requested.emit(item)

    @staticmethod
    def _plan_text(bundle: CaseBundle, today: date) -> str:
        agreed = [r.event.date for r in bundle.events if r.event.type == "safety_plan_agreed"]
        reviewed = [r.event.date for r in bundle.events if r.event.type == "safety_plan_reviewed"]
        if not agreed:
            return "<b>No safety plan agreed yet.</b> Record it with “Plan agreed” once it is."
        text = f"Plan agreed {long_date(max(agreed))}"
        if reviewed:
            text += f"; last reviewed {long_date(max(reviewed))}"
        review = next_review(bundle)
        if review is not None and review.due is not None:
            overdue = " — OVERDUE" if review.due < today else ""
            text += (
                f". <b>Next review: {long_date(review.due)} "
                f"({days_phrase(review.due, today)}){overdue}</b>"
            )
        else:
            text += ". No review is due (the case is closed)."
        return text


# -- the dialogs --------------------------------------------------------------------------------


class PlanItemDialog(QDialog):
    """One item of the plan: what is to be done, who is responsible, when it is next reviewed."""

    def __init__(
        self, today: date, item: SafetyPlanItem | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit safety plan item" if item else "Add safety plan item")
        self.today = today
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.what = QLineEdit(item.what if item else "")
        self.what.setAccessibleName("What is to be done")
        self.what.setPlaceholderText("e.g. Ask the council to change the locks")
        self.who = QLineEdit(item.responsible if item else "")
        self.who.setAccessibleName("Who is responsible")
        self.who.setPlaceholderText("e.g. the advocate, the victim, the housing officer")
        review = item.review_on if item else today + timedelta(days=DEFAULT_REVIEW_DAYS)
        self.review = DateInput("Review date", today, review)
        form.addRow("&What:", self.what)
        form.addRow("&Who is responsible:", self.who)
        form.addRow("&Review on:", self.review)
        layout.addLayout(form)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept)
        self.what.setFocus()

    def _accept(self) -> None:
        problem = ""
        if not self.what.text().strip():
            problem = "Say what the item is."
        elif not self.who.text().strip():
            problem = "Say who is responsible."
        else:
            missing = "" if self.review.value() else "Give a review date."
            problem = self.review.problem() or missing
        self.problem.setText(problem)
        if not problem:
            self.accept()

    def values(self) -> tuple[str, str, date]:
        return self.what.text().strip(), self.who.text().strip(), self.review.value() or self.today

    def _inputs(self) -> dict[str, QWidget]:
        return {"what": self.what, "who": self.who, "review": self.review}

    def keep(self) -> dict[str, Any]:
        return keep_all(self._inputs())

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self._inputs(), state)


class PlanEventDialog(QDialog):
    """When the plan was agreed (with its review interval) or reviewed."""

    def __init__(self, today: date, *, agreed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agreed = agreed
        self.today = today
        self.setWindowTitle("Safety plan agreed" if agreed else "Safety plan reviewed")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.when = DateInput("Date agreed" if agreed else "Date reviewed", today, today)
        form.addRow("&On:", self.when)
        self.days = QSpinBox()
        self.days.setRange(1, 366)
        self.days.setValue(DEFAULT_REVIEW_DAYS)
        self.days.setSuffix(" days")
        self.days.setAccessibleName("Review every (days)")
        if agreed:
            form.addRow("Review &every:", self.days)
        layout.addLayout(form)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept)
        self.when.edit.setFocus()
        self.when.edit.selectAll()

    def _accept(self) -> None:
        problem = self.when.problem()
        day = self.when.value()
        problem = problem or future_problem(day, self.today)
        self.problem.setText(problem)
        if not problem and day is not None:
            self.accept()

    def day(self) -> date:
        return self.when.value() or self.today

    def keep(self) -> dict[str, Any]:
        return keep_all({"when": self.when, "days": self.days})

    def restore(self, state: dict[str, Any]) -> None:
        restore_all({"when": self.when, "days": self.days}, state)
