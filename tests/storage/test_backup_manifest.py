"""A backup set says what it is: the manifest a restore, an erasure and a person reading the
disk rely on agrees with the set's name, its workspace and its contents (issue 21: the
manifest's fields were written but no test read most of them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop import __version__
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.backup import backup_sets, sequence_of


def test_a_sets_manifest_names_its_workspace_sequence_time_key_file_and_cases(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    demo_ws.backup(tmp_path / "usb", keep=3)
    report = demo_ws.backup(tmp_path / "usb", keep=3)
    name = re.fullmatch(r"vcop-backup-(\d{6})-(\d{8}T\d{6}Z)-[0-9a-f]{6}", report.set_dir.name)
    assert name is not None and name.group(1) == "000002"
    manifest = json.loads((report.set_dir / "manifest.json").read_text(encoding="utf-8"))
    keys_file = demo_ws._keystore.keys_path.name
    assert {
        k: manifest[k] for k in ("format", "version", "app_version", "created", "sequence")
    } == {
        "format": "vcop-desktop backup",
        "version": 1,
        "app_version": __version__,
        "created": name.group(2),
        "sequence": 2,
    }
    assert manifest["workspace"] == demo_ws._workspace_id()
    assert manifest["keys_file"] == keys_file and (report.set_dir / keys_file).is_file()
    assert manifest["cases"] == list(report.copied) and len(report.copied) == 6
    assert (manifest["letters"], manifest["law_updates"]) == ({}, {})
    assert sorted(p.name for p in report.set_dir.iterdir()) == sorted(
        ["cases", "keystore.json", "manifest.json", keys_file]
    )


def test_each_new_set_is_numbered_after_the_highest_set_in_the_folder(
    ws: Workspace, tmp_path: Path
) -> None:
    """Numbers, not the clock, order the sets: a set numbered 41 (another workspace's, or
    one kept from before) makes the next one 42, whatever its time stamp says."""
    folder = tmp_path / "usb"
    first = ws.backup(folder, keep=5).set_dir
    later = folder / "vcop-backup-000041-20990101T000000Z-abcdef"
    later.mkdir()
    (later / "manifest.json").write_text('{"workspace": "0123456789abcdef"}', encoding="utf-8")
    nxt = ws.backup(folder, keep=5).set_dir
    assert sequence_of(first) == 1 and sequence_of(nxt) == 42
    assert backup_sets(folder) == [first, later, nxt]


def test_keeping_no_backups_is_refused_and_nothing_is_written(
    ws: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="Keep at least one backup"):
        ws.backup(tmp_path / "usb", keep=0)
    assert backup_sets(tmp_path / "usb", complete_only=False) == []


def test_the_refusal_to_keep_no_backups_says_how_many_to_keep(
    ws: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(UserError) as info:
        ws.backup(tmp_path / "usb", keep=0)
    assert str(info.value) == "Keep at least one backup (--keep 1 or more)."


def test_a_set_being_written_carries_its_workspace_in_its_name(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A set cut short by a crash has no manifest yet: the name is what tells erasure and
    the sweep at unlock that it is this workspace's and not another's on the same disk."""
    from vcop_desktop.storage import backup

    seen: list[Path] = []
    real = backup._verify_set

    def watching(keystore: object, set_dir: Path, *args: object) -> None:
        seen.append(set_dir)
        real(keystore, set_dir, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "_verify_set", watching)
    done = ws.backup(tmp_path / "usb", keep=3).set_dir
    (partial,) = seen
    assert partial.name == f".partial-{ws._workspace_id()}-{done.name}"
    assert backup.set_owner(partial) == ws._workspace_id()


def test_a_sets_case_copies_are_in_a_folder_only_the_advocate_can_open(
    ws: Workspace, tmp_path: Path
) -> None:
    import stat

    done = ws.backup(tmp_path / "usb", keep=3).set_dir
    assert stat.S_IMODE((done / "cases").stat().st_mode) == 0o700


def test_a_sets_time_stamp_is_utc_whatever_the_computers_time_zone(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    from datetime import UTC, datetime, timedelta

    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    try:
        done = ws.backup(tmp_path / "usb", keep=3).set_dir
    finally:
        monkeypatch.undo()
        time.tzset()
    created = json.loads((done / "manifest.json").read_text(encoding="utf-8"))["created"]
    stamp = datetime.strptime(created, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)


def test_the_report_names_the_sets_rotation_removed(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    first = ws.backup(folder, keep=1).set_dir
    report = ws.backup(folder, keep=1)
    assert report.removed_sets == (first,) and report.skipped == ()


def test_a_law_update_copy_that_does_not_read_back_is_not_kept(
    ws: Workspace, ws_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace rebuilt from the set must work its dates out under the same law: a copy of
    an installed law update that the backup disk changed fails the backup, keeping no set."""
    from vcop_desktop.storage import backup
    from vcop_desktop.storage.errors import StorageEnvironmentError
    from vcop_desktop.storage.law import updates_dir

    updates = updates_dir(ws_dir)
    updates.mkdir(parents=True, exist_ok=True)
    (updates / "2026-update.toml").write_text("# signed update (synthetic)\n", encoding="utf-8")
    real = backup._copy_files

    def corrupting(source: Path | None, target: Path) -> dict[str, str]:
        copied = real(source, target)
        if target.name == "updates":
            (target / "2026-update.toml").write_text("# changed\n", encoding="utf-8")
        return copied

    monkeypatch.setattr(backup, "_copy_files", corrupting)
    with pytest.raises(StorageEnvironmentError, match="law updates does not read back"):
        ws.backup(tmp_path / "usb", keep=3)
    assert backup_sets(tmp_path / "usb", complete_only=False) == []


def test_a_key_file_copy_that_does_not_open_fails_the_backup(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the key file the set's case copies can never be read: a bad copy of it must
    fail the backup, not leave a set that looks complete."""
    from vcop_desktop.storage.errors import StorageEnvironmentError
    from vcop_desktop.storage.keystore import Keystore

    def garbled(self: Keystore, target: Path) -> None:
        target.write_bytes(b"\0" * 4096)

    ws.import_scenario(SCENARIO)
    monkeypatch.setattr(Keystore, "backup_key_file", garbled)
    with pytest.raises(StorageEnvironmentError, match="The backup did not verify"):
        ws.backup(tmp_path / "usb", keep=3)
    assert backup_sets(tmp_path / "usb", complete_only=False) == []


def test_a_stray_file_among_the_case_copies_fails_the_backup(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vcop_desktop.storage import backup
    from vcop_desktop.storage.errors import StorageEnvironmentError

    ws.import_scenario(SCENARIO)
    real = backup._copy_case

    def with_a_stray(
        key: bytes | None, case_id: str, path: Path, set_dir: Path
    ) -> str | BaseException | None:
        (set_dir / "cases" / "stray.vcop").write_bytes(b"")
        return real(key, case_id, path, set_dir)

    monkeypatch.setattr(backup, "_copy_case", with_a_stray)
    with pytest.raises(StorageEnvironmentError) as info:
        ws.backup(tmp_path / "usb", keep=3)
    assert str(info.value) == (
        "The backup did not verify (the case copies in the set are not the ones listed); it "
        "was not kept. Check the backup disk."
    )
