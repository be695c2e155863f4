"""Disk full and read-only folders: a clear one-line message, and no partial write."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO, TODAY, file_hashes
from vcop_desktop.cli import main
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.files import case_path


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder and everything in it read-only, even for root (immutable attribute)."""
    paths = [folder, *folder.rglob("*")]
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("running as root on a file system without chattr +i")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p in reversed(paths):
                p.chmod(modes[p])


def test_read_only_workspace_gives_a_clear_message_and_changes_nothing(
    ws: Workspace,
    ws_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws.import_scenario(SCENARIO)
    ws.close()
    scenario = tmp_path / "s.json"
    scenario.write_text(__import__("json").dumps(SCENARIO))
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    before = file_hashes(ws_dir)
    with read_only(ws_dir):
        status = main(["import-scenario", "--workspace", str(ws_dir), str(scenario)])
        err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "read-only" in err
    assert file_hashes(ws_dir) == before


_FILL_DISK = textwrap.dedent("""
    import os, resource, signal, sys
    from pathlib import Path
    from vcop_desktop.errors import UserError
    from vcop_desktop.storage import Workspace
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    ws = Workspace.open(Path(sys.argv[1]), sys.argv[2])
    handle = ws.open_case(sys.argv[3])
    biggest = max(p.stat().st_size for p in Path(sys.argv[1]).rglob("*") if p.is_file())
    limit = biggest + 16384
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        handle.save_document("Huge letter", os.urandom(3_000_000))
    except UserError as error:
        print("USER ERROR:", error)
    else:
        print("NO ERROR")
""")


def test_disk_full_gives_a_clear_message_and_no_partial_write(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.add_note("before the disk filled up")
        audit_rows = len(handle.audit_log())
    ws.close()
    done = subprocess.run(
        [sys.executable, "-c", _FILL_DISK, str(ws_dir), PASSPHRASE, case.case_id],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "USER ERROR:" in done.stdout, done.stdout + done.stderr
    # A file size limit stands in for a full disk here; SQLite calls both an I/O error, and
    # the message must not claim more than it knows.
    assert "file size limit" in done.stdout
    assert "Traceback" not in done.stderr
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert reopened.check().ok
        with reopened.open_case(case.case_id) as handle:
            assert handle.documents() == []
            assert len(handle.audit_log()) == audit_rows
            assert [n.text for n in handle.notes()] == ["before the disk filled up"]
        assert reopened.dashboard(30, TODAY).items
    key_path = case_path(ws_dir, case.case_id)
    assert not cipher.looks_like_plain_sqlite(key_path)


_CLI_UNDER_LIMIT = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from vcop_desktop.cli import main
    raise SystemExit(main(sys.argv[2:]))
""")


def test_disk_full_while_creating_a_case_leaves_no_case_file(
    ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    ws.import_scenario(SCENARIO)
    ws.close()
    big = dict(SCENARIO)
    # Bulk from many events: a name is at most 500 characters (domain/untrusted.py).
    big["events"] = [
        *SCENARIO["events"],  # type: ignore[list-item]
        *(
            {"id": f"u{n}", "type": "update_received", "date": "2026-03-10", "from": "police"}
            for n in range(3000)
        ),
    ]
    source = tmp_path / "big.json"
    source.write_text(__import__("json").dumps(big))
    cases_before = sorted(p.name for p in (ws_dir / "cases").iterdir())
    biggest = max(p.stat().st_size for p in ws_dir.rglob("*") if p.is_file())
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CLI_UNDER_LIMIT,
            str(biggest + 65536),
            "import-scenario",
            "--workspace",
            str(ws_dir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "VCOP_PASSPHRASE": PASSPHRASE},
    )
    assert done.returncode == 2, done.stderr
    assert "file size limit" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in (ws_dir / "cases").iterdir()) == cases_before
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert len(reopened.list_cases()) == 1 and reopened.check().ok


def test_the_process_is_hardened_at_start(tmp_path: Path) -> None:
    """No core dumps, and every file the app makes is for the user alone (0600/0700)."""
    code = (
        "import os, resource, sys\n"
        "from vcop_desktop.cli import main\n"
        "status = main(['init', '--workspace', sys.argv[1], '--kdf-time', '1',"
        " '--kdf-memory', '8'])\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE)[0], status)\n"
    )
    env = {**os.environ, "VCOP_PASSPHRASE": "correct horse battery staple"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.splitlines()
    assert out[-1] == "0 0"
    for path in (tmp_path / "ws").rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), (path.name, oct(mode))
    assert (tmp_path / "ws").stat().st_mode & 0o777 == 0o700
