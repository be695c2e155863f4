"""Case → Subject access export… through the real widgets: the dialog says where the request's
clock stands, refuses a folder that is not there or is inside the workspace, makes the copy in
the folder typed, records it as sent when ticked (the clock then shows met), and a lock brings
the dialog back with what was typed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_lock_dialogs import lock_inside, reopened
from tests.ui.test_main_window import window_on_case
from tests.ui.test_sharing_dialog import menu_item
from vcop_desktop.domain.events import Event
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.subject_access_dialog import SubjectAccessDialog, subject_access_export
from vcop_desktop.ui.timeline import ADVOCATE_LANE, lane_of_obligation

# The tests' clock stands at Monday 2 March 2026. A request received Monday 16 February 2026
# is due Monday 16 March 2026.
REQUEST = Event("q", "subject_access_requested", date(2026, 2, 16), position=2)


@pytest.fixture
def window(qtbot: Any, context: Any, workspace: Any) -> MainWindow:
    return window_on_case(qtbot, context, workspace, "Zoë Accessperson", "SAR/1", REQUEST)


def type_folder(qtbot: Any, dialog: SubjectAccessDialog, folder: str) -> None:
    dialog.folder_input.selectAll()
    qtbot.keyClick(dialog.folder_input, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.folder_input, folder)


def make_button(dialog: SubjectAccessDialog) -> Any:
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_the_copy_is_made_in_the_folder_typed_and_recorded_as_sent(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "for the victim"
    out.mkdir()
    seen: dict[str, Any] = {}

    def export(dialog: Any) -> None:
        assert isinstance(dialog, SubjectAccessDialog)
        seen["clock"] = dialog.clock.text()
        seen["button"] = make_button(dialog).text()
        type_folder(qtbot, dialog, str(tmp_path / "not there"))
        qtbot.mouseClick(make_button(dialog), Qt.MouseButton.LeftButton)
        seen["missing"] = dialog.problem.text()
        type_folder(qtbot, dialog, str(window.workspace_dir))
        qtbot.mouseClick(make_button(dialog), Qt.MouseButton.LeftButton)
        seen["inside"] = dialog.problem.text()
        type_folder(qtbot, dialog, str(out))
        dialog.sent.setFocus()
        qtbot.keyClick(dialog.sent, Qt.Key.Key_Space)
        seen["names"] = {w.accessibleName() for w in (dialog.folder_input, dialog.sent)}
        qtbot.mouseClick(make_button(dialog), Qt.MouseButton.LeftButton)

    when_dialog(export)
    menu_item(window, "&Subject access export…").trigger()
    wait_idle(qtbot, window.context)
    assert seen["clock"] == (
        "A subject access request is waiting (counted from 16 February 2026; answer due "
        "16 March 2026)."
    )
    assert seen["button"] == "&Make the copy"
    assert seen["missing"].endswith("is not a folder that exists.")
    assert seen["inside"] == "That is inside the workspace folder: choose a folder outside it."
    assert seen["names"] == {"Folder to put the copy in", "Record that the copy is sent today"}

    [made] = list(out.iterdir())
    assert made.stat().st_mode & 0o777 == 0o700
    data = json.loads((made / f"{made.name}.json").read_text(encoding="utf-8"))
    assert data["records"]["victim"][0]["name"] == "Zoë Accessperson"
    assert (made / f"{made.name}.pdf").stat().st_mode & 0o777 == 0o600
    bundle = window.case_view.bundle
    assert bundle is not None
    [sent] = [r.event for r in bundle.events if r.event.type == "subject_access_sent"]
    assert (sent.date, sent.get_str("request")) == (date(2026, 3, 2), "q")
    [clock] = [o for o in bundle.evaluation.obligations if o.duty == "advocate.subject_access"]
    assert (clock.status.value, clock.due) == ("met", date(2026, 3, 16))
    assert "Subject access copy made in" in window.case_view.overview.problem.text()


def test_the_clock_shows_on_the_dashboard_and_the_timeline(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    # Received Wednesday 4 February 2026: due Wednesday 4 March 2026, within the week.
    asked = Event("q", "subject_access_requested", date(2026, 2, 4), position=2)
    window = window_on_case(qtbot, context, workspace, "Zoë Accessperson", "SAR/2", asked)
    bundle = window.case_view.bundle
    assert bundle is not None
    [clock] = [o for o in bundle.evaluation.obligations if o.duty == "advocate.subject_access"]
    assert (clock.owed_by, clock.due, clock.status.value) == ("advocate", date(2026, 3, 4), "open")
    model = window.dashboard.model
    dashboard = [model.due_item(r).obligation for r in range(model.rowCount())]
    assert [(o.duty, o.due) for o in dashboard if o.owed_by == "advocate"] == [
        ("advocate.subject_access", date(2026, 3, 4))
    ]
    assert lane_of_obligation(clock) == ADVOCATE_LANE
    assert any(o.duty == clock.duty for o in window.case_view.timeline.timeline.canvas._obligations)


def test_a_lock_brings_the_dialog_back_with_the_folder_typed(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    def fill(dialog: SubjectAccessDialog) -> Any:
        type_folder(qtbot, dialog, str(tmp_path))
        dialog.sent.setChecked(True)
        return dialog.folder_input

    lock_inside(qtbot, window, lambda: subject_access_export(window), fill)

    def check(dialog: SubjectAccessDialog) -> None:
        assert dialog.folder_input.text() == str(tmp_path)
        assert dialog.sent.isChecked()

    reopened(qtbot, window, SubjectAccessDialog, check)
    assert not list(tmp_path.glob("subject-access-*"))


def test_choose_puts_the_folder_chosen_in_the_field(
    qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialog = SubjectAccessDialog(date(2026, 3, 2), [])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.folder_input.text() == str(tmp_path)
    assert dialog.validate() == ""
    assert dialog.clock.text().startswith("No subject access request is waiting")


def test_a_request_past_its_day_is_said_to_be_late() -> None:
    from vcop_desktop.domain.engine import evaluate
    from vcop_desktop.domain.scenario import parse_scenario
    from vcop_desktop.rules import default_rulebook
    from vcop_desktop.ui.subject_access_dialog import clock_line

    rules = default_rulebook()
    raw = {"events": [{"id": "q", "type": "subject_access_requested", "date": "2026-01-05"}]}
    found = evaluate(parse_scenario(raw, rules.duty_ids), date(2026, 3, 2), rules).obligations
    assert clock_line(found, date(2026, 3, 2)) == (
        "A subject access request is waiting (counted from 5 January 2026; answer due "
        "5 February 2026 — already late)."
    )
