"""The drawn timeline: bars where the dates say, click and keyboard selection."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt

from tests.domain.helpers import ev, run
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.ui.timeline import LANES, Timeline, lane_of_event


def make() -> tuple[Timeline, Any]:
    result = run(
        [ev("r", "crime_reported", "2026-03-02"), ev("a", "suspect_arrested", "2026-03-06"),
         ev("c", "complaint_made", "2026-03-09", against="cps")],
        "2026-03-20", offence_date="2026-03-01",
    )  # fmt: skip
    timeline = Timeline()
    events = parse_scenario(
        {"events": [{"id": "a", "type": "suspect_arrested", "date": "2026-03-06"}]}
    ).events
    timeline.canvas.set_case(result.obligations, events, date(2026, 3, 20), 7)
    return timeline, result


def test_bars_span_clock_start_to_due(qtbot: Any) -> None:
    timeline, result = make()
    qtbot.addWidget(timeline)
    canvas = timeline.canvas
    rects = dict(canvas.bar_rects())
    arrest = next(o for o in result.obligations if o.duty == "police.inform_arrest")
    rect = rects[arrest.key]
    assert rect.left() == canvas.x_of(date(2026, 3, 6))
    assert rect.right() == canvas.x_of(date(2026, 3, 13)) + canvas.zoom
    before = rect.width()
    canvas.set_zoom(canvas.zoom * 2)
    assert dict(canvas.bar_rects())[arrest.key].width() > before


def test_click_and_keyboard_select(qtbot: Any) -> None:
    timeline, _ = make()
    qtbot.addWidget(timeline)
    timeline.resize(1200, 600)
    timeline.show()
    canvas = timeline.canvas
    key, rect = canvas.bar_rects()[0]
    with qtbot.waitSignal(canvas.obligation_selected) as selected:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert selected.args[0].key == key
    with qtbot.waitSignal(canvas.obligation_selected) as moved:
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert moved.args[0].key != key
    with qtbot.waitSignal(canvas.obligation_activated):
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    with qtbot.waitSignal(canvas.obligation_selected) as nothing:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert nothing.args[0] is None


def test_lanes() -> None:
    events = parse_scenario({"events": [
        {"id": "1", "type": "cps_discontinued", "date": "2026-01-01"},
        {"id": "2", "type": "sentence", "date": "2026-01-01"},
        {"id": "3", "type": "cica_applied", "date": "2026-01-01"},
        {"id": "4", "type": "update_received", "date": "2026-01-01", "from": "cps"},
    ]}).events  # fmt: skip
    assert [lane_of_event(e) for e in events] == ["CPS", "Court", "Victim", "CPS"]
    assert LANES[0] == "Police" and LANES[-1] == "Victim"
