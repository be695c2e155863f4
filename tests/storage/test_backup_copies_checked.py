"""Every case copy in a backup set is checked with its key once it is written, however the copies
are scheduled (issue 25: the copies are all made first, then checked), and the byte copy
itself copies every byte, through the kernel or through a buffer."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from vcop_desktop.storage import Workspace, backup, cipher
from vcop_desktop.storage.errors import StorageEnvironmentError
from vcop_desktop.storage.fileops import copy_into


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
    real_copy, real_check = backup._copy_case, backup.verify_case_copy
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

    def checking(path: Path, key: bytes, case_id: str) -> str | None:
        steps.append("check")
        return real_check(path, key, case_id)

    monkeypatch.setattr(backup, "_copy_case", copying)
    monkeypatch.setattr(backup, "verify_case_copy", checking)
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
