"""A case file written by `CaseFile.create` (plain SQL compiled once) is the ORM's file: the
same tables, indexes and triggers, and the same stored values, as `create_all` and a session
would have made."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import create_engine
from sqlmodel import Session

from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace, cipher, migrations
from vcop_desktop.storage.models import AuditEntry, CaseEvent, CaseRecord, Victim, case_metadata


def _schema(conn: object) -> list[tuple[str, str, int, str]]:
    """Every table, index and trigger with its root page (the file's layout) and its SQL."""
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT type, name, rootpage, sql FROM sqlite_master ORDER BY rootpage, name"
    ).fetchall()
    return [(str(t), str(n), int(r), " ".join(str(s).split())) for t, n, r, s in rows]


def _orm_file() -> cipher.Connection:
    conn = cipher.connect_memory()
    engine = create_engine("sqlite://", creator=lambda: conn)
    with engine.begin() as connection:
        case_metadata.create_all(connection)
        for statement in migrations.POST_CREATE_DDL:
            connection.exec_driver_sql(statement)
    return conn


def test_a_new_case_file_has_exactly_the_tables_the_orm_would_make(ws: Workspace) -> None:
    summary = ws.create_case(victim_name="Testy McTestface", opened_on=date(2026, 3, 2))
    with cipher.connect(
        ws._case_path(summary.case_id), ws._keystore.case_key(summary.case_id)
    ) as made:
        assert _schema(made) == _schema(_orm_file())
        assert migrations.read_version(made) == migrations.LATEST


def test_a_new_case_files_rows_are_stored_as_the_orm_stores_them(ws: Workspace) -> None:
    events = [
        Event(id="e1", type="crime_reported", date=date(2026, 3, 2), fields={}, position=0),
    ]
    summary = ws.create_case(
        victim_name="Testy McTestface",
        victim_dob=date(1990, 2, 28),
        flags=["vulnerable"],
        events=events,
        opened_on=date(2026, 3, 2),
        victim={"interpreter_needed": True, "phone": "01632 960000"},
    )
    path = ws._case_path(summary.case_id)
    with cipher.connect(path, ws._keystore.case_key(summary.case_id)) as made:
        case_row = made.execute("SELECT * FROM case_details").fetchone()
        victim_row = made.execute("SELECT * FROM victim").fetchone()
        event_row = made.execute("SELECT * FROM case_event").fetchone()
        audit_row = made.execute("SELECT at, actor, action, entity FROM audit_log").fetchone()
    orm = _orm_file()
    engine = create_engine("sqlite://", creator=lambda: orm)
    recorded = datetime.fromisoformat(str(event_row[-1])).replace(tzinfo=UTC)
    with Session(engine) as session:
        session.add(
            CaseRecord(
                case_code=summary.case_code, flags=["vulnerable"], opened_on=date(2026, 3, 2)
            )
        )
        session.add(
            Victim(
                name="Testy McTestface",
                date_of_birth=date(1990, 2, 28),
                interpreter_needed=True,
                phone="01632 960000",
            )
        )
        session.add(
            CaseEvent(
                event_id="e1",
                type="crime_reported",
                date=date(2026, 3, 2),
                fields={},
                position=0,
                recorded_by=str(event_row[-2]),
                recorded_at=recorded,
            )
        )
        session.add(AuditEntry(at=recorded, actor="x", action="y", entity="case"))
        session.commit()
    assert orm.execute("SELECT * FROM case_details").fetchone() == case_row
    assert orm.execute("SELECT * FROM victim").fetchone() == victim_row
    assert orm.execute("SELECT * FROM case_event").fetchone() == event_row
    assert isinstance(audit_row[0], str) and datetime.fromisoformat(audit_row[0])
