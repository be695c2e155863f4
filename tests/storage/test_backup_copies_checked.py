"""Every case copy in a backup set is checked with its key once it is written, however the copies
are scheduled (issue 25: the copies are all made first, then checked), and the byte copy
itself copies every byte, through the kernel or through a buffer."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from vcop_desktop.storage import Workspace, backup, cipher
from vcop_desktop.storage.errors import StorageEnvironmentError
from vcop_desktop.storage.fileops import copy_into
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.rawfile import copy_checks_out


def test_a_copy_with_a_byte_flipped_in_the_middle_of_a_page_fails_the_set_naming_no_victim(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case file is sound, its copy is not (a disk that changed a byte without an error):
    the set is not kept, the advocate is told the backup disk is at fault, and no victim is
    named."""
    real = backup._copy_bytes
    cases = demo_ws.list_cases()
    damaged = cases[len(cases) // 2].case_id

    def changing_a_byte(source: Path, target: Path) -> None:
        real(source, target)
        if target.stem == damaged:
            data = bytearray(target.read_bytes())
            data[cipher.PAGE_SIZE + cipher.PAGE_SIZE // 2] ^= 0x01  # mid-way into page 2
            target.write_bytes(bytes(data))

    monkeypatch.setattr(backup, "_copy_bytes", changing_a_byte)
    usb = tmp_path / "usb"
    with pytest.raises(StorageEnvironmentError) as failed:
        demo_ws.backup(usb, keep=3)
    message = str(failed.value)
    assert "the copy written there did not read back as written" in message
    assert "The case files are sound; no backup set was kept." in message
    assert all(c.victim_name not in message and c.case_id not in message for c in cases)
    assert backup.all_sets(usb) == []
    assert demo_ws.check().ok


def test_every_copy_is_made_then_checked_then_flushed(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making files while others were checked and flushed slowed all three: one after the
    other, each copy still flushed on its own."""
    steps: list[str] = []
    real_copy, real_check = backup._copy_case, backup.copy_checks_out
    real_flush = cipher.fsync_file

    def flushing(path: Path) -> None:
        if path.parent.name == "cases":
            steps.append("flush")
        real_flush(path)

    def copying(
        key: bytes | None, case_id: str, path: Path, set_dir: Path
    ) -> str | BaseException | None:
        steps.append("copy")  # byte for byte, or through SQLite (commits left in its WAL)
        return real_copy(key, case_id, path, set_dir)

    def checking(path: Path, key: bytes, case_id: str) -> bool:
        steps.append("check")
        return real_check(path, key, case_id)

    monkeypatch.setattr(backup, "_copy_case", copying)
    monkeypatch.setattr(backup, "copy_checks_out", checking)
    monkeypatch.setattr(cipher, "fsync_file", flushing)
    report = demo_ws.backup(tmp_path / "usb", keep=3)
    count = len(report.copied)
    assert count >= 3 and not report.skipped
    assert steps == ["copy"] * count + ["check"] * count + ["flush"] * count


@pytest.mark.parametrize("way", ["sendfile", "buffer"])
def test_a_byte_copy_copies_every_byte(
    way: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Larger than one buffer and not a whole number of them, so each loop goes round."""
    data = os.urandom((1 << 20) * 2 + 12345)
    source, target = tmp_path / "source", tmp_path / "target"
    source.write_bytes(data)
    if way == "buffer":

        def no_sendfile(*_args: object) -> int:
            raise OSError(errno.EINVAL, "Invalid argument")

        monkeypatch.setattr(os, "sendfile", no_sendfile, raising=False)
    with source.open("rb") as reading, target.open("wb") as writing:
        copy_into(reading.fileno(), writing.fileno())
    assert target.read_bytes() == data


def test_a_byte_copy_that_the_disk_refuses_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.write_bytes(b"x" * 5000)

    def full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "sendfile", full, raising=False)
    monkeypatch.setattr(os, "write", full)
    with (
        source.open("rb") as reading,
        target.open("wb") as writing,
        pytest.raises(OSError) as info,
    ):
        copy_into(reading.fileno(), writing.fileno())
    assert info.value.errno == errno.ENOSPC


def _a_copy(demo_ws: Workspace, tmp_path: Path) -> tuple[Path, bytes, str]:
    case_id = demo_ws.list_cases()[0].case_id
    key = demo_ws._keystore.case_key(case_id)
    assert key is not None
    demo_ws.close()  # every commit in the file itself
    copy = tmp_path / f"{case_id}.vcop"
    copy.write_bytes(case_path(demo_ws.folder, case_id).read_bytes())
    return copy, key, case_id


def _flip_mid_page(copy: Path) -> None:
    data = bytearray(copy.read_bytes())
    data[cipher.PAGE_SIZE + cipher.PAGE_SIZE // 2] ^= 0x01
    copy.write_bytes(bytes(data))


def _cut(copy: Path) -> None:
    copy.write_bytes(copy.read_bytes()[:-100])


def _plain(copy: Path) -> None:
    copy.unlink()
    plain = sqlite3.connect(copy)
    plain.execute("CREATE TABLE vcop_meta (name TEXT, value TEXT)")
    plain.commit()
    plain.close()


def _empty(copy: Path) -> None:
    copy.write_bytes(b"")


@pytest.mark.parametrize("damage", [_flip_mid_page, _cut, _plain, _empty])
def test_the_quick_check_of_a_copy_refuses_what_the_full_check_refuses(
    damage: Callable[[Path], None], demo_ws: Workspace, tmp_path: Path
) -> None:
    """The backup asks the full check (its reasons) only when the quick one fails: the quick
    one must never pass a copy the full one fails."""
    copy, key, case_id = _a_copy(demo_ws, tmp_path)
    assert copy_checks_out(copy, key, case_id)
    assert backup.verify_case_copy(copy, key, case_id) is None
    damage(copy)
    assert backup.verify_case_copy(copy, key, case_id) is not None
    assert not copy_checks_out(copy, key, case_id)


def test_the_quick_check_refuses_another_key_and_another_case(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    copy, key, case_id = _a_copy(demo_ws, tmp_path)
    assert not copy_checks_out(copy, bytes(32), case_id)
    assert not copy_checks_out(copy, key, "0" * 32)
    assert not copy_checks_out(tmp_path / "missing.vcop", key, case_id)
