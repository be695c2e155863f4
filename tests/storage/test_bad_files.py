"""Files that cannot be used are reported by name, left byte-for-byte untouched, and the rest
of the workspace still loads."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, TODAY, file_hashes
from vcop_desktop.storage import CaseFileError, Workspace, cipher
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.migrations import SchemaVersion


def _corrupt_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(5000, 5064):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _corrupt_first_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:6000])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _plain_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _newer_major(path: Path, key: bytes) -> None:
    conn = cipher.connect(path, key)
    conn.execute(f"PRAGMA user_version = {SchemaVersion(9, 0).encode()}")
    cipher.checkpoint(conn)
    conn.close()


def _encrypted_not_ours(path: Path, key: bytes) -> None:
    path.unlink()
    conn = cipher.connect(path, key, create=True)
    conn.execute("CREATE TABLE something_else (x)")
    cipher.checkpoint(conn)
    conn.close()


DAMAGE: dict[str, tuple[Callable[..., None], bool, set[str]]] = {
    # name: (how, needs the key, acceptable kinds)
    "corrupt page": (_corrupt_middle, False, {"unreadable", "damaged"}),
    "corrupt header page": (_corrupt_first_page, False, {"unreadable"}),
    "truncated": (_truncate, False, {"truncated"}),
    "empty": (_empty, False, {"empty"}),
    "random bytes": (_random, False, {"unreadable"}),
    "plain sqlite": (_plain_sqlite, False, {"not_ours"}),
    "newer major version": (_newer_major, True, {"too_new"}),
    "encrypted, not a case file": (_encrypted_not_ours, True, {"not_ours"}),
}


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_bad_file_is_reported_untouched_and_the_rest_loads(
    demo_ws: Workspace, ws_dir: Path, name: str
) -> None:
    how, needs_key, kinds = DAMAGE[name]
    cases = demo_ws.list_cases()
    victim = cases[0]
    path = case_path(ws_dir, victim.case_id)
    key = demo_ws._keystore.case_key(victim.case_id)
    demo_ws.close()
    if needs_key:
        how(path, key)
    else:
        how(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    before = file_hashes(ws_dir / "cases")

    with Workspace.open(ws_dir, PASSPHRASE) as workspace:
        problems = workspace.problems()
        assert [p.path.name for p in problems] == [path.name]
        assert problems[0].kind in kinds, problems[0]
        assert path.name in str(problems[0])
        # The rest of the workspace loads: every other case listed and on the dashboard.
        listed = {c.case_id for c in workspace.list_cases()}
        assert listed == {c.case_id for c in cases} - {victim.case_id}
        board = workspace.dashboard(60, TODAY)
        assert board.items and all(i.case_id != victim.case_id for i in board.items)
        assert [p.path.name for p in board.problems] == [path.name]
        report = workspace.check()
        bad = [f for f in report.files if not f.ok]
        assert [f.file_name for f in bad] == [path.name]
        with pytest.raises(CaseFileError) as info:
            workspace.open_case(victim.case_id)
        assert path.name in str(info.value)
        with pytest.raises(CaseFileError):
            workspace.obligations(victim.case_id, TODAY)

    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert file_hashes(ws_dir / "cases") == before  # no lock, -wal or -shm left behind


def test_a_file_with_no_key_in_this_workspace_is_reported(demo_ws: Workspace, ws_dir: Path) -> None:
    stranger = ws_dir / "cases" / ("f" * 32 + ".vcop")
    stranger.write_bytes(os.urandom(4096))
    problems = demo_ws.problems()
    assert [p.kind for p in problems] == ["no_key"]
    assert stranger.read_bytes() and len(demo_ws.list_cases()) == 6


def test_missing_case_file_is_reported_by_check(demo_ws: Workspace, ws_dir: Path) -> None:
    victim = demo_ws.list_cases()[0]
    case_path(ws_dir, victim.case_id).unlink()
    report = demo_ws.check()
    assert [f.kind for f in report.files if not f.ok] == ["missing"]
    assert len(demo_ws.list_cases()) == 5
