"""Backup sets an advocate relies on: old sets removed even where the disk refuses a rename or
a file, the newest set never reported lost because an old one would not go, and letter settings
restored whole after the workspace lost its letters folder (issue 21: survivors of the mutation
run in `storage/backup.py`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.backup import backup_sets, remove_set


def _letters(ws_dir: Path) -> Path:
    letters = ws_dir / "letters"
    (letters / "templates").mkdir(parents=True)
    (letters / "address-book.toml").write_text("# agencies\n", encoding="utf-8")
    (letters / "sender.toml").write_text('organisation = "Test Advocacy"\n', encoding="utf-8")
    (letters / "templates" / "police_complaint.md.j2").write_text("Ours\n", encoding="utf-8")
    return letters


def test_an_old_set_is_removed_where_the_disk_refuses_to_rename_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "vcop-backup-000001-20260101T090000Z-a1b2c3"
    (old / "cases").mkdir(parents=True)
    (old / "manifest.json").write_text("{}", encoding="utf-8")

    def refused(self: Path, target: Path) -> Path:
        raise PermissionError("rename refused (injected)")

    monkeypatch.setattr(Path, "rename", refused)
    remove_set(old)
    assert not old.exists()


def test_an_old_set_that_will_not_go_away_does_not_fail_the_new_backup(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rotation after the new set is in place: a file of an old set the disk will not delete
    must not turn a good backup into an error (the advocate would make another, and another)."""
    folder = tmp_path / "usb"
    first = ws.backup(folder, keep=1).set_dir
    real = os.unlink

    def stubborn(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if str(path) == "keystore.json" or str(path).endswith(f"{first.name}/keystore.json"):
            raise PermissionError("delete refused (injected)")
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", stubborn)
    second = ws.backup(folder, keep=1)
    assert second.set_dir.is_dir() and backup_sets(folder) == [second.set_dir]


def test_letter_settings_come_back_whole_after_the_letters_folder_was_lost(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    letters = _letters(ws_dir)
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    assert stat.S_IMODE((report.set_dir / "letters" / "templates").stat().st_mode) == 0o700
    for path in sorted(letters.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    letters.rmdir()
    restored, kept = demo_ws.restore_letters(report.set_dir)
    assert restored == ["address-book.toml", "sender.toml", "templates/police_complaint.md.j2"]
    assert kept == []
    override = letters / "templates" / "police_complaint.md.j2"
    assert override.read_text(encoding="utf-8") == "Ours\n"
    # The folders made for them are the advocate's alone, like the rest of the workspace.
    assert stat.S_IMODE((letters / "templates").stat().st_mode) == 0o700


def test_a_letters_file_the_workspace_still_has_does_not_stop_the_others_coming_back(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    letters = _letters(ws_dir)
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    (letters / "address-book.toml").write_text("# edited since\n", encoding="utf-8")
    (letters / "sender.toml").unlink()
    (letters / "templates" / "police_complaint.md.j2").unlink()
    restored, kept = demo_ws.restore_letters(report.set_dir)
    assert kept == ["address-book.toml"]
    assert restored == ["sender.toml", "templates/police_complaint.md.j2"]
    assert (letters / "address-book.toml").read_text(encoding="utf-8") == "# edited since\n"


def test_a_file_slipped_into_a_set_is_refused_naming_the_set(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    _letters(ws_dir)
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    (report.set_dir / "letters" / "extra.toml").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        demo_ws.restore_letters(report.set_dir)
    assert f"from {report.set_dir.name}: letters/extra.toml" in str(info.value)


def test_a_damaged_manifest_is_named_as_such(demo_ws: Workspace, tmp_path: Path) -> None:
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    (report.set_dir / "manifest.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(UserError) as info:
        demo_ws.restore_letters(report.set_dir)
    assert f"The manifest of {report.set_dir.name} is damaged." in str(info.value)


def test_a_template_override_alone_comes_back_when_the_letters_folder_is_gone(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    override = ws_dir / "letters" / "templates" / "police_complaint.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("Ours\n", encoding="utf-8")
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    override.unlink()
    override.parent.rmdir()
    (ws_dir / "letters").rmdir()
    assert demo_ws.restore_letters(report.set_dir) == (["templates/police_complaint.md.j2"], [])
    assert override.read_text(encoding="utf-8") == "Ours\n"


def test_erasing_a_case_after_a_passphrase_change_still_removes_it_from_older_sets(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    """The set's manifest names this workspace: that, not today's passphrase, makes it ours."""
    victim = demo_ws.list_cases()[0]
    old = demo_ws.backup(tmp_path / "backups", keep=5).set_dir
    demo_ws.change_passphrase("a different passphrase 42")
    demo_ws.erase_case(victim.case_id)
    assert not list((old / "cases").glob(f"{victim.case_id}*"))
    assert len(list((old / "cases").glob("*.vcop"))) == 5


def test_a_folder_of_the_advocates_own_on_the_backup_disk_is_never_taken_for_a_set(
    tmp_path: Path,
) -> None:
    from vcop_desktop.storage.backup import all_sets

    kinds = ["vcop-backup-000002-20260101T090000Z-a1b2c3", ".partial-vcop-backup-000003-x",
             ".deleting-vcop-backup-000001-y", "photos", "vcop-notes"]  # fmt: skip
    for name in kinds:
        (tmp_path / name).mkdir()
    (tmp_path / "vcop-backup-000004-20260101T090000Z-a1b2c3").write_text("", encoding="utf-8")
    assert [p.name for p in all_sets(tmp_path)] == sorted(kinds[:3])


@pytest.mark.parametrize("manifest", ['{"format": "another program"}', '["a", "list"]'])
def test_another_programs_folder_is_refused_as_not_a_backup(
    demo_ws: Workspace, tmp_path: Path, manifest: str
) -> None:
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    (report.set_dir / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(UserError) as info:
        demo_ws.restore_letters(report.set_dir)
    assert f"{report.set_dir.name} is not a VCOP Desktop backup." in str(info.value)


def test_erasure_reaches_a_set_whose_manifest_is_damaged(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    """A manifest that does not read names no workspace: the set's keystore decides, so an
    erased victim's copy does not stay behind in it."""
    victim = demo_ws.list_cases()[0]
    old = demo_ws.backup(tmp_path / "backups", keep=5).set_dir
    (old / "manifest.json").write_bytes(b"\xff\xfe not json")
    demo_ws.erase_case(victim.case_id)
    assert not list((old / "cases").glob(f"{victim.case_id}*"))


def test_a_set_whose_manifest_is_not_an_object_does_not_stop_the_next_backup(
    ws: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    odd = ws.backup(folder, keep=1).set_dir
    (odd / "manifest.json").write_text('["not", "an", "object"]', encoding="utf-8")
    newest = ws.backup(folder, keep=1).set_dir
    assert backup_sets(folder) == [newest]


def test_a_set_cut_short_before_its_manifest_is_never_offered_as_a_backup(
    ws: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    good = ws.backup(folder, keep=5).set_dir
    cut = folder / "vcop-backup-000002-20260101T090000Z-a1b2c3"
    (cut / "cases").mkdir(parents=True)
    assert backup_sets(folder) == [good]
    assert backup_sets(folder, complete_only=False) == [good, cut]


def test_rotation_never_removes_another_programs_folder_beside_the_sets(
    ws: Workspace, tmp_path: Path
) -> None:
    """A folder with a manifest.json of its own (another program's export, say) on the same
    disk is not a backup set: rotation must not delete it."""
    folder = tmp_path / "usb"
    theirs = folder / "photo-export"
    theirs.mkdir(parents=True)
    (theirs / "manifest.json").write_text("{}", encoding="utf-8")
    for _ in range(2):
        ws.backup(folder, keep=1)
    assert (theirs / "manifest.json").is_file()
    assert len(backup_sets(folder)) == 1


def test_a_case_copy_that_holds_another_case_is_named_as_such(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    from vcop_desktop.storage.backup import verify_case_copy

    report = demo_ws.backup(tmp_path / "backups", keep=3)
    first, second = report.copied[:2]
    copy = report.set_dir / "cases" / f"{first}.vcop"
    key = demo_ws._keystore.case_key(first)
    assert key is not None
    assert verify_case_copy(copy, key, first) is None
    assert verify_case_copy(copy, key, second) == "it holds another case"
