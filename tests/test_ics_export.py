"""The calendar export carries case codes and duties, never the victim's name."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

from tests.domain.helpers import ev, run
from tests.storage.advocate_data import (
    CONTACT_NOTE,
    HEARING_DAY,
    LATER_MARAC_DAY,
    MARAC_DAY,
    SENSITIVE,
    advocate_scenario,
)
from tests.storage.conftest import PASSPHRASE, TODAY
from vcop_desktop.ics_export import deadlines_to_ics
from vcop_desktop.storage import ComingUp, DueItem, KdfParams, Workspace


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


def _advocate_case(folder: Path) -> tuple[list[DueItem], list[ComingUp], str]:
    """A case with every advocate event, a contact note, a safety plan and the victim's
    phone number on record: all that must stay out of the calendar."""
    ws = Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester")
    with ws:
        case = ws.import_scenario(advocate_scenario())
        with ws.open_case(case.case_id) as handle:
            handle.edit_event("c1", note=CONTACT_NOTE)
            handle.update_victim(phone="07700 900461", address="1 Marrowgate Row")
            handle.safety_plan.add("Locks at Brackenwood", "Advocate", date(2026, 4, 1))
        board = ws.dashboard(400, TODAY)
        return list(board.items), ws.coming_up(TODAY, 400), case.case_code


def test_hearings_and_marac_meetings_carry_the_case_code_only(tmp_path: Path) -> None:
    items, meetings, code = _advocate_case(tmp_path / "ws")
    data = deadlines_to_ics(items, datetime(2026, 3, 20, 9, tzinfo=UTC), meetings)
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    dated = {
        (e.decoded("DTSTART"), str(e["SUMMARY"]))
        for e in events
        if "Hearing" in str(e["SUMMARY"]) or "MARAC" in str(e["SUMMARY"])
    }
    assert dated == {
        (HEARING_DAY, f"{code}: Hearing"),
        (MARAC_DAY, f"{code}: MARAC meeting"),
        (LATER_MARAC_DAY, f"{code}: MARAC meeting"),
    }
    for event in events:
        if str(event["SUMMARY"]) in {s for _d, s in dated}:
            assert "DESCRIPTION" not in event and "CATEGORIES" not in event
            [alarm] = event.walk("VALARM")
            assert str(alarm["DESCRIPTION"]) == f"Tomorrow: {event['SUMMARY']}"
    assert not any("Safety plan" in str(e["SUMMARY"]) for e in events)  # not a calendar item


def test_no_name_reference_contact_detail_or_risk_answer_in_the_file(tmp_path: Path) -> None:
    items, meetings, _code = _advocate_case(tmp_path / "ws")
    data = deadlines_to_ics(items, datetime(2026, 3, 20, 9, tzinfo=UTC), meetings)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")  # a long line is folded in two
    found = [word for word in (*SENSITIVE, "1 Marrowgate Row", "risk-factors") if word in unfolded]
    assert found == []
    assert meetings and items  # the check had something to look at
