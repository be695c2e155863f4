"""The Contacts tab driven through the real window: a contact logged with the keyboard alone is
in the case file; one logged outside the victim's safe contact times is warned about in the
tab (no box to close), and a text the app cannot read gives no warning and says so."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import PASSPHRASE, wait_idle
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow

# The tests' clock stands at Monday 2 March 2026, 09:00.


def window_with_safe_times(
    qtbot: Any, context: AppContext, workspace: Workspace, times: str
) -> MainWindow:
    workspace.create_case(
        victim_name="Cora Contactperson",
        events=[Event("r", "crime_reported", date(2026, 2, 2), position=0)],
        victim={"safe_contact_times": times},
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    assert window.case_view.bundle is not None
    return window


def focus_contacts(qtbot: Any, window: MainWindow) -> Any:
    """Ctrl+K (Case → Log a contact) from elsewhere in the case: the Contacts tab, its row
    ready to type in."""
    view = window.case_view
    view.tabs.setCurrentWidget(view.events)
    view.events.table.setFocus()
    window.activateWindow()
    qtbot.keyClick(view.events.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.tabs.currentWidget() is view.contacts)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.contacts.row.method)
    return QApplication.focusWidget()


def stored_contacts(context: AppContext) -> list[Any]:
    """The contacts as read back from the case file, after the window has closed."""
    workspace = Workspace.open(context.workspace_dir, PASSPHRASE)
    try:
        summary = workspace.list_cases()[0]
        with workspace.open_case(summary.case_id) as case:
            return [r for r in case.events() if r.event.type == "contact"]
    finally:
        workspace.close()


def test_a_contact_is_logged_with_the_keyboard_alone(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_with_safe_times(qtbot, context, workspace, "weekdays 9-5")
    contacts = window.case_view.contacts
    assert contacts.understood.text() == "Read as:\nMon-Fri 09:00-17:00"
    how = focus_contacts(qtbot, window)
    qtbot.keyClick(how, Qt.Key.Key_T)  # "Text message": one letter chooses it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert contacts.table.rowCount() == 1
    assert contacts.table.item(0, 2).text() == "Text message"
    assert contacts.warning.text() == ""  # 09:00 on a Monday is inside
    assert contacts.row.method.currentData() == "phone"  # ready for the next one
    # And with a note: Tab to it, type, Enter.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Direction
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I)  # Incoming
    for _ in range(3):  # Outcome, Minutes, Note
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is contacts.row.note
    qtbot.keyClicks(contacts.row.note, "Agreed next call Friday")
    qtbot.keyClick(contacts.row.note, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert contacts.table.rowCount() == 2
    window.close()
    stored = stored_contacts(context)
    assert [dict(r.event.fields) for r in stored] == [
        {"time": "09:00", "method": "text", "direction": "out", "outcome": "reached"},
        {"time": "09:00", "method": "phone", "direction": "in", "outcome": "reached"},
    ]
    assert [r.event.date for r in stored] == [date(2026, 3, 2)] * 2
    assert stored[1].note == "Agreed next call Friday"


def test_a_contact_outside_the_safe_times_is_warned_about(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_with_safe_times(qtbot, context, workspace, "Mon-Fri 10:00-12:00")
    contacts = window.case_view.contacts
    how = focus_contacts(qtbot, window)
    qtbot.keyClick(how, Qt.Key.Key_Return)  # phone, outgoing, reached, now (09:00)
    wait_idle(qtbot, context)
    warning = contacts.warning.text()
    assert "09:00" in warning and "outside the safe contact times" in warning
    assert "Mon-Fri 10:00-12:00" in warning
    assert "outside the safe contact times" in contacts.warning.accessibleName()
    assert QApplication.activeModalWidget() is None  # nothing to close
    assert contacts.warning.isVisible()
    assert contacts.table.item(0, 1).text() == "09:00 ⚠"
    # Inside the times: the row says when, and the warning goes.
    contacts.row.time.setText("10:30")
    qtbot.keyClick(contacts.row.time, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert contacts.warning.text() == "" and not contacts.warning.isVisible()
    assert contacts.table.item(0, 1).text() == "10:30"  # newest first
    window.close()


def test_safe_times_not_understood_give_no_warning(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_with_safe_times(qtbot, context, workspace, "when her partner is at work")
    contacts = window.case_view.contacts
    assert contacts.safe_text.text() == "when her partner is at work"
    assert "Not understood" in contacts.understood.text()
    qtbot.keyClick(focus_contacts(qtbot, window), Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert contacts.table.rowCount() == 1 and contacts.warning.text() == ""
    window.close()


def test_a_bad_time_stops_the_row_and_keeps_what_was_typed(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_with_safe_times(qtbot, context, workspace, "")
    contacts = window.case_view.contacts
    focus_contacts(qtbot, window)
    contacts.row.note.setText("Kept")
    contacts.row.time.setText("25:99")
    qtbot.keyClick(contacts.row.time, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert "not a time of day" in contacts.problem.text()
    assert contacts.table.rowCount() == 0 and contacts.row.note.text() == "Kept"
    contacts.row.note.clear()  # else closing asks about it (tested below)
    window.close()


def test_now_is_when_enter_is_pressed_unless_the_time_was_typed(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """The case opened at 09:00; a contact logged at 11:10 untouched is 11:10, not 09:00."""
    window = window_with_safe_times(qtbot, context, workspace, "Mon-Fri 10:00-12:00")
    contacts = window.case_view.contacts
    context.clock.advance(hours=2, minutes=10)  # type: ignore[attr-defined]
    qtbot.keyClick(focus_contacts(qtbot, window), Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert contacts.table.item(0, 1).text() == "11:10" and contacts.warning.text() == ""
    qtbot.keyClicks(contacts.row.time, "")  # focus it, then type over it
    contacts.row.time.selectAll()
    qtbot.keyClicks(contacts.row.time, "8:05")
    context.clock.advance(minutes=30)  # type: ignore[attr-defined]
    qtbot.keyClick(contacts.row.time, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert [contacts.table.item(r, 1).text() for r in range(2)] == ["11:10", "08:05 ⚠"]
    window.close()


def test_leaving_the_case_with_a_contact_half_typed_asks_and_logs_it(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    workspace.create_case(victim_name="Other Person")
    window = window_with_safe_times(qtbot, context, workspace, "")
    first = window.case_view.bundle
    assert first is not None
    contacts = window.case_view.contacts
    focus_contacts(qtbot, window)
    qtbot.keyClicks(contacts.row.note, "Half typed")
    asked: list[str] = []

    def save(*args: Any, **kwargs: Any) -> Any:
        asked.append(args[1])
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", save)
    other = next(
        row for row in range(window.cases.table.model().rowCount())
        if window.cases.table.model().index(row, 0).data() != first.case_code
    )  # fmt: skip
    window.cases.table.selectRow(other)
    for _ in range(3):
        wait_idle(qtbot, context)
    assert asked == ["Contact not logged"]
    window.close()
    workspace = Workspace.open(context.workspace_dir, PASSPHRASE)
    try:
        with workspace.open_case(first.case_id) as case:
            notes = [r.note for r in case.events() if r.event.type == "contact"]
    finally:
        workspace.close()
    assert notes == ["Half typed"]


def test_tab_goes_through_the_row_in_the_order_it_reads(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_with_safe_times(qtbot, context, workspace, "")
    row = window.case_view.contacts.row
    focus_contacts(qtbot, window)
    order = []
    for _ in range(8):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == [
        row.method, row.direction, row.outcome, row.minutes, row.note, row.date.edit, row.time,
        row.add,
    ]  # fmt: skip
    assert QApplication.focusWidget() is window.case_view.contacts.table  # then the log
    window.close()
