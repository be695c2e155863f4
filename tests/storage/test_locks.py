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


def test_a_lock_is_written_whole_with_boot_id_and_start_time(ws: Workspace, ws_dir: Path) -> None:
    import os

    from vcop_desktop.storage.locks import boot_id, process_start

    case = ws.import_scenario(SCENARIO)
    lock = lock_path_for(case_path(ws_dir, case.case_id))
    with ws.open_case(case.case_id):
        holder = json.loads(lock.read_text())
        assert holder["pid"] == os.getpid()
        assert holder["boot"] == boot_id() and holder["started"] == process_start(os.getpid())
    assert sorted(p.name for p in lock.parent.iterdir()) == [case_path(ws_dir, case.case_id).name]


def test_an_empty_lock_left_by_a_crash_does_not_block_for_ever(ws: Workspace, ws_dir: Path) -> None:
    import os
    import time

    case = ws.import_scenario(SCENARIO)
    lock = lock_path_for(case_path(ws_dir, case.case_id))
    lock.write_bytes(b"")
    with pytest.raises(CaseInUseError):  # young: a writer may be about to fill it in
        ws.open_case(case.case_id)
    old = time.time() - 60
    os.utime(lock, (old, old))
    ws.open_case(case.case_id).close()


@pytest.mark.parametrize("field", ["boot", "started"])
def test_a_pid_reused_after_a_reboot_or_by_another_process_is_stale(
    ws: Workspace, ws_dir: Path, field: str
) -> None:
    """The pid in the lock is alive (it is this very process), but the boot id or the
    process start time says it is another process than the one that wrote the lock."""
    import os
    import socket

    from vcop_desktop.storage.locks import boot_id, process_start

    case = ws.import_scenario(SCENARIO)
    lock = lock_path_for(case_path(ws_dir, case.case_id))
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "boot": boot_id(),
        "started": process_start(os.getpid()),
    }
    if not holder[field]:
        pytest.skip("this OS does not say")
    holder[field] = "something else"
    lock.write_text(json.dumps(holder))
    ws.open_case(case.case_id).close()
    holder[field] = boot_id() if field == "boot" else process_start(os.getpid())
    lock.write_text(json.dumps(holder))  # the same process really: refused
    with pytest.raises(CaseInUseError):
        ws.open_case(case.case_id)
    lock.unlink()
