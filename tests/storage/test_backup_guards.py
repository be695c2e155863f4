"""Backup sets an advocate must be able to trust: one writer at a time on a shared backup disk,
a set without its manifest never offered for a restore, leftovers of a crash cleared before the
next set, and each set told apart by its number and owner (issue 21: survivors of the mutation
run in `storage/backup.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcop_desktop.storage import Workspace, backup
from vcop_desktop.storage.errors import StorageEnvironmentError

OWNER = "0123456789abcdef"


def _set(folder: Path, name: str, manifest: object | None = None) -> Path:
    path = folder / name
    (path / "cases").mkdir(parents=True)
    if manifest is not None:
        (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return path


def _disk_refused(usb: Path) -> str:
    """What a backup says when the backup disk refuses a write (an I/O error)."""
    return (
        f"Could not write the backup to {usb}: the backup disk reported an input/output "
        "error. The case files are sound; no backup set was kept. Check the backup disk (its "
        "free space and its connection) and try again."
    )


def test_a_second_backup_writer_waits_then_is_refused_saying_why(tmp_path: Path) -> None:
    """Two programs (or two workspaces) writing sets into one folder at once could number two
    sets alike or rotate away each other's: the second one is turned away, changing nothing."""
    with (
        backup.folder_lock(tmp_path),
        pytest.raises(StorageEnvironmentError) as refused,
        backup.folder_lock(tmp_path, timeout=0.1),
    ):
        pytest.fail("two writers were let in")
    assert str(refused.value) == (
        f"Another backup is being written to {tmp_path}; try again when it has finished. "
        "Nothing was changed."
    )
    with backup.folder_lock(tmp_path, timeout=0.1):  # free again once the first one is done
        pass


def test_a_set_without_its_manifest_is_not_offered_for_a_restore(tmp_path: Path) -> None:
    cut_short = _set(tmp_path, "vcop-backup-000002-20260102T090000Z-a1b2c3")
    with pytest.raises(StorageEnvironmentError) as refused:
        backup.read_manifest(cut_short)
    assert str(refused.value) == (
        f"{cut_short.name} is not a complete backup (it has no manifest.json); choose another."
    )
    complete = _set(tmp_path, "vcop-backup-000001-20260101T090000Z-a1b2c3", {"workspace": ""})
    assert backup.backup_sets(tmp_path) == [complete]
    assert backup.backup_sets(tmp_path, complete_only=False) == [complete, cut_short]
    assert backup.backup_sets(tmp_path / "unplugged") == []
    assert backup.all_sets(tmp_path / "unplugged") == []


def test_sets_are_numbered_only_by_the_digits_after_the_prefix(tmp_path: Path) -> None:
    assert backup.sequence_of(tmp_path / "vcop-backup-000042-20260101T090000Z-a1b2c3") == 42
    assert backup.sequence_of(tmp_path / "vcop-backup-1234567-20260101T090000Z-a1") == 1234567
    assert backup.sequence_of(tmp_path / "vcop-backup-20260101T090000Z-a1b2c3") == 0
    assert backup.sequence_of(tmp_path / "vcop-backup-00042-x") == 0  # fewer than six digits
    assert backup.sequence_of(tmp_path / "old-vcop-backup-000042-x") == 0


def test_partial_and_half_removed_sets_are_known_for_what_they_are(tmp_path: Path) -> None:
    partial = tmp_path / f".partial-{OWNER}-vcop-backup-000003-20260101T090000Z-a1b2c3"
    deleting = tmp_path / f".deleting-partial-{OWNER}-vcop-backup-000003-20260101T0900Z-a1-9f"
    complete = tmp_path / "vcop-backup-000001-20260101T090000Z-a1b2c3"
    assert backup.is_partial(partial) and backup.is_partial(deleting)
    assert not backup.is_partial(complete)
    assert backup.set_owner(partial) == OWNER and backup.set_owner(deleting) == OWNER
    assert backup.set_owner(tmp_path / ".partial-vcop-backup-000003-x") is None


def test_crash_leftovers_are_cleared_and_complete_sets_and_other_folders_kept(
    tmp_path: Path,
) -> None:
    complete = _set(tmp_path, "vcop-backup-000001-20260101T090000Z-a1b2c3", {"workspace": ""})
    partial = _set(tmp_path, f".partial-{OWNER}-vcop-backup-000002-20260102T090000Z-a1b2c3")
    deleting = _set(tmp_path, ".deleting-vcop-backup-000000-20250101T090000Z-a1b2c3-9f9f")
    unfinished = _set(tmp_path, "vcop-backup-000003-20260103T090000Z-a1b2c3")
    mine = _set(tmp_path, "holiday photos")
    (tmp_path / ".partial-note.txt").write_text("not a folder", encoding="utf-8")
    backup._remove_leftovers(tmp_path)
    assert complete.is_dir() and mine.is_dir()
    assert (tmp_path / ".partial-note.txt").is_file()
    assert not partial.exists() and not deleting.exists() and not unfinished.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [complete.name, mine.name, ".partial-note.txt"]
    )


def test_rotation_keeps_the_newest_sets_of_this_workspace_and_the_one_just_written(
    tmp_path: Path,
) -> None:
    other = "fedcba9876543210"
    sets = [
        _set(tmp_path, f"vcop-backup-{n:06d}-20260101T090000Z-a1b2c3", {"workspace": owner})
        for n, owner in [(1, OWNER), (2, other), (3, ""), (4, OWNER), (5, OWNER)]
    ]
    assert backup.rotate(tmp_path, 2, workspace_id=OWNER) == [sets[0], sets[2]]
    assert backup.backup_sets(tmp_path) == [sets[1], sets[3], sets[4]]
    assert backup.rotate(tmp_path, 1, workspace_id=OWNER, current=sets[3]) == []
    assert backup.backup_sets(tmp_path) == [sets[1], sets[3], sets[4]]


