"""`CaseHandle.contents()` (what a case view shows, in one read) holds exactly what the
separate reads give, and events read as plain columns equal the ORM's rows field for field."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from tests.storage.conftest import SCENARIO, TODAY
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.models import CaseEvent


@pytest.fixture
def case_id(ws: Workspace) -> str:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.add_event(
            "update_frequency_agreed", date(2026, 3, 7), {"interval_days": 14}, note="by phone"
        )
        handle.add_event("hearing_listed", date(2026, 3, 9), {"hearing_date": date(2026, 4, 2)})
        handle.add_note("Victim prefers mornings.")
        handle.save_document("Letter to the police", b"%PDF-1.4 synthetic")
        handle.update_case(offence="Assault", police_force="Devon and Cornwall")
    return case.case_id


def test_contents_equal_the_separate_reads(ws: Workspace, case_id: str) -> None:
    with ws.open_case(case_id) as handle:
        contents = handle.contents()
        assert contents.victim == handle.victim()
        assert contents.record == handle.case_record()
        assert contents.events == handle.events()
        assert contents.scenario == handle.scenario()
        assert contents.notes == handle.notes()
        assert contents.documents == handle.documents()
        assert [r.event.id for r in contents.events] == ["e1", "e2", "e3", "e4", "e5"]
        assert contents.events[3].note == "by phone"
        assert contents.events[4].event.fields["hearing_date"] == date(2026, 4, 2)
        assert contents.record.offence == "Assault"
        assert [d.title for d, _v in contents.documents] == ["Letter to the police"]
        assert handle.obligations(TODAY, contents.scenario) == handle.obligations(TODAY)


def test_event_records_equal_the_orm_rows(ws: Workspace, case_id: str) -> None:
    with ws.open_case(case_id) as handle:
        records = handle.events()
        with handle.file.reading() as session:
            rows = session.exec(select(CaseEvent).order_by(col(CaseEvent.position))).all()
            expected = [
                (r.event_id, r.type, r.date, r.note, r.recorded_by, r.recorded_at) for r in rows
            ]
        got = [
            (r.event.id, r.event.type, r.event.date, r.note, r.recorded_by, r.recorded_at)
            for r in records
        ]
        assert got == expected
        assert all(r.recorded_at.tzinfo is not None for r in records)  # as the ORM gives them
        assert [r.event.position for r in records] == list(range(len(records)))


def test_contents_report_an_invalid_event_as_a_damaged_file(ws: Workspace, case_id: str) -> None:
    with ws.open_case(case_id) as handle:
        with handle.file.writing() as session:
            session.connection().exec_driver_sql(
                "UPDATE case_event SET type = 'alien_abduction' WHERE event_id = 'e2'"
            )
        with pytest.raises(UserError, match="invalid event"):
            handle.contents()
