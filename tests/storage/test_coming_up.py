"""The dashboard's "Coming up" from the workspace index alone: hearings, MARAC meetings,
safety-plan reviews and the victim's own deadlines, in open cases, within the window; fixed
labels only; the same after an index rebuild (raw reader) as after a write (ORM reader)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.storage.advocate_data import (
    HEARING_DAY,
    LATER_MARAC_DAY,
    MARAC_DAY,
    SENSITIVE,
    advocate_scenario,
)
from tests.storage.conftest import PASSPHRASE, TODAY
from vcop_desktop.errors import UserError
from vcop_desktop.storage import ComingUp, Workspace, cipher
from vcop_desktop.storage.files import INDEX_FILE
from vcop_desktop.storage.index import WorkspaceIndex

REVIEW_DAY = date(2026, 4, 1)


def _case(ws: Workspace, *, flags: tuple[str, ...] = ("domestic_abuse",)) -> str:
    data = advocate_scenario()
    data["case"] = {**data["case"], "flags": list(flags)}  # type: ignore[dict-item]
    case = ws.import_scenario(data)
    with ws.open_case(case.case_id) as handle:
        handle.safety_plan.add("Locks at Brackenwood", "Advocate", REVIEW_DAY)
        done = handle.safety_plan.add("Brackenwood alarm", "Police", date(2026, 3, 25))
        assert done.id is not None
        handle.safety_plan.close(done.id, date(2026, 3, 19), today=TODAY)
    return case.case_id


def _seen(items: list[ComingUp]) -> list[tuple[date, str, str]]:
    return [(i.day, i.kind, i.label) for i in items]


def test_hearings_meetings_and_reviews_within_the_window(ws: Workspace) -> None:
    case_id = _case(ws)
    items = ws.coming_up(TODAY, 60)
    assert _seen(items) == [
        (HEARING_DAY, "hearing", "Hearing"),
        (REVIEW_DAY, "safety_plan_review", "Safety plan review"),  # the open item only
        (MARAC_DAY, "marac_meeting", "MARAC meeting"),  # the referral's meeting date
        (LATER_MARAC_DAY, "marac_meeting", "MARAC meeting"),  # a marac_meeting dated ahead
    ]  # the marac_meeting of 7 March is past; the closed item's review is not listed
    code = ws.list_cases()[0].case_code
    assert {(i.case_id, i.case_code) for i in items} == {(case_id, code)}
    assert _seen(ws.coming_up(TODAY, 7)) == [(HEARING_DAY, "hearing", "Hearing")]
    assert ws.coming_up(HEARING_DAY, 0)[0].day == HEARING_DAY  # today itself counts


def test_labels_carry_nothing_from_the_case(ws: Workspace) -> None:
    _case(ws, flags=("domestic_abuse", "crime_of_violence"))
    text = repr(ws.coming_up(TODAY, 3650))
    assert not [word for word in SENSITIVE if word in text]


def test_the_victims_own_deadlines_come_from_the_index(ws: Workspace) -> None:
    _case(ws, flags=("domestic_abuse", "crime_of_violence"))  # the CICA deadline applies
    victims = [i for i in ws.coming_up(TODAY, 3650) if i.kind == "victim_deadline"]
    assert victims and all(i.day >= TODAY for i in victims)
    assert any("Criminal Injuries Compensation" in i.label for i in victims)
    assert all(len(i.label) <= 48 for i in victims)  # short wording, as on the timeline


def test_a_write_updates_it_at_once_and_a_rebuild_reads_the_same(ws: Workspace) -> None:
    case_id = _case(ws)
    before = ws.coming_up(TODAY, 60)
    with ws.open_case(case_id) as handle:
        [item] = handle.safety_plan.items(include_closed=False)
        assert item.id is not None
        handle.safety_plan.edit(item.id, review_on=date(2026, 4, 3))
    moved = ws.coming_up(TODAY, 60, refresh=False)  # stored by the write itself
    assert (date(2026, 4, 3), "safety_plan_review", "Safety plan review") in _seen(moved)
    assert len(moved) == len(before)
    ws.rebuild_index()  # from the case files by plain SQL
    assert ws.coming_up(TODAY, 60, refresh=False) == moved


def test_closed_cases_are_left_out(ws: Workspace) -> None:
    case_id = _case(ws)
    with ws.open_case(case_id) as handle:
        handle.update_case(status="closed", closed_on=TODAY)
    assert ws.coming_up(TODAY, 3650) == []


def test_the_dashboard_keeps_who_owes_each_obligation(ws: Workspace) -> None:
    """The "Advocate" filter reads `owed_by` from the index's outstanding rows."""
    _case(ws, flags=("domestic_abuse", "crime_of_violence"))
    owed = {i.obligation.owed_by for i in ws.dashboard(3650, TODAY).items}
    assert {"police", "victim"} <= owed


def test_an_index_of_the_previous_version_is_rebuilt(ws: Workspace, ws_dir: Path) -> None:
    _case(ws)
    ws.close()
    with Workspace.open(ws_dir, PASSPHRASE) as opened:
        key = opened._keystore.index_key()
    conn = cipher.connect(ws_dir / INDEX_FILE, key)
    conn.execute("DROP TABLE dated")
    conn.execute("PRAGMA user_version = 8")
    conn.close()
    index = WorkspaceIndex(ws_dir / INDEX_FILE, key)
    try:  # the old tables are dropped and made again, so the dashboard refills them
        assert index.all_ids() == set()
        assert index.coming_up(TODAY, TODAY + timedelta(days=60)) == []
    finally:
        index.close()
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert len(reopened.coming_up(TODAY, 60)) == 4


def test_a_negative_window_is_one_clear_line(ws: Workspace) -> None:
    with pytest.raises(UserError, match="0 or more"):
        ws.coming_up(TODAY, -1)
