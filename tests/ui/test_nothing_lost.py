"""Nothing typed is lost: letter drafts kept and reopened, closing over edits asks first, the
annex follows the checkbox at PDF time, unsaved details ask before the case changes or the
app quits, and Documents lists each letter with what it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.letter_dialog import LetterDialog
from vcop_desktop.ui.main_window import MainWindow

EDIT = "A SENTENCE THE ADVOCATE WROTE."
ASK = QMessageBox.StandardButton


class Answers:
    """Stands in for the Save / Discard / Cancel question, recording what was asked."""

    def __init__(self, monkeypatch: Any, *answers: Any) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(str(args[2]))
        return self.answers.pop(0)


@pytest.fixture
def window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    context.settings.update({"organisation_name": "Testshire Advocacy", "advocate_name": "Sam"})
    for name, ref in (("Nia Example", "KEEP/1"), ("Ola Example", "KEEP/2")):
        workspace.create_case(
            victim_name=name,
            crime_reference=ref,
            events=[
                Event("r", "crime_reported", date(2026, 2, 2), position=0),
                Event("a", "suspect_arrested", date(2026, 2, 3), position=1),
            ],
        )
    win = open_window(qtbot, context, workspace)
    win.content.setCurrentIndex(1)
    win.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    return win


def draft_in(qtbot: Any, window: MainWindow, work: Any) -> None:
    def run(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        work(dialog)

    when_dialog(run)
    window.draft_letter()
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)


def test_esc_over_edits_asks_and_save_draft_keeps_them_to_reopen(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    answers = Answers(monkeypatch, ASK.Cancel, ASK.Save)
    seen: dict[str, Any] = {}

    def work(dialog: LetterDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        dialog.editor.appendPlainText(EDIT)
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)  # Cancel: still open, text intact
        seen["after_cancel"] = (dialog.isVisible(), EDIT in dialog.editor.toPlainText())
        dialog.close()  # the window's close button: Save draft
        wait_idle(qtbot, window.context)
        seen["closed"] = not dialog.isVisible()

    draft_in(qtbot, window, work)
    assert len(answers.asked) == 2 and "not saved" in answers.asked[0]
    assert seen == {"after_cancel": (True, True), "closed": True}
    documents = window.case_view.documents
    assert documents.list.topLevelItemCount() == 1
    item = documents.list.topLevelItem(0)
    assert item is not None
    assert item.text(4) == "draft" and item.text(3) == "once"
    assert item.text(0) and item.text(2)  # kind and date
    assert documents.open_draft.isEnabled() and not documents.view.isEnabled()

    # Documents -> Open draft: the same text, the same kind, editable, ready for a PDF.
    reopened: dict[str, Any] = {}

    def look(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        wait_idle(qtbot, window.context)
        reopened["text"] = dialog.editor.toPlainText()
        reopened["kind"] = dialog.current_kind().id
        reopened["ready"] = dialog.pdf_button.isEnabled()
        reopened["unsaved"] = dialog.has_unsaved_text()
        dialog.reject()

    when_dialog(look)
    documents.open_draft.click()
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    assert EDIT in reopened["text"] and "KEEP/1" in reopened["text"]
    assert reopened["kind"] == "police-complaint" and reopened["ready"]
    assert not reopened["unsaved"]
    window.close()


def test_draft_text_again_over_edits_asks(qtbot: Any, window: MainWindow, monkeypatch: Any) -> None:
    answers = Answers(monkeypatch, ASK.Cancel, ASK.Discard)
    seen: dict[str, Any] = {}

    def work(dialog: LetterDialog) -> None:
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        dialog.editor.appendPlainText(EDIT)
        dialog.draft_button.click()  # Cancel: the edit stays
        wait_idle(qtbot, window.context)
        seen["kept"] = EDIT in dialog.editor.toPlainText()
        dialog.draft_button.click()  # Discard: drafted afresh
        wait_idle(qtbot, window.context)
        seen["fresh"] = EDIT not in dialog.editor.toPlainText()
        dialog.reject()  # nothing unsaved now: no question

    draft_in(qtbot, window, work)
    assert seen == {"kept": True, "fresh": True} and len(answers.asked) == 2
    window.close()


def test_annex_ticked_after_drafting_is_in_the_pdf(
    qtbot: Any, window: MainWindow, monkeypatch: Any, tmp_path: Path
) -> None:
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: ASK.Yes)
    # After a first complaint's PDF the app offers to record the complaint: not here.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: ASK.No)

    def work(dialog: LetterDialog) -> None:
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        dialog.annex.setChecked(True)  # ticked only now
        dialog.make_pdf()
        wait_idle(qtbot, window.context)
        wait_idle(qtbot, window.context)
        dialog.reject()

    draft_in(qtbot, window, work)
    from pypdf import PdfReader

    pages = PdfReader(target).pages
    assert len(pages) >= 2
    assert "Tell the victim" in pages[-1].extract_text() or "Annex" in pages[-1].extract_text()
    item = window.case_view.documents.list.topLevelItem(0)
    assert item is not None and item.text(4) == "draft and PDF"
    window.close()


def test_unsaved_details_ask_before_switching_case(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    bundle = window.case_view.bundle
    assert bundle is not None
    first = bundle.case_id
    phone = window.case_view.overview.inputs["victim.phone"]
    assert isinstance(phone, QLineEdit)
    phone.setText("01234 567890")
    answers = Answers(monkeypatch, ASK.Cancel, ASK.Save)
    window.cases.table.selectRow(1)  # Cancel: stay on the first case, edit still there
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    assert window.case_view.bundle is not None and window.case_view.bundle.case_id == first
    assert phone.text() == "01234 567890"
    window.cases.table.selectRow(1)  # Save: saved, then the other case opens
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    assert len(answers.asked) == 2
    assert window.case_view.bundle is not None and window.case_view.bundle.case_id != first
    window.cases.select_case(first)
    wait_idle(qtbot, window.context)
    assert window.case_view.bundle is not None
    assert window.case_view.bundle.victim.phone == "01234 567890"
    window.close()


def test_refresh_after_adding_an_event_keeps_unsaved_details(
    qtbot: Any, window: MainWindow
) -> None:
    phone = window.case_view.overview.inputs["victim.phone"]
    assert isinstance(phone, QLineEdit)
    phone.setText("07000 000000")
    window.change_case(lambda handle: handle.add_note("a note"), "add", refresh_list=False)
    wait_idle(qtbot, window.context)
    assert phone.text() == "07000 000000" and window.case_view.overview.has_unsaved()
    phone.setText("")
    window.close()


def test_quit_with_an_unsent_note_asks(qtbot: Any, window: MainWindow, monkeypatch: Any) -> None:
    window.case_view.tabs.setCurrentWidget(window.case_view.notes)
    qtbot.keyClicks(window.case_view.notes.text, "Called the OIC")
    answers = Answers(monkeypatch, ASK.Cancel, ASK.Save)
    window.close()
    assert window.isVisible() and not window._closed  # Cancel: still open
    window.close()  # Save: the note is added, then the app closes
    assert window._closed and len(answers.asked) == 2
    again = Workspace.open(window.context.workspace_dir, "correct horse battery staple")
    case_id = again.list_cases()[0].case_id
    handle = again.open_case(case_id)
    notes = [n.text for n in handle.notes()] + [
        n.text for c in again.list_cases()[1:] for n in again.open_case(c.case_id).notes()
    ]
    assert "Called the OIC" in notes


def test_open_pdf_in_the_viewer_through_a_private_temporary_file(
    qtbot: Any, window: MainWindow, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: ASK.Yes)
    # After a first complaint's PDF the app offers to record the complaint: not here.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: ASK.No)

    def work(dialog: LetterDialog) -> None:
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        dialog.make_pdf()
        wait_idle(qtbot, window.context)
        dialog.reject()

    draft_in(qtbot, window, work)
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    documents = window.case_view.documents
    assert documents.view.isEnabled()
    documents.view.click()
    wait_idle(qtbot, window.context)
    assert len(opened) == 1
    path = Path(opened[0])
    assert path.read_bytes().startswith(b"%PDF")
    assert path.name.startswith("VC-") and "Nia" not in path.name
    assert oct(path.parent.stat().st_mode)[-3:] == "700" and oct(path.stat().st_mode)[-3:] == "600"
    window.lock()
    assert not path.exists() and not path.parent.exists()  # gone at the lock
    window.close()


def test_leaving_the_overview_tab_with_unsaved_details_asks(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    tabs = window.case_view.tabs
    tabs.setCurrentWidget(window.case_view.overview)
    phone = window.case_view.overview.inputs["victim.phone"]
    assert isinstance(phone, QLineEdit)
    phone.setText("01234 111111")
    answers = Answers(monkeypatch, ASK.Cancel, ASK.Discard)
    tabs.setCurrentWidget(window.case_view.events)  # Cancel: back on the Overview
    assert tabs.currentWidget() is window.case_view.overview and phone.text() == "01234 111111"
    tabs.setCurrentWidget(window.case_view.events)  # Discard: the stored value is back
    assert tabs.currentWidget() is window.case_view.events and phone.text() != "01234 111111"
    assert len(answers.asked) == 2 and not window.case_view.overview.has_unsaved()
    window.close()


def test_save_and_add_next_keeps_the_date_and_pdf_name_has_the_case_code(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    from vcop_desktop.ui.event_dialog import EventDialog

    seen: list[Any] = []

    def first(dialog: Any) -> None:
        assert isinstance(dialog, EventDialog)
        dialog.type_box.setCurrentIndex(dialog.type_box.findData("suspect_charged"))
        dialog.date_edit.set_text("9/2/2026")
        when_dialog(second)
        dialog.next_button.click()

    def second(dialog: Any) -> None:
        assert isinstance(dialog, EventDialog)
        seen.append((dialog.event_type(), dialog.date_edit.value()))
        QDialog.done(dialog, 0)

    from PySide6.QtWidgets import QDialog

    when_dialog(first)
    window.add_event()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [("hearing_listed", date(2026, 2, 9))]
    wait_idle(qtbot, window.context)

    names: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: names.append(a[2]) or ("", "")
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: ASK.Yes)
    # After a first complaint's PDF the app offers to record the complaint: not here.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: ASK.No)

    def work(dialog: LetterDialog) -> None:
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        dialog.make_pdf()
        wait_idle(qtbot, window.context)
        dialog.reject()

    draft_in(qtbot, window, work)
    assert names and Path(names[0]).name.startswith("VC-2026-0001 ")
    assert "Nia" not in names[0]
    window.close()
