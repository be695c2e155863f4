"""A report written to a device or a pipe is written into it, never renamed over it: `report
--out /dev/null`, run as root, replaced the system's /dev/null with a regular file (the write
is atomic for files: a temporary file renamed over the target)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop.cli import main
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.fileops import atomic_write, write_unseen

PASSPHRASE = "pipe fixture passphrase"


def _read_all(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as pipe:
            into.append(pipe.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("write", [atomic_write, write_unseen])
def test_a_pipe_is_written_into_and_stays_a_pipe(tmp_path: Path, write: object) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_all(pipe, got)
    write(pipe, b"figures\n")  # type: ignore[operator]
    reader.join(5)
    assert got == [b"figures\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_report_out_to_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap()) as ws:
        ws.import_scenario(SCENARIO)
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_all(pipe, got)
    period = ["--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv"]
    status = main(["report", "--workspace", str(folder), *period, "--out", str(pipe)])
    reader.join(5)
    assert status == 0, capsys.readouterr().err
    assert got and got[0].count(b"\n") > 1 and b"," in got[0]  # the CSV, whole
    assert stat.S_ISFIFO(pipe.stat().st_mode)
