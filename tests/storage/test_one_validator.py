"""Scenario import and handover import refuse the same things (one validator,
`domain/untrusted.py`), and a handover file's unknown tables never reach the workspace."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop.errors import UserError
from vcop_desktop.storage import KdfParams, Workspace, cipher
from vcop_desktop.storage.files import case_path

TRANSFER = "HANDOVER-TEST-PASSPHRASE-1"

_N = "N" * 50_000_000
#: (scenario's case field, its value, handover's table.column, its value, message both give)
BAD_INPUTS: list[tuple[str, Any, str, Any, str]] = [
    ("offence_date", "9999-01-01", "case_details.offence_date", "9999-01-01", "out of range"),
    ("victim_dob", "1066-10-14", "victim.date_of_birth", "1066-10-14", "out of range"),
    ("victim_name", 12345, "victim.name", b"12345", "expected a string"),
    ("victim_name", _N, "victim.name", _N, "too long"),
    ("victim_name", "N" * 600, "victim.name", "N" * 600, "too long"),
    ("victim_name", "Ann\x1b[2J", "victim.name", "Ann\x1b[2J", "control characters"),
    ("victim_name", "Ann\x00Lee", "victim.name", "Ann\x00Lee", "control characters"),
    ("victim_name", "Ann\u202eeeL", "victim.name", "Ann\u202eeeL", "control characters"),
    ("crime_reference", "QX/1\nQX/2", "case_details.crime_reference", "QX/1\nQX/2", "line break"),
]
_IDS = ["9999", "1066", "bytes", "50MB", "600", "ESC", "NUL", "U+202E", "newline"]


def _handover_with(ws: Workspace, tmp_path: Path, table: str, column: str, value: Any) -> Path:
    case = ws.import_scenario(SCENARIO)
    exported = ws.export_handover(case.case_id, tmp_path / "in.vcophandover", TRANSFER)
    conn = cipher.connect(exported, TRANSFER)
    try:
        conn.execute(f"UPDATE {table} SET {column} = ?", (value,))
    finally:
        conn.close()
    return exported


@pytest.mark.parametrize(("field", "value", "column", "stored", "message"), BAD_INPUTS, ids=_IDS)
def test_both_imports_refuse_the_same_input(
    ws: Workspace, tmp_path: Path, field: str, value: Any, column: str, stored: Any, message: str
) -> None:
    scenario: dict[str, Any] = copy.deepcopy(SCENARIO)
    scenario["case"][field] = value
    with pytest.raises(UserError, match=message) as by_scenario:
        ws.import_scenario(scenario, source="bad.json")
    assert str(by_scenario.value).startswith("bad.json: case.")
    exported = _handover_with(ws, tmp_path, *column.split("."), stored)
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:
        with pytest.raises(UserError, match=message) as by_handover:
            other.import_handover(exported, TRANSFER)
        text = str(by_handover.value)
        assert text.startswith("in.vcophandover is not a valid handover file")
        assert column in text  # the field is named
        assert "Ann" not in text and "NNNN" not in text  # never the content
        assert list((tmp_path / "other" / "cases").iterdir()) == []
        assert other.list_cases() == []


def test_a_valid_name_with_accents_and_apostrophes_is_accepted(ws: Workspace) -> None:
    scenario: dict[str, Any] = copy.deepcopy(SCENARIO)
    scenario["case"]["victim_name"] = "Zoë O'Brien-Ødegård"
    assert ws.import_scenario(scenario).case_code


def test_a_handover_event_is_checked_by_the_scenario_rules(ws: Workspace, tmp_path: Path) -> None:
    exported = _handover_with(ws, tmp_path, "case_event", "date", "9999-12-31")
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other, pytest.raises(UserError, match=r"case_event.* out of range"):
        other.import_handover(exported, TRANSFER)


def test_nested_json_in_a_handover_field_is_refused_without_a_traceback(
    ws: Workspace, tmp_path: Path
) -> None:
    exported = _handover_with(ws, tmp_path, "case_event", "fields", "[" * 100_000 + "]" * 100_000)
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other, pytest.raises(UserError, match=r"in.vcophandover .*nested too deeply"):
        other.import_handover(exported, TRANSFER)


def test_unknown_tables_in_a_handover_file_are_dropped(ws: Workspace, tmp_path: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    exported = ws.export_handover(case.case_id, tmp_path / "in.vcophandover", TRANSFER)
    conn = cipher.connect(exported, TRANSFER)
    try:
        conn.execute("CREATE TABLE smuggled (payload BLOB)")
        conn.execute("INSERT INTO smuggled VALUES (?)", (b"\x01" * 5_000_000,))
        conn.execute("CREATE INDEX smuggled_ix ON smuggled (payload)")
    finally:
        conn.close()
    assert exported.stat().st_size > 5_000_000
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:
        imported = other.import_handover(exported, TRANSFER)
        path = case_path(other.folder, imported.case_id)
        key = other._keystore.case_key(imported.case_id)
        assert key is not None
        conn = cipher.connect(path, key)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
        assert "smuggled" not in names and "smuggled_ix" not in names
        assert path.stat().st_size < 1_000_000
        assert other.check().ok
        assert other.export_scenario(imported.case_id) == ws.export_scenario(case.case_id)
