"""One writer per case: a second writer is refused, a stale lock from a dead process is taken
over, a lock from another machine is refused with its owner named."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.storage import CaseInUseError, Workspace
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.locks import lock_path_for


def test_second_writer_in_the_same_process_is_refused(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id), pytest.raises(CaseInUseError, match=case.case_code):
        ws.open_case(case.case_id)
    ws.open_case(case.case_id).close()  # released on close


def test_writer_in_another_process_is_refused(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys
                from pathlib import Path
                from vcop_desktop.storage import Workspace
                ws = Workspace.open(Path({str(ws_dir)!r}), {PASSPHRASE!r})
                handle = ws.open_case({case.case_id!r})
                print("locked", flush=True)
                sys.stdin.readline()
                handle.close()
            """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(CaseInUseError) as info:
            ws.open_case(case.case_id)
        assert f"process {holder.pid}" in str(info.value)
        assert "Close it there" in str(info.value)
    finally:
        holder.communicate("\n", timeout=30)
    ws.open_case(case.case_id).close()


def test_stale_lock_from_a_dead_process_is_taken_over(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    import socket

    lock = lock_path_for(case_path(ws_dir, case.case_id))
    lock.write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname()}))
    with ws.open_case(case.case_id) as handle:
        assert json.loads(lock.read_text())["pid"] != int(dead.stdout)
        handle.add_note("after a crash")
    assert not lock.exists()


def test_lock_from_another_machine_is_refused(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    lock = lock_path_for(case_path(ws_dir, case.case_id))
    lock.write_text(json.dumps({"pid": 4242, "host": "laptop-in-the-office"}))
    with pytest.raises(CaseInUseError, match=r"another computer.*laptop-in-the-office"):
        ws.open_case(case.case_id)
    assert lock.exists()
    with pytest.raises(CaseInUseError):
        ws.erase_case(case.case_id)
    assert case_path(ws_dir, case.case_id).exists()
