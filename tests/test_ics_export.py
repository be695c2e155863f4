"""The calendar export carries case codes and duties, never the victim's name."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from tests.domain.helpers import ev, run
from vcop_desktop.ics_export import deadlines_to_ics
from vcop_desktop.storage import DueItem


def test_ics_round_trip_and_privacy() -> None:
    result = run(
        [ev("r", "crime_reported", "2026-03-02"), ev("a", "suspect_arrested", "2026-03-06")],
        "2026-03-10", offence_date="2026-03-01", victim_name="Zoë Distinctivename",
        flags=["crime_of_violence"],  # so the CICA deadline applies: a victim's own deadline
    )  # fmt: skip
    items = [DueItem("caseid1", "VC-2026-0042", o) for o in result.obligations]
    data = deadlines_to_ics(items, datetime(2026, 3, 10, 9, tzinfo=UTC))
    assert b"Distinctivename" not in data and "Zoë".encode() not in data
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    dated = [o for o in result.obligations if o.due]
    assert len(events) == len(dated)
    arrest = next(e for e in events if "arrested" in str(e["SUMMARY"]))
    assert str(arrest["SUMMARY"]) == (
        "VC-2026-0042: Tell the victim that a suspect has been arrested (Police)"
    )
    assert arrest.decoded("DTSTART") == date(2026, 3, 13)
    assert "Right 6" in str(arrest["DESCRIPTION"])
    for event in events:
        text = str(event["SUMMARY"]) + str(event["DESCRIPTION"])
        assert "VC-2026-0042" in text
        assert "Distinctivename" not in text
        assert not any(part in str(event["SUMMARY"]) for part in ("police.", "victim.", "_"))
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0].decoded("TRIGGER").days == -1
    assert any("the victim's deadline" in str(e["SUMMARY"]) for e in events)
