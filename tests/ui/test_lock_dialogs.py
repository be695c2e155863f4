"""Locking with any dialog open: nothing of the case stays on screen, no dialog reaches the
locked workspace, and after the unlock the dialog is back with what had been typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.ui.conftest import PASSPHRASE, wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dialogs import MarkMetDialog, NewCaseDialog
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.good_reason_dialog import GoodReasonDialog, record_reason
from vcop_desktop.ui.letter_dialog import LetterDialog
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.settings_dialog import SettingsDialog

NAME = "Zoë Lockperson"
SECRET = "SECRET-TYPED-NOTE"


def shown_text() -> str:
    """Every piece of text a person could read on screen now."""
    parts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLineEdit, QLabel, QAbstractButton)):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts.append(widget.currentText())
        if widget.isWindow():
            parts.append(widget.windowTitle())
    return "\n".join(parts)


def press_lock(widget: QWidget, qtbot: Any) -> None:
    """Ctrl+L where the advocate is typing (inside the dialog), pressed as a person presses
    it: through the dialog's window, as the platform delivers keys (`qtbot.keyClick` on a
    widget hands the key to the widget and skips the window the idle watcher is on)."""
    widget.setFocus()
    handle = widget.window().windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def unlock(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClicks(window.lock_page.passphrase, PASSPHRASE)
    qtbot.keyClick(window.lock_page.passphrase, Qt.Key.Key_Return)
    for _ in range(4):
        wait_idle(qtbot, window.context)


def assert_locked_and_hidden(window: MainWindow) -> None:
    assert window.locked and window.workspace is None
    assert window.stack.currentWidget() is window.lock_page
    others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert others == [], others
    text = shown_text()
    assert NAME not in text and "Lockperson" not in text and SECRET not in text
    assert "LOCK/1" not in text


@pytest.fixture
def window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    win = window_on_case(qtbot, context, workspace, NAME, "LOCK/1")
    assert win.case_view.bundle is not None
    return win


def lock_inside(
    qtbot: Any, window: MainWindow, open_it: Callable[[], None], fill: Callable[[Any], QWidget]
) -> None:
    """Open a dialog through the app, type into it, press Ctrl+L inside it."""
    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        seen["dialog"] = dialog
        press_lock(fill(dialog), qtbot)

    when_dialog(act)
    open_it()
    wait_idle(qtbot, window.context)
    assert "dialog" in seen
    assert_locked_and_hidden(window)


def reopened(qtbot: Any, window: MainWindow, kind: type, check: Callable[[Any], None]) -> None:
    """Unlock; the same kind of dialog comes back, and `check` sees what was typed."""
    seen: dict[str, Any] = {}

    def look(dialog: Any) -> None:
        seen["dialog"] = dialog
        if isinstance(dialog, kind):
            check(dialog)
            seen["ok"] = True
        QDialog.done(dialog, 0)  # close without questions

    when_dialog(look)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=5000)
    assert seen.get("ok"), f"reopened {type(seen['dialog']).__name__}, not {kind.__name__}"
    wait_idle(qtbot, window.context)


def test_new_case_dialog(qtbot: Any, window: MainWindow) -> None:
    def fill(dialog: NewCaseDialog) -> QWidget:
        dialog.name.insert("Another Lockperson")
        qtbot.keyClicks(dialog.crime_reference, "LOCK/2")
        dialog.offence_date.set_text("6Oct25")
        return dialog.crime_reference

    lock_inside(qtbot, window, window.new_case, fill)  # type: ignore[arg-type]

    def check(dialog: NewCaseDialog) -> None:
        assert dialog.name.text() == "Another Lockperson"
        assert dialog.crime_reference.text() == "LOCK/2"
        assert dialog.offence_date.text() == "6Oct25"

    reopened(qtbot, window, NewCaseDialog, check)
    window.close()


def test_event_dialog(qtbot: Any, window: MainWindow) -> None:
    def fill(dialog: EventDialog) -> QWidget:
        dialog.type_box.setCurrentIndex(dialog.type_box.findData("hearing_listed"))
        dialog.date_edit.set_text("20/2/2026")
        dialog._widgets["hearing_date"].set_text("1 May 2026")  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.note, SECRET)
        return dialog.note

    lock_inside(qtbot, window, window.add_event, fill)  # type: ignore[arg-type]

    def check(dialog: EventDialog) -> None:
        assert dialog.event_type() == "hearing_listed"
        assert dialog.date_edit.value() == date(2026, 2, 20)
        assert dialog._widgets["hearing_date"].value() == date(2026, 5, 1)  # type: ignore[attr-defined]
        assert dialog.note.toPlainText() == SECRET

    reopened(qtbot, window, EventDialog, check)
    window.close()


def test_mark_met_dialog(qtbot: Any, window: MainWindow) -> None:
    bundle = window.case_view.bundle
    assert bundle is not None
    duty = next(o for o in bundle.evaluation.obligations if o.duty == "police.inform_arrest")

    def fill(dialog: MarkMetDialog) -> QWidget:
        dialog.when.set_text("9 Feb")
        qtbot.keyClicks(dialog.note, SECRET)
        return dialog.note

    lock_inside(qtbot, window, lambda: window.mark_met(duty), fill)  # type: ignore[arg-type]

    def check(dialog: MarkMetDialog) -> None:
        assert dialog.met_on() == date(2026, 2, 9)
        assert dialog.note.toPlainText() == SECRET

    reopened(qtbot, window, MarkMetDialog, check)
    window.close()


def test_agency_reason_dialog(qtbot: Any, window: MainWindow) -> None:
    """Opened from the timeline's "Reason given…": it went round the window's dialog
    handling, so a lock closed it and what was typed was lost."""
    bundle = window.case_view.bundle
    assert bundle is not None
    late = next(o for o in bundle.evaluation.obligations if o.status.is_breach)

    def fill(dialog: GoodReasonDialog) -> QWidget:
        qtbot.keyClicks(dialog.reason, SECRET)
        dialog.given_on.set_text("1/3/26")
        return dialog.reason

    lock_inside(qtbot, window, lambda: record_reason(window, late), fill)  # type: ignore[arg-type]

    def check(dialog: GoodReasonDialog) -> None:
        assert dialog.values() == (SECRET, date(2026, 3, 1))

    reopened(qtbot, window, GoodReasonDialog, check)
    window.close()


def test_settings_dialog(qtbot: Any, window: MainWindow) -> None:
    def fill(dialog: SettingsDialog) -> QWidget:
        name = dialog.inputs["advocate_name"]
        assert isinstance(name, QLineEdit)
        name.setText("Sam Lockperson")
        return name

    lock_inside(qtbot, window, window.open_settings, fill)  # type: ignore[arg-type]

    def check(dialog: SettingsDialog) -> None:
        assert dialog.inputs["advocate_name"].text() == "Sam Lockperson"  # type: ignore[attr-defined]

    reopened(qtbot, window, SettingsDialog, check)
    window.close()


def test_letter_dialog_with_a_message_box_on_top(qtbot: Any, window: MainWindow) -> None:
    """The draft's text survives; the nested question closes too and nothing crashes."""

    def fill(dialog: LetterDialog) -> QWidget:
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        dialog.editor.appendPlainText(SECRET)

        def inner(box: Any) -> None:  # the "gaps" question is open when the lock comes
            press_lock(box, qtbot)

        when_dialog(inner)
        dialog.make_pdf()
        return dialog.editor

    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        seen["dialog"] = dialog
        widget = fill(dialog)
        if not window.locked:
            press_lock(widget, qtbot)

    when_dialog(act)
    window.draft_letter()
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)

    def check(dialog: LetterDialog) -> None:
        assert SECRET in dialog.editor.toPlainText()
        assert "LOCK/1" in dialog.editor.toPlainText()
        assert dialog.has_unsaved_text()

    reopened(qtbot, window, LetterDialog, check)
    window.close()


