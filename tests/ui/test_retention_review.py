"""The dashboard's retention review through the real widgets (issue 20 §2): keep (reason and
date both required), anonymise and erase, each read back from the workspace; and the
schedule in Settings → Retention. Synthetic data only."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace, retention_log
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.retention_review import DecisionDialog, KeepDialog

#: The fixed clock is 2 March 2026: these closed in 2019, so six years on they are due.
NAMES = ("Ottoline Brackenshaw", "Peregrine Mottisfont", "Sabrina Quenington")


def _closed_case(ws: Workspace, name: str, closed: date) -> str:
    return ws.create_case(
        victim_name=name,
        victim_dob=date(1985, 4, 3),
        events=[
            Event("r", "crime_reported", date(2019, 1, 10), position=0),
            Event("z", "case_closed", closed, position=1),
        ],
        opened_on=date(2019, 1, 10),
    ).case_code


def _window(qtbot: Any, context: AppContext, workspace: Workspace) -> tuple[MainWindow, list[str]]:
    codes = [_closed_case(workspace, name, date(2019, 6, 1 + i)) for i, name in enumerate(NAMES)]
    workspace.create_case(victim_name="Still Open", events=[
        Event("r", "crime_reported", date(2026, 2, 2), position=0)])  # fmt: skip
    window = open_window(qtbot, context, workspace)
    return window, codes


def _on_worker(context: AppContext, job: Any) -> Any:
    return context.worker.submit(job).result()


def _choose(qtbot: Any, window: MainWindow, code: str) -> None:
    panel = window.dashboard.retention
    rows = [panel.model.item(r).case_code for r in range(panel.model.rowCount())]
    panel.table.setFocus()
    panel.table.selectRow(rows.index(code))
    assert panel.current() is not None and panel.current().case_code == code  # type: ignore[union-attr]


def _shot(widget: Any, name: str) -> None:
    folder = os.environ.get("VCOP_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def test_the_retention_review_keeps_anonymises_and_erases_through_the_dashboard(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window, codes = _window(qtbot, context, workspace)
    ws = window.workspace
    assert ws is not None
    panel = window.dashboard.retention
    assert panel.isVisible()
    assert panel.model.rowCount() == 3  # the open case is not listed
    assert "3 closed cases are due" in panel.summary.text()
    assert "6 years after closure" in panel.summary.text()
    for button in (panel.keep_button, panel.anonymise_button, panel.erase_button):
        assert button.accessibleDescription() and button.isEnabled()
    window.resize(1366, 768)
    qtbot.wait(100)  # the layout settles at the new size before the picture
    _shot(window, "retention-dashboard.png")

    # Keep: OK with no reason is refused in words; with both, the case leaves the list.
    kept, anonymised, erased = codes
    _choose(qtbot, window, kept)
    seen: dict[str, str] = {}

    def keep(dialog: Any) -> None:
        assert isinstance(dialog, KeepDialog)
        dialog.reason.clear()
        dialog._check()
        seen["empty"] = dialog.problem.text()
        qtbot.keyClicks(dialog.reason, "Civil claim pending")
        dialog.review_on.set_text("1/3/2028")
        _shot(dialog, "retention-keep.png")
        dialog._check()

    when_dialog(keep)
    qtbot.keyClick(panel.keep_button, Qt.Key.Key_Space)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert seen["empty"] == "Give the reason for keeping the case."
    assert [panel.model.item(r).case_code for r in range(panel.model.rowCount())] == [
        anonymised,
        erased,
    ]

    # Anonymise: confirmed in words; the name goes, the case and its events stay.
    _choose(qtbot, window, anonymised)

    def confirm(dialog: Any) -> None:
        assert isinstance(dialog, DecisionDialog)
        _shot(dialog, f"retention-{dialog.kind}.png")
        dialog.confirm.click()

    when_dialog(confirm)
    panel.anonymise_button.click()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)

    # Erase: the same, and the case is gone.
    _choose(qtbot, window, erased)
    when_dialog(confirm)
    panel.erase_button.click()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert panel.model.rowCount() == 0 and not panel.isVisible()

    summaries = {s.case_code: s for s in _on_worker(context, ws.list_cases)}
    assert erased not in summaries
    assert summaries[anonymised].victim_name == anonymised
    assert summaries[anonymised].event_count == 2
    assert summaries[kept].victim_name == NAMES[0]
    lines = _on_worker(context, lambda: retention_log.lines(ws._keystore))
    assert [(line.case_code, line.action) for line in lines] == [
        (kept, "kept at retention review until 2028-03-01"),
        (anonymised, "anonymised at retention review"),
        (erased, "erased at retention review"),
    ]
    model = window.cases.model
    listed = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    # Closed by their `case_closed` events, they are listed as closed.
    assert listed[f"{anonymised} (closed)"] == "anonymised" and listed[f"{kept} (closed)"] == "O.B."
    assert f"{erased} (closed)" not in listed and erased not in listed


def test_cancel_changes_nothing_and_enter_does_not_erase(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window, codes = _window(qtbot, context, workspace)
    panel = window.dashboard.retention
    _choose(qtbot, window, codes[0])

    def press_enter(dialog: Any) -> None:
        assert isinstance(dialog, DecisionDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button is Cancel

    when_dialog(press_enter)
    panel.erase_button.click()
    wait_idle(qtbot, context)
    assert panel.model.rowCount() == 3
    ws = window.workspace
    assert ws is not None
    assert len(_on_worker(context, ws.list_cases)) == 4


def test_the_schedule_is_set_in_settings_and_the_list_follows(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window, _codes = _window(qtbot, context, workspace)
    from vcop_desktop.ui import tools_and_help
    from vcop_desktop.ui.settings_dialog import SettingsDialog

    def eight_years(dialog: Any) -> None:
        assert isinstance(dialog, SettingsDialog) and dialog.retention is not None
        assert dialog.retention.years.value() == 6
        assert dialog.retention.years.accessibleName() == "Review closed cases after"
        dialog.retention.years.setValue(8)
        dialog._save()

    when_dialog(eight_years)
    tools_and_help.open_settings(window)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    ws = window.workspace
    assert ws is not None
    assert _on_worker(context, ws.retention_years) == 8
    assert window.dashboard.retention.model.rowCount() == 0  # 2019 + 8 is after today
    assert not window.dashboard.retention.isVisible()


def test_a_lock_with_the_keep_dialog_open_brings_it_back_with_what_was_typed(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from tests.ui.test_lock_dialogs import assert_locked_and_hidden, lock_inside, reopened

    window, codes = _window(qtbot, context, workspace)
    _choose(qtbot, window, codes[0])

    def fill(dialog: KeepDialog) -> QWidget:
        qtbot.keyClicks(dialog.reason, "SECRET-TYPED-NOTE")
        dialog.review_on.set_text("2/3/2029")
        return dialog.reason

    lock_inside(qtbot, window, window.dashboard.retention.keep_button.click, fill)  # type: ignore[arg-type]
    assert_locked_and_hidden(window)

    def check(dialog: KeepDialog) -> None:
        assert dialog.reason.toPlainText() == "SECRET-TYPED-NOTE"
        assert dialog.review_on.value() == date(2029, 3, 2)

    reopened(qtbot, window, KeepDialog, check)
    window.close()


def test_every_retention_control_is_named_and_reached_with_tab(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from tests.ui.test_accessibility import unnamed
    from vcop_desktop.settings import Settings
    from vcop_desktop.storage import RetentionDue
    from vcop_desktop.ui.settings_dialog import SettingsDialog

    window, _codes = _window(qtbot, context, workspace)
    panel = window.dashboard.retention
    assert unnamed(panel) == []
    item = RetentionDue("0" * 32, "VC-2026-0001", date(2019, 6, 1), date(2025, 6, 1), False)
    dialogs = (
        KeepDialog(item, date(2026, 3, 2)),
        DecisionDialog("erase", item),
        SettingsDialog(Settings(context.config_dir), retention_years=6),
    )
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], type(dialog).__name__
    panel.table.setFocus()
    reached = []
    for _ in range(4):
        window.focusNextChild()
        reached.append(QApplication.focusWidget())
    assert reached[:3] == [panel.keep_button, panel.anonymise_button, panel.erase_button]
    window.close()
