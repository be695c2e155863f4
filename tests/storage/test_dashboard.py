"""The dashboard: outstanding obligations in open cases, overdue or due within N days, sorted
by due date; the same answer as running the engine over every case."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.storage.conftest import PASSPHRASE, SCENARIO, TODAY
from vcop_desktop.domain.obligations import Status
from vcop_desktop.storage import Workspace


def _brute_force(ws: Workspace, within: int, today: date) -> list[tuple[str, str, str, str]]:
    limit = today + timedelta(days=within)
    out = []
    for case in ws.list_cases():
        if case.status != "open":
            continue
        for o in ws.obligations(case.case_id, today).obligations:
            if o.status.is_outstanding and o.due is not None and o.due <= limit:
                out.append((o.due.isoformat(), case.case_code, o.duty, o.trigger, o.status.value))
    return sorted(out)


def test_dashboard_matches_the_engine_on_any_day(demo_ws: Workspace) -> None:
    for today in (TODAY - timedelta(days=40), TODAY, TODAY + timedelta(days=90)):
        for within in (0, 14, 60):
            board = demo_ws.dashboard(within, today)
            got = [
                (
                    i.obligation.due.isoformat() if i.obligation.due else "",
                    i.case_code,
                    i.obligation.duty,
                    i.obligation.trigger,
                    i.obligation.status.value,
                )
                for i in board.items
            ]
            assert got == _brute_force(demo_ws, within, today)
    assert any(i.obligation.status is Status.OVERDUE for i in demo_ws.dashboard(14, TODAY).items)


def test_sorted_by_due_date_and_filtered_by_window(demo_ws: Workspace) -> None:
    board = demo_ws.dashboard(14, TODAY)
    dues = [i.obligation.due for i in board.items]
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert all(d is not None and d <= TODAY + timedelta(days=14) for d in dues)
    assert {i.obligation.status for i in board.items} <= {Status.OPEN, Status.OVERDUE}
    wider = demo_ws.dashboard(60, TODAY)
    assert len(wider.items) >= len(board.items)


def test_closed_cases_leave_the_dashboard(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    assert any(i.case_id == case.case_id for i in ws.dashboard(30, TODAY).items)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=TODAY)
    assert not any(i.case_id == case.case_id for i in ws.dashboard(30, TODAY).items)


def test_json_items_carry_case_and_contract_fields(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    item = ws.dashboard(30, TODAY).items[0].to_dict()
    assert item["case_id"] == case.case_id and item["case_code"] == case.case_code
    for key in ("duty", "trigger", "owed_by", "right", "statutory", "due", "status", "met_on"):
        assert key in item
    assert "Quillfeather" not in str(item)


def test_a_recorded_event_updates_the_dashboard(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    owed = [i for i in ws.dashboard(30, TODAY).items if i.obligation.duty == "police.refer_support"]
    assert owed
    with ws.open_case(case.case_id) as handle:
        handle.add_event(
            "duty_met",
            date(2026, 3, 3),
            {"duty": "police.refer_support", "trigger": owed[0].obligation.trigger},
        )
    assert not [
        i for i in ws.dashboard(30, TODAY).items if i.obligation.duty == "police.refer_support"
    ]


def test_index_survives_a_crash_between_case_write_and_index_update(
    ws: Workspace, ws_dir: Path
) -> None:
    """A write marks its entry dirty first; if the index update never happens, the next
    dashboard re-reads that case."""
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        ws._idx().mark_dirty(case.case_id)
        with handle.file.writing() as session:  # a write whose index refresh never runs
            from sqlmodel import select

            from vcop_desktop.storage.models import CaseRecord

            session.exec(select(CaseRecord)).one().status = "closed"
    assert not [i for i in ws.dashboard(30, TODAY).items if i.case_id == case.case_id]


def test_a_deleted_or_damaged_index_is_rebuilt(demo_ws: Workspace, ws_dir: Path) -> None:
    expected = demo_ws.dashboard(30, TODAY).items
    demo_ws.close()
    (ws_dir / "index.vcopidx").write_bytes(b"rubbish" * 1000)
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert reopened.dashboard(30, TODAY).items == expected
    (ws_dir / "index.vcopidx").unlink()
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert reopened.dashboard(30, TODAY).items == expected


def test_the_fast_raw_reader_agrees_with_the_orm(demo_ws: Workspace, ws_dir: Path) -> None:
    from vcop_desktop.storage.case_rows import read_case
    from vcop_desktop.storage.files import case_path
    from vcop_desktop.storage.rawfile import read_case_checked

    for case in demo_ws.list_cases():
        key = demo_ws._keystore.case_key(case.case_id)
        assert key is not None
        with demo_ws.open_case(case.case_id) as handle:
            handle.add_note("touch")  # an audit row newer than creation
            through_orm = read_case(handle.file)
        path = case_path(ws_dir, case.case_id)
        # The index refill's read: the tables and vcop_meta its checks read are not asked again.
        assert read_case_checked(path, key, case.case_id)[1:] == through_orm


def test_the_rules_fingerprint_is_the_same_in_every_process(ws: Workspace, ws_dir: Path) -> None:
    """Otherwise every start would re-read every case file (string hashing is per process)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from vcop_desktop.storage import Workspace; "
        "ws = Workspace.open(Path(sys.argv[1]), sys.argv[2]); print(ws._rules_fingerprint())"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code, str(ws_dir), PASSPHRASE],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert seen == {ws._rules_fingerprint()}


def test_dashboard_items_are_the_engines_obligations_field_for_field(demo_ws: Workspace) -> None:
    """The index keeps every field a reader relies on: standing (Code duty, scheme target,
    victim's deadline), which clock and whether its start was assumed, not only the dates."""
    board = demo_ws.dashboard(800, TODAY)  # reaches the two-year CICA limits
    assert board.items
    engine = {
        (case.case_id, o.key): o
        for case in demo_ws.list_cases()
        for o in demo_ws.obligations(case.case_id, TODAY).obligations
    }
    for item in board.items:
        assert item.obligation == engine[(item.case_id, item.obligation.key)]
    assert {i.obligation.category.value for i in board.items} >= {"code", "victim"}


def test_every_dashboard_line_carries_the_law_the_engine_gives_it(demo_ws: Workspace) -> None:
    """The index keeps a pack's id only: each line read back from it gets the pack's version
    and the pending changes touching its duty, exactly as the engine's own obligation has them
    (a line without them would hide a pending change from the advocate)."""
    sentenced = {
        "case": {**SCENARIO["case"], "crime_reference": "QX/55502/26"},  # type: ignore[dict-item]
        "events": [
            {"id": "s", "type": "sentence", "date": "2026-03-16", "court": "crown"},
        ],
    }
    demo_ws.import_scenario(sentenced)  # its ULS deadline has a pending change
    board = demo_ws.dashboard(400, TODAY)
    assert len(board.items) >= 8  # the demo's closed cases are not on it
    engine = {
        (case.case_id, o.duty, o.trigger): o
        for case in demo_ws.list_cases()
        for o in demo_ws.obligations(case.case_id, TODAY).obligations
    }
    for item in board.items:
        expected = engine[(item.case_id, item.obligation.duty, item.obligation.trigger)]
        assert item.obligation.pack_version == expected.pack_version is not None
        assert item.obligation.pending == expected.pending
    assert any(i.obligation.pending for i in board.items)
