"""The keystore: passphrase -> Argon2id -> master key, which unlocks the per-case keys.

Two files in the workspace:

- `keystore.json` (plain JSON, nothing secret): the Argon2id parameters and salt, a check value
  that tells a wrong passphrase from a damaged key file, and the name of the key file.
- `keys-<random>.vcopkeys`: a SQLCipher database keyed with a subkey of the master key. It holds
  a random 256-bit key for every case file (and for the workspace index). SQLCipher's
  authenticated page encryption (AES-256 + HMAC-SHA512) is the key wrap, so no other crypto
  library is needed.

Changing the passphrase writes a new key file under the new master key and then swaps
`keystore.json` atomically: a crash leaves either the old passphrase working or the new one.
Case files are never rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from vcop_desktop.domain.untrusted import load_json
from vcop_desktop.storage import cipher
from vcop_desktop.storage.errors import (
    StorageEnvironmentError,
    WrongPassphraseError,
    cannot_write,
    environment_error,
    sqlite_environment_message,
)
from vcop_desktop.storage.fileops import atomic_write, remove_quietly, sidecars
from vcop_desktop.storage.files import KEYSTORE_FILE

_FORMAT = "vcop-desktop keystore"
_VERSION = 1
_SALT_BYTES = 16
_INDEX_KEY_ID = "workspace-index"
#: The key of the erased-case register's keyed hashes (erasure.py). Random and kept in the key
#: file, so it survives a passphrase change (a key derived from the passphrase would not).
_ERASURE_KEY_ID = "erased-cases"


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost, recorded per workspace so it can be raised later (or lowered in tests)."""

    # ~0.25 s on a 2-core laptop; 64 MiB keeps the app's peak memory well under 200 MB.
    time_cost: int = 4
    memory_cost_kib: int = 65536
    parallelism: int = 1

    @classmethod
    def cheap(cls) -> KdfParams:
        """For tests and throwaway workspaces only: unlocks instantly, protects nothing."""
        return cls(time_cost=1, memory_cost_kib=8, parallelism=1)

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        return hash_secret_raw(
            passphrase.encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost_kib,
            parallelism=self.parallelism,
            hash_len=cipher.KEY_BYTES,
            type=Type.ID,
        )


def normalised(passphrase: str) -> str:
    """The passphrase as the KDF sees it: Unicode NFC, so the same words typed on another
    keyboard or system (composed or decomposed accents) unlock the same workspace."""
    return unicodedata.normalize("NFC", passphrase)


def _subkey(master: bytes, label: str) -> bytes:
    return hmac.new(master, f"vcop-desktop/{label}".encode(), hashlib.sha256).digest()


def _check_value(master: bytes) -> str:
    return _subkey(master, "passphrase-check").hex()


def no_workspace(folder: Path) -> StorageEnvironmentError:
    """What is said when `folder` holds no keystore: the one wording for every way in."""
    return StorageEnvironmentError(
        f"There is no workspace in {folder}: run 'vcop-desktop init --workspace {folder}' "
        "first, or choose the right folder."
    )


def _read_meta(folder: Path) -> dict[str, Any]:
    path = folder / KEYSTORE_FILE
    try:
        data = load_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise no_workspace(folder) from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise StorageEnvironmentError(
            f"{KEYSTORE_FILE} in {folder} is damaged. Restore the workspace from a backup."
        ) from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise StorageEnvironmentError(f"{KEYSTORE_FILE} in {folder} is not a VCOP keystore.")
    if data.get("version") != _VERSION:
        raise StorageEnvironmentError(
            f"{KEYSTORE_FILE} in {folder} was written by a newer version of VCOP Desktop; "
            "update the app to open this workspace."
        )
    return data


def _params_from(data: dict[str, Any]) -> tuple[KdfParams, bytes]:
    try:
        kdf = data["kdf"]
        params = KdfParams(
            time_cost=int(kdf["time_cost"]),
            memory_cost_kib=int(kdf["memory_cost_kib"]),
            parallelism=int(kdf["parallelism"]),
        )
        salt = bytes.fromhex(kdf["salt"])
        if not (
            1 <= params.time_cost <= 64
            and 8 <= params.memory_cost_kib <= 4 * 1024 * 1024
            and 1 <= params.parallelism <= 16
            and len(salt) == _SALT_BYTES
        ):
            raise ValueError("out of range")  # tampered: never hand them to Argon2
    except (KeyError, TypeError, ValueError, AttributeError):
        raise StorageEnvironmentError(
            f"{KEYSTORE_FILE} is damaged (its key settings cannot be read). Restore it from a "
            "backup."
        ) from None
    return params, salt


