"""More of what a lock closes comes back after the unlock: the About box and the user guide,
and the "record the complaint" question over the letter editor is asked again, never silently
lost (and nothing opens over the lock screen in the meantime). The other questions over the
letter default to No, doing nothing (tests/ui/test_lock_dialogs.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_lock_dialogs import assert_locked_and_hidden, press_lock, reopened, unlock
from tests.ui.test_lock_dialogs import window as window
from vcop_desktop.ui.letter_dialog import LetterDialog
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.user_guide import UserGuideDialog


def test_about_is_open_again_after_the_unlock(qtbot: Any, window: MainWindow) -> None:
    when_dialog(lambda box: press_lock(box, qtbot))
    window.about()
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)

    def is_about(box: QMessageBox) -> None:
        assert box.windowTitle() == "About VCOP Desktop"
        assert "Victims' Code" in box.text()

    reopened(qtbot, window, QMessageBox, is_about)
    window.close()


def test_the_user_guide_is_open_again_where_it_was(qtbot: Any, window: MainWindow) -> None:
    seen: dict[str, int] = {}

    def scroll_and_lock(dialog: Any) -> None:
        assert isinstance(dialog, UserGuideDialog)
        bar = dialog.browser.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.maximum() > 0)
        bar.setValue(bar.maximum() // 2)
        seen["at"] = bar.value()
        press_lock(dialog.browser, qtbot)

    when_dialog(scroll_and_lock)
    window.show_user_guide()
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)

    def check(dialog: UserGuideDialog) -> None:
        bar = dialog.browser.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.value() == seen["at"], timeout=3000)

    reopened(qtbot, window, UserGuideDialog, check)
    window.close()


def test_a_question_over_the_letter_is_asked_again_after_the_unlock(
    qtbot: Any,
    window: MainWindow,
    monkeypatch: Any,
) -> None:
    """The "record the complaint" question (asked once the copy is saved: asked first, it took
    the "n" of a typed path as No) is open when the lock comes: no file dialog opens over the
    lock screen, and after the unlock the letter is back and the question is asked again;
    answering it records the complaint."""
    dialogs_while_locked: list[bool] = []

    def save_name(*args: Any, **kwargs: Any) -> tuple[str, str]:
        dialogs_while_locked.append(window.locked)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    asked: list[str] = []

    def lock_in_question(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        dialog.make_draft()
        wait_idle(qtbot, window.context)

        def in_box(box: Any) -> None:
            asked.append(box.text())
            press_lock(box, qtbot)

        when_question(in_box)
        dialog.make_pdf()  # the PDF is made and kept, the copy saved, then the question

    def when_question(action: Any) -> None:
        def attempt(tries: int = 0) -> None:
            modal = QApplication.activeModalWidget()
            if not isinstance(modal, QMessageBox) and tries < 6000:  # a busy machine
                QTimer.singleShot(10, lambda: attempt(tries + 1))
                return
            action(modal)

        QTimer.singleShot(0, attempt)

    when_dialog(lock_in_question)
    window.draft_letter()
    for _ in range(3):
        wait_idle(qtbot, window.context)
    assert asked and "Record in the case that a complaint was made" in asked[0]
    assert_locked_and_hidden(window)
    assert dialogs_while_locked == [False]  # the save dialog came first, before the lock

    after: dict[str, Any] = {}

    def answer_yes(box: Any) -> None:
        asked.append(box.text())
        letter = box.parent()
        box.button(QMessageBox.StandardButton.Yes).click()

        def close_letter() -> None:  # from the event loop: the letter's exec holds the test
            after["letter"] = type(letter).__name__
            after["save_offered"] = list(dialogs_while_locked)
            QDialog.done(letter, 0)

        QTimer.singleShot(50, close_letter)

    when_question(answer_yes)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: "letter" in after, timeout=10_000)
    for _ in range(3):
        wait_idle(qtbot, window.context)
    assert len(asked) == 2 and asked[1] == asked[0]
    assert after == {"letter": "LetterDialog", "save_offered": [False]}  # not again
    events = [r.event for r in window.case_view.bundle.events]  # type: ignore[union-attr]
    assert [e.get_str("against") for e in events if e.type == "complaint_made"] == ["police"]
    window.close()
