"""A case's closing edited or deleted on the Events tab, through the real window: the Overview's
status and the case list show the case as its events now say (`CaseHandle.edit_event` and
`delete_event` move the closing day or open the case again; the window refreshes both)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.main_window import MainWindow


def _window_on_closed_case(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    workspace.create_case(
        victim_name="Testy McTestface",
        events=[
            Event("r", "crime_reported", date(2026, 2, 2), position=0),
            Event("c", "case_closed", date(2026, 2, 20), position=1),
        ],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.status.setCurrentIndex(window.cases.status.findData("all"))
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    assert window.case_view.overview.status.currentData() == "closed"
    return window


def _select_closing(window: MainWindow) -> None:
    tab = window.case_view.events
    window.case_view.tabs.setCurrentWidget(tab)
    for row in range(tab.proxy.rowCount()):
        tab.table.selectRow(row)
        if tab.selected().event.type == "case_closed":
            return
    raise AssertionError("no closing on the Events tab")


def _listed(window: MainWindow) -> tuple[str, Any]:
    (summary,) = [window.cases.model.item(r).summary for r in range(window.cases.model.rowCount())]
    return summary.status, summary


def test_deleting_the_closing_shows_the_case_open_on_its_overview_and_the_list(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    window = _window_on_closed_case(qtbot, context, workspace)
    _select_closing(window)
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: yes)
    window.case_view.events.delete.click()
    wait_idle(qtbot, context)
    assert window.case_view.overview.status.currentData() == "open"
    assert _listed(window)[0] == "open"
    window.cases.status.setCurrentIndex(window.cases.status.findData("open"))
    assert window.cases.proxy.rowCount() == 1  # back on the open list


def test_editing_the_closing_s_date_keeps_the_case_closed_on_the_new_day(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = _window_on_closed_case(qtbot, context, workspace)
    _select_closing(window)

    def new_date(dialog: Any) -> None:
        assert isinstance(dialog, EventDialog)
        dialog.date_edit.edit.clear()
        qtbot.keyClicks(dialog.date_edit.edit, "24/2/26")
        dialog._save()

    when_dialog(new_date)
    window.case_view.events.edit.click()
    wait_idle(qtbot, context)
    bundle = window.case_view.bundle
    assert bundle is not None
    assert (bundle.record.status, bundle.record.closed_on) == ("closed", date(2026, 2, 24))
    assert window.case_view.overview.status.currentData() == "closed"
