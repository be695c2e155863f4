"""Every save-as says what went wrong and asks again; nothing is lost (issue 18)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from vcop_desktop.ui.file_dialogs import save_bytes_as


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """The file dialog's answers, in turn, and the warnings shown."""
    seen: dict[str, list[Any]] = {"names": [], "warnings": [], "offered": []}

    def ask(*args: Any, **kwargs: Any) -> tuple[str, str]:
        seen["offered"].append(args[2])
        return (str(seen["names"].pop(0)) if seen["names"] else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: seen["warnings"].append(a[2]))
    return seen


def test_a_missing_folder_is_explained_and_the_user_chooses_again(
    answers: dict[str, list[Any]], tmp_path: Path
) -> None:
    gone = tmp_path / "usb-stick" / "letter.pdf"
    good = tmp_path / "letter.pdf"
    answers["names"] += [gone, good]
    saved = save_bytes_as(None, "Save PDF as", "letter.pdf", "PDF (*.pdf)", b"%PDF-1.4")
    assert saved == good and good.read_bytes() == b"%PDF-1.4"
    (warning,) = answers["warnings"]
    assert "does not exist" in warning and "copy kept in the case file is safe" in warning
    assert answers["offered"][1].endswith("letter.pdf")  # the same name offered again


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_explained(answers: dict[str, list[Any]], tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    answers["names"] += [locked / "a.pdf"]
    try:
        assert save_bytes_as(None, "Save PDF as", "a.pdf", "PDF (*.pdf)", b"x") is None
    finally:
        locked.chmod(0o700)
    assert "cannot be written to" in answers["warnings"][0]
    assert list(locked.iterdir()) == []


def test_a_failing_disk_is_explained_with_the_system_reason(
    answers: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from vcop_desktop.storage import fileops

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileops, "atomic_write", full)
    answers["names"] += [tmp_path / "a.pdf"]
    assert save_bytes_as(None, "Save PDF as", "a.pdf", "PDF (*.pdf)", b"x") is None  # cancelled
    assert "No space left on device" in answers["warnings"][0]


def test_cancelling_saves_nothing(answers: dict[str, list[Any]]) -> None:
    assert save_bytes_as(None, "Save PDF as", "a.pdf", "PDF (*.pdf)", b"x") is None
    assert answers["warnings"] == []


def test_a_folder_refusing_writes_is_explained(
    answers: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vcop_desktop.storage import fileops

    def refused(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileops, "atomic_write", refused)
    answers["names"] += [tmp_path / "a.pdf"]
    assert save_bytes_as(None, "Save PDF as", "a.pdf", "PDF (*.pdf)", b"x") is None
    assert "cannot be written to" in answers["warnings"][0]


def test_a_report_saved_to_a_folder_that_is_gone_asks_again(
    qtbot: Any, context: Any, workspace: Any, answers: dict[str, list[Any]], tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from tests.ui.conftest import wait_idle
    from tests.ui.test_reports_view import _window

    window = _window(qtbot, context, workspace)
    view = window.reports
    window.show_page(view)
    qtbot.mouseClick(view.preset_buttons["quarter-by-agency"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    good = tmp_path / "report.csv"
    answers["names"] += [good]
    view.save_as("csv", tmp_path / "gone" / "report.csv")
    wait_idle(qtbot, context)
    assert "does not exist" in answers["warnings"][0]
    assert good.read_bytes().startswith(b"\xef\xbb\xbf") and view.note.text() == "Saved report.csv."
    window.close()


def test_record_the_complaint_is_asked_after_the_file_is_saved(
    qtbot: Any, context: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked before the file dialog, the question took the "n" of a typed path as No."""
    from tests.ui.conftest import wait_idle, when_dialog
    from tests.ui.test_main_window import window_on_case
    from vcop_desktop.ui.letter_dialog import LetterDialog

    order: list[str] = []
    target = tmp_path / "complaint.pdf"

    def save(*args: Any, **kwargs: Any) -> tuple[str, str]:
        order.append("file dialog")
        return str(target), ""

    def question(*args: Any, **kwargs: Any) -> Any:
        order.append("record the complaint?")
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = window_on_case(qtbot, context, workspace, "Order Questionperson", "ORD/1")

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        dialog.make_draft()
        wait_idle(qtbot, context)
        dialog.make_pdf()
        wait_idle(qtbot, context)
        wait_idle(qtbot, context)
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    assert order == ["file dialog", "record the complaint?"]
    assert target.read_bytes().startswith(b"%PDF")
    window.close()


def test_a_vrr_request_letter_offers_to_record_the_request_naming_its_decision(
    qtbot: Any, context: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Complaints offered to record themselves; a VRR request did not, so the victim's
    deadline to ask stayed red after the letter was sent (issue 18)."""
    from datetime import date

    from tests.ui.conftest import wait_idle, when_dialog
    from tests.ui.test_main_window import window_on_case
    from vcop_desktop.domain.events import Event
    from vcop_desktop.ui.letter_dialog import LetterDialog

    asked: list[str] = []
    target = tmp_path / "vrr.pdf"

    def question(parent: Any, title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    decision = Event("d1", "police_decision_no_charge", date(2026, 2, 20), position=5)
    window = window_on_case(qtbot, context, workspace, "Vera Reviewsample", "VRR/1", decision)

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-vrr"))
        dialog.make_draft()
        wait_idle(qtbot, context)
        dialog.make_pdf()
        wait_idle(qtbot, context)
        wait_idle(qtbot, context)
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert len(asked) == 1 and "Right to Review was requested today" in asked[0]
    bundle = window.case_view.bundle
    assert bundle is not None
    requests = [r.event for r in bundle.events if r.event.type == "police_vrr_requested"]
    assert len(requests) == 1 and requests[0].fields.get("decision") == "d1"
    assert requests[0].date == window.today
    window.close()


def test_a_letter_the_pdf_cannot_be_made_from_says_so_in_the_title(
    qtbot: Any, context: Any, workspace: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF's refusal was titled "Could not draft the letter", though the draft was made."""
    from tests.ui.conftest import wait_idle, when_dialog
    from tests.ui.test_main_window import window_on_case
    from vcop_desktop.ui.letter_dialog import LetterDialog

    titles: list[str] = []

    def warning(parent: Any, title: str, *args: Any) -> Any:
        titles.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window = window_on_case(qtbot, context, workspace, "Tia Titlesample", "TTL/1")

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        dialog.make_draft()
        wait_idle(qtbot, context)
        dialog.editor.setPlainText("Not a heading line\n---\nBody.")
        titles.clear()
        dialog.make_pdf()
        wait_idle(qtbot, context)
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    assert "Could not make the PDF" in titles
    window.close()


def test_a_letter_to_a_fixed_agency_shows_that_agency_and_none_offers_the_advocate(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    """The greyed Agency box read "Police" on a CPS review request; and "Advocacy service"
    (the advocate's own standards) must never be an agency a letter complains about."""
    from datetime import date

    from tests.ui.conftest import wait_idle, when_dialog
    from tests.ui.test_main_window import window_on_case
    from vcop_desktop.domain.events import Event
    from vcop_desktop.ui.letter_dialog import LetterDialog

    decision = Event("d1", "cps_decision_no_charge", date(2026, 2, 20), position=5)
    window = window_on_case(qtbot, context, workspace, "Gia Greyedsample", "GRY/1", decision)
    seen: dict[str, object] = {}

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("cps-vrr"))
        seen["cps"] = (dialog.agency.currentText(), dialog.agency.isEnabled())
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        seen["police"] = dialog.agency.currentText()
        seen["offered"] = [dialog.agency.itemData(i) for i in range(dialog.agency.count())]
        dialog.done(0)

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    assert seen["cps"] == ("Crown Prosecution Service", False)
    assert seen["police"] == "Police"
    assert "advocate" not in seen["offered"] and "victim" not in seen["offered"]
    window.close()