def keystore_exists(folder: Path) -> bool:
    return (folder / KEYSTORE_FILE).is_file()


class Keystore:
    """An unlocked keystore. Holds the master key in memory until `close()`."""

    def __init__(self, folder: Path, master: bytes, keys_file: str, params: KdfParams) -> None:
        self.folder = folder
        self._master: bytes | None = master
        self._keys_file = keys_file
        self.params = params
        self.unlock_seconds = 0.0
        self._conn: cipher.Connection | None = None
        self._readonly = False
        self._for_full_disk = False  # read-only only because the disk was full at unlock
        #: Set when the passphrase only worked un-normalised: re-wrap under the NFC form.
        self.rewrap_to: str | None = None

    # -- creating and unlocking ----------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, passphrase: str, params: KdfParams | None = None) -> Keystore:
        """A new keystore in `folder` (which must not have one)."""
        if not passphrase:
            raise WrongPassphraseError("The passphrase must not be empty.")
        if keystore_exists(folder):
            raise StorageEnvironmentError(
                f"{folder} already holds a workspace; open it instead of creating a new one."
            )
        params = params or KdfParams()
        salt = secrets.token_bytes(_SALT_BYTES)
        started = time.perf_counter()
        master = params.derive(normalised(passphrase), salt)
        elapsed = time.perf_counter() - started
        keys_file = f"keys-{secrets.token_hex(8)}.vcopkeys"
        try:
            _create_key_file(folder / keys_file, _subkey(master, "key-file"))
            atomic_write(folder / KEYSTORE_FILE, _meta_bytes(params, salt, master, keys_file))
        except OSError as error:
            remove_quietly(folder / keys_file)
            raise environment_error(error, "create the keystore") from None
        store = cls(folder, master, keys_file, params)
        store.unlock_seconds = elapsed
        return store

    @classmethod
    def unlock(cls, folder: Path, passphrase: str, *, readonly: bool = False) -> Keystore:
        """Derive the master key (the slow step) and open the key file. Changes nothing, and
        never deletes a key file: that is for the recovery pass, under the exclusive lock.
        `readonly` opens the key file read-only (a backup set being restored from)."""
        data = _read_meta(folder)
        params, salt = _params_from(data)
        started = time.perf_counter()
        master = params.derive(normalised(passphrase), salt)
        rewrap = False
        if normalised(passphrase) != passphrase and not hmac.compare_digest(
            _check_value(master), str(data.get("check", ""))
        ):
            # Made before passphrases were normalised: try the form typed, once.
            master = params.derive(passphrase, salt)
            rewrap = True
        elapsed = time.perf_counter() - started
        if not hmac.compare_digest(_check_value(master), str(data.get("check", ""))):
            raise WrongPassphraseError(
                "Wrong passphrase: the workspace is still locked and nothing was changed. "
                "Check Caps Lock and try again."
            )
        keys_file = str(data.get("keys_file", ""))
        if not keys_file.startswith("keys-") or "/" in keys_file or "\\" in keys_file:
            raise StorageEnvironmentError(f"{KEYSTORE_FILE} is damaged. Restore from a backup.")
        store = cls(folder, master, keys_file, params)
        store.unlock_seconds = elapsed
        store._readonly = readonly
        store.rewrap_to = normalised(passphrase) if rewrap else None
        store._connection()  # fail now, clearly, if the key file is missing or damaged
        return store

    # -- the key file --------------------------------------------------------------------------

    @property
    def keys_path(self) -> Path:
        return self.folder / self._keys_file

    def _master_key(self) -> bytes:
        if self._master is None:
            raise RuntimeError("the keystore is locked")
        return self._master

    def _connection(self) -> cipher.Connection:
        if self._conn is None:
            path = self.keys_path
            if not path.is_file():
                raise StorageEnvironmentError(
                    f"The key file {path.name} is missing from the workspace. Restore the "
                    "workspace from a backup."
                )
            if path.stat().st_size % cipher.PAGE_SIZE or path.stat().st_size == 0:
                raise StorageEnvironmentError(
                    f"The key file {path.name} is damaged (empty or cut short). Restore the "
                    "workspace from a backup."
                )
            key = _subkey(self._master_key(), "key-file")
            try:
                try:
                    self._conn = cipher.connect(path, key, readonly=self._readonly)
                except cipher.OperationalError as error:
                    if self._readonly or not cannot_write(error):
                        raise
                    # A full or failing disk has no room for the WAL's files: read on; a
                    # change then fails with its own clear message.
                    self._conn = cipher.connect(path, key, readonly=True)
                    self._readonly = self._for_full_disk = True
            except cipher.OperationalError as error:
                why = sqlite_environment_message(str(error)) or "it could not be opened"
                raise StorageEnvironmentError(
                    f"Could not open the workspace in {self.folder}: {why}."
                ) from None
            except cipher.DatabaseError:
                raise StorageEnvironmentError(
                    f"The key file {path.name} is damaged. Restore the workspace from a backup."
                ) from None
        return self._conn

    def _writer(self) -> cipher.Connection:
        """The connection for a change: one opened read-only because the disk was full at
        unlock is opened again for writing (space may have been freed since)."""
        if self._for_full_disk and self._conn is not None:
            self._conn.close()
            self._conn = None
            self._readonly = self._for_full_disk = False
        return self._connection()

    def case_key(self, case_id: str) -> bytes | None:
        row = (
            self._connection()
            .execute("SELECT key FROM case_key WHERE case_id = ?", (case_id,))
            .fetchone()
        )
        return None if row is None else bytes(row[0])

    def add_case_key(self, case_id: str, key: bytes | None = None) -> bytes:
        """Store (or replace) a case's key; a new random one unless given."""
        key = key if key is not None else secrets.token_bytes(cipher.KEY_BYTES)
        conn = self._writer()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT OR REPLACE INTO case_key (case_id, key, created_at) VALUES (?, ?, ?)",
                (case_id, key, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
            raise
        return key

    def remove_case_key(self, case_id: str) -> None:
        """Forget a case's key: any copy of its file left anywhere becomes unreadable."""
        conn = self._writer()
        conn.execute("DELETE FROM case_key WHERE case_id = ?", (case_id,))

    def case_ids(self) -> list[str]:
        rows = self._connection().execute(
            "SELECT case_id FROM case_key WHERE case_id NOT IN (?, ?) ORDER BY case_id",
            (_INDEX_KEY_ID, _ERASURE_KEY_ID),
        )
        return [str(r[0]) for r in rows.fetchall()]

    def index_key(self) -> bytes:
        """The key of the workspace index, made on first use."""
        key = self.case_key(_INDEX_KEY_ID)
        return key if key is not None else self.add_case_key(_INDEX_KEY_ID)

    def erasure_key(self, *, create: bool = True) -> bytes | None:
        """The key of the erased-case register's keyed hashes; made on first use."""
        key = self.case_key(_ERASURE_KEY_ID)
        return key if key is not None or not create else self.add_case_key(_ERASURE_KEY_ID)

    def derived_key(self, label: str) -> bytes:
        """A key for one purpose, derived from the master key (a backup set's signature):
        whoever holds the passphrase the set was made under can make or check it."""
        return _subkey(self._master_key(), label)

    def connection(self, *, write: bool = False) -> cipher.Connection:
        """The key file, for the small tables other modules keep in it (erasure.py): secret
        and authenticated like the keys. A writer runs its own transaction."""
        return self._writer() if write else self._connection()

    def forget_index_key(self) -> None:
        """Drop the index key (the index file was deleted; a new one gets a new key)."""
        self.remove_case_key(_INDEX_KEY_ID)

    def next_number(self, name: str) -> int:
        """A counter kept in the key file (case codes), incremented atomically."""
        conn = self._writer()
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT value FROM counter WHERE name = ?", (name,)).fetchone()
            value = (int(row[0]) if row else 0) + 1
            conn.execute(
                "INSERT OR REPLACE INTO counter (name, value) VALUES (?, ?)", (name, value)
            )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
            raise
        return value

    def integrity_ok(self) -> bool:
        """True if the key file passes `PRAGMA integrity_check`."""
        try:
            return cipher.integrity_problem(self._connection()) is None
        except (cipher.Error, StorageEnvironmentError):
            return False

    def backup_key_file(self, target: Path) -> None:
        """Copy the key file (still encrypted under the master key) for a backup set."""
        cipher.backup_into(
            self._connection(),
            target,
            cipher.key_pragma_value(_subkey(self._master_key(), "key-file")),
        )

    # -- changing the passphrase ---------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str, params: KdfParams | None = None) -> None:
        """Re-wrap every key under a new passphrase. Case files are not touched."""
        if not new_passphrase:
            raise WrongPassphraseError("The new passphrase must not be empty.")
        params = params or self.params
        salt = secrets.token_bytes(_SALT_BYTES)
        master = params.derive(normalised(new_passphrase), salt)
        new_file = f"keys-{secrets.token_hex(8)}.vcopkeys"
        new_path = self.folder / new_file
        old_path = self.keys_path
        try:
            cipher.backup_into(
                self._connection(),
                new_path,
                cipher.key_pragma_value(_subkey(master, "key-file")),
            )
            check = cipher.connect(new_path, _subkey(master, "key-file"), readonly=True)
            try:
                if cipher.integrity_problem(check) is not None:
                    raise StorageEnvironmentError(
                        "The new key file did not verify; nothing changed."
                    )
            finally:
                check.close()
            atomic_write(self.folder / KEYSTORE_FILE, _meta_bytes(params, salt, master, new_file))
        except OSError as error:
            remove_quietly(new_path)
            raise environment_error(error, "change the passphrase") from None
        except (cipher.Error, StorageEnvironmentError):
            remove_quietly(new_path)  # a key file that did not verify is no one's
            raise
        self.close()
        self._master, self._keys_file, self.params = master, new_file, params
        for path in (old_path, *sidecars(old_path)):
            remove_quietly(path)

    def remove_orphan_key_files(self) -> list[Path]:
        """Delete key files keystore.json does not name (left by an interrupted passphrase
        change). Only under the exclusive workspace lock: another program's passphrase change
        may be writing one."""
        current = str(_read_meta(self.folder).get("keys_file", ""))
        if current != self._keys_file:
            return []  # this keystore is stale: it must not judge which file is current
        removed: list[Path] = []
        for path in self.folder.glob("keys-*.vcopkeys"):
            if path.name != self._keys_file:
                for leftover in (path, *sidecars(path)):
                    if remove_quietly(leftover):
                        removed.append(leftover)
        return removed

    def ensure_current(self) -> None:
        """Raise if another program changed the passphrase since this keystore was unlocked:
        its keys went with the old key file, and a key written there now would be lost."""
        data = _read_meta(self.folder)
        if str(data.get("keys_file", "")) != self._keys_file:
            raise StorageEnvironmentError(
                "The passphrase of this workspace was changed by another program. Lock the "
                "workspace and unlock it with the new passphrase; nothing was changed."
            )

    # -- keys waiting for a file (re-keying, restore) ----------------------------------------

    def _pending_table(self) -> cipher.Connection:
        conn = self._writer()
        conn.execute(
            "CREATE TABLE IF NOT EXISTS pending_key (case_id TEXT PRIMARY KEY, key BLOB NOT NULL)"
        )
        return conn

    def set_pending(self, keys: dict[str, bytes]) -> None:
        """Record new keys beside the current ones, in one transaction, before the files
        they will open are swapped in: at every moment each file opens with one of the two."""
        conn = self._pending_table()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM pending_key")
            conn.executemany(
                "INSERT INTO pending_key (case_id, key) VALUES (?, ?)", list(keys.items())
            )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
            raise

    def pending_keys(self) -> dict[str, bytes]:
        conn = self._connection()
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pending_key'"
        ).fetchone()
        if not exists:
            return {}
        rows = conn.execute("SELECT case_id, key FROM pending_key").fetchall()
        return {str(r[0]): bytes(r[1]) for r in rows}

    def settle_pending(self, promote: list[str], drop: list[str]) -> None:
        """Make pending keys current (their files were swapped in) or forget them."""
        conn = self._pending_table()
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        try:
            conn.execute("BEGIN IMMEDIATE")
            for case_id in promote:
                conn.execute(
                    "INSERT OR REPLACE INTO case_key (case_id, key, created_at) "
                    "SELECT case_id, key, ? FROM pending_key WHERE case_id = ?",
                    (now, case_id),
                )
            for case_id in [*promote, *drop]:
                conn.execute("DELETE FROM pending_key WHERE case_id = ?", (case_id,))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
            raise

    def all_keys(self) -> dict[str, bytes]:
        rows = self._connection().execute("SELECT case_id, key FROM case_key").fetchall()
        return {str(r[0]): bytes(r[1]) for r in rows}

    def verify_copy(self, set_dir: Path) -> str | None:
        """None if a backup set's keystore and key file open with this master key and hold
        every key this key file holds; else what is wrong."""
        try:
            data = _read_meta(set_dir)
        except StorageEnvironmentError as error:
            return str(error)
        if data.get("check") != _check_value(self._master_key()):
            return "its keystore does not match this workspace's"
        path = set_dir / str(data.get("keys_file", ""))
        if not path.is_file():
            return "its key file is missing"
        try:
            conn = cipher.connect(path, _subkey(self._master_key(), "key-file"), readonly=True)
        except cipher.Error as error:
            return f"its key file cannot be opened ({type(error).__name__})"
        try:
            problem = cipher.integrity_problem(conn)
            if problem:
                return f"its key file is damaged ({problem})"
            rows = conn.execute("SELECT case_id, key FROM case_key").fetchall()
        finally:
            conn.close()
        theirs = {str(r[0]): bytes(r[1]) for r in rows}
        if any(theirs.get(c) != k for c, k in self.all_keys().items()):
            return "its key file lacks keys"
        return None

    def made_copy(self, set_dir: Path) -> bool:
        """True if a backup set's keystore is this one's under today's passphrase (same salt
        and check value): the set was made by this workspace since the last `passwd`."""
        try:
            data = _read_meta(set_dir)
            _params, salt = _params_from(data)
            mine = _read_meta(self.folder)
        except StorageEnvironmentError:
            return False
        kdf = mine.get("kdf")
        return (
            isinstance(kdf, dict)
            and kdf.get("salt") == salt.hex()
            and data.get("check") == mine.get("check")
        )

    def remove_keys_from_copy(self, set_dir: Path, doomed: Callable[[str], bool]) -> list[str]:
        """Delete from a backup set's key file every case key whose id `doomed` picks, if this
        passphrase opens it (same salt); the ids removed, none for a set made under an earlier
        passphrase."""
        if not self.made_copy(set_dir):
            return []
        keys_file = str(_read_meta(set_dir).get("keys_file", ""))
        path = set_dir / keys_file
        if not keys_file.startswith("keys-") or "/" in keys_file or not path.is_file():
            return []
        conn = cipher.connect(path, _subkey(self._master_key(), "key-file"))
        try:
            ids = [str(r[0]) for r in conn.execute("SELECT case_id FROM case_key").fetchall()]
            gone = [c for c in ids if doomed(c)]
            for case_id in gone:
                conn.execute("DELETE FROM case_key WHERE case_id = ?", (case_id,))
            conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            conn.close()
        return gone

    def close(self) -> None:
        """Drop the key file connection and forget the master key."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._master = None

    @property
    def is_open(self) -> bool:
        return self._master is not None


def _create_key_file(path: Path, key: bytes) -> None:
    conn = cipher.connect(path, key, create=True)
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS case_key (case_id TEXT PRIMARY KEY, key BLOB NOT NULL, "
            "created_at TEXT NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
        )
    finally:
        conn.close()


def _meta_bytes(params: KdfParams, salt: bytes, master: bytes, keys_file: str) -> bytes:
    kdf: dict[str, object] = {"algorithm": "argon2id", **asdict(params), "salt": salt.hex()}
    meta = {
        "format": _FORMAT,
        "version": _VERSION,
        "kdf": kdf,
        "check": _check_value(master),
        "keys_file": keys_file,
    }
    return (json.dumps(meta, indent=2) + "\n").encode("utf-8")