def test_file_dialog_closes_and_nothing_is_written(
    qtbot: Any, window: MainWindow, tmp_path: Any
) -> None:
    from PySide6.QtWidgets import QFileDialog

    def act(dialog: Any) -> None:
        assert isinstance(dialog, QFileDialog)
        press_lock(dialog, qtbot)

    when_dialog(act)
    window.export_ics()
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)
    unlock(qtbot, window)
    assert not window.locked and QApplication.activeModalWidget() is None
    window.close()


def test_unsaved_overview_and_note_are_kept_across_a_lock(qtbot: Any, window: MainWindow) -> None:
    overview = window.case_view.overview
    phone = overview.inputs["victim.phone"]
    assert isinstance(phone, QLineEdit)
    phone.setText("01234 567890")
    window.case_view.notes.text.setPlainText(SECRET)
    press_lock(phone, qtbot)
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)
    assert phone.text() == "" and window.case_view.notes.text.toPlainText() == ""
    assert overview.inputs["victim.name"].text() == ""  # type: ignore[attr-defined]
    unlock(qtbot, window)
    assert window.case_view.bundle is not None
    assert phone.text() == "01234 567890"
    assert window.case_view.notes.text.toPlainText() == SECRET
    assert overview.has_unsaved()
    window.case_view.notes.text.clear()
    phone.setText("")
    window.close()


def test_idle_lock_with_a_dialog_open(qtbot: Any, window: MainWindow) -> None:
    def fill(dialog: EventDialog) -> QWidget:
        qtbot.keyClicks(dialog.note, SECRET)
        window.idle.set_minutes(0.002)  # about 120 ms with no input
        qtbot.waitUntil(lambda: window.locked, timeout=3000)
        return dialog.note

    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        seen["dialog"] = dialog
        fill(dialog)

    when_dialog(act)
    window.add_event()
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)
    window.idle.set_minutes(5)
    reopened(qtbot, window, EventDialog, lambda d: d.note.toPlainText() == SECRET or 1 / 0)
    window.close()
