"""Draft a letter from a breached obligation: edit, make the PDF, find it in Documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.letter_dialog import LetterDialog


def test_draft_edit_and_store_a_police_complaint(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    context.settings.update({"organisation_name": "Testshire Advocacy", "advocate_name": "Sam A"})
    window = window_on_case(qtbot, context, workspace, "Zoë Letterperson", "LTR/55/2026")
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    window.case_view.timeline.select(("police.inform_arrest", "a"))
    target = tmp_path / "exported.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen: dict[str, Any] = {}

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        seen["kind"] = dialog.current_kind().id
        dialog.make_draft()
        wait_idle(qtbot, context)
        text = dialog.editor.toPlainText()
        seen["draft"] = text
        dialog.editor.setPlainText(text.replace("Dear", "Dear Inspector,\\n\\nEDITED LINE.\\nDear"))
        dialog.make_pdf()
        wait_idle(qtbot, context)
        wait_idle(qtbot, context)
        dialog.reject()

    when_dialog(work)
    qtbot.mouseClick(window.case_view.timeline.draft, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert seen["kind"] in ("chaser", "police-complaint")
    assert "LTR/55/2026" in seen["draft"]
    assert target.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "EDITED LINE." in text and "LTR/55/2026" in text
    documents = window.case_view.bundle.documents  # type: ignore[union-attr]
    assert len(documents) == 1 and documents[0][1] == 2  # text and PDF versions
    window.close()


def test_a_first_complaint_keeps_the_ticked_matters_and_records_them(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    window = window_on_case(
        qtbot,
        context,
        workspace,
        "Zoë Matterperson",
        "MAT/1/2026",
        Event("b", "suspect_released_on_bail", date(2026, 2, 4), position=2),
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    asked: list[str] = []

    def yes(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    seen: dict[str, Any] = {}

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        assert dialog.matters.isVisibleTo(dialog)
        labels = [dialog.matters.item(i).text() for i in range(dialog.matters.count())]
        seen["labels"] = labels
        # Untick the bail duty: the complaint is about the arrest only.
        for i in range(dialog.matters.count()):
            if "bail" in labels[i]:
                dialog.matters.item(i).setCheckState(Qt.CheckState.Unchecked)
        dialog.make_draft()
        wait_idle(qtbot, context)
        seen["draft"] = dialog.editor.toPlainText()
        dialog.make_pdf()
        wait_idle(qtbot, context)
        wait_idle(qtbot, context)
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert any("arrested" in label for label in seen["labels"])
    assert "arrested" in seen["draft"] and "on bail" not in seen["draft"]
    assert asked and "about the" in asked[0]
    events = [r.event for r in window.case_view.bundle.events]  # type: ignore[union-attr]
    made = [e for e in events if e.type == "complaint_made"]
    assert len(made) == 1 and made[0].get_str("against") == "police"
    matters = set((made[0].get_str("matters") or "").split())
    assert matters == {"police.refer_support@r", "police.inform_arrest@a"}  # not the bail duty
    window.close()


def test_matters_already_complained_about_are_shown_but_not_ticked(qtbot: Any) -> None:
    from tests.domain.helpers import ev, run
    from vcop_desktop.domain.scenario import parse_scenario
    from vcop_desktop.ui.matters_list import MattersList, matter_choices

    events = [
        ev("a", "suspect_arrested", "2026-03-02"),
        ev("b", "suspect_released_on_bail", "2026-03-03"),
        ev("c", "complaint_made", "2026-03-10", against="police", matters="police.inform_arrest@a"),
    ]
    result = run(events, "2026-03-20")
    choices = matter_choices(result.obligations, parse_scenario({"events": events}).events)
    arrest = next(c for c in choices if c.key == ("police.inform_arrest", "a"))
    assert arrest.complained and "already in the complaint of 10 March 2026" in arrest.label
    assert arrest.label.startswith("Police (already in the complaint of 10 March 2026; due")
    widget = MattersList(choices)
    qtbot.addWidget(widget)
    widget.tick_agency("police")
    assert ("police.inform_bail", "b") in widget.ticked_keys()
    assert ("police.inform_arrest", "a") not in widget.ticked_keys()
