"""Dates typed into the real forms: read day first, shown in words, refused when unreadable,
and unlikely ones (before the report, a 5-year-old victim) confirmed before saving."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.settings import Settings
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialogs import MarkMetDialog, NewCaseDialog
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.settings_dialog import SettingsDialog

TODAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    "typed", ["6/10/2026", "06/10/26", "6 Oct 2026", "6 October 2026", "2026-10-06", "6Oct"]
)
def test_typing_shows_the_date_in_words(qtbot: Any, typed: str) -> None:
    field = DateInput("Date", TODAY)
    qtbot.addWidget(field)
    field.edit.clear()
    qtbot.keyClicks(field.edit, typed)
    assert field.value() == date(2026, 10, 6)
    assert field.words.text() == "Tuesday 6 October 2026"
    assert field.problem() == ""


def test_unreadable_is_refused_never_changed(qtbot: Any) -> None:
    dialog = EventDialog(TODAY, [])
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("suspect_arrested"))
    dialog.date_edit.edit.clear()
    qtbot.keyClicks(dialog.date_edit.edit, "31/9/2026")
    assert dialog.date_edit.value() is None
    assert "no day 31" in dialog.date_edit.words.text()
    dialog._save()
    assert dialog.result() == 0 and "no day 31" in dialog.problem.text()
    dialog.date_edit.edit.clear()
    qtbot.keyClicks(dialog.date_edit.edit, "13/13/2026")
    assert dialog.date_edit.value() is None and "month 13" in dialog.validate()


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no real pop-ups
def test_calendar_pop_up_fills_the_field(qtbot: Any) -> None:
    from PySide6.QtCore import QDate

    field = DateInput("Date", TODAY)
    qtbot.addWidget(field)
    field.show()
    field.pick.click()
    assert field.calendar is not None and field.calendar.isVisible()
    field.calendar.clicked.emit(QDate(2026, 10, 6))
    assert field.value() == date(2026, 10, 6) and not field.calendar.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_tab_goes_past_the_calendar_button_and_alt_down_opens_it(qtbot: Any) -> None:
    """Typing after a Tab once landed on the calendar button and was lost (issue 18)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    form = QWidget()
    layout = QVBoxLayout(form)
    first = DateInput("Date", TODAY)
    after = QLineEdit()
    layout.addWidget(first)
    layout.addWidget(after)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    first.edit.setFocus()
    qtbot.waitUntil(first.edit.hasFocus)
    qtbot.keyClick(first.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    qtbot.keyClicks(after, "kept")
    assert after.text() == "kept"
    first.edit.setFocus()
    qtbot.keyClick(first.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert first.calendar is not None and first.calendar.isVisible()


def test_a_long_date_in_words_is_shown_whole(qtbot: Any) -> None:
    field = DateInput("Date", TODAY)
    qtbot.addWidget(field)
    field.set_text("30/9/2026")
    field.show()
    field.resize(field.minimumSizeHint())  # as squeezed as a narrow dialog can make it
    qtbot.wait(10)
    words = field.words
    assert words.text() == "Wednesday 30 September 2026"
    assert words.width() >= words.fontMetrics().horizontalAdvance(words.text())


def test_event_before_the_report_asks_and_can_be_overridden(qtbot: Any, monkeypatch: Any) -> None:
    events = [Event("r", "crime_reported", date(2026, 10, 10), position=0)]
    dialog = EventDialog(TODAY, events)
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("suspect_arrested"))
    dialog.date_edit.set_text("6 Oct 2026")
    asked: list[str] = []

    def answer(button: Any) -> Any:
        def ask(*args: Any, **kwargs: Any) -> Any:
            asked.append(args[2])
            return button

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    dialog._save()
    assert dialog.result() == 0 and "before the crime was reported" in asked[-1]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    dialog._save()
    assert dialog.result() == 1 and dialog.when() == date(2026, 10, 6)


def test_duty_met_before_its_decision_asks(qtbot: Any, monkeypatch: Any) -> None:
    events = [
        Event("r", "crime_reported", date(2026, 9, 1), position=0),
        Event("a", "suspect_arrested", date(2026, 10, 6), position=1),
    ]
    dialog = EventDialog(
        TODAY, events, [("police.inform_arrest", "a", "Tell the victim of the arrest")]
    )
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("duty_met"))
    dialog.date_edit.set_text("5/10/2026")
    assert any("cannot have been told" in w for w in dialog.warnings())
    dialog.date_edit.set_text("7/10/2026")
    assert dialog.warnings() == []


def test_new_case_dates_checked(qtbot: Any, monkeypatch: Any) -> None:
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText("Test Person")
    dialog.dob.set_text("1/1/2020")  # six years old
    dialog.offence_date.set_text("20 Oct 2026")
    dialog.reported.set_text("10 Oct 2026")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    dialog._accept()
    assert dialog.result() == 0
    assert "after the crime was reported" in asked[-1] and "6 years old" in asked[-1]
    dialog.dob.set_text("32/1/1990")
    dialog._accept()
    assert "no day 32" in dialog.problem.text()


def test_mark_met_typed_date_and_note(qtbot: Any) -> None:
    from vcop_desktop.domain.obligations import Obligation, Status

    duty = Obligation(
        duty="police.inform_arrest", trigger="a", owed_by="police", right=6, statutory=True,
        due=date(2026, 10, 13), status=Status.OPEN, met_on=None, clock_start=date(2026, 10, 6),
        what="Tell the victim", source="Code", pack="vcop-2020",
    )  # fmt: skip
    dialog = MarkMetDialog(duty, TODAY, earliest=date(2026, 10, 6))
    qtbot.addWidget(dialog)
    dialog.when.edit.clear()
    qtbot.keyClicks(dialog.when.edit, "8Oct")
    qtbot.keyClicks(dialog.note, "Phoned by the OIC")
    assert dialog.when.words.text() == "Thursday 8 October 2026"
    dialog._accept()
    assert dialog.result() == 1
    assert (dialog.met_on(), dialog.note_text()) == (date(2026, 10, 8), "Phoned by the OIC")


def test_settings_closure_days_typed_any_way(qtbot: Any, tmp_path: Any) -> None:
    settings = Settings(tmp_path)
    dialog = SettingsDialog(settings, None, TODAY)
    qtbot.addWidget(dialog)
    field = dialog.inputs["closure_days"]
    field.edit.setText("24/12/26; 31 Dec 2026")  # type: ignore[attr-defined]
    assert "Thursday 24 December 2026" in field.words.text()  # type: ignore[attr-defined]
    dialog._save()
    assert settings["closure_days"] == ["2026-12-24", "2026-12-31"]
    field.edit.setText("24/12/26; 31/11/2026")  # type: ignore[attr-defined]
    dialog._save()
    assert "November 2026 has no day 31" in dialog.problem.text()
    assert settings["closure_days"] == ["2026-12-24", "2026-12-31"]


def test_overview_uses_the_same_field_and_warns(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    workspace.create_case(
        victim_name="Olu Example",
        events=[Event("r", "crime_reported", date(2026, 2, 2), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    overview = window.case_view.overview
    offence = overview.inputs["case.offence_date"]
    assert isinstance(offence, DateInput)
    offence.edit.clear()
    qtbot.keyClicks(offence.edit, "20/2/26")  # after the report on 2 February
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Save,
    )  # fmt: skip
    overview.save_button.click()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert "after the crime was reported" in asked[-1]
    assert window.case_view.bundle is not None
    assert window.case_view.bundle.record.offence_date == date(2026, 2, 20)
    window.close()
