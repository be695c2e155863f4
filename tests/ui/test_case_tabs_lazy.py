"""The case view's tabs are built when first shown or asked for, and are then as if they had
always been there: filled from the case shown, wired to the window, laid out as left."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import open_window, window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.timeline_tab import TimelineTab


def test_unlocking_builds_no_case_tab(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = open_window(qtbot, context, workspace)  # the dashboard is shown
    view = window.case_view
    assert [view.built(n) for n in ("overview", "timeline", "events", "documents")] == [None] * 4
    window.close()


def test_a_tab_first_shown_after_the_case_is_filled_from_it_and_wired(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    window = window_on_case(qtbot, context, workspace, "Lazy Tabperson", "LAZY/1")
    view = window.case_view
    assert view.built("overview") is not None  # the tab on screen is never a stand-in
    assert view.built("events") is None
    view.tabs.setCurrentIndex(2)  # Events, clicked: built now, showing the case's events
    events = view.built("events")
    assert events is not None and view.tabs.currentWidget() is events
    assert view.tabs.tabText(2) == "&Events"
    assert events.model.rowCount() == 2  # the crime report and the arrest
    import vcop_desktop.ui.case_actions as case_actions

    called: list[object] = []
    monkeypatch.setattr(case_actions, "add_event", lambda host, *a: called.append(host))
    events.add_requested.emit()  # wired when built, as if it had always been there
    assert called == [window]
    timeline = view.timeline  # asked for by code: built, filled, with the Reason button
    assert timeline.model.rowCount() > 0
    buttons = timeline.findChildren(type(timeline.mark_met))
    assert any("Reason" in b.text().replace("&", "") for b in buttons)
    window.close()


def test_the_timeline_splitter_is_kept_when_its_tab_is_never_opened(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Split Keeperperson", "SPLIT/1")
    window.resize(1300, 800)
    view = window.case_view
    view.tabs.setCurrentWidget(view.timeline)
    wait_idle(qtbot, context)
    timeline = view.timeline
    assert isinstance(timeline, TimelineTab)
    total = sum(timeline.split.sizes())
    timeline.split.setSizes([total - 150, 150])
    wanted = timeline.split.sizes()
    window.close()  # remembered

    again = open_window(qtbot, context, workspace)
    assert again.case_view.built("timeline") is None
    again.close()  # closed without the Timeline ever built: its place is not forgotten

    third = open_window(qtbot, context, workspace)
    third.resize(1300, 800)
    third.content.setCurrentIndex(1)
    third.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    third.case_view.tabs.setCurrentWidget(third.case_view.timeline)
    qtbot.wait(20)
    assert third.case_view.timeline.split.sizes() == wanted
    third.close()


def test_ctrl_l_still_locks_from_a_tab_built_late(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Late Lockperson", "LATE/1")
    notes = window.case_view.notes
    window.case_view.tabs.setCurrentWidget(notes)
    notes.text.setPlainText("not yet added")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(notes.text, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, context)
    assert window.locked
    assert window.case_view.notes.text.toPlainText() == ""  # emptied, kept in memory
    window.close()
