"""The letter dialog says, in words a screen reader reads too, when a letter was drafted from
the organisation's own template (a file in the workspace's letters folder) and not the app's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.letter_dialog import LetterDialog

_OWN = '{% extends "_base.txt.j2" %}{% block body %}ORGANISATION WORDING.{% endblock %}'


def _draft_in_dialog(qtbot: Any, context: AppContext, workspace: Workspace) -> dict[str, Any]:
    window = window_on_case(qtbot, context, workspace, "Zoë Templateperson", "TPL/1/2026")
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    window.case_view.timeline.select(("police.inform_arrest", "a"))
    seen: dict[str, Any] = {}

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.make_draft()
        wait_idle(qtbot, context)
        seen["text"] = dialog.editor.toPlainText()
        seen["visible"] = dialog.notes.template_note.isVisibleTo(dialog)
        seen["note"] = dialog.notes.template_note.text()
        seen["name"] = dialog.notes.template_note.accessibleName()
        seen["description"] = dialog.notes.template_note.accessibleDescription()
        dialog.reject()

    when_dialog(work)
    qtbot.mouseClick(window.case_view.timeline.draft, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    window.close()
    return seen


def test_a_template_override_is_shown_in_the_letter_dialog(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    letters = workspace.folder / "letters"
    letters.mkdir(exist_ok=True)
    for name in ("chaser.txt.j2", "police-complaint.txt.j2"):
        (letters / name).write_text(_OWN, encoding="utf-8")
    seen = _draft_in_dialog(qtbot, context, workspace)
    assert "ORGANISATION WORDING." in seen["text"]
    assert seen["visible"]
    assert "This letter uses your organisation's template" in seen["note"]
    assert seen["name"] == "Letter template"
    assert "organisation's template" in seen["description"]


def test_no_note_when_the_bundled_template_is_used(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    seen = _draft_in_dialog(qtbot, context, workspace)
    assert seen["text"] and not seen["visible"] and seen["note"] == ""
