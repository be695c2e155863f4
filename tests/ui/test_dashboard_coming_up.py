"""The dashboard's advocate side (issue 19): the "Advocate's own standards" filter over the due
list, the "Coming up" list (hearings, MARAC meetings, plan reviews, the victim's deadlines)
filled off the UI thread and opening its case from the keyboard, and the .ics export carrying
the meetings with the case code only."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.due_rows import EMPTY
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dashboard_view import coming_up_summary
from vcop_desktop.ui.main_window import MainWindow

# The fixed clock of tests/ui/conftest.py is 2 March 2026.


def _cases(workspace: Workspace) -> tuple[str, str]:
    """Case A: a referral on 27 Feb (the advocate's first contact and assessment are owed),
    a hearing listed for 16 Mar and a MARAC meeting on 10 Mar, a plan item reviewed 20 Mar.
    Case B: the Code's duties only (a crime reported on 26 Feb)."""
    a = workspace.create_case(
        victim_name="Ann Example",
        crime_reference="CU/1",
        events=[
            Event("r", "crime_reported", date(2026, 2, 26), position=0),
            Event("f", "referral_received", date(2026, 2, 27), {"from": "police"}, position=1),
            Event("h", "hearing_listed", date(2026, 2, 27), {"hearing_date": "2026-03-16"},
                  position=2),
            Event("m", "marac_referral", date(2026, 2, 27), {"meeting_date": "2026-03-10"},
                  position=3),
        ],
    )  # fmt: skip
    with workspace.open_case(a.case_id) as handle:
        handle.safety_plan.add("Fit a door chain", "Victim", date(2026, 3, 20))
    b = workspace.create_case(
        victim_name="Bea Example",
        crime_reference="CU/2",
        events=[Event("r", "crime_reported", date(2026, 2, 26), position=0)],
    )
    return a.case_code, b.case_code


def _rows(view: Any) -> list[list[str]]:
    model = view.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _window(qtbot: Any, context: AppContext, workspace: Workspace) -> tuple[MainWindow, str, str]:
    a, b = _cases(workspace)
    return open_window(qtbot, context, workspace), a, b


def test_coming_up_lists_hearings_marac_meetings_and_plan_reviews_with_the_count_said(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window, a, _b = _window(qtbot, context, workspace)
    dashboard = window.dashboard
    rows = _rows(dashboard.coming)
    assert [row[1:] for row in rows] == [
        [a, "MARAC meeting"],
        [a, "Hearing"],
        [a, "Safety plan review"],
    ]
    assert rows[0][0] == "Tue 10 Mar 2026 (in 8 days)"
    said = dashboard.coming_label.accessibleName()
    assert (
        "Coming up in the next 28 days: 3 (1 hearing, 1 MARAC meeting, 1 safety plan review)"
    ) in said
    assert dashboard.coming.accessibleName().startswith("Coming up")


def test_enter_on_a_coming_up_row_opens_its_case(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window, a, _b = _window(qtbot, context, workspace)
    table = window.dashboard.coming
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert window.content.currentIndex() == window.pages.index(window.case_split)
    assert window.case_view.bundle is not None
    assert window.case_view.bundle.case_code == a


def test_the_advocate_filter_shows_only_the_advocates_own_standards(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window, a, _b = _window(qtbot, context, workspace)
    dashboard = window.dashboard

    def owners() -> set[str]:
        proxy = dashboard.proxy
        return {str(proxy.index(r, 4).data()) for r in range(proxy.rowCount())}

    everyone = owners()
    assert "Advocacy service" in everyone and "Police" in everyone
    dashboard.owner.setCurrentIndex(dashboard.owner.findData("advocate"))
    assert owners() == {"Advocacy service"}
    cases = {str(dashboard.proxy.index(r, 2).data()) for r in range(dashboard.proxy.rowCount())}
    assert cases == {a}
    dashboard.owner.setCurrentIndex(dashboard.owner.findData("agency"))
    assert "Advocacy service" not in owners() and "Police" in owners()
    assert dashboard.advocate_button.text().startswith("Advocate's standards (")
    qtbot.mouseClick(dashboard.advocate_button, Qt.MouseButton.LeftButton)
    assert dashboard.owner.currentData() == "advocate"


def test_the_lock_empties_coming_up(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    window, _a, _b = _window(qtbot, context, workspace)
    window.lock()
    assert window.dashboard.coming.model().rowCount() == 0


def test_coming_up_summary_says_nothing_when_empty() -> None:
    assert coming_up_summary([], 28) == "Coming up in the next 28 days: nothing."


def test_the_calendar_export_holds_the_marac_meeting_with_the_case_code_only(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any, tmp_path: Path
) -> None:
    window, a, _b = _window(qtbot, context, workspace)
    saved: list[bytes] = []

    def save(parent: Any, title: str, name: str, filter_: str, data: bytes) -> Path:
        saved.append(data)
        path = tmp_path / name
        path.write_bytes(data)
        return path

    from vcop_desktop.ui import file_dialogs

    monkeypatch.setattr(file_dialogs, "save_bytes_as", save)
    window.export_ics()
    wait_idle(qtbot, context)
    (data,) = saved
    text = data.decode("utf-8").replace("\r\n ", "")  # unfold long lines
    summaries = [line for line in text.splitlines() if line.startswith("SUMMARY:")]
    assert f"SUMMARY:{a}: MARAC meeting" in summaries
    assert f"SUMMARY:{a}: Hearing" in summaries
    assert "Ann" not in text and "Example" not in text and "door chain" not in text
    assert "Safety plan review" not in text  # plan reviews stay off the calendar


def test_the_summary_says_its_scope_first_then_the_counts(qtbot: Any) -> None:
    """Run on after the counts, "(due within 7 days, or overdue)" read as if it described
    "Later" (issue 18): the scope is a sentence of its own, first."""
    from datetime import date

    from vcop_desktop.ui.dashboard_view import DashboardView

    view = DashboardView()
    qtbot.addWidget(view)
    view.set_items(EMPTY, date(2026, 12, 3), 7)
    assert view.summary.text() == (
        "Overdue, or due within 7 days. Overdue: 0  ·  Today: 0  ·  This week: 0  ·  Later: 0"
    )
