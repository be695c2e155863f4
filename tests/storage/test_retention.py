"""The retention schedule and review (issue 20 §2): which closed cases are due, and the keep
and erase decisions, each logged without the case's data. Synthetic data only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop.domain.retention import closure_date, review_date
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace, retention_log
from vcop_desktop.storage.files import SETTINGS_FILE, case_path


def _closed(on: str) -> dict[str, object]:
    events = [*SCENARIO["events"], {"id": "z1", "type": "case_closed", "date": on}]  # type: ignore[misc]
    return {**SCENARIO, "events": events}


def test_a_closed_case_is_due_six_years_after_closure_by_default(ws: Workspace) -> None:
    case = ws.import_scenario(_closed("2026-03-20"))
    ws.import_scenario(SCENARIO)  # open: never due
    assert ws.retention_years() == 6
    assert ws.retention_due(date(2032, 3, 19)) == []
    (due,) = ws.retention_due(date(2032, 3, 20))
    assert (due.case_code, due.closed_on, due.review_on) == (
        case.case_code, date(2026, 3, 20), date(2032, 3, 20),
    )  # fmt: skip
    assert not due.kept_before


def test_the_schedule_is_kept_in_the_workspace_settings_and_its_change_logged(
    ws: Workspace, ws_dir: Path
) -> None:
    ws.import_scenario(_closed("2026-03-20"))
    assert ws.set_retention_years(7)
    assert not ws.set_retention_years(7)  # the same again: nothing to record
    assert json.loads((ws_dir / SETTINGS_FILE).read_text())["retention_years"] == 7
    assert ws.retention_due(date(2032, 3, 20)) == []
    assert len(ws.retention_due(date(2033, 3, 20))) == 1
    with pytest.raises(UserError, match="from 1 to 100 years"):
        ws.set_retention_years(0)
    assert [(line.case_code, line.action) for line in retention_log.lines(ws._keystore)] == [
        (None, "retention schedule changed from 6 to 7 years after closure")
    ]


def test_a_case_closed_by_its_status_alone_counts_from_its_closing_date(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=date(2020, 1, 31))
    (due,) = ws.retention_due(date(2026, 1, 31))
    assert due.closed_on == date(2020, 1, 31)


def test_review_dates_and_closure_rules() -> None:
    assert review_date(date(2024, 2, 29), 6) == date(2030, 2, 28)  # never later than 6 years
    assert closure_date("open", None, [], date(2026, 1, 1)) is None
    assert closure_date("closed", None, [date(2026, 5, 1), date(2026, 2, 1)], None) == date(
        2026, 5, 1
    )
    assert closure_date("closed", None, [], date(2026, 1, 1)) == date(2026, 1, 1)
    # An open case is open whatever events it holds: never offered for erasure.
    assert closure_date("open", None, [date(2019, 3, 20)], date(2026, 1, 1)) is None


def test_keep_needs_a_reason_and_a_later_date_and_is_audited_in_the_case(
    ws: Workspace, ws_dir: Path
) -> None:
    case = ws.import_scenario(_closed("2026-03-20"))
    today = date(2032, 4, 1)
    for reason, until, why in (
        ("", date(2034, 1, 1), "reason"),
        ("Civil claim pending", None, "date of the next review"),
        ("Civil claim pending", today, "after today"),
    ):
        with pytest.raises(UserError, match=why):
            ws.keep_case(case.case_id, reason, until, today)
    ws.keep_case(case.case_id, "Civil claim pending (Wexcombe)", date(2034, 1, 1), today)
    assert ws.retention_due(today) == []
    (due,) = ws.retention_due(date(2034, 1, 1))
    assert due.kept_before and due.review_on == date(2034, 1, 1)
    with ws.open_case(case.case_id) as handle:
        entry = handle.audit_log()[-1]
    assert entry.action == "kept at retention review"
    assert "Civil claim pending (Wexcombe)" in str(entry.after)
    (line,) = retention_log.lines(ws._keystore)
    assert (line.case_code, line.action) == (
        case.case_code, "kept at retention review until 2034-01-01",
    )  # fmt: skip
    assert "Wexcombe" not in line.action  # the reason stays in the case


def test_erase_at_review_is_logged_with_the_case_code_alone(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(_closed("2026-03-20"))
    ws.erase_at_review(case.case_code)
    assert not case_path(ws_dir, case.case_id).exists()
    (line,) = retention_log.lines(ws._keystore)
    assert (line.actor, line.case_code, line.action) == (
        "tester", case.case_code, "erased at retention review",
    )  # fmt: skip
    assert ws.retention_due(date(2040, 1, 1)) == []


def test_an_anonymised_case_is_not_due_again(ws: Workspace) -> None:
    case = ws.import_scenario(_closed("2026-03-20"))
    ws.anonymise_case(case.case_id, date(2032, 4, 1))
    assert ws.retention_due(date(2040, 1, 1)) == []


def test_the_retention_log_refuses_to_be_rewritten(ws: Workspace) -> None:
    from vcop_desktop.storage import cipher

    ws.set_retention_years(8)
    conn = ws._keystore.connection(write=True)
    with pytest.raises(cipher.Error, match="append-only"):
        conn.execute("DELETE FROM retention_log")


def test_closing_a_case_records_the_day_it_closed_and_later_changes_do_not_move_it(
    ws: Workspace,
) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed")
        assert handle.case_record().closed_on == date.today()
        handle.update_case(closed_on=date(2019, 2, 1))
        handle.update_case(status="closed", offence="Burglary")  # already closed: kept
        handle.add_note("A later note")
        assert handle.case_record().closed_on == date(2019, 2, 1)
    (due,) = ws.retention_due(date(2025, 2, 1))
    assert due.closed_on == date(2019, 2, 1)


def test_the_command_line_lists_keeps_and_anonymises(
    ws: Workspace, ws_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.storage.conftest import PASSPHRASE
    from vcop_desktop.cli import main

    first = ws.import_scenario(_closed("2019-03-20")).case_code
    second = ws.import_scenario(_closed("2019-04-20")).case_code
    ws.close()
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    base = ["retention", "--workspace", str(ws_dir), "--today", "2026-01-05"]
    assert main([*base, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["case_code"] for d in listed] == [first, second]
    assert main([*base, "--keep", first, "--reason", "Appeal", "--until", "2027-01-01"]) == 0
    assert main([*base, "--anonymise", second]) == 2  # no --yes, no terminal: refused
    assert "add --yes" in capsys.readouterr().err
    assert main([*base, "--anonymise", second, "--yes"]) == 0
    capsys.readouterr()
    assert main(base) == 0
    assert "No closed case is due" in capsys.readouterr().out
    assert "Quillfeather" not in json.dumps(listed)


def test_an_open_case_is_not_kept_at_a_retention_review(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with pytest.raises(UserError, match="open or already anonymised"):
        ws.keep_case(case.case_id, "Appeal", date(2030, 1, 1), date(2026, 4, 1))
    assert retention_log.lines(ws._keystore) == []


def test_a_reopened_case_is_never_due_until_it_is_closed_again(ws: Workspace) -> None:
    """A case closed (by its status and a `case_closed` event) and then reopened is open: it
    must not be offered for erasure six years after the old closing."""
    case = ws.import_scenario(_closed("2019-03-20"))
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed", closed_on=date(2019, 3, 20))
    assert len(ws.retention_due(date(2026, 1, 1))) == 1
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="open")
        assert handle.case_record().closed_on is None
    assert ws.retention_due(date(2040, 1, 1)) == []
    with ws.open_case(case.case_id) as handle:
        handle.update_case(status="closed")  # closed again: the clock starts from today
    (due,) = ws.retention_due(date(2045, 1, 1))
    assert due.closed_on == date.today()


def test_a_closing_after_the_reopening_dates_the_closed_case() -> None:
    reopened = date(2024, 5, 1)
    closed = closure_date("open", None, [date(2019, 3, 20)], None, reopened_on=reopened)
    assert closed is None
    again = [date(2019, 3, 20), date(2025, 2, 3)]
    assert closure_date("closed", None, again, None, reopened_on=reopened) == date(2025, 2, 3)
    before = [date(2019, 3, 20)]  # closed again with no later event: the last change dates it
    assert closure_date("closed", None, before, date(2025, 6, 1), reopened_on=reopened) == date(
        2025, 6, 1
    )


def test_an_open_case_with_an_old_closing_event_is_never_due(ws: Workspace) -> None:
    """A case reopened before reopenings were dated (or brought in before the event closed a
    case) is open with a `case_closed` event: it must not come up for erasure."""
    from vcop_desktop.domain.events import Event

    ws.create_case(
        victim_name="Reopened Longago",
        events=[
            Event("r", "crime_reported", date(2019, 1, 10), position=0),
            Event("z", "case_closed", date(2019, 3, 20), position=1),
        ],
        case={"status": "open"},  # as such a file holds it: open, no reopening dated
    )
    assert ws.retention_due(date(2040, 1, 1)) == []
