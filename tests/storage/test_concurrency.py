"""Two programs on one workspace: the workspace lock, passphrase changes racing unlocks and
case creation, two backups into one folder, restore against an open case, check against a
writer. Real processes throughout."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO, file_hashes
from vcop_desktop.errors import UserError
from vcop_desktop.storage import CaseInUseError, KdfParams, Workspace
from vcop_desktop.storage.backup import backup_sets

_NEW = "an entirely new passphrase"


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


_HOLD_OPEN_CASE = """
    import sys
    from pathlib import Path
    from vcop_desktop.storage import Workspace
    ws = Workspace.open(Path(sys.argv[1]), sys.argv[2])
    handle = ws.open_case(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()
    handle.close()
    ws.close()
"""

_PASSWD_LOOP = """
    import sys
    from pathlib import Path
    from vcop_desktop.storage import Workspace
    from vcop_desktop.errors import UserError
    folder, a, b, rounds = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    current, other = a, b
    for _ in range(rounds):
        try:
            with Workspace.open(folder, current) as ws:
                ws.change_passphrase(other)
            current, other = other, current
        except UserError as error:
            print("refused", error, file=sys.stderr, flush=True)
    print(current, flush=True)
"""

_UNLOCK_LOOP = """
    import sys
    from pathlib import Path
    from vcop_desktop.storage import Workspace
    from vcop_desktop.errors import UserError
    folder, a, b, rounds = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    opened = 0
    for _ in range(rounds):
        for passphrase in (a, b):
            try:
                with Workspace.open(folder, passphrase) as ws:
                    ws.list_cases()
                opened += 1
                break
            except UserError:
                continue
    print(opened, flush=True)
"""


def test_passwd_racing_unlocks_never_loses_a_key_file(ws: Workspace, ws_dir: Path) -> None:
    cases = [ws.import_scenario(SCENARIO).case_id for _ in range(3)]
    ws.close()
    passwd = _python(_PASSWD_LOOP, str(ws_dir), PASSPHRASE, _NEW, "12")
    unlockers = [_python(_UNLOCK_LOOP, str(ws_dir), PASSPHRASE, _NEW, "40") for _ in range(3)]
    final, errors = passwd.communicate(timeout=120)
    for unlocker in unlockers:
        _out, err = unlocker.communicate(timeout=120)
        assert unlocker.returncode == 0, err
    assert passwd.returncode == 0, errors
    assert len(list(ws_dir.glob("keys-*.vcopkeys"))) >= 1
    with Workspace.open(ws_dir, final.strip()) as reopened:
        assert reopened.check().ok
        for case_id in cases:
            assert reopened.scenario(case_id).events


def test_unlock_leaves_key_files_alone_while_another_program_uses_the_workspace(
    ws: Workspace, ws_dir: Path
) -> None:
    ws.close()
    holder = Workspace.open(ws_dir, PASSPHRASE)
    stray = ws_dir / "keys-00000000feedface.vcopkeys"
    stray.write_bytes(b"\0" * 4096)  # as a passphrase change in progress elsewhere writes one
    with holder.shared_lock():
        Workspace.open(ws_dir, PASSPHRASE).close()
        assert stray.exists()  # not alone: unlocking deletes nothing
    holder.close()
    Workspace.open(ws_dir, PASSPHRASE).close()
    assert not stray.exists()  # alone: the recovery pass removes it


def test_a_case_made_by_an_open_program_during_passwd_is_never_lost(
    ws: Workspace, ws_dir: Path
) -> None:
    ws.import_scenario(SCENARIO)
    # `ws` stays open (as the GUI would) while another program changes the passphrase.
    changer = _python(
        """
        import sys
        from pathlib import Path
        from vcop_desktop.storage import Workspace
        with Workspace.open(Path(sys.argv[1]), sys.argv[2]) as ws:
            print(ws.change_passphrase(sys.argv[3]).rekeyed, flush=True)
        """,
        str(ws_dir),
        PASSPHRASE,
        _NEW,
    )
    _out, err = changer.communicate(timeout=60)
    assert changer.returncode == 0, err
    with pytest.raises(UserError, match="changed by another program"):
        ws.import_scenario(SCENARIO)
    ws.close()
    with Workspace.open(ws_dir, _NEW) as reopened:
        report = reopened.check()
        assert report.ok and len(report.files) == 1


def test_passwd_is_refused_while_a_case_is_open_elsewhere(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    ws.close()
    before = file_hashes(ws_dir / "cases")
    holder = _python(_HOLD_OPEN_CASE, str(ws_dir), PASSPHRASE, case.case_id)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with Workspace.open(ws_dir, PASSPHRASE) as opened, pytest.raises(CaseInUseError):
            opened.change_passphrase(_NEW)
    finally:
        holder.communicate("\n", timeout=30)
    assert {k: v for k, v in file_hashes(ws_dir / "cases").items()} == before
    Workspace.open(ws_dir, PASSPHRASE).close()  # the old passphrase still works


_BACKUP = """
    import sys
    from pathlib import Path
    from vcop_desktop.storage import Workspace
    with Workspace.open(Path(sys.argv[1]), sys.argv[2]) as ws:
        report = ws.backup(Path(sys.argv[3]), keep=int(sys.argv[4]))
    print(report.set_dir, len(report.copied), flush=True)
"""


def test_two_backups_into_one_folder_both_complete(demo_ws: Workspace, tmp_path: Path) -> None:
    ws_dir = demo_ws.folder
    demo_ws.close()
    target = tmp_path / "backups"
    runs = [_python(_BACKUP, str(ws_dir), PASSPHRASE, str(target), "5") for _ in range(3)]
    made = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        set_dir, copied = out.split()
        made.append(Path(set_dir))
        assert copied == "6"
    assert sorted(backup_sets(target)) == sorted(made)
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        for set_dir in made:
            assert len(list((set_dir / "cases").iterdir())) == 6
            assert reopened._keystore.verify_copy(set_dir) is None


def test_rotation_follows_sequence_numbers_not_the_clock(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "backups"
    first = demo_ws.backup(target, keep=1).set_dir
    # A clock once far ahead named the first set in the future; the sequence still says older.
    ahead = first.with_name(first.name.replace(first.name.split("-")[3], "29991231T235959Z"))
    first.rename(ahead)
    second = demo_ws.backup(target, keep=1)
    assert backup_sets(target) == [second.set_dir]
    assert second.removed_sets == (ahead,)


def test_rotation_never_removes_another_workspace_s_sets(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "backups"
    other = Workspace.create(tmp_path / "other", PASSPHRASE, kdf=KdfParams.cheap())
    other.import_scenario(SCENARIO)
    theirs = other.backup(target, keep=1).set_dir
    mine = [demo_ws.backup(target, keep=1).set_dir for _ in range(2)]
    assert theirs.is_dir() and mine[-1].is_dir() and not mine[0].exists()
    other.close()


def test_restore_all_is_refused_whole_while_one_case_is_open(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    ws_dir = demo_ws.folder
    set_dir = demo_ws.backup(tmp_path / "backups").set_dir
    busy = demo_ws.list_cases()[2].case_id
    for case in demo_ws.list_cases():
        with demo_ws.open_case(case.case_id) as handle:
            handle.add_note("after the backup")
    demo_ws.close()
    before = file_hashes(ws_dir / "cases")
    backup_before = file_hashes(set_dir)
    holder = _python(_HOLD_OPEN_CASE, str(ws_dir), PASSPHRASE, busy)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with Workspace.open(ws_dir, PASSPHRASE) as opened, pytest.raises(CaseInUseError):
            opened.restore(set_dir, passphrase=PASSPHRASE)
        after = {k: v for k, v in file_hashes(ws_dir / "cases").items() if not k.endswith(".lock")}
        assert after == {k: v for k, v in before.items() if not k.endswith(".lock")}
    finally:
        holder.communicate("\n", timeout=30)
    with Workspace.open(ws_dir, PASSPHRASE) as opened:
        assert len(opened.restore(set_dir, passphrase=PASSPHRASE).restored) == 6
        assert opened.check().ok
    assert file_hashes(set_dir) == backup_before  # the backup is only read


_WRITER = """
    import sys
    from pathlib import Path
    from vcop_desktop.storage import Workspace
    ws = Workspace.open(Path(sys.argv[1]), sys.argv[2])
    print("ready", flush=True)
    n = 0
    while True:  # as separate commands do: open, write, close (the WAL comes and goes)
        with ws.open_case(sys.argv[3]) as handle:
            handle.add_note("writer note %d " % n + "x" * 20000)
            n += 1
"""


def test_check_under_a_concurrent_writer_never_reports_damage(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:  # a file of many pages: checks take a while
        for n in range(60):
            handle.add_note(f"earlier note {n} " + "y" * 20000)
    writer = _python(_WRITER, str(ws_dir), PASSPHRASE, case.case_id)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 3
        checks = 0
        while time.monotonic() < deadline:
            report = ws.check()
            assert report.ok, [f for f in report.files if not f.ok]
            checks += 1
        assert checks >= 5
    finally:
        writer.kill()
        writer.communicate(timeout=30)
