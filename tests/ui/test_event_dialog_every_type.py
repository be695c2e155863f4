"""The generic event dialog takes every event type of the vocabulary, the advocate's own
included: a time of day is typed (and checked), a risk form's answers are never typed there
(shown read-only, carried unchanged when an assessment is edited), and what the dialog gives
is accepted by the case file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox

from tests.ui.conftest import PASSPHRASE
from vcop_desktop.domain.events import Event
from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FieldKind
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.matters_list import MattersList
from vcop_desktop.ui.time_input import TimeInput, read_time

TODAY = date(2026, 3, 2)
#: one of every kind of event another event may name
EARLIER = [
    Event("r", "crime_reported", date(2026, 2, 2), position=0),
    Event("c", "complaint_made", date(2026, 2, 3), {"against": "police"}, position=1),
    Event("m", "marac_referral", date(2026, 2, 4), position=2),
    Event("s", "info_shared_without_consent", date(2026, 2, 5),
          {"what": "address", "with": "police", "reason": "risk", "lawful_basis": "vital"},
          position=3),
    Event("d", "cps_decision_no_charge", date(2026, 2, 6), position=4),
    Event("q", "subject_access_requested", date(2026, 2, 9), position=5),
]  # fmt: skip


def fill_required(dialog: EventDialog) -> None:
    for spec in EVENT_FIELDS[dialog.event_type()]:
        widget = dialog._widgets[spec.name]
        if isinstance(widget, TimeInput):
            widget.setText("9.30")
        elif isinstance(widget, MattersList):
            continue
        elif isinstance(widget, QLineEdit) and spec.required:
            widget.setText("something")
        elif isinstance(widget, QSpinBox) and spec.required:
            widget.setValue(14)
        elif isinstance(widget, QComboBox) and spec.required and widget.count():
            widget.setCurrentIndex(widget.count() - 1)
    if dialog.event_type() == "risk_assessment":
        assert dialog.validate().startswith("Score is needed")
        score = dialog._widgets["score"]
        assert isinstance(score, QSpinBox)
        score.setValue(12)


@pytest.fixture(scope="module")
def case(tmp_path_factory: Any) -> Any:
    workspace = Workspace.create(
        tmp_path_factory.mktemp("every-type"), PASSPHRASE, kdf=KdfParams.cheap()
    )
    summary = workspace.create_case(victim_name="Every Type", events=EARLIER)
    handle = workspace.open_case(summary.case_id)
    yield handle
    handle.close()


@pytest.mark.parametrize("event_type", sorted(EVENT_FIELDS))
def test_every_event_type_can_be_added(qtbot: Any, case: Any, event_type: str) -> None:
    duties = [("police.inform_arrest", "r", "Tell the victim of an arrest")]
    dialog = EventDialog(TODAY, EARLIER, duties, preset_type=event_type)
    qtbot.addWidget(dialog)
    assert dialog.event_type() == event_type, "every type is on the dialog's list"
    fill_required(dialog)
    assert dialog.validate() == ""
    recorded = case.add_event(dialog.event_type(), dialog.when(), dialog.values())
    assert recorded.type == event_type


def test_a_contact_time_is_typed_and_checked(qtbot: Any) -> None:
    dialog = EventDialog(TODAY, EARLIER, preset_type="contact")
    qtbot.addWidget(dialog)
    time = dialog._widgets["time"]
    assert isinstance(time, TimeInput)
    time.setText("25:10")
    assert "not a time of day" in dialog.validate()
    time.setText("2:30pm")
    assert dialog.validate() == ""
    assert dialog.values()["time"] == "14:30"
    assert [read_time(t) for t in ("1430", "9", "9.05", "noon", "24:00", "x")] == [
        "14:30", "09:00", "09:05", "12:00", None, None,
    ]  # fmt: skip


def test_answers_are_shown_not_typed_and_kept_on_edit(qtbot: Any) -> None:
    kinds = {s.name: s.kind for s in EVENT_FIELDS["risk_assessment"]}
    assert kinds["answers"] is FieldKind.ANSWERS
    assessment = Event(
        "ra", "risk_assessment", date(2026, 2, 20),
        {"form": "vcop-risk", "score": 15, "answers": {"q1": True, "q2": False}},
    )  # fmt: skip
    dialog = EventDialog(TODAY, [*EARLIER, assessment], event=assessment)
    qtbot.addWidget(dialog)
    shown = dialog._widgets["answers"]
    assert isinstance(shown, QLabel) and "2 answers" in shown.text()
    assert dialog.values()["answers"] == {"q1": True, "q2": False}
    new = EventDialog(TODAY, EARLIER, preset_type="risk_assessment")
    qtbot.addWidget(new)
    assert "answers" not in new.values()


def test_the_police_needs_assessment_is_in_the_list_where_an_advocate_looks(qtbot: Any) -> None:
    """There was no way to record it but Mark met on the timeline (issue 18): the Police group
    offers it while it is owed, and it records `duty_met` for that duty and its trigger."""
    duties = [
        ("police.inform_arrest", "r", "Tell the victim of an arrest"),
        ("police.needs_assessment", "r", "Assess the victim's needs"),
    ]
    dialog = EventDialog(TODAY, EARLIER, duties)
    qtbot.addWidget(dialog)
    box = dialog.type_box
    texts = [box.itemText(i) for i in range(box.count())]
    entry = texts.index("Police assessed the victim's needs (duty met)")
    assert texts.index("— Police —") < entry < texts.index("— CPS —")
    box.setCurrentIndex(entry)
    assert dialog.event_type() == "duty_met"
    assert dialog.values() == {"duty": "police.needs_assessment", "trigger": "r"}
    assert dialog.validate() == ""
    met = EventDialog(TODAY, EARLIER, [duties[0]])  # once met, no longer offered
    qtbot.addWidget(met)
    assert "Police assessed the victim's needs (duty met)" not in [
        met.type_box.itemText(i) for i in range(met.type_box.count())
    ]
    plain = EventDialog(TODAY, EARLIER, duties, preset_type="duty_met")
    qtbot.addWidget(plain)
    assert plain.type_box.currentText() != "Police assessed the victim's needs (duty met)"
