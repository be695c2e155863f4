"""Issue 17: erased means erased (an erase intent that outlives an unplugged backup folder,
erased ids kept as keyed hashes, partial sets reached), restore never brings back an old key,
passwd with a damaged case file, and what a backup set is trusted with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.backup import backup_sets
from vcop_desktop.storage.casefile import probe
from vcop_desktop.storage.errors import CaseFileError
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.keystore import Keystore


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
