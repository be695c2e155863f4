"""The unlock's slow step on its own: Argon2id under the workspace's shared lock.

It needs only the keystore and the lock, so the app can start the derivation at once, while the
modules the workspace and the main window need are still loading on the preload thread (see
`ui/start_window.py`): waiting for them first put their import time in front of Argon2id's.
"""

from __future__ import annotations

from pathlib import Path

from vcop_desktop.storage.keystore import Keystore, keystore_exists, no_workspace
from vcop_desktop.storage.locks import WorkspaceLock


def unlock_keystore(folder: Path, passphrase: str) -> Keystore:
    """Derive the workspace's master key and open its key file; changes nothing. Hand the
    result to `Workspace.open_unlocked`."""
    if not keystore_exists(folder):  # before the lock, which would make a file there
        raise no_workspace(folder)
    with WorkspaceLock(folder).shared():
        return Keystore.unlock(folder, passphrase)
