"""The Safety plan tab driven through the real window: add, edit and close items, see an item
whose review date has passed marked as due in words, and record the plan agreed and reviewed
(the `advocate.safety_plan_review` standard's next review shown from the case's obligations)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.safety_plan_tab import PlanEventDialog, PlanItemDialog, item_state

TODAY = date(2026, 3, 2)  # the fixed clock of tests/ui/conftest.py


def _plan_tab(qtbot: Any, context: AppContext, workspace: Workspace, *events: Event) -> MainWindow:
    window = window_on_case(qtbot, context, workspace, "Ann Example", "PLAN/1", *events)
    window.case_view.tabs.setCurrentWidget(window.case_view.safety_plan)
    return window


def _cells(window: MainWindow) -> list[list[str]]:
    model = window.case_view.safety_plan.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _add(qtbot: Any, window: MainWindow, what: str, who: str, review: str) -> None:
    def fill(dialog: Any) -> None:
        assert isinstance(dialog, PlanItemDialog)
        qtbot.keyClicks(dialog.what, what)
        qtbot.keyClicks(dialog.who, who)
        dialog.review.edit.clear()
        qtbot.keyClicks(dialog.review.edit, review)
        qtbot.keyClick(dialog.review.edit, Qt.Key.Key_Return)  # Enter saves, as in every form

    when_dialog(fill)
    qtbot.mouseClick(window.case_view.safety_plan.add, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.context)


def test_an_item_added_edited_and_closed_through_the_tab_is_kept_in_the_case(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = _plan_tab(qtbot, context, workspace)
    tab = window.case_view.safety_plan
    assert "No safety plan agreed yet" in tab.summary.text()
    _add(qtbot, window, "Ask the council to change the locks", "Housing officer", "16/3/2026")
    assert _cells(window) == [
        ["Ask the council to change the locks", "Housing officer", "16 Mar 2026", "Open"]
    ]
    assert tab.count.text() == "1 item shown."

    tab.table.selectRow(0)

    def change(dialog: Any) -> None:
        assert isinstance(dialog, PlanItemDialog)
        assert dialog.what.text() == "Ask the council to change the locks"
        dialog.who.selectAll()
        qtbot.keyClicks(dialog.who, "Advocate")
        dialog._accept()

    when_dialog(change)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter on the row edits it
    wait_idle(qtbot, context)
    assert _cells(window)[0][1] == "Advocate"

    tab.table.selectRow(0)
    when_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(tab.close_item, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert _cells(window) == []  # closed items are hidden until asked for
    assert tab.count.text() == "0 items shown, 1 closed (hidden)."
    tab.show_closed.setChecked(True)
    assert _cells(window)[0][3] == "Closed 2 Mar 2026"
    bundle = window.case_view.bundle
    assert bundle is not None
    (item,) = bundle.safety_plan
    assert (item.responsible, item.closed_on) == ("Advocate", TODAY)


def test_an_item_whose_review_date_has_passed_is_marked_due_in_words(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = _plan_tab(qtbot, context, workspace)
    tab = window.case_view.safety_plan
    _add(qtbot, window, "Fit a door chain", "Victim", "16/3/2026")
    window.change_case(
        lambda handle: handle.safety_plan.add("Change phone number", "Victim", date(2026, 2, 20)),
        "add",
    )
    wait_idle(qtbot, context)
    states = {row[0]: row[3] for row in _cells(window)}
    assert states == {
        "Fit a door chain": "Open",
        "Change phone number": "REVIEW DUE (10 days overdue)",
    }
    assert "1 due for review" in tab.count.text()


def test_item_state_says_due_today_and_closed(qtbot: Any) -> None:
    from vcop_desktop.storage.models import SafetyPlanItem

    item = SafetyPlanItem(what="x", responsible="y", review_on=TODAY, recorded_by="t",
                          recorded_at=None)  # type: ignore[arg-type]  # fmt: skip
    assert item_state(item, TODAY) == "REVIEW DUE today"
    item.closed_on = TODAY
    assert item_state(item, TODAY) == "Closed 2 Mar 2026"


def test_plan_agreed_and_reviewed_record_events_and_show_the_next_review(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = _plan_tab(qtbot, context, workspace)
    tab = window.case_view.safety_plan

    def agree(dialog: Any) -> None:
        assert isinstance(dialog, PlanEventDialog)
        assert dialog.days.value() == 28  # the standard's organisation default
        dialog.when.edit.clear()
        qtbot.keyClicks(dialog.when.edit, "23/2/2026")
        dialog.days.setValue(14)
        dialog._accept()

    when_dialog(agree)
    qtbot.mouseClick(tab.agreed, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    bundle = window.case_view.bundle
    assert bundle is not None
    agreed = [r.event for r in bundle.events if r.event.type == "safety_plan_agreed"]
    assert [(e.date, e.fields["review_days"]) for e in agreed] == [(date(2026, 2, 23), 14)]
    assert "Plan agreed 23 February 2026" in tab.summary.text()
    assert "Next review: 9 March 2026" in tab.summary.text()

    def review(dialog: Any) -> None:
        assert isinstance(dialog, PlanEventDialog)
        assert dialog.when.value() == TODAY
        qtbot.keyClick(dialog.when.edit, Qt.Key.Key_Return)

    when_dialog(review)
    qtbot.mouseClick(tab.reviewed, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    bundle = window.case_view.bundle
    assert bundle is not None
    assert [r.event.date for r in bundle.events if r.event.type == "safety_plan_reviewed"] == [
        TODAY
    ]
    assert "last reviewed 2 March 2026" in tab.summary.text()
    assert "Next review: 16 March 2026" in tab.summary.text()  # 14 days from the review


def test_a_review_of_the_plan_past_its_date_says_overdue(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = _plan_tab(
        qtbot, context, workspace,
        Event("p", "safety_plan_agreed", date(2026, 1, 5), {"review_days": 28}, position=2),
    )  # fmt: skip
    text = window.case_view.safety_plan.summary.text()
    assert "Next review: 2 February 2026 (28 days overdue) — OVERDUE" in text


def test_the_lock_empties_the_tab(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    window = _plan_tab(qtbot, context, workspace)
    _add(qtbot, window, "Fit a door chain", "Victim", "16/3/2026")
    window.lock()
    assert window.case_view.safety_plan.model.rowCount() == 0
    assert window.case_view.safety_plan.summary.text() == ""


def test_a_lock_with_the_item_dialog_open_hides_it_and_brings_it_back_with_the_text(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from tests.ui.test_lock_dialogs import lock_inside, reopened

    window = _plan_tab(qtbot, context, workspace)

    def fill(dialog: Any) -> Any:
        assert isinstance(dialog, PlanItemDialog)
        qtbot.keyClicks(dialog.what, "SECRET-PLAN-ITEM")
        qtbot.keyClicks(dialog.who, "Advocate")
        return dialog.who

    tab = window.case_view.safety_plan
    lock_inside(qtbot, window, lambda: qtbot.mouseClick(tab.add, Qt.MouseButton.LeftButton), fill)

    def check(dialog: Any) -> None:
        assert (dialog.what.text(), dialog.who.text()) == ("SECRET-PLAN-ITEM", "Advocate")

    reopened(qtbot, window, PlanItemDialog, check)
    window.close()


def test_a_lock_with_plan_agreed_open_brings_back_the_interval_typed(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from tests.ui.test_lock_dialogs import lock_inside, reopened

    window = _plan_tab(qtbot, context, workspace)

    def fill(dialog: Any) -> Any:
        assert isinstance(dialog, PlanEventDialog)
        dialog.days.setValue(21)
        return dialog.days

    tab = window.case_view.safety_plan
    lock_inside(
        qtbot, window, lambda: qtbot.mouseClick(tab.agreed, Qt.MouseButton.LeftButton), fill
    )

    def check(dialog: Any) -> None:
        assert dialog.agreed and dialog.days.value() == 21

    reopened(qtbot, window, PlanEventDialog, check)
    window.close()
