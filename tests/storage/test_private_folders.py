"""Folders the app makes for sender details and backups are the owner's alone, parents too."""

from __future__ import annotations

import stat
from pathlib import Path

from vcop_desktop.storage.fileops import make_private_dirs


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_missing_parent_is_made_for_the_owner_only(tmp_path: Path) -> None:
    """`mkdir(parents=True, mode=0o700)` gave the mode to the last folder alone: a restored
    `letters/` holding sender details and the address book was left 0755."""
    target = tmp_path / "workspace" / "letters" / "templates"
    make_private_dirs(target)
    for folder in (tmp_path / "workspace", tmp_path / "workspace" / "letters", target):
        assert _mode(folder) == 0o700, folder
    make_private_dirs(target)  # already there: nothing changes, nothing raised
    assert _mode(target) == 0o700


def test_an_existing_parent_keeps_its_own_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    make_private_dirs(tmp_path / "new")
    assert _mode(tmp_path) == 0o755 and _mode(tmp_path / "new") == 0o700
