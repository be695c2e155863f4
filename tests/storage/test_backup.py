"""Backups: online backup API, verified, rotated; restore verifies first; erase removes
backup copies too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, TODAY
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.backup import backup_sets
from vcop_desktop.storage.errors import StorageEnvironmentError
from vcop_desktop.storage.files import case_path


def test_backup_writes_a_verified_set_of_every_case(demo_ws: Workspace, tmp_path: Path) -> None:
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    assert len(report.copied) == 6 and not report.skipped
    assert (report.set_dir / "manifest.json").is_file()
    assert (report.set_dir / "keystore.json").is_file()
    assert len(list((report.set_dir / "cases").glob("*.vcop"))) == 6


def test_rotation_keeps_the_newest_sets(demo_ws: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "backups"
    made = [demo_ws.backup(target, keep=2).set_dir for _ in range(4)]
    assert backup_sets(target) == sorted(made[-2:])
    (target / "vcop-backup-00000000T000000000000Z-dead00").mkdir()  # a crashed, incomplete set
    demo_ws.backup(target, keep=2)
    assert len(backup_sets(target, complete_only=False)) == 2


def test_restore_replaces_a_damaged_case(demo_ws: Workspace, ws_dir: Path, tmp_path: Path) -> None:
    victim = demo_ws.list_cases()[0]
    expected = demo_ws.export_scenario(victim.case_id)
    report = demo_ws.backup(tmp_path / "backups")
    path = case_path(ws_dir, victim.case_id)
    path.write_bytes(path.read_bytes()[:5000])
    assert [p.kind for p in demo_ws.problems()] == ["truncated"]
    restored = demo_ws.restore(report.set_dir, passphrase=PASSPHRASE, cases=[victim.case_id])
    assert restored.restored == (victim.case_id,)
    assert demo_ws.problems() == ()
    assert demo_ws.export_scenario(victim.case_id) == expected
    assert len(demo_ws.dashboard(30, TODAY).items) > 0


def test_restore_checks_integrity_before_replacing_anything(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    report = demo_ws.backup(tmp_path / "backups")
    copies = sorted((report.set_dir / "cases").glob("*.vcop"))
    data = bytearray(copies[-1].read_bytes())
    data[5000] ^= 0xFF
    copies[-1].write_bytes(bytes(data))
    before = {p.name: p.read_bytes() for p in (ws_dir / "cases").glob("*.vcop")}
    with pytest.raises(UserError, match="failed its check"):
        demo_ws.restore(report.set_dir, passphrase=PASSPHRASE)
    assert {p.name: p.read_bytes() for p in (ws_dir / "cases").glob("*.vcop")} == before


def test_restore_after_a_passphrase_change_never_brings_back_an_erased_case(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """A set moved out of the registered folders still holds the case; the erased register
    refuses it (this restored the erased victim before)."""
    victim = demo_ws.list_cases()[1]
    other = demo_ws.list_cases()[2]
    report = demo_ws.backup(tmp_path / "elsewhere")  # not a managed folder later on
    demo_ws.change_passphrase("new one")
    (tmp_path / "elsewhere").rename(tmp_path / "usb-stick")
    demo_ws.erase_case(victim.case_id)
    moved = tmp_path / "usb-stick" / report.set_dir.name
    with pytest.raises(UserError, match="was erased from this workspace"):
        demo_ws.restore(moved, passphrase=PASSPHRASE, cases=[victim.case_id])
    done = demo_ws.restore(moved, passphrase=PASSPHRASE)
    assert victim.case_id not in done.restored and done.erased_left_out == 1
    assert other.case_id in done.restored
    assert victim.case_id not in {c.case_id for c in demo_ws.list_cases()}


def test_erase_removes_the_file_key_index_entry_and_backup_copies(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    victim = demo_ws.list_cases()[2]
    first = demo_ws.backup(tmp_path / "backups", keep=5)
    second = demo_ws.backup(tmp_path / "offsite", keep=5)
    report = demo_ws.erase_case(victim.case_code)
    assert report.backup_copies_removed == 2
    assert not case_path(ws_dir, victim.case_id).exists()
    for set_dir in (first.set_dir, second.set_dir):
        assert not list((set_dir / "cases").glob(f"{victim.case_id}*"))
        assert len(list((set_dir / "cases").glob("*.vcop"))) == 5
    assert demo_ws._keystore.case_key(victim.case_id) is None
    assert victim.case_id not in {c.case_id for c in demo_ws.list_cases()}
    assert all(i.case_id != victim.case_id for i in demo_ws.dashboard(365, TODAY).items)
    assert demo_ws.check().ok


def test_the_letters_folder_is_backed_up_and_missing_files_come_back(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """Sender details, the address book and a template override are in every set; a restore
    brings back those the workspace lost and leaves alone one that was edited since."""
    letters = ws_dir / "letters"
    (letters / "templates").mkdir(parents=True)
    (letters / "sender.toml").write_text('organisation = "Test Advocacy"\n', encoding="utf-8")
    (letters / "address-book.toml").write_text("# agencies\n", encoding="utf-8")
    (letters / "templates" / "police_complaint.md.j2").write_text("Ours\n", encoding="utf-8")
    (letters / ".sender.toml.ab12.tmp").write_text("half-written", encoding="utf-8")
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    copy = report.set_dir / "letters"
    assert (copy / "sender.toml").read_text(encoding="utf-8") == 'organisation = "Test Advocacy"\n'
    assert (copy / "templates" / "police_complaint.md.j2").is_file()
    assert not (copy / ".sender.toml.ab12.tmp").exists()
    manifest = (report.set_dir / "manifest.json").read_text(encoding="utf-8")
    assert "address-book.toml" in manifest and "templates/police_complaint.md.j2" in manifest

    (letters / "address-book.toml").unlink()
    (letters / "sender.toml").write_text('organisation = "Renamed"\n', encoding="utf-8")
    restored, kept = demo_ws.restore_letters(report.set_dir)
    assert restored == ["address-book.toml"]
    assert kept == ["sender.toml"]
    assert (letters / "address-book.toml").read_text(encoding="utf-8") == "# agencies\n"
    assert (letters / "sender.toml").read_text(encoding="utf-8") == 'organisation = "Renamed"\n'


def test_a_letters_copy_that_does_not_read_back_is_not_kept(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vcop_desktop.storage import backup

    (ws_dir / "letters").mkdir()
    (ws_dir / "letters" / "sender.toml").write_text("x = 1\n", encoding="utf-8")
    real = backup._copy_files

    def corrupting(source: Path | None, target: Path) -> dict[str, str]:
        copied = real(source, target)
        if target.name == "letters":
            (target / "sender.toml").write_text("x = 2\n", encoding="utf-8")
        return copied

    monkeypatch.setattr(backup, "_copy_files", corrupting)
    with pytest.raises(StorageEnvironmentError, match="letters folder"):
        demo_ws.backup(tmp_path / "backups", keep=3)
    assert backup_sets(tmp_path / "backups", complete_only=False) == []


def test_a_workspace_without_a_letters_folder_backs_up(demo_ws: Workspace, tmp_path: Path) -> None:
    report = demo_ws.backup(tmp_path / "backups", keep=3)
    assert not (report.set_dir / "letters").exists()
    assert demo_ws.restore_letters(report.set_dir) == ([], [])


def test_a_checkpointed_case_is_copied_byte_for_byte_and_private(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """The fast path: a case with every commit in its file is copied as it is (still
    encrypted: the same bytes), readable by no one else from its first byte."""
    import stat

    report = demo_ws.backup(tmp_path / "usb")
    for case_id in report.copied:
        copy = report.set_dir / "cases" / f"{case_id}.vcop"
        assert copy.read_bytes() == case_path(ws_dir, case_id).read_bytes()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_case_with_commits_left_in_its_wal_is_backed_up_with_them(
    demo_ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    """A crash can leave commits in a case's WAL: a byte copy of the file alone would lose
    them, so such a case goes through SQLite's backup, which reads them."""
    from vcop_desktop.storage import cipher

    case = demo_ws.list_cases()[0]
    path = case_path(ws_dir, case.case_id)
    conn = cipher.connect(path, demo_ws._keystore.case_key(case.case_id) or b"")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO note (written_at, author, text) VALUES (?, ?, ?)",
                 ("2026-03-01 10:00:00.000000", "test", "left in the WAL"))  # fmt: skip
    assert not cipher.no_wal_frames(path)
    report = demo_ws.backup(tmp_path / "usb")
    copy = report.set_dir / "cases" / f"{case.case_id}.vcop"
    with cipher.connect(copy, demo_ws._keystore.case_key(case.case_id) or b"") as read:
        notes = [r[0] for r in read.execute("SELECT text FROM note").fetchall()]
    conn.close()
    assert "left in the WAL" in notes
