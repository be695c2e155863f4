"""The advocate's own lane on the timeline: obligations owed by the advocacy service (the
`advocate.*` service standards) and the advocate's events are drawn in a lane labelled
"Advocate (service standard)", after every agency's lane, its name shown whole."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtGui import QFontMetrics

from tests.domain.helpers import ev, run
from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.ui.timeline import (
    ADVOCATE_LANE,
    LANES,
    Timeline,
    lane_lines,
    lane_of_event,
    lane_of_obligation,
)

TODAY = date(2026, 3, 20)


def with_advocate_obligation() -> tuple[list[Obligation], Obligation]:
    result = run(
        [ev("r", "crime_reported", "2026-03-02"), ev("a", "suspect_arrested", "2026-03-06"),
         ev("c", "complaint_made", "2026-03-09", against="cps")],
        "2026-03-20", offence_date="2026-03-01",
    )  # fmt: skip
    agency = next(o for o in result.obligations if o.status is Status.OVERDUE or o.due)
    own = dataclasses.replace(
        agency, duty="advocate.first_contact", trigger="ref", owed_by="advocate", right=None,
        statutory=False, what="First contact with the victim", clock_start=date(2026, 3, 2),
        due=date(2026, 3, 3), status=Status.OVERDUE, met_on=None,
        source="service standard (organisation default)",
    )  # fmt: skip
    return [*result.obligations, own], own


def test_advocate_obligations_have_their_own_lane_after_the_agencies(qtbot: Any) -> None:
    obligations, own = with_advocate_obligation()
    assert lane_of_obligation(own) == ADVOCATE_LANE == "Advocate (service standard)"
    events = parse_scenario({"events": [
        {"id": "ref", "type": "referral_received", "date": "2026-03-02", "from": "police"},
        {"id": "k", "type": "contact", "date": "2026-03-04", "method": "phone",
         "direction": "out", "outcome": "reached", "time": "10:30"},
        {"id": "a", "type": "suspect_arrested", "date": "2026-03-06"},
    ]}).events  # fmt: skip
    assert [lane_of_event(e) for e in events] == [ADVOCATE_LANE, ADVOCATE_LANE, "Police"]
    timeline = Timeline()
    qtbot.addWidget(timeline)
    canvas = timeline.canvas
    canvas.set_case(obligations, events, TODAY, 7)
    lanes = canvas._lanes
    assert lanes[-1] == ADVOCATE_LANE
    assert set(lanes[:-1]) <= set(LANES) and len(lanes) > 1
    rects = dict(canvas.bar_rects())
    own_top = rects[own.key].top()
    assert all(r.top() < own_top for key, r in rects.items() if key != own.key)
    assert rects[own.key].left() == canvas.x_of(date(2026, 3, 2))


def test_the_lane_name_is_drawn_whole(qtbot: Any) -> None:
    """The name is two lines ("Advocate", "(service standard)"), and the pinned column of lane
    names is wide enough for the longer one at the font in use."""
    obligations, _ = with_advocate_obligation()
    timeline = Timeline()
    qtbot.addWidget(timeline)
    canvas = timeline.canvas
    canvas.set_case(obligations, [], TODAY, 7)
    assert lane_lines(ADVOCATE_LANE) == ["Advocate", "(service standard)"]
    metrics = QFontMetrics(canvas.font())
    room = canvas.x_of(canvas._start) - 6 - 8  # the column, less its rule and the text's inset
    assert metrics.horizontalAdvance("(service standard)") <= room
    timeline.resize(1200, 500)
    timeline.show()
    assert not canvas.grab().isNull()  # painted without error


def test_a_short_case_keeps_its_labels_whole(qtbot: Any) -> None:
    """The drawn area reaches the end of the last label, not just the last day (a case of a
    few weeks had its labels cut at the edge)."""
    obligations, _ = with_advocate_obligation()
    timeline = Timeline()
    qtbot.addWidget(timeline)
    canvas = timeline.canvas
    canvas.set_case(obligations, [], TODAY, 7)
    ends = [bar.rect.left() + bar.label_width for bar in canvas._bars]
    assert max(ends) < canvas.width() and canvas.sizeHint().width() == canvas.width()
