"""Choosing an offence ticks its flags; each flag box says what it changes (issue 18)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from vcop_desktop.domain.flag_effects import effects_for
from vcop_desktop.rules import default_rulebook
from vcop_desktop.ui.dialogs import NewCaseDialog


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: the completer pop-up
def test_choosing_an_offence_ticks_the_flags_it_implies(qtbot: Any) -> None:
    today = date(2026, 12, 3)
    dialog = NewCaseDialog(today, None, effects_for(default_rulebook(), today))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.flags["hate_crime"].setChecked(True)
    dialog.flags["vulnerable"].setChecked(True)
    dialog.offence.setFocus()
    qtbot.keyClicks(dialog.offence, "Racially or religiously aggravated assault")
    popup = dialog.offence.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # chosen from the list
    ticked = {flag for flag, box in dialog.flags.items() if box.isChecked()}
    assert {"hate_crime", "crime_of_violence", "violent_or_sexual_offence"} <= ticked
    assert "vulnerable" in ticked  # never unticks what the advocate chose
    assert dialog.ticked.text() == (
        "Ticked for this offence: crime of violence, violent or sexual offence."
    )
    assert dialog.values()["offence"] == "Racially or religiously aggravated assault"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_an_offence_not_listed_is_kept_as_typed_and_ticks_nothing(qtbot: Any) -> None:
    dialog = NewCaseDialog(date(2026, 12, 3))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.offence.setFocus()
    qtbot.keyClicks(dialog.offence, "Outraging public decency")
    dialog.crime_reference.setFocus()  # leaving the field
    assert not any(box.isChecked() for box in dialog.flags.values())
    assert dialog.values()["offence"] == "Outraging public decency"


def test_each_flag_box_says_what_it_changes(qtbot: Any) -> None:
    today = date(2026, 12, 3)
    dialog = NewCaseDialog(today, None, effects_for(default_rulebook(), today))
    qtbot.addWidget(dialog)
    violence = dialog.flags["crime_of_violence"]
    assert "Criminal Injuries Compensation" in violence.toolTip()
    assert violence.accessibleDescription() == violence.toolTip()
    assert "enhanced rights" in dialog.flags["domestic_abuse"].toolTip()
    assert "no duty or deadline depends on it" in dialog.flags["offender_under_18"].toolTip()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_overview_ticks_and_explains_flags_too(
    qtbot: Any, context: Any, workspace: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_main_window import window_on_case

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window = window_on_case(qtbot, context, workspace, "Ola Overviewsample", "OV/1")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    overview = window.case_view.overview
    window.case_view.tabs.setCurrentWidget(overview)
    assert "Criminal Injuries" in overview.flag_boxes["crime_of_violence"].toolTip()
    field = overview.inputs["case.offence"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "Sexual assault")  # typed in full: chosen
    ticked = {f for f, box in overview.flag_boxes.items() if box.isChecked()}
    assert {"sexual_offence", "violent_or_sexual_offence", "crime_of_violence"} <= ticked
    assert overview.flags_ticked.text().startswith("Ticked for this offence:")
    window.close()
