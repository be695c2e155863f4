"""Closing a case is one thing however it is done: by its status or by a `case_closed` event.

The engine ends its cycles (police updates, safety-plan reviews) at `case_closed`, the service
report counts closings by it, and the list and the dashboard go by the status. Closing by the
status alone left the cycles owed and the closing uncounted; a closing event alone (a caseload's
"Date closed", or one recorded on the Events tab) left the case open on the dashboard."""

from __future__ import annotations

from datetime import date

from tests.storage.conftest import SCENARIO
from vcop_desktop.storage import Workspace


def _closings(ws: Workspace, case_id: str) -> list[date]:
    with ws.open_case(case_id) as handle:
        return [r.event.date for r in handle.events() if r.event.type == "case_closed"]


def test_closing_by_the_status_records_the_closing_event_on_its_day(ws: Workspace) -> None:
    plan = {"id": "p1", "type": "safety_plan_agreed", "date": "2026-03-06", "review_days": 14}
    case = ws.import_scenario({**SCENARIO, "events": [*SCENARIO["events"], plan]})  # type: ignore[misc]

    def reviews(handle: object) -> list[date | None]:
        evaluation = handle.obligations(date(2026, 9, 1))  # type: ignore[attr-defined]
        return [o.due for o in evaluation.obligations if o.duty == "advocate.safety_plan_review"]

    with ws.open_case(case.case_id) as handle:
        assert reviews(handle) == [date(2026, 3, 20)]  # 14 days on, owed while open
        handle.update_case(status="closed", closed_on=date(2026, 3, 18))
        record = handle.case_record()
        assert (record.status, record.closed_on) == ("closed", date(2026, 3, 18))
        # The reviews stop at the closing: the one due after it is not owed.
        assert reviews(handle) == []
    assert _closings(ws, case.case_id) == [date(2026, 3, 18)]
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed")  # closed already: nothing more
    assert _closings(ws, case.case_id) == [date(2026, 3, 18)]


def test_closing_again_after_reopening_records_a_new_closing_only(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=date(2026, 3, 18))
        handle.update_case(status="open")
        handle.update_case(status="closed")
    assert _closings(ws, case.case_id) == [date(2026, 3, 18), date.today()]


def test_a_closing_event_recorded_in_an_open_case_closes_it_on_its_date(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.add_event("case_closed", date(2026, 3, 19))
        record = handle.case_record()
        assert (record.status, record.closed_on) == ("closed", date(2026, 3, 19))
        handle.add_event("case_closed", date(2026, 3, 20))  # closed already: the first stands
        assert handle.case_record().closed_on == date(2026, 3, 19)
    (summary,) = ws.list_cases()
    assert summary.status == "closed"
    assert ws.dashboard(3660, date(2026, 3, 20)).items == ()  # off the dashboard


def test_a_case_brought_in_with_a_closing_event_is_closed(ws: Workspace) -> None:
    events = [
        *SCENARIO["events"],  # type: ignore[misc]
        {"id": "z1", "type": "case_closed", "date": "2026-03-10"},
        {"id": "z2", "type": "case_closed", "date": "2026-03-19"},
    ]
    case = ws.import_scenario({**SCENARIO, "events": events})
    assert case.status == "closed"
    with ws.open_case(case.case_id) as handle:
        assert handle.case_record().closed_on == date(2026, 3, 19)
    assert _closings(ws, case.case_id) == [date(2026, 3, 10), date(2026, 3, 19)]  # no third
