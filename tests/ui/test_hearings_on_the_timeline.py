"""The next court date is where a newcomer looks: on the timeline at its own date (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.domain.helpers import ev, run
from vcop_desktop.domain.events import Event
from vcop_desktop.ui.timeline import Timeline

TODAY = date(2026, 12, 1)
EVENTS = [
    Event("r", "crime_reported", date(2026, 10, 1), position=0),
    Event("c", "suspect_charged", date(2026, 11, 2), position=1),
    Event("h", "hearing_listed", date(2026, 11, 21), position=2,
          fields={"hearing_date": date(2026, 12, 15)}),
]  # fmt: skip


def test_a_listed_hearing_is_drawn_at_the_date_it_is_listed_for(qtbot: Any) -> None:
    view = Timeline()
    qtbot.addWidget(view)
    evaluation = run(
        [ev("r", "crime_reported", "2026-10-01"), ev("c", "suspect_charged", "2026-11-02")],
        today=TODAY.isoformat(),
    )
    view.canvas.set_case(evaluation.obligations, EVENTS, TODAY, 7)
    ((day, rect),) = view.canvas.hearings()
    assert day == date(2026, 12, 15)
    x = view.canvas.x_of(day)
    assert x <= rect.center().x() <= x + view.canvas.zoom + 1
    # The drawn area reaches past it (it used to stop a week after today).
    assert view.canvas.width() >= view.canvas.x_of(day + timedelta(days=7))
    listing = view.canvas.x_of(date(2026, 11, 21))
    assert rect.center().x() > listing + 20 * view.canvas.zoom  # not at the listing's own date


def test_the_overview_names_the_next_hearing_first(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    from tests.ui.conftest import wait_idle
    from tests.ui.test_main_window import window_on_case

    window = window_on_case(
        qtbot, context, workspace, "Court Dateperson", "CRT/1",
        Event("c", "suspect_charged", date(2026, 2, 20), position=2),
        Event("h", "hearing_listed", date(2026, 2, 21), position=3,
              fields={"hearing_date": date(2026, 4, 14)}),
    )  # fmt: skip
    wait_idle(qtbot, context)
    text = window.case_view.overview.next_due.text()
    today = window.today
    assert text.startswith("<b>Next hearing:</b> Tuesday 14 April 2026 (in ")
    assert f"in {(date(2026, 4, 14) - today).days} days" in text
    window.close()


def test_a_trial_window_is_drawn_to_its_last_day_and_named_on_the_overview(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    """A trial in a warned list has a window, not a date: the timeline brackets it and the
    drawn area reaches its last day; the Overview says "Trial window ... to ..."."""
    from tests.ui.conftest import wait_idle
    from tests.ui.test_main_window import window_on_case

    windowed = [
        *EVENTS[:2],
        Event("h", "hearing_listed", date(2026, 11, 21), position=2,
              fields={"hearing_date": date(2026, 12, 14), "window_end": date(2027, 1, 22)}),
    ]  # fmt: skip
    view = Timeline()
    qtbot.addWidget(view)
    evaluation = run(
        [ev("r", "crime_reported", "2026-10-01"), ev("c", "suspect_charged", "2026-11-02")],
        today=TODAY.isoformat(),
    )
    view.canvas.set_case(evaluation.obligations, windowed, TODAY, 7)
    assert view.canvas.width() >= view.canvas.x_of(date(2027, 1, 22))
    view.canvas.grab()  # paints the bracket without error

    window = window_on_case(
        qtbot, context, workspace, "Wren Windowsample", "WIN/1",
        Event("c", "suspect_charged", date(2026, 2, 20), position=2),
        Event("h", "hearing_listed", date(2026, 2, 21), position=3,
              fields={"hearing_date": date(2026, 4, 13), "window_end": date(2026, 4, 24)}),
    )  # fmt: skip
    wait_idle(qtbot, context)
    text = window.case_view.overview.next_due.text()
    assert text.startswith("<b>Trial window:</b> Monday 13 April 2026 to Friday 24 April 2026<br>")
    window.close()


def test_a_trial_window_that_ends_before_it_begins_is_refused() -> None:
    import pytest

    from vcop_desktop.domain.errors import ScenarioError
    from vcop_desktop.domain.scenario import parse_event

    raw = {"id": "h", "type": "hearing_listed", "date": "2026-11-21",
           "hearing_date": "2026-12-14", "window_end": "2026-12-01"}  # fmt: skip
    with pytest.raises(ScenarioError, match="trial window ends on or after"):
        parse_event(raw, 0)
    del raw["hearing_date"]
    with pytest.raises(ScenarioError, match="trial window"):
        parse_event(raw, 0)


def test_the_event_dialog_says_a_trial_window_that_ends_too_early_before_saving(
    qtbot: Any,
) -> None:
    """The same rule as the file's, said in the dialog rather than as a refusal after Save."""
    from vcop_desktop.ui.event_dialog import EventDialog, OptionalDate

    dialog = EventDialog(TODAY, EVENTS[:2], preset_type="hearing_listed")
    qtbot.addWidget(dialog)
    hearing, window_end = dialog._widgets["hearing_date"], dialog._widgets["window_end"]
    assert isinstance(hearing, OptionalDate) and isinstance(window_end, OptionalDate)
    window_end.set_value(date(2026, 12, 10))
    assert dialog.validate() == "Trial window ends on or after the hearing date, which it needs."
    hearing.set_value(date(2026, 12, 14))
    assert dialog.validate().startswith("Trial window ends on or after")
    window_end.set_value(date(2026, 12, 18))
    assert dialog.validate() == ""
