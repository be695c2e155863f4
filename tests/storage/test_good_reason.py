"""The agency's reason for a missed or late obligation: one audited write, seen by reports."""

from __future__ import annotations

from datetime import date

import pytest

from tests.storage.conftest import SCENARIO, TODAY
from vcop_desktop.errors import UserError
from vcop_desktop.reports.source import workspace_facts
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.migrations import LATEST, SchemaVersion


def _reasoned(ws: Workspace) -> list[tuple[str, bool]]:
    facts = workspace_facts(ws, date(2026, 1, 1), date(2026, 12, 31)).facts
    return sorted((f.duty, f.reason_given) for f in facts if f.duty == "police.refer_support")


def test_recorded_with_its_audit_row_and_counted(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    assert _reasoned(ws) == [("police.refer_support", False)]
    with ws.open_case(case.case_id) as handle:
        # refer_support (2 working days from 2 March) was never met: overdue on TODAY
        row = handle.record_good_reason(
            "police.refer_support", "e1", "  Referral form lost  ", date(2026, 3, 10), today=TODAY
        )
        assert (row.reason, row.given_on, row.recorded_by) == (
            "Referral form lost",
            date(2026, 3, 10),
            "tester",
        )
        audit = handle.audit_log()[-1]
        assert (audit.action, audit.entity_key) == ("reason recorded", "police.refer_support/e1")
        assert "Referral form lost" in (audit.after or "")
        assert [r.reason for r in handle.good_reasons()] == ["Referral form lost"]
    assert _reasoned(ws) == [("police.refer_support", True)]
    ws.rebuild_index()  # from the case file itself, by the raw reader
    assert _reasoned(ws) == [("police.refer_support", True)]


@pytest.mark.parametrize(
    ("duty", "trigger", "reason", "given", "message"),
    [
        ("police.inform_arrest", "e2", "x", None, "met"),  # met on time: nothing to explain
        ("police.inform_arrest", "e9", "x", None, "no obligation"),
        ("police.refer_support", "e1", "   ", None, "Say what reason"),
        ("police.refer_support", "e1", "x", date(2026, 3, 21), "after today"),
    ],
)
def test_refused_without_writing(
    ws: Workspace, duty: str, trigger: str, reason: str, given: date | None, message: str
) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        before = len(handle.audit_log())
        with pytest.raises(UserError, match=message):
            handle.record_good_reason(duty, trigger, reason, given, today=TODAY)
        assert len(handle.audit_log()) == before and handle.good_reasons() == []


def test_a_1_1_file_reads_without_the_table_and_gains_it_on_writing(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws.folder, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    conn = cipher.connect(path, key)
    conn.execute("DROP TABLE good_reason")
    conn.execute(f"PRAGMA user_version = {SchemaVersion(1, 1).encode()}")
    conn.close()
    ws.rebuild_index()
    assert _reasoned(ws) == [("police.refer_support", False)]
    with ws.open_case(case.case_id) as handle:  # migrated to LATEST on opening for writing
        handle.record_good_reason("police.refer_support", "e1", "Backlog", today=TODAY)
    assert SchemaVersion(1, 2) <= LATEST
    assert _reasoned(ws) == [("police.refer_support", True)]


def test_a_report_judged_before_the_reason_was_given_does_not_count_it(ws: Workspace) -> None:
    """A report judged on a past day counts only the reasons on record by then, whether or
    not the case has events after that day (before: any reason recorded since counted)."""
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.record_good_reason(
            "police.refer_support", "e1", "Referral form lost", date(2026, 3, 10), today=TODAY
        )

    def judged_on(day: date | None) -> list[tuple[str, bool]]:
        facts = workspace_facts(ws, date(2026, 1, 1), date(2026, 12, 31), today=day).facts
        return sorted((f.duty, f.reason_given) for f in facts if f.duty == "police.refer_support")

    assert judged_on(date(2026, 3, 9)) == [("police.refer_support", False)]
    assert judged_on(date(2026, 3, 10)) == [("police.refer_support", True)]
    assert judged_on(None) == [("police.refer_support", True)]
    ws.rebuild_index()
    assert judged_on(date(2026, 3, 9)) == [("police.refer_support", False)]


def test_a_reason_is_on_record_from_the_first_day_any_reason_was_given(ws: Workspace) -> None:
    """Two reasons for one miss (the agency explained, then explained again): a report judged
    between them counts a reason, from the day of the first."""
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.record_good_reason(
            "police.refer_support", "e1", "Referral form lost", date(2026, 3, 10), today=TODAY
        )
        handle.record_good_reason(
            "police.refer_support", "e1", "Fuller explanation", date(2026, 3, 18), today=TODAY
        )

    def reason_counted_on(day: date) -> bool:
        facts = workspace_facts(ws, date(2026, 1, 1), date(2026, 12, 31), today=day).facts
        (fact,) = [f for f in facts if f.duty == "police.refer_support"]
        return fact.reason_given

    assert not reason_counted_on(date(2026, 3, 9))
    assert reason_counted_on(date(2026, 3, 12))
    ws.rebuild_index()
    assert reason_counted_on(date(2026, 3, 12))
