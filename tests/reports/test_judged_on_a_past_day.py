"""A report judged on a past day counts what was owed on that day, not what later events made of
it: a new agreement after the day replaces a pending update cycle, and a closing event ends the
cycles, but on the day the cycle was pending (issue 12, Definitions: judged on `--today`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report import ReportQuery, compute
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.reports.source import workspace_facts
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.index_report import obligation_report_rows

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
DAY = date(2026, 1, 10)  # long before the real today


def _case(*later: dict[str, object]) -> dict[str, object]:
    return {
        "case": {"offence_date": "2026-01-05"},
        "events": [
            {"id": "e1", "type": "crime_reported", "date": "2026-01-05"},
            # a cycle due 28 days on: 3 February
            {"id": "e2", "type": "update_frequency_agreed", "date": "2026-01-06",
             "interval_days": 28},
            *later,
        ],
    }  # fmt: skip


REAGREED = {"id": "e3", "type": "update_frequency_agreed", "date": "2026-01-20", "interval_days": 7}
CLOSED = {"id": "e3", "type": "case_closed", "date": "2026-01-15"}


def _updates(
    tmp_path: Path, scenario: dict[str, object], today: date | None
) -> list[ObligationFact]:
    with Workspace.create(tmp_path / "ws", "past past past", kdf=KdfParams.cheap()) as ws:
        ws.import_scenario(scenario)
        facts = workspace_facts(ws, *Q1, Category.CODE, today=today).facts
    return sorted((f for f in facts if f.duty == "police.update"), key=lambda f: f.due or DAY)


def test_a_cycle_replaced_after_the_day_was_pending_on_it(tmp_path: Path) -> None:
    (cycle,) = _updates(tmp_path, _case(REAGREED), DAY)
    assert (cycle.due, cycle.clock_start, cycle.met_on) == (
        date(2026, 2, 3),
        date(2026, 1, 6),
        None,
    )
    figures = compute([cycle], ReportQuery(*Q1, today=DAY)).total
    assert (figures.due, figures.open, figures.overdue) == (1, 1, 0)


def test_the_same_case_judged_now_has_the_replacing_cycle(tmp_path: Path) -> None:
    (cycle,) = _updates(tmp_path, _case(REAGREED), None)
    assert (cycle.due, cycle.clock_start) == (date(2026, 1, 27), date(2026, 1, 20))


def test_a_cycle_ended_after_the_day_was_pending_on_it(tmp_path: Path) -> None:
    assert _updates(tmp_path / "now", _case(CLOSED), None) == []  # ended before it fell due
    (cycle,) = _updates(tmp_path / "then", _case(CLOSED), DAY)
    assert cycle.due == date(2026, 2, 3)


def test_a_case_with_no_later_events_is_read_from_the_index_alone(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", "past past past", kdf=KdfParams.cheap()) as ws:
        ws.import_scenario(_case())
        ws.refresh_index()
        assert ws._idx().cases_with_events_after(date(2026, 1, 6)) == set()
        assert len(ws._idx().cases_with_events_after(date(2026, 1, 5))) == 1


@pytest.mark.parametrize(
    "example",
    [p for p in sorted(SCENARIOS.glob("*.json")) if ".expected" not in p.name],
    ids=lambda p: p.stem,
)
def test_rows_made_outside_the_index_equal_the_index_rows(tmp_path: Path, example: Path) -> None:
    """The two ways a report row is made agree, so re-read cases mix with index rows."""
    everything = (date(1900, 1, 1), date(2200, 12, 31))
    with Workspace.create(tmp_path / "ws", "past past past", kdf=KdfParams.cheap()) as ws:
        summary = ws.import_scenario(json.loads(example.read_text()))
        _cases, from_index, _problems = ws.report_rows(*everything)
        with ws.open_case(summary.case_id) as case:
            obligations = case.obligations(date.today()).obligations
            reasons = {
                (r.duty, r.trigger): r.given_on or r.recorded_at.date() for r in case.good_reasons()
            }
    made = obligation_report_rows(summary.case_id, obligations, reasons, *everything)
    assert sorted(made, key=repr) == sorted(from_index, key=repr)
    assert made  # the comparison is not of two empty lists
