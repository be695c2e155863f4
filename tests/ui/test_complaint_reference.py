"""The agency's complaint reference is a field of the complaint on record (issue 24 §2):
typed in the event dialog, kept, and shown again when the complaint is edited."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit

from vcop_desktop.domain.events import Event
from vcop_desktop.ui.event_dialog import EventDialog

TODAY = date(2026, 11, 2)


def test_the_complaint_reference_is_typed_kept_and_shown_again(qtbot: Any) -> None:
    dialog = EventDialog(TODAY, [])
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("complaint_made"))
    box = dialog._widgets["reference"]
    assert isinstance(box, QLineEdit)
    qtbot.keyClicks(box, "  PSD/2026/ 0117 ")
    assert dialog.values()["reference"] == "PSD/2026/ 0117"
    box.clear()
    assert "reference" not in dialog.values()  # nothing typed: nothing recorded

    made = Event("c", "complaint_made", date(2026, 10, 1), position=0,
                 fields={"against": "police", "reference": "PSD/2026/0117"})  # fmt: skip
    editing = EventDialog(TODAY, [made], event=made)
    qtbot.addWidget(editing)
    shown = editing._widgets["reference"]
    assert isinstance(shown, QLineEdit) and shown.text() == "PSD/2026/0117"
    assert editing.values()["reference"] == "PSD/2026/0117"
