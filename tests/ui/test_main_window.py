"""Drive the real main window: create a case, add events, watch a duty go overdue as the
injected clock moves, mark it met, see the dashboard update, lock and unlock, search."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from tests.ui.conftest import PASSPHRASE, wait_idle, when_dialog
from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Status
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dialogs import MarkMetDialog, NewCaseDialog
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.main_window import MainWindow


def open_window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    """The window on the workspace, reopened on the storage worker as the app does.

    Tests set cases up on the main thread; SQLite connections must then stay on one thread,
    so the set-up workspace is closed and the window gets one opened by the worker.
    """
    folder = workspace.folder
    workspace.close()
    reopened = context.worker.submit(lambda: Workspace.open(folder, PASSPHRASE)).result()
    window = MainWindow(context, reopened)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, context)
    return window


def window_on_case(
    qtbot: Any,
    context: AppContext,
    workspace: Workspace,
    victim_name: str,
    crime_reference: str,
    *more_events: Event,
) -> MainWindow:
    """One case (a crime report on 2 Feb 2026 and an arrest the next day, then `more_events`)
    in the window, selected on the Cases page: where letter and dialog tests start."""
    workspace.create_case(
        victim_name=victim_name,
        crime_reference=crime_reference,
        events=[
            Event("r", "crime_reported", date(2026, 2, 2), position=0),
            Event("a", "suspect_arrested", date(2026, 2, 3), position=1),
            *more_events,
        ],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    return window


def obligation(window: MainWindow, duty: str) -> Any:
    bundle = window.case_view.bundle
    assert bundle is not None
    return next(o for o in bundle.evaluation.obligations if o.duty == duty)


def create_case(qtbot: Any, window: MainWindow, name: str, reference: str) -> None:
    def fill(dialog: Any) -> None:
        assert isinstance(dialog, NewCaseDialog)
        dialog.name.insert(name)  # QTest can only type ASCII; names here are not
        qtbot.keyClicks(dialog.crime_reference, reference)
        dialog.flags["hate_crime"].setChecked(False)
        dialog.accept()

    when_dialog(fill)
    window.new_case()
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)


def test_case_lifecycle(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    window = open_window(qtbot, context, workspace)
    create_case(qtbot, window, "Zoë Testcase", "TEST/1/2026")
    assert window.cases.model.rowCount() == 1
    assert window.case_view.bundle is not None
    assert window.case_view.bundle.victim.name == "Zoë Testcase"
    assert obligation(window, "police.refer_support").due == date(2026, 3, 4)

    # Add an arrest through the event form (the real widgets).
    def fill_event(dialog: Any) -> None:
        assert isinstance(dialog, EventDialog)
        dialog.type_box.setCurrentIndex(dialog.type_box.findData("suspect_arrested"))
        dialog.date_edit.edit.clear()
        qtbot.keyClicks(dialog.date_edit.edit, "2/3/26")
        qtbot.keyClicks(dialog.note, "OIC phoned")
        dialog._save()

    when_dialog(fill_event)
    window.add_event()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    arrest = obligation(window, "police.inform_arrest")
    assert (arrest.due, arrest.status) == (date(2026, 3, 9), Status.OPEN)
    assert window.case_view.events.model.rowCount() == 2

    # Move the injected clock past the due date: the duty becomes overdue everywhere.
    context.clock.advance(days=10)  # type: ignore[attr-defined]
    window.refresh_all()
    wait_idle(qtbot, context)
    window.load_case(window.case_view.bundle.case_id)  # type: ignore[union-attr]
    wait_idle(qtbot, context)
    assert obligation(window, "police.inform_arrest").status is Status.OVERDUE
    dashboard_duties = [
        window.dashboard.model.due_item(r).obligation.duty
        for r in range(window.dashboard.model.rowCount())
    ]
    assert "police.inform_arrest" in dashboard_duties
    assert window.cases.model.case_row(0).overdue >= 1

    # Mark it met from the timeline tab (select in the table, press the button).
    window.content.setCurrentIndex(1)
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    window.case_view.timeline.select(("police.inform_arrest", arrest.trigger))
    assert window.case_view.timeline.current().duty == "police.inform_arrest"  # type: ignore[union-attr]

    def met(dialog: Any) -> None:
        assert isinstance(dialog, MarkMetDialog)
        dialog.when.set_text("10 March")
        dialog._accept()

    when_dialog(met)
    qtbot.mouseClick(window.case_view.timeline.mark_met, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    done = obligation(window, "police.inform_arrest")
    assert (done.status, done.met_on) == (Status.MET_LATE, date(2026, 3, 10))
    dashboard_duties = [
        window.dashboard.model.due_item(r).obligation.duty
        for r in range(window.dashboard.model.rowCount())
    ]
    assert "police.inform_arrest" not in dashboard_duties
    window.close()


def test_lock_hides_everything_and_unlock_returns(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = open_window(qtbot, context, workspace)
    create_case(qtbot, window, "Łukasz Example", "TEST/2/2026")
    window.case_view.tabs.setCurrentWidget(window.case_view.events)
    case_id = window.case_view.bundle.case_id  # type: ignore[union-attr]

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.cases.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, context)
    assert window.locked
    assert window.stack.currentWidget() is window.lock_page
    assert window.workspace is None and window.session is None
    assert window.cases.model.rowCount() == 0 and window.case_view.bundle is None
    assert not window.new_case_action.isEnabled()

    qtbot.keyClicks(window.lock_page.passphrase, "wrong passphrase")
    qtbot.keyClick(window.lock_page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert window.locked
    assert "passphrase" in window.lock_page.error.text().lower()

    window.lock_page.passphrase.clear()
    qtbot.keyClicks(window.lock_page.passphrase, PASSPHRASE)
    qtbot.keyClick(window.lock_page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert not window.locked
    assert window.stack.currentWidget() is window.content
    assert window.case_view.bundle is not None and window.case_view.bundle.case_id == case_id
    assert window.case_view.tabs.currentWidget() is window.case_view.events
    window.close()


def test_idle_lock(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    window = open_window(qtbot, context, workspace)
    window.idle.set_minutes(0.002)  # about 120 ms
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    wait_idle(qtbot, context)
    assert window.workspace is None
    window.close()


def test_search_as_you_type(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    workspace.create_case(victim_name="Siobhán Sample", crime_reference="ALPHA/1")
    workspace.create_case(victim_name="Ğül Example", crime_reference="BRAVO/2")
    workspace.create_case(victim_name="Ann Other", crime_reference="CHARLIE/3")
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    assert window.cases.proxy.rowCount() == 3
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.cases.search
    qtbot.keyClicks(window.cases.search, "bravo")
    assert window.cases.proxy.rowCount() == 1
    window.cases.search.clear()
    qtbot.keyClicks(window.cases.search, "siob")
    assert window.cases.proxy.rowCount() == 1
    code = window.cases.proxy.index(0, 0).data()
    window.cases.search.clear()
    qtbot.keyClicks(window.cases.search, code.lower())
    assert window.cases.proxy.rowCount() == 1
    # The list shows initials, never the full name.
    shown = {window.cases.model.index(r, 1).data() for r in range(3)}
    assert "S.S." in shown and all("Sample" not in s for s in shown)
    window.close()


def test_dashboard_double_click_opens_the_case_at_the_obligation(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from vcop_desktop.domain.events import Event

    workspace.create_case(
        victim_name="Dee Example",
        events=[Event("r", "crime_reported", date(2026, 2, 20), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    assert window.dashboard.proxy.rowCount() >= 1
    index = window.dashboard.proxy.index(0, 0)
    window.dashboard.table.setCurrentIndex(index)
    window.dashboard.table.doubleClicked.emit(index)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert window.content.currentIndex() == 1
    assert window.case_view.tabs.currentWidget() is window.case_view.timeline
    selected = window.case_view.timeline.current()
    assert selected is not None and selected.duty == "police.refer_support"
    window.close()


def test_dashboard_filters(qtbot: Any, context: AppContext, workspace: Workspace) -> None:
    from vcop_desktop.domain.events import Event

    workspace.create_case(
        victim_name="Eve Example",
        events=[
            Event("r", "crime_reported", date(2026, 2, 20), position=0),
            Event("o", "police_complaint_outcome", date(2026, 2, 5), position=1),
        ],
    )
    window = open_window(qtbot, context, workspace)
    total = window.dashboard.proxy.rowCount()
    combo: QComboBox = window.dashboard.owner
    combo.setCurrentIndex(combo.findData("victim"))
    victim_rows = window.dashboard.proxy.rowCount()
    assert 0 < victim_rows < total
    combo.setCurrentIndex(combo.findData(""))
    window.dashboard.agency.setCurrentIndex(window.dashboard.agency.findData("police"))
    assert 0 < window.dashboard.proxy.rowCount() < total
    window.close()


def test_first_unlock_summary_counts_newly_overdue(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from vcop_desktop.domain.events import Event

    workspace.create_case(
        victim_name="Fay Example",
        events=[Event("a", "suspect_arrested", date(2026, 2, 27), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    window.close()
    context.clock.advance(days=14)  # type: ignore[attr-defined]
    again = Workspace.open(context.workspace_dir, PASSPHRASE)
    window = open_window(qtbot, context, again)
    wait_idle(qtbot, context)
    assert "became overdue" in window.dashboard.banner.text()
    assert window.dashboard.banner.text().count("1 item") == 1
    window.close()


def test_event_form_validates(qtbot: Any) -> None:
    today = date(2026, 3, 2)
    dialog = EventDialog(today, [])
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("suspect_arrested"))
    dialog.date_edit.set_value(today + timedelta(days=3))
    assert "future" in dialog.validate()
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("update_received"))
    assert set(dialog._widgets) == {"from"}
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("sentence"))
    assert set(dialog._widgets) == {
        "received", "custody_months", "hospital_order", "court", "uls_eligible"
    }  # fmt: skip
    dialog.date_edit.set_value(today)
    dialog._widgets["received"].set_value(today - timedelta(days=1))  # type: ignore[attr-defined]
    assert "cannot be before" in dialog.validate()
    dialog.date_edit.set_text("31/9/2026")
    assert "September 2026 has no day 31" in dialog.validate()
    # Every sentence field is typed: no free-text box where a choice, number or flag belongs.
    assert not [n for n, w in dialog._widgets.items() if isinstance(w, QLineEdit)]
    court = dialog._widgets["court"]
    assert isinstance(court, QComboBox)
    assert {court.itemData(i) for i in range(court.count())} >= {"crown", "magistrates"}


def test_automatic_backup_at_the_configured_interval(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Any
) -> None:
    workspace.create_case(victim_name="Gil Example")
    backups = tmp_path / "backups"
    context.settings.update({"backup_folder": str(backups), "backup_every_hours": 24})
    window = open_window(qtbot, context, workspace)
    wait_idle(qtbot, context)
    sets = sorted(p for p in backups.iterdir() if p.is_dir())
    assert len(sets) == 1  # backed up at unlock: none had been made
    window.maybe_backup()
    wait_idle(qtbot, context)
    assert len([p for p in backups.iterdir() if p.is_dir()]) == 1  # not due yet
    context.clock.advance(hours=25)  # type: ignore[attr-defined]
    window.maybe_backup()
    wait_idle(qtbot, context)
    assert len([p for p in backups.iterdir() if p.is_dir()]) == 2
    window.close()


def test_closure_days_and_organisation_packs_apply(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Any
) -> None:
    from vcop_desktop.domain.events import Event

    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "local.toml").write_text(
        '[pack]\nid = "local-2026"\nseries = "local"\ntitle = "Local standards"\n'
        'in_force_from = 2026-01-01\n\n[[rule]]\nid = "local.callback"\nowed_by = "police"\n'
        'triggers = ["suspect_arrested"]\nlimit = { working_days = 1 }\n'
        'what = "Call the victim back."\nsource = "Local service standard"\n'
    )
    context.settings.update({"closure_days": ["2026-02-27"], "rules_folder": str(packs)})
    workspace.create_case(
        victim_name="Hal Example",
        events=[Event("a", "suspect_arrested", date(2026, 2, 26), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    # Thursday 26 Feb + 1 working day, with Friday 27 Feb closed: Monday 2 March.
    assert obligation(window, "local.callback").due == date(2026, 3, 2)
    # 5 working days skip the closure too: 26 Feb -> 6 March instead of 5 March.
    assert obligation(window, "police.inform_arrest").due == date(2026, 3, 6)
    window.close()


def test_new_case_shows_the_new_case_not_the_dashboard(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = open_window(qtbot, context, workspace)
    window.show_page(window.dashboard)
    create_case(qtbot, window, "Nia Newcase", "TEST/9/2026")
    wait_idle(qtbot, context)
    assert window.content.currentIndex() == window.pages.index(window.case_split)
    assert window.case_view.bundle is not None
    assert window.case_view.bundle.victim.name == "Nia Newcase"
    assert window.case_view.tabs.currentIndex() == 0
    window.close()
