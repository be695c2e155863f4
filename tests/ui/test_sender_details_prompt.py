"""The first letter without the sender's details offers Settings → Letters; after they are
filled in, the letter is drafted again with them (real main window, letter and settings)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import open_window, window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.letters.markup import find_gaps
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.letter_dialog import LetterDialog
from vcop_desktop.ui.settings_dialog import SettingsDialog


def when_settings(action: Any) -> None:
    """Run `action` on the settings dialog once it is the active modal (over the letter)."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog) and tries < 300:
            QTimer.singleShot(10, lambda: attempt(tries + 1))
            return
        assert isinstance(dialog, SettingsDialog), "Settings did not open"
        action(dialog)

    QTimer.singleShot(0, attempt)


def test_sender_gaps_offer_settings_and_the_redraft_has_her_details(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Zoë Senderless", "SND/1/2026")
    seen: dict[str, Any] = {}

    def fill_settings(settings: SettingsDialog) -> None:
        qtbot.waitUntil(lambda: settings.focusWidget() is not None)
        seen["focus"] = settings.focusWidget() is settings.inputs["organisation_name"]
        seen["group_visible"] = not settings.groups["Letters"].visibleRegion().isEmpty()
        settings.inputs["organisation_name"].setText("Northdale Advocacy")  # type: ignore[attr-defined]
        address = settings.inputs["organisation_address"]
        assert isinstance(address, QPlainTextEdit)
        address.setPlainText("Unit 4, Canal Wharf\nNorthdale\nND1 4QT")
        settings.inputs["advocate_name"].setText("Priya Advocate")  # type: ignore[attr-defined]
        settings.inputs["advocate_role"].setText("IDVA")  # type: ignore[attr-defined]
        settings._save()

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        assert not dialog.notes.sender_offer.isVisibleTo(dialog)  # nothing drafted yet
        dialog.make_draft()
        wait_idle(qtbot, context)
        before = dialog.editor.toPlainText()
        seen["gaps_before"] = find_gaps(before)
        seen["offered"] = dialog.notes.sender_offer.isVisibleTo(dialog)
        seen["note"] = dialog.notes.sender_note.text()
        when_settings(fill_settings)
        dialog.notes.sender_button.click()  # Settings → Letters, modal over the letter
        wait_idle(qtbot, context)
        seen["after"] = dialog.editor.toPlainText()
        seen["offered_after"] = dialog.notes.sender_offer.isVisibleTo(dialog)
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    assert {"organisation name", "organisation address", "advocate's name"} <= set(
        seen["gaps_before"]
    )
    assert seen["offered"] and "organisation name" in seen["note"]
    assert seen["focus"] and seen["group_visible"]
    after = seen["after"]
    sender = "From: Northdale Advocacy\nFrom: Unit 4, Canal Wharf\nFrom: Northdale\nFrom: ND1 4QT"
    assert sender in after
    assert "Signed: Priya Advocate\nSigned: IDVA\nSigned: Northdale Advocacy" in after
    assert "I am Priya Advocate, IDVA at Northdale Advocacy." in after
    assert not {"organisation name", "organisation address", "advocate's name"} & set(
        find_gaps(after)
    )
    assert not seen["offered_after"]
    assert context.settings["advocate_name"] == "Priya Advocate"  # kept for the next letter
    window.close()


def test_edits_are_not_redrafted_away(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    workspace.create_case(
        victim_name="Zoë Edited",
        events=[Event("r", "crime_reported", date(2026, 2, 2), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    seen: dict[str, Any] = {}

    def fill_settings(settings: SettingsDialog) -> None:
        settings.inputs["organisation_name"].setText("Northdale Advocacy")  # type: ignore[attr-defined]
        settings._save()

    def work(dialog: Any) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        dialog.make_draft()
        wait_idle(qtbot, context)
        dialog.editor.setPlainText(dialog.editor.toPlainText() + "\nMY OWN EDIT.\n")
        when_settings(fill_settings)
        dialog.notes.sender_button.click()
        wait_idle(qtbot, context)
        seen["text"] = dialog.editor.toPlainText()
        seen["note"] = dialog.notes.sender_note.text()
        dialog.editor.setPlainText("")  # nothing to ask about on close
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    assert "MY OWN EDIT." in seen["text"]
    assert "Press Draft text" in seen["note"]
    window.close()
