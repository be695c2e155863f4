"""Add event offers the likely next event, not "Crime reported" on a case with one (issue 18)."""

from __future__ import annotations

from datetime import date
from typing import Any

from vcop_desktop.domain.events import Event
from vcop_desktop.ui.event_dialog import EventDialog, likely_next_type

REPORTED = Event("r", "crime_reported", date(2026, 2, 2), position=0)
AGREED = Event(
    "u", "update_frequency_agreed", date(2026, 2, 3), position=1, fields={"interval_days": 28}
)
ARRESTED = Event("a", "suspect_arrested", date(2026, 2, 5), position=2)
CHARGED = Event("c", "suspect_charged", date(2026, 3, 1), position=3)


def test_a_new_case_starts_with_the_report() -> None:
    assert likely_next_type([]) == "crime_reported"


def test_after_the_report_the_next_step_not_yet_recorded() -> None:
    assert likely_next_type([REPORTED]) == "update_frequency_agreed"
    assert likely_next_type([REPORTED, AGREED]) == "suspect_arrested"
    assert likely_next_type([REPORTED, AGREED, ARRESTED]) == "suspect_interviewed_under_caution"
    assert likely_next_type([REPORTED, AGREED, ARRESTED, CHARGED]) == "hearing_listed"


def test_the_dialog_opens_on_it(qtbot: Any) -> None:
    dialog = EventDialog(date(2026, 3, 2), [REPORTED, AGREED, ARRESTED])
    qtbot.addWidget(dialog)
    assert dialog.event_type() == "suspect_interviewed_under_caution"
    editing = EventDialog(date(2026, 3, 2), [REPORTED, ARRESTED], event=ARRESTED)
    qtbot.addWidget(editing)
    assert editing.event_type() == "suspect_arrested"  # editing keeps the event's own type
