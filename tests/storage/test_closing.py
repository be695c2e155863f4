"""Closing a case is one thing however it is done: by its status or by a `case_closed` event.

The engine ends its cycles (police updates, safety-plan reviews) at `case_closed`, the service
report counts closings by it, and the list and the dashboard go by the status. Closing by the
status alone left the cycles owed and the closing uncounted; a closing event alone (a caseload's
"Date closed", or one recorded on the Events tab) left the case open on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

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
        handle.add_event("case_closed", date(2026, 3, 18))  # an earlier one: the day stays
        assert handle.case_record().closed_on == date(2026, 3, 19)
        # A later one moves the day to it, as editing a closing does: one rule for the three.
        handle.add_event("case_closed", date(2026, 3, 20))
        assert handle.case_record().closed_on == date(2026, 3, 20)
        third = handle.events()[-1].event.id
        handle.edit_event(third, note="checked")  # no date change: the day stays
        assert handle.case_record().closed_on == date(2026, 3, 20)
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


# -- editing or deleting a closing: the case follows its events (retention clock included) ------


def _state(ws: Workspace, case_id: str) -> tuple[str, date | None]:
    with ws.open_case(case_id) as handle:
        record = handle.case_record()
    return record.status, record.closed_on


def _closed_by_event(ws: Workspace, *days: str) -> str:
    closings = [{"id": f"z{i}", "type": "case_closed", "date": d} for i, d in enumerate(days)]
    return ws.import_scenario({**SCENARIO, "events": [*SCENARIO["events"], *closings]}).case_id  # type: ignore[misc]


def _review_days(ws: Workspace) -> list[tuple[date, date]]:
    return [(d.closed_on, d.review_on) for d in ws.retention_due(date(2100, 1, 1))]


def test_editing_the_closing_s_date_moves_the_day_the_case_closed(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        (closing,) = [handle.add_event("case_closed", date(2026, 3, 19))]
        handle.edit_event(closing.id, when=date(2026, 3, 25))
    assert _state(ws, case.case_id) == ("closed", date(2026, 3, 25))
    # The retention review follows: six years from the closing the events record.
    assert _review_days(ws) == [(date(2026, 3, 25), date(2032, 3, 25))]
    assert ws.retention_due(date(2032, 3, 24)) == []


def test_with_two_closings_the_case_closed_on_the_latest_as_they_are_edited(ws: Workspace) -> None:
    case_id = _closed_by_event(ws, "2026-03-10", "2026-03-19")
    with ws.open_case(case_id) as handle:
        handle.edit_event("z1", when=date(2026, 3, 17))  # the latest: the one that closed it
    assert _state(ws, case_id) == ("closed", date(2026, 3, 17))
    with ws.open_case(case_id) as handle:
        handle.edit_event("z0", when=date(2026, 3, 12))  # not the latest: nothing moves
    assert _state(ws, case_id) == ("closed", date(2026, 3, 17))


def test_deleting_a_closing_with_another_left_keeps_the_case_closed_on_the_other(
    ws: Workspace,
) -> None:
    case_id = _closed_by_event(ws, "2026-03-10", "2026-03-19")
    with ws.open_case(case_id) as handle:
        handle.delete_event("z1")
    assert _state(ws, case_id) == ("closed", date(2026, 3, 10))
    assert _review_days(ws) == [(date(2026, 3, 10), date(2032, 3, 10))]


def test_deleting_the_only_closing_opens_the_case_again(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=date(2026, 3, 18))
        (closing,) = [r.event for r in handle.events() if r.event.type == "case_closed"]
        handle.delete_event(closing.id)
        assert [a.action for a in handle.audit_log()][-2:] == ["event deleted", "case updated"]
    assert _state(ws, case.case_id) == ("open", None)
    (summary,) = ws.list_cases()
    assert summary.status == "open"
    assert _review_days(ws) == []  # open: no retention clock
    assert ws.dashboard(3660, date(2026, 3, 20)).items != ()  # its duties are back


def test_a_closing_deleted_by_mistake_and_recorded_again_closes_and_is_followed(
    ws: Workspace,
) -> None:
    """Deleting the closing reopens the case without dating a reopening (reopening by the
    status dates one because its closing stays on record; a deleted one does not): dated today,
    the closing recorded again on its own day would have come before the reopening, and would
    not close the case."""
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        first = handle.add_event("case_closed", date(2026, 3, 18))
        handle.delete_event(first.id)
        again = handle.add_event("case_closed", date(2026, 3, 18))
        assert handle.case_record().closed_on == date(2026, 3, 18)
        handle.delete_event(again.id)
    assert _state(ws, case.case_id) == ("open", None)


def test_a_closing_its_status_did_not_come_from_leaves_the_status_alone(ws: Workspace) -> None:
    """A case closed by its status before closing recorded an event (an older version) is
    closed on its own day: a closing event added later and then deleted changes nothing."""
    case = ws.create_case(
        victim_name="Testy McTestface", case={"status": "closed", "closed_on": date(2026, 3, 18)}
    )
    with ws.open_case(case.case_id) as handle:
        extra = handle.add_event("case_closed", date(2026, 3, 25))
        handle.edit_event(extra.id, when=date(2026, 3, 26))
        assert handle.case_record().closed_on == date(2026, 3, 18)
        handle.delete_event(extra.id)
    assert _state(ws, case.case_id) == ("closed", date(2026, 3, 18))


def test_a_closing_moved_to_before_the_last_reopening_no_longer_closes_the_case(
    ws: Workspace,
) -> None:
    """A closing on or before the day the case was last reopened came before the reopening
    (`domain.retention.closings_since`): moving the closing there is as deleting it."""
    today = date.today()
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=date(2026, 3, 18))
        handle.update_case(status="open")  # reopened today
        last = handle.add_event("case_closed", today + timedelta(days=5))
        earlier = handle.add_event("case_closed", today + timedelta(days=2))
        assert handle.case_record().closed_on == today + timedelta(days=5)  # the latest
        handle.edit_event(last.id, when=date(2026, 3, 20))  # before the reopening
        assert (handle.case_record().status, handle.case_record().closed_on) == (
            "closed", today + timedelta(days=2),
        )  # fmt: skip
        handle.edit_event(earlier.id, when=today)  # the reopening day: came before it
    assert _state(ws, case.case_id) == ("open", None)
    assert _review_days(ws) == []
    with ws.open_case(case.case_id) as handle:
        # And moved back after the reopening, it closes the case again, as recording it does.
        handle.edit_event(earlier.id, when=today + timedelta(days=1))
    assert _state(ws, case.case_id) == ("closed", today + timedelta(days=1))


def test_a_closing_recorded_for_before_the_last_reopening_leaves_the_case_open(
    ws: Workspace,
) -> None:
    """A closing dated on or before the day the case was last reopened came before the
    reopening (`closings_since`): recording one (history filled in later) does not close the
    case again, nor start a retention clock from before the reopening."""
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=date(2026, 3, 18))
        handle.update_case(status="open")  # reopened today
        handle.add_event("case_closed", date(2026, 3, 25))
    assert _state(ws, case.case_id) == ("open", None)
    assert _review_days(ws) == []
