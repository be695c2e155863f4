"""Error messages that tell the truth: one clear line for each kind of damage, never a
traceback; an I/O error is not called a full disk."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.cli import main
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.errors import environment_error, sqlite_environment_message


def _cli(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main([*args, "--workspace", str(folder)])
    return status, capsys.readouterr().err


def _tamper_kdf(folder: Path) -> None:
    meta = json.loads((folder / "keystore.json").read_text())
    meta["kdf"]["memory_cost_kib"] = 10**12
    (folder / "keystore.json").write_text(json.dumps(meta))


def _empty_key_file(folder: Path) -> None:
    next(folder.glob("keys-*.vcopkeys")).write_bytes(b"")


def _flip_a_bit(folder: Path) -> None:
    path = next(folder.glob("keys-*.vcopkeys"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_tamper_kdf, _empty_key_file, _flip_a_bit])
def test_damaged_keystore_gives_one_line(
    ws: Workspace,
    ws_dir: Path,
    damage: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ws.import_scenario(SCENARIO)
    ws.close()
    assert callable(damage)
    damage(ws_dir)
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    status, err = _cli(ws_dir, capsys, "cases")
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "damaged" in err


def test_an_io_error_is_not_a_full_disk() -> None:
    message = str(environment_error(OSError(errno.EIO, "Input/output error"), "back up"))
    assert "full" not in message and "input/output" in message
    assert "full" not in (sqlite_environment_message("disk I/O error") or "")
    assert "full" in (sqlite_environment_message("database or disk is full") or "")


def test_a_folder_named_like_a_case_file_is_named_as_such(ws: Workspace, ws_dir: Path) -> None:
    ws.import_scenario(SCENARIO)
    (ws_dir / "cases" / ("0" * 32 + ".vcop")).mkdir()
    problems = ws.problems()
    assert [p.kind for p in problems] == ["not_ours"] and "folder" in problems[0].problem
    assert any("folder" in f.problem for f in ws.check().files if not f.ok)
