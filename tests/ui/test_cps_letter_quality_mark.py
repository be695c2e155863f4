"""Mark met on a CPS decision letter asks whether it explained the reasons clearly (issue 22):
the mark is saved on the record that the letter came; other duties are not asked."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_keyboard_keys import clashes
from tests.ui.test_main_window import obligation, window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dialogs import MarkMetDialog


def test_mark_met_on_a_cps_letter_records_whether_its_reasons_were_clear(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    decision = Event("d", "cps_discontinued", date(2026, 2, 20), position=2)
    window = window_on_case(qtbot, context, workspace, "Quality Letterperson", "QL/1", decision)
    letter = obligation(window, "cps.inform_discontinued")
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    asked: dict[str, bool] = {}

    def arrest(dialog: Any) -> None:
        assert isinstance(dialog, MarkMetDialog)
        asked["arrest"] = dialog.clear is not None
        dialog.reject()

    window.case_view.timeline.select(("police.inform_arrest", "a"))
    when_dialog(arrest)
    qtbot.mouseClick(window.case_view.timeline.mark_met, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)

    def met(dialog: Any) -> None:
        assert isinstance(dialog, MarkMetDialog)
        assert dialog.clear is not None
        assert dialog.clear.accessibleName() == "Reasons explained clearly"
        assert clashes(dialog) == {}  # one control per Alt letter
        dialog.when.set_text("23 February")
        dialog.clear.setCurrentIndex(dialog.clear.findData("no"))
        dialog._accept()

    window.case_view.timeline.select((letter.duty, letter.trigger))
    when_dialog(met)
    qtbot.mouseClick(window.case_view.timeline.mark_met, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert asked == {"arrest": False}
    bundle = window.case_view.bundle
    assert bundle is not None
    recorded = [r.event for r in bundle.events if r.event.type == "duty_met"]
    assert [(e.fields["duty"], e.fields.get("reasons_clear")) for e in recorded] == [
        ("cps.inform_discontinued", "no")]  # fmt: skip
    assert obligation(window, "cps.inform_discontinued").met_on == date(2026, 2, 23)
    window.close()


def test_the_police_force_field_offers_the_apps_force_list(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """Typing part of a force's name offers the forces of England and Wales (the list the
    CPS letters report maps to CPS Areas); any other text is still kept as typed."""
    window = window_on_case(qtbot, context, workspace, "Force Letterperson", "FL/1")
    edit = window.case_view.overview.inputs["case.police_force"]
    assert isinstance(edit, QLineEdit)
    completer = edit.completer()
    assert completer is not None and completer.model().rowCount() == 43
    completer.setCompletionPrefix("yorkshire")
    offered = [completer.completionModel().index(r, 0).data()
               for r in range(completer.completionCount())]  # fmt: skip
    assert offered == ["North Yorkshire Police", "South Yorkshire Police", "West Yorkshire Police"]
    window.close()
