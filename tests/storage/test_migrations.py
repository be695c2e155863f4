"""Older case files are copied, then migrated step by step; newer majors are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop.storage import CaseFileError, Workspace, cipher
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.migrations import LATEST, SchemaVersion
from vcop_desktop.storage.rawfile import probe


def _make_version_1_0(path: Path, key: bytes) -> None:
    """Turn a new file into what version 1.0 wrote: no append-only triggers, no date index."""
    conn = cipher.connect(path, key)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DROP INDEX case_event_by_date")
    conn.execute(f"PRAGMA user_version = {SchemaVersion(1, 0).encode()}")
    cipher.checkpoint(conn)
    conn.close()


def _objects(path: Path, key: bytes) -> set[str]:
    conn = cipher.connect(path, key, readonly=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master").fetchall()}
    finally:
        conn.close()


def test_new_files_are_created_at_the_latest_version(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    assert probe(path, ws._keystore.case_key(case.case_id)).version == LATEST


def test_an_older_file_is_copied_then_migrated(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    _make_version_1_0(path, key)
    assert probe(path, key).version == SchemaVersion(1, 0)

    with ws.open_case(case.case_id) as handle:
        handle.add_note("written after the migration")
        with pytest.raises(Exception, match="append-only"), handle.file.writing() as session:
            session.connection().exec_driver_sql("DELETE FROM audit_log")

    assert probe(path, key).version == LATEST
    assert {"audit_log_no_update", "audit_log_no_delete", "case_event_by_date"} <= _objects(
        path, key
    )
    copies = list((ws_dir / "pre-migration").glob(f"{case.case_id}.v1-0.*.vcop"))
    assert len(copies) == 1
    assert probe(copies[0], key).version == SchemaVersion(1, 0)  # the copy is kept, encrypted
    assert "audit_log_no_update" not in _objects(copies[0], key)
    assert ws.scenario(case.case_id).events  # nothing lost


def test_a_newer_major_version_is_refused_untouched(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    conn = cipher.connect(path, key)
    conn.execute(f"PRAGMA user_version = {SchemaVersion(LATEST.major + 1, 0).encode()}")
    cipher.checkpoint(conn)
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CaseFileError, match="newer version") as info:
        ws.open_case(case.case_id)
    assert info.value.kind == "too_new"
    assert path.read_bytes() == before
    assert not (ws_dir / "pre-migration").exists()


def test_a_newer_minor_version_still_opens(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    conn = cipher.connect(path, key)
    conn.execute(f"PRAGMA user_version = {SchemaVersion(LATEST.major, 99).encode()}")
    conn.close()
    with ws.open_case(case.case_id) as handle:
        handle.add_note("fine")


def test_version_encoding_round_trips() -> None:
    for version in (SchemaVersion(1, 0), SchemaVersion(1, 1), SchemaVersion(7, 65535)):
        assert SchemaVersion.decode(version.encode()) == version
