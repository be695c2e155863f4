"""Reading works on a full disk (issue 13, "Error messages that tell the truth"): listing,
`due`, `check` and export run in a process that cannot write one byte (RLIMIT_FSIZE 0: every
write fails as on a full disk), even when the index must be refilled, and change no file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO, file_hashes
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.files import INDEX_FILE

_NO_WRITES = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    from vcop_desktop.cli import main
    raise SystemExit(main(sys.argv[1:]))
""")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _NO_WRITES, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "VCOP_PASSPHRASE": PASSPHRASE},
    )


def _ignoring_empty_sidecars(hashes: dict[str, str]) -> dict[str, str]:
    """A failed open may leave an empty -wal/-shm or lock file: no data, nothing to lose."""
    empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    return {name: digest for name, digest in hashes.items() if digest != empty}


@pytest.fixture
def three_cases(ws: Workspace, ws_dir: Path) -> list[str]:
    codes = [ws.import_scenario(SCENARIO).case_code for _ in range(3)]
    ws.close()
    return codes


@pytest.mark.parametrize("index", ["fresh", "missing", "stale"])
def test_reading_on_a_full_disk(ws_dir: Path, three_cases: list[str], index: str) -> None:
    if index == "missing":
        (ws_dir / INDEX_FILE).unlink()
    if index == "stale":  # a case changed behind the index's back: it must be re-read
        case = next((ws_dir / "cases").iterdir())
        os.utime(case, ns=(1, 1))
    before = _ignoring_empty_sidecars(file_hashes(ws_dir))
    ws = str(ws_dir)

    listed = _run("cases", "--workspace", ws)
    assert listed.returncode == 0, listed.stderr
    assert all(code in listed.stdout for code in three_cases)

    due = _run("due", "--workspace", ws, "--json", "--today", "2026-06-01")
    assert due.returncode == 0, due.stderr
    items = json.loads(due.stdout)
    assert items and {i["case_code"] for i in items} == set(three_cases)

    checked = _run("check", "--workspace", ws)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "3 ok, 0 with problems" in checked.stdout

    exported = _run("export-scenario", "--workspace", ws, "--case", three_cases[0])
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["events"]

    assert _ignoring_empty_sidecars(file_hashes(ws_dir)) == before


def test_a_change_on_a_full_disk_is_refused_in_one_line(
    ws_dir: Path, three_cases: list[str], tmp_path: Path
) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(SCENARIO))
    done = _run("import-scenario", "--workspace", str(ws_dir), str(scenario))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert len(reopened.list_cases()) == 3 and reopened.check().ok


_FREED_LATER = textwrap.dedent("""
    import json, resource, signal, sys
    from pathlib import Path
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
    from vcop_desktop.storage import Workspace
    ws = Workspace.open(Path(sys.argv[1]), sys.argv[2])
    print("listed", len(ws.list_cases()))
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    ws.import_scenario(json.loads(sys.argv[3]))  # space freed: a change works again
    print("listed", len(ws.list_cases()))
    ws.close()
""")


def test_unlocked_on_a_full_disk_then_space_is_freed(ws_dir: Path, three_cases: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FREED_LATER, str(ws_dir), PASSPHRASE, json.dumps(SCENARIO)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["listed", "3", "listed", "4"]
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert len(reopened.list_cases()) == 4 and reopened.check().ok
