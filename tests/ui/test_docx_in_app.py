"""Make DOCX beside Make PDF in the letter editor: the Word file is kept in the case file,
saved where the advocate chooses, listed in Documents and saved again from there."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.letter_dialog import LetterDialog


def test_make_docx_keeps_it_and_documents_lists_it(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    context.settings.update({"organisation_name": "Testshire Advocacy", "advocate_name": "Sam A"})
    window = window_on_case(qtbot, context, workspace, "Zoë Wordperson", "DOC/1/2026")
    targets = iter([tmp_path / "letter.docx", tmp_path / "again.docx"])
    asked: list[str] = []

    def save_name(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(str(args[2]))  # the suggested file name
        return str(next(targets)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    seen: dict[str, Any] = {}

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        assert not dialog.docx_button.isEnabled()  # nothing drafted yet
        dialog.make_draft()
        wait_idle(qtbot, context)
        dialog.editor.setPlainText(dialog.editor.toPlainText().replace("Dear", "EDITED.\n\nDear"))
        seen["text"] = dialog.editor.toPlainText()
        dialog.docx_button.click()
        wait_idle(qtbot, context)
        wait_idle(qtbot, context)
        dialog.reject()

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    assert asked and asked[0].endswith(".docx") and "Zoë" not in asked[0]
    document = docx.Document(io.BytesIO((tmp_path / "letter.docx").read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "EDITED." in paragraphs and any("DOC/1/2026" in p for p in paragraphs)
    assert document.core_properties.author == "Testshire Advocacy"
    assert "Wordperson" not in document.core_properties.title
    documents = window.case_view.documents
    item = documents.list.topLevelItem(0)
    assert item is not None and item.text(4) == "draft and DOCX"
    assert documents.save_docx.isEnabled() and not documents.save_as.isEnabled()
    documents.save_docx.click()
    wait_idle(qtbot, context)
    assert (tmp_path / "again.docx").read_bytes() == (tmp_path / "letter.docx").read_bytes()
    window.close()
