"""The safety plan's actions, run through the main window (`WindowHost`): add, change and
close an item; record the plan agreed or reviewed. The tab (`safety_plan_tab.py`) only asks
for them, by its signals, so the case view need not know the window or its actions.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from vcop_desktop.ui.case_actions import record_event
from vcop_desktop.ui.safety_plan_tab import PlanEventDialog, PlanItemDialog, SafetyPlanTab
from vcop_desktop.ui.text import long_date

if TYPE_CHECKING:
    from vcop_desktop.storage import CaseHandle
    from vcop_desktop.storage.models import SafetyPlanItem
    from vcop_desktop.ui.window_host import WindowHost


def wire(host: WindowHost) -> None:
    """Connect the tab's requests to the window (called once, from `window_actions`), once the
    tab is built (`CaseView.when_built`)."""
    host.case_view.when_built("safety_plan", lambda tab: _wire_tab(host, tab))


def _wire_tab(host: WindowHost, tab: SafetyPlanTab) -> None:
    tab.add_requested.connect(lambda: add_item(host))
    tab.edit_requested.connect(lambda item: edit_item(host, item))
    tab.close_requested.connect(lambda item: close_item(host, item))
    tab.agreed_requested.connect(lambda: record_plan_event(host, agreed=True))
    tab.reviewed_requested.connect(lambda: record_plan_event(host, agreed=False))


def add_item(host: WindowHost, state: Any = None) -> None:
    if host.case_view.bundle is None:
        return
    dialog = PlanItemDialog(host.today, parent=host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, partial(add_item, host), case_bound=True):
        return
    what, who, review = dialog.values()

    def action(handle: CaseHandle) -> None:
        handle.safety_plan.add(what, who, review)

    host.change_case(action, "add the safety plan item", saved="Safety plan item added.")


def edit_item(host: WindowHost, item: SafetyPlanItem, state: Any = None) -> None:
    if host.case_view.bundle is None or item.id is None:
        return
    dialog = PlanItemDialog(host.today, item, parent=host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, partial(edit_item, host, item), case_bound=True):
        return
    what, who, review = dialog.values()
    item_id = item.id

    def action(handle: CaseHandle) -> None:
        handle.safety_plan.edit(item_id, what=what, responsible=who, review_on=review)

    host.change_case(action, "change the safety plan item", saved="Safety plan item changed.")


def close_item(host: WindowHost, item: SafetyPlanItem) -> None:
    if host.case_view.bundle is None or item.id is None:
        return
    answer = QMessageBox.question(
        host.window(), "Close safety plan item",
        f"Close “{item.what}” as done or no longer needed, today ({long_date(host.today)})?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes,
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes or host.locked:
        return
    item_id, today = item.id, host.today
    host.change_case(
        lambda handle: handle.safety_plan.close(item_id, today, today=today),
        "close the safety plan item",
        saved="Safety plan item closed.",
    )


def record_plan_event(host: WindowHost, *, agreed: bool, state: Any = None) -> None:
    if host.case_view.bundle is None:
        return
    dialog = PlanEventDialog(host.today, agreed=agreed, parent=host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = partial(_reopen_plan_event, host, agreed)
    if not host.exec_dialog(dialog, reopen, case_bound=True):
        return
    when, days = dialog.day(), dialog.days.value()
    event_type = "safety_plan_agreed" if agreed else "safety_plan_reviewed"
    fields: dict[str, Any] = {"review_days": days} if agreed else {}
    said = "Safety plan agreed recorded." if agreed else "Safety plan review recorded."
    record_event(host, event_type, when, fields, doing="record the safety plan", saved=said)


def _reopen_plan_event(host: WindowHost, agreed: bool, kept: Any = None) -> None:
    record_plan_event(host, agreed=agreed, state=kept)
