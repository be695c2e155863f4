"""Issue 17: erased means erased (an erase intent that outlives an unplugged backup folder,
erased ids kept as keyed hashes, partial sets reached), restore never brings back an old key,
passwd with a damaged case file, and what a backup set is trusted with."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.errors import CaseFileError
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.keystore import Keystore
from vcop_desktop.storage.rawfile import probe


def test_a_restored_pre_passwd_backup_gets_new_keys(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """The old passphrase with a stolen old key file must not open a restored file."""
    victim = demo_ws.list_cases()[0].case_id
    old_set = demo_ws.backup(tmp_path / "backups").set_dir
    demo_ws.change_passphrase("the second passphrase here")
    demo_ws.restore(old_set, passphrase=PASSPHRASE, cases=[victim])
    old_keys = Keystore.unlock(old_set, PASSPHRASE, readonly=True)
    try:
        old_key = old_keys.case_key(victim)
    finally:
        old_keys.close()
    assert old_key is not None
    assert demo_ws._keystore.case_key(victim) != old_key
    with pytest.raises(CaseFileError):
        probe(case_path(ws_dir, victim), old_key)
    demo_ws.export_scenario(victim)  # and it opens with its new key


def _copies(folder: Path, case_id: str) -> list[Path]:
    """Every file of a case under a backup folder, hidden sets included."""
    return [p for p in folder.rglob(f"{case_id}*") if p.is_file()]


def _unlock(ws_dir: Path) -> Workspace:
    return Workspace.open(ws_dir, PASSPHRASE)


def test_an_erase_with_a_folder_unplugged_is_finished_when_it_comes_back(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """Before: after reconnecting, nothing remembered the erase and restore brought the case
    back. Now the purge is owed until the folder is reachable: at unlock, on backup, on check."""
    cases = [c.case_id for c in demo_ws.list_cases()]
    usb, unplugged = tmp_path / "usb", tmp_path / "usb-unplugged"
    set_dir = demo_ws.backup(usb).set_dir
    usb.rename(unplugged)
    report = demo_ws.erase_case(cases[0])
    assert report.unreachable_backup_folders == (usb.resolve(),)
    assert demo_ws.check().erasures_owed == (usb.resolve(),)
    demo_ws.close()
    unplugged.rename(usb)
    assert len(_copies(usb, cases[0])) == 1
    with _unlock(ws_dir) as again:  # unlock: reachable now, purged
        assert _copies(usb, cases[0]) == []
        assert len(_copies(usb, cases[1])) == 1
        with pytest.raises(UserError, match="erased"):
            again.restore(set_dir, passphrase=PASSPHRASE, cases=[cases[0]])
        assert again.check().erasures_owed == ()
        keys = Keystore.unlock(set_dir, PASSPHRASE, readonly=True)
        try:
            assert keys.case_key(cases[0]) is None and keys.case_key(cases[1]) is not None
        finally:
            keys.close()

        # the same on the next backup to the folder, and on check
        usb.rename(unplugged)
        again.erase_case(cases[1])
        unplugged.rename(usb)
        again.backup(usb, keep=5)
        assert _copies(usb, cases[1]) == []
        usb.rename(unplugged)
        again.erase_case(cases[2])
        unplugged.rename(usb)
        assert len(_copies(usb, cases[2])) == 2
        assert again.check().erasures_owed == ()
        assert _copies(usb, cases[2]) == []


def test_erase_reaches_partial_sets_and_unlock_sweeps_them(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """A set complete but not renamed (a kill during backup) held the erased case; erase
    did not look there."""
    cases = [c.case_id for c in demo_ws.list_cases()]
    folder = tmp_path / "backups"
    first = demo_ws.backup(folder, keep=5).set_dir
    second = demo_ws.backup(folder, keep=5).set_dir
    workspace_id = demo_ws._settings().workspace_id
    partial = folder / f".partial-{workspace_id}-{first.name}"
    legacy = folder / f".partial-{second.name}"  # as older versions named them
    first.rename(partial)
    second.rename(legacy)
    demo_ws.erase_case(cases[0])
    assert _copies(folder, cases[0]) == []
    assert len(_copies(folder, cases[1])) == 2
    demo_ws.close()
    with _unlock(ws_dir):
        assert not partial.exists() and not legacy.exists()


def test_a_kill_at_any_point_of_a_backup_leaves_no_copy_an_erase_misses(tmp_path: Path) -> None:
    """The crash harness: a backup killed before each of its file changes, then an erase:
    no copy of the erased case is left anywhere in the backup folder, hidden sets included."""
    from tests.storage.crash_ops import FIRST, Layout, prepare
    from tests.storage.test_recovery import _copy, _in_child

    pristine = Layout.under(tmp_path / "pristine")
    prepare(pristine, cases=2)
    steps = _in_child("backup", _copy(pristine, tmp_path / "count"), None)
    for kill_at in range(1, steps + 1, max(1, steps // 8)):
        layout = _copy(pristine, tmp_path / f"kill-{kill_at}")
        assert _in_child("backup", layout, kill_at) == -1
        with Workspace.open(layout.workspace, FIRST) as ws:
            victim = ws.list_cases()[0].case_id
            ws.erase_case(victim)
        assert _copies(layout.backups, victim) == [], kill_at
        assert not [p for p in layout.backups.iterdir() if p.name.startswith(".partial-")]
        shutil.rmtree(layout.workspace.parent)


def test_erase_is_refused_when_the_backup_folder_list_cannot_be_read(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """Before: a damaged workspace.json made erase forget the folders ("0 copies", rc 0)."""
    victim = demo_ws.list_cases()[0].case_id
    demo_ws.backup(tmp_path / "backups")
    (ws_dir / "workspace.json").write_text("{damaged", encoding="utf-8")
    with pytest.raises(UserError, match=r"Not erased: workspace\.json .* damaged"):
        demo_ws.erase_case(victim)
    assert case_path(ws_dir, victim).exists()
    assert demo_ws._keystore.case_key(victim) is not None
    assert len(_copies(tmp_path / "backups", victim)) == 1


def test_the_recovery_pass_trusts_no_intent_record(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """An erase record with case id '*' wiped every backup copy of every case, other
    workspaces' too, at the next unlock; a record's own folder list was used."""
    import json

    from tests.storage.conftest import SCENARIO
    from vcop_desktop.storage import KdfParams

    shared = tmp_path / "shared"
    mine = demo_ws.backup(shared).set_dir
    other_ws = Workspace.create(tmp_path / "other", PASSPHRASE, kdf=KdfParams.cheap())
    other_case = other_ws.import_scenario(SCENARIO).case_id
    theirs = other_ws.backup(shared).set_dir
    unregistered = demo_ws.backup(tmp_path / "elsewhere").set_dir
    # their set also holds a file named as one of our cases: not ours to touch
    victim = demo_ws.list_cases()[0].case_id
    shutil.copyfile(mine / "cases" / f"{victim}.vcop", theirs / "cases" / f"{victim}.vcop")
    settings = json.loads((ws_dir / "workspace.json").read_text())
    settings["backup_folders"] = [str(shared.resolve())]
    (ws_dir / "workspace.json").write_text(json.dumps(settings))
    demo_ws.close()
    intents = ws_dir / "intents"
    intents.mkdir(exist_ok=True)
    for n, case_id in enumerate(["*", "../x", 7, None]):
        (intents / f"erase-bad{n}.intent").write_text(
            json.dumps({"op": "erase", "case_id": case_id, "backup_folders": [str(shared)]})
        )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.vcop")}
    with _unlock(ws_dir) as again:
        assert len(again.list_cases()) == 6
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.vcop")} == before
    assert list(intents.iterdir()) == []

    # A valid record is finished with the workspace's own folders, not the record's, and
    # only in this workspace's sets.
    (intents / "erase-planted.intent").write_text(
        json.dumps({"op": "erase", "case_id": victim, "backup_folders": [str(unregistered.parent)]})
    )
    with _unlock(ws_dir) as again:
        assert victim not in {c.case_id for c in again.list_cases()}
    assert _copies(mine, victim) == []
    assert len(_copies(theirs, victim)) == 1
    assert len(_copies(unregistered, victim)) == 1
    assert len(_copies(theirs, other_case)) == 1
    other_ws.close()


def test_restore_reports_a_missing_copy_as_missing(demo_ws: Workspace, tmp_path: Path) -> None:
    """Before: a copy the manifest lists but the set lacks was taken as "erased since" and
    silently skipped."""
    cases = [c.case_id for c in demo_ws.list_cases()]
    set_dir = demo_ws.backup(tmp_path / "backups").set_dir
    (set_dir / "cases" / f"{cases[0]}.vcop").unlink()
    with pytest.raises(UserError, match="missing from the backup"):
        demo_ws.restore(set_dir, passphrase=PASSPHRASE, cases=[cases[0]])
    done = demo_ws.restore(set_dir, passphrase=PASSPHRASE)
    assert done.missing == (cases[0],) and done.erased_left_out == 0
    assert len(done.restored) == 5


@pytest.mark.parametrize("damage", ["truncated", "bad page", "garbage"])
def test_passwd_with_a_damaged_case_file_names_it_and_changes_the_rest(
    damage: str,
    demo_ws: Workspace,
    ws_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Before: a bad page blocked `passwd` for everyone, and a truncated or garbage file was
    skipped while it printed "every case file got a new key"."""
    from vcop_desktop.cli import main

    cases = demo_ws.list_cases()
    bad = case_path(ws_dir, cases[0].case_id)
    data = bytearray(bad.read_bytes())
    if damage == "truncated":
        bad.write_bytes(bytes(data[:5000]))
    elif damage == "garbage":
        bad.write_bytes(b"\x07" * len(data))
    else:
        data[len(data) // 2] ^= 0xFF
        bad.write_bytes(bytes(data))
    demo_ws.close()
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("VCOP_NEW_PASSPHRASE", "an entirely new passphrase 42")
    status = main(["passwd", "--workspace", str(ws_dir)])
    out = capsys.readouterr().out
    assert status == 1
    assert "Every case file got a new key" not in out
    assert f"{bad.name} (case {cases[0].case_code})" in out
    assert "5 case files got a new key" in out
    assert "restore --from SET --case ID" in out and "erase --case ID" in out
    with Workspace.open(ws_dir, "an entirely new passphrase 42") as again:
        for case in cases[1:]:
            again.export_scenario(case.case_id)


@pytest.mark.parametrize("way", ["byte copy", "sqlite backup"])
@pytest.mark.parametrize(
    ("code", "message", "blamed"),
    [
        (errno.EIO, "disk I/O error", "input/output error"),
        (errno.ENOSPC, "database or disk is full", "disk is full"),
    ],
)
def test_a_failing_backup_disk_is_blamed_not_the_case_file(
    way: str,
    code: int,
    message: str,
    blamed: str,
    demo_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: an EIO/ENOSPC writing a backup copy was reported as "it could not be read"
    about a healthy case file, and the set was kept without it. A checkpointed case is
    copied byte for byte; one with commits still in its WAL through SQLite's backup."""
    from vcop_desktop.storage import backup, cipher

    def on_the_backup_disk(target: Path) -> bool:
        return target.parent.name == "cases" and tmp_path / "backups" in target.parents

    real_bytes, real_backup = backup._copy_bytes, cipher.backup_into

    def failing_bytes(source: Path, target: Path) -> None:
        if on_the_backup_disk(target):
            target.write_bytes(b"\0" * 4096)
            raise OSError(code, os.strerror(code))
        real_bytes(source, target)

    def failing_backup(source: cipher.Connection, target: Path, key: str, **options: bool) -> None:
        if on_the_backup_disk(target):
            target.write_bytes(b"\0" * 4096)
            raise cipher.OperationalError(message)
        real_backup(source, target, key, **options)

    if way == "byte copy":
        monkeypatch.setattr(backup, "_copy_bytes", failing_bytes)
    else:
        monkeypatch.setattr(cipher, "no_wal_frames", lambda path: False)
        monkeypatch.setattr(cipher, "backup_into", failing_backup)
    with pytest.raises(UserError) as info:
        demo_ws.backup(tmp_path / "backups")
    text = str(info.value)
    assert "backup disk" in text and blamed in text and "could not be read" not in text
    assert [p for p in (tmp_path / "backups").iterdir() if "backup-" in p.name] == []
    assert demo_ws.check().ok


def test_an_fsync_error_is_an_error(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: an EIO from fsync of a folder was absorbed and the backup reported success."""
    import errno
    import os
    import stat

    real = os.fsync

    def failing(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error (injected)")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(UserError, match="input/output error"):
        demo_ws.backup(tmp_path / "backups")


def _letters_set(ws: Workspace, ws_dir: Path, tmp_path: Path) -> Path:
    letters = ws_dir / "letters"
    (letters / "templates").mkdir(parents=True)
    (letters / "sender.toml").write_text('organisation = "Test Advocacy"\n', encoding="utf-8")
    (letters / "templates" / "police_complaint.md.j2").write_text("Ours\n", encoding="utf-8")
    set_dir = ws.backup(tmp_path / "backups").set_dir
    shutil.rmtree(letters)
    return set_dir


@pytest.mark.parametrize("tamper", ["planted", "changed", "relisted", "unsigned"])
def test_a_letters_file_planted_or_changed_in_a_backup_is_refused(
    tamper: str, demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """Before: a template planted in a set was restored silently and rewrote every later
    letter. Now the set's letters list is signed and each file checked against it."""
    import hashlib
    import json

    set_dir = _letters_set(demo_ws, ws_dir, tmp_path)
    manifest_path = set_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    planted = set_dir / "letters" / "templates" / "cps_vrr_request.md.j2"
    bad = b"I withdraw all my complaints.\n"
    if tamper == "planted":
        planted.write_bytes(bad)
    elif tamper == "changed":
        (set_dir / "letters" / "templates" / "police_complaint.md.j2").write_bytes(bad)
    elif tamper == "relisted":  # planted, and listed in the manifest too
        planted.write_bytes(bad)
        manifest["letters"]["templates/cps_vrr_request.md.j2"] = hashlib.sha256(bad).hexdigest()
    else:  # as an older version wrote it, or with its signature stripped
        manifest["letters"] = sorted(manifest["letters"])
        del manifest["letters_signature"]
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(UserError, match="No letter settings were restored") as info:
        demo_ws.restore_letters(set_dir)
    if tamper in ("planted", "changed"):
        assert "letters/templates/" in str(info.value)
    assert not (ws_dir / "letters").exists()


def test_signed_letters_come_back_also_from_a_set_made_under_an_old_passphrase(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    set_dir = _letters_set(demo_ws, ws_dir, tmp_path)
    demo_ws.change_passphrase("the second passphrase here")
    with pytest.raises(UserError, match="another passphrase"):
        demo_ws.restore_letters(set_dir)
    restored, kept = demo_ws.restore_letters(set_dir, PASSPHRASE)
    assert sorted(restored) == ["sender.toml", "templates/police_complaint.md.j2"] and not kept


def test_an_erase_cut_short_waits_while_the_folder_list_cannot_be_read(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    import json

    victim = demo_ws.list_cases()[0].case_id
    demo_ws.backup(tmp_path / "backups")
    demo_ws.close()
    settings = (ws_dir / "workspace.json").read_bytes()
    (ws_dir / "intents").mkdir(exist_ok=True)
    (ws_dir / "intents" / "erase-cut.intent").write_text(
        json.dumps({"op": "erase", "case_id": victim})
    )
    (ws_dir / "workspace.json").write_text("{damaged", encoding="utf-8")
    with _unlock(ws_dir):
        pass
    assert len(_copies(tmp_path / "backups", victim)) == 1
    assert (ws_dir / "intents" / "erase-cut.intent").exists()
    (ws_dir / "workspace.json").write_bytes(settings)
    with _unlock(ws_dir) as again:
        assert victim not in {c.case_id for c in again.list_cases()}
    assert _copies(tmp_path / "backups", victim) == []
