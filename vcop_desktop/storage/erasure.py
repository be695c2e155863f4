"""Erasure that sticks: the register of erased cases and the purges still owed to backup folders.

Erasing a case removes its copies from every registered backup folder it can reach. A folder
that is unplugged (or busy) keeps a pending purge, and it is purged the next time it can be
reached: on the next backup to it, at unlock, and on `check`. Until then, and for ever after,
the case's id is in the register, so `restore` refuses to bring it back from any backup set.

Both live in the key file (encrypted and authenticated like the keys, carried through a
passphrase change). The register holds keyed hashes (HMAC-SHA256 under a random key kept in
the key file), never the ids: a pending purge finds a set's copies by hashing their names.
Only sets this workspace made are touched (`owns`): a backup folder may be shared.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vcop_desktop.storage import backup as backups
from vcop_desktop.storage import cipher
from vcop_desktop.storage.errors import StorageEnvironmentError
from vcop_desktop.storage.fileops import fsync_dir, remove_quietly
from vcop_desktop.storage.files import CASES_DIR

if TYPE_CHECKING:
    from vcop_desktop.storage.keystore import Keystore

#: A case id as the app makes them (uuid4 hex). Anything else in a record is not ours.
CASE_ID = re.compile(r"[0-9a-f]{32}")

_TABLES = (
    "CREATE TABLE IF NOT EXISTS erased_case (id_hash TEXT PRIMARY KEY, erased_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS erase_pending (id_hash TEXT NOT NULL, folder TEXT NOT NULL, "
    "PRIMARY KEY (id_hash, folder))",
)


@dataclass
class Purge:
    """What a purge did: copies removed, and folders still owed a purge (unreachable, busy)."""

    removed: list[Path] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)


def is_valid_case_id(value: object) -> bool:
    return isinstance(value, str) and CASE_ID.fullmatch(value) is not None


def _hash(key: bytes, case_id: str) -> str:
    return hmac.new(key, case_id.encode("ascii"), hashlib.sha256).hexdigest()


def _has_tables(conn: cipher.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erased_case'"
    ).fetchone()
    return row is not None


def record(keystore: Keystore, case_id: str, folders: Iterable[Path]) -> None:
    """Register `case_id` as erased, with a pending purge for each of `folders`, in one
    transaction. Repeating it (a crashed erase finished) changes nothing."""
    key = keystore.erasure_key()
    assert key is not None
    id_hash = _hash(key, case_id)
    conn = keystore.connection(write=True)
    for statement in _TABLES:
        conn.execute(statement)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT OR IGNORE INTO erased_case (id_hash, erased_at) "
            "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (id_hash,),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO erase_pending (id_hash, folder) VALUES (?, ?)",
            [(id_hash, str(f)) for f in folders],
        )
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(cipher.Error):
            conn.execute("ROLLBACK")
        raise


def is_erased(keystore: Keystore, case_id: str) -> bool:
    """True if `case_id` was erased from this workspace (it must never come back)."""
    key = keystore.erasure_key(create=False)
    conn = keystore.connection()
    if key is None or not _has_tables(conn):
        return False
    row = conn.execute(
        "SELECT 1 FROM erased_case WHERE id_hash = ?", (_hash(key, case_id),)
    ).fetchone()
    return row is not None


def _pending(keystore: Keystore) -> dict[str, set[str]]:
    conn = keystore.connection()
    if not _has_tables(conn):
        return {}
    found: dict[str, set[str]] = {}
    for id_hash, folder in conn.execute("SELECT id_hash, folder FROM erase_pending"):
        found.setdefault(str(folder), set()).add(str(id_hash))
    return found


def purge_pending(
    keystore: Keystore, workspace_id: str, *, only: Path | None = None, wait: float = 0.0
) -> Purge:
    """Purge every reachable folder owed a purge (or only `only`), waiting at most `wait`
    seconds for each folder's lock; a folder that cannot be purged now stays owed."""
    result = Purge()
    key = keystore.erasure_key(create=False)
    if key is None:
        return result
    for folder_text, hashes in sorted(_pending(keystore).items()):
        folder = Path(folder_text)
        if only is not None and folder_text != str(only):
            continue
        try:
            if not workspace_id or not folder.is_dir():
                result.waiting.append(folder)
                continue
            result.removed += _purge_folder(keystore, key, folder, workspace_id, hashes, wait)
            keystore.connection(write=True).executemany(
                "DELETE FROM erase_pending WHERE id_hash = ? AND folder = ?",
                [(h, folder_text) for h in sorted(hashes)],
            )
        except (OSError, cipher.Error, StorageEnvironmentError):
            result.waiting.append(folder)  # tried again later: every step can be repeated
    return result


def owns(set_dir: Path, workspace_id: str, keystore: Keystore) -> bool:
    """True if this workspace made the set: by the id in its name or manifest, or (a set
    that names no workspace) by its keystore being this one under today's passphrase."""
    owner = backups.set_owner(set_dir)
    if owner is not None:
        return owner == workspace_id
    return keystore.made_copy(set_dir)


def _purge_folder(
    keystore: Keystore, key: bytes, folder: Path, workspace_id: str, hashes: set[str], wait: float
) -> list[Path]:
    def doomed(case_id: str) -> bool:
        return is_valid_case_id(case_id) and _hash(key, case_id) in hashes

    removed: list[Path] = []
    with backups.folder_lock(folder, timeout=wait):
        for set_dir in backups.all_sets(folder):
            if not owns(set_dir, workspace_id, keystore):
                continue
            cases = set_dir / CASES_DIR
            for copy in sorted(cases.iterdir()) if cases.is_dir() else ():
                if doomed(copy.name.split(".", 1)[0]) and remove_quietly(copy):
                    removed.append(copy)
            if removed:
                fsync_dir(cases)
            # A key file that will not open (cut short by a kill, damaged) keeps nothing
            # usable: its case copies are gone, and they are what the purge is owed.
            with contextlib.suppress(cipher.Error):
                keystore.remove_keys_from_copy(set_dir, doomed)
    return removed


def sweep_partial_sets(
    keystore: Keystore, folders: Iterable[Path], workspace_id: str
) -> list[Path]:
    """Remove this workspace's partial and half-removed sets left by a crash in each
    reachable folder (never another workspace's, never while a backup is being written)."""
    removed: list[Path] = []
    for folder in folders:
        try:
            if not workspace_id or not any(map(backups.is_partial, backups.all_sets(folder))):
                continue  # the usual case: a look at the folder, no lock file touched
            with backups.folder_lock(folder, timeout=0.0):
                for set_dir in backups.all_sets(folder):
                    if backups.is_partial(set_dir) and owns(set_dir, workspace_id, keystore):
                        backups.remove_set(set_dir)
                        removed.append(set_dir)
        except (OSError, StorageEnvironmentError):
            continue
    return removed