@pytest.mark.parametrize("workspace_id", ["", "../../elsewhere", "0123456789ABCDEF", "abc"])
def test_only_a_real_workspace_id_goes_into_a_set_being_written(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workspace_id: str
) -> None:
    """A workspace id read from a file edited by hand must never steer where a set is
    written: only 16 hex digits go into the temporary name."""
    seen: list[Path] = []
    real = backup._verify_set

    def watching(keystore: object, set_dir: Path, *args: object) -> None:
        seen.append(set_dir)
        real(keystore, set_dir, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "_verify_set", watching)
    usb = tmp_path / "usb"
    usb.mkdir()
    done = backup.write_backup_set(ws._keystore, [], usb, 3, workspace_id=workspace_id)
    (partial,) = seen
    assert partial == usb / f".partial-{done.set_dir.name}"
    assert sorted(p.name for p in usb.iterdir() if not p.name.startswith(".vcop")) == [
        done.set_dir.name
    ]


def test_only_the_letters_folders_own_visible_files_go_into_a_set(
    ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """A link in the letters folder to a file elsewhere (say, another person's notes) must not
    carry that file onto the backup disk; nor do hidden folders (an editor's, a sync tool's)."""
    outside = tmp_path / "private-notes.txt"
    outside.write_text("not the workspace's", encoding="utf-8")
    letters = ws_dir / "letters"
    (letters / ".sync" / "state").mkdir(parents=True)
    (letters / ".sync" / "state" / "log.txt").write_text("sync state", encoding="utf-8")
    (letters / "sender.toml").write_text('organisation = "Test Advocacy"\n', encoding="utf-8")
    (letters / "linked.toml").symlink_to(outside)
    report = ws.backup(tmp_path / "usb", keep=3)
    copied = sorted(
        p.relative_to(report.set_dir / "letters").as_posix()
        for p in (report.set_dir / "letters").rglob("*")
    )
    assert copied == ["sender.toml"]


def test_a_copy_that_cannot_be_flushed_to_the_backup_disk_fails_the_backup_saying_so(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy the disk never confirmed is no backup: no set is kept, and the advocate is told
    the case files are sound and what to check."""
    import errno

    real = backup.cipher.fsync_file

    def failing(path: Path) -> None:
        if path.parent.name == "cases":  # the case copies, flushed on their own threads
            raise OSError(errno.EIO, "Input/output error")
        real(path)

    monkeypatch.setattr(backup.cipher, "fsync_file", failing)
    usb = tmp_path / "usb"
    with pytest.raises(StorageEnvironmentError) as failed:
        demo_ws.backup(usb, keep=3)
    assert str(failed.value) == _disk_refused(usb)
    assert backup.all_sets(usb) == []


def test_a_workspaces_law_updates_are_backed_up_and_verified(
    ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """A workspace rebuilt from the set works its dates out under the same law."""
    import hashlib

    from vcop_desktop.storage.law import updates_dir

    updates = updates_dir(ws_dir)
    updates.mkdir(parents=True, exist_ok=True)
    text = b"# signed update (synthetic)\n"
    (updates / "2026-update.toml").write_bytes(text)
    done = ws.backup(tmp_path / "usb", keep=3).set_dir
    assert (done / "law" / "updates" / "2026-update.toml").read_bytes() == text
    manifest = json.loads((done / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["law_updates"] == {"2026-update.toml": hashlib.sha256(text).hexdigest()}


def test_a_case_copy_the_backup_disk_refuses_fails_the_backup_saying_so(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def refused(source: Path, target: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(backup, "_copy_bytes", refused)
    usb = tmp_path / "usb"
    with pytest.raises(StorageEnvironmentError) as failed:
        demo_ws.backup(usb, keep=3)
    assert str(failed.value) == _disk_refused(usb)
    assert backup.all_sets(usb) == []


@pytest.mark.parametrize(
    ("folder", "what"), [("letters", "letters folder"), ("updates", "law updates")]
)
def test_a_set_whose_letters_or_law_copy_changed_on_the_disk_is_not_kept_saying_which(
    ws: Workspace,
    ws_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
    what: str,
) -> None:
    from vcop_desktop.storage.law import updates_dir

    (ws_dir / "letters").mkdir()
    (ws_dir / "letters" / "sender.toml").write_text("# sender\n", encoding="utf-8")
    updates_dir(ws_dir).mkdir(parents=True, exist_ok=True)
    (updates_dir(ws_dir) / "2026-update.toml").write_text("# update\n", encoding="utf-8")
    real = backup._copy_files

    def corrupting(source: Path | None, target: Path) -> dict[str, str]:
        copied = real(source, target)
        if target.name == folder:
            for name in copied:
                (target / name).write_text("# changed on the disk\n", encoding="utf-8")
        return copied

    monkeypatch.setattr(backup, "_copy_files", corrupting)
    usb = tmp_path / "usb"
    with pytest.raises(StorageEnvironmentError) as failed:
        ws.backup(usb, keep=3)
    assert str(failed.value) == (
        f"The backup did not verify (the copy of the {what} does not read back as written); "
        "it was not kept. Check the backup disk."
    )
    assert backup.all_sets(usb) == []
