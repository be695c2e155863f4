"""What an advocate is told when the backup disk fails: which fault, in words that say what to
do (a full disk wants space, a refusing one its connection checked), never a case file blamed
(issue 21: the words of `backup._backup_disk_trouble` had no test)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.backup import _backup_disk_trouble


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EDQUOT, errno.EFBIG])
def test_a_full_or_over_quota_backup_disk_is_called_full(number: int) -> None:
    assert _backup_disk_trouble(OSError(number, "No space")) == "the backup disk is full"


def test_a_backup_disk_that_refuses_says_what_the_system_said() -> None:
    refused = OSError(errno.EACCES, "Permission denied")
    assert _backup_disk_trouble(refused) == "the backup disk refused (Permission denied)"


def test_a_refusal_without_words_names_the_kind_of_error() -> None:
    assert _backup_disk_trouble(PermissionError()) == "the backup disk refused (PermissionError)"


def test_sqlite_reporting_a_full_disk_is_called_full() -> None:
    from vcop_desktop.storage import cipher

    trouble = cipher.OperationalError("database or disk is full")
    assert _backup_disk_trouble(trouble) == "the backup disk is full"


def test_a_copy_that_does_not_read_back_is_called_so() -> None:
    assert _backup_disk_trouble(None) == "the copy written there did not read back as written"


def test_any_other_sqlite_trouble_is_an_input_output_error() -> None:
    from vcop_desktop.storage import cipher

    trouble = cipher.OperationalError("disk I/O error")
    assert _backup_disk_trouble(trouble) == "the backup disk reported an input/output error"


def test_a_backup_disk_full_at_the_last_write_is_reported_full_and_keeps_no_set(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copies are fsynced on other threads: ENOSPC there is still "full", not an I/O fault."""
    real = os.fsync
    backups = tmp_path / "backups"

    def full(fd: int) -> None:
        where = os.readlink(f"/proc/self/fd/{fd}")
        if where.startswith(str(backups)) and where.endswith(".vcop"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError) as info:
        demo_ws.backup(backups)
    assert "the backup disk is full" in str(info.value)
    assert [p for p in backups.iterdir() if "backup-" in p.name] == []
