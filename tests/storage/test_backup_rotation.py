"""Rotation keeps the newest sets, also beside sets made before sets were numbered (issue 21)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.storage.conftest import SCENARIO
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.backup import backup_sets, sequence_of


def test_rotation_removes_unnumbered_old_sets_before_numbered_new_ones(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.import_scenario(SCENARIO)
    folder = tmp_path / "usb"
    first = ws.backup(folder, keep=5).set_dir
    # A set as versions before numbering named it: a name that sorts after every numbered one.
    old = folder / "vcop-backup-20250101T090000Z-a1b2c3"
    shutil.copytree(first, old)
    assert sequence_of(old) == 0
    assert backup_sets(folder)[0] == old  # oldest first, by sequence number
    newest = [ws.backup(folder, keep=2).set_dir for _ in range(2)]
    assert backup_sets(folder) == newest
    assert not old.exists() and not first.exists()


def test_rotation_removes_old_sets_made_before_sets_named_their_workspace(
    ws: Workspace, tmp_path: Path
) -> None:
    """A set whose manifest names no workspace (versions before workspace ids) is taken as this
    workspace's: rotation removes it when it is beyond the sets kept, so old sets do not pile
    up on the backup disk forever."""
    import json

    folder = tmp_path / "usb"
    first = ws.backup(folder, keep=5).set_dir
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    del manifest["workspace"]
    (first / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    newest = ws.backup(folder, keep=1).set_dir
    assert backup_sets(folder) == [newest] and not first.exists()
