"""Raw SQLCipher connections: one place that knows how a key is given and which pragmas we set.

Every database we write is opened here (the ORM engine in `casefile.py` included), so the
security settings are the same everywhere: raw 256-bit keys (no key derivation per file), WAL,
`synchronous=FULL`, temporary tables in memory, deleted content overwritten.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import sqlcipher3

KEY_BYTES = 32
#: The SQLCipher 4 page size; an encrypted file is always a whole number of pages.
PAGE_SIZE = 4096
_SQLITE_MAGIC = b"SQLite format 3\x00"

Error: type[Exception] = sqlcipher3.Error
DatabaseError: type[Exception] = sqlcipher3.DatabaseError
OperationalError: type[Exception] = sqlcipher3.OperationalError
Connection = Any  # sqlcipher3 ships no type information

_quiet_lock = threading.Lock()
_quiet = False


def key_pragma_value(key: bytes) -> str:
    """The literal for `PRAGMA key`: SQLCipher's raw-key form `"x'<64 hex digits>'"`."""
    if len(key) != KEY_BYTES:
        raise ValueError("a case key is 32 bytes")
    return f"\"x'{key.hex()}'\""


def _silence_library_log() -> None:
    # SQLCipher logs decryption failures on stderr; the app reports them itself, in one line.
    global _quiet
    with _quiet_lock:
        if not _quiet:
            conn = sqlcipher3.connect(":memory:")
            try:
                conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
            finally:
                conn.close()
            _quiet = True


def connect_raw(
    path: Path,
    *,
    readonly: bool = False,
    create: bool = False,
    live: bool = False,
    immutable: bool | None = None,
) -> Connection:
    """A connection with no key yet (the SQLAlchemy dialect sets the key itself).

    `create=False` never creates a file; `readonly=True` never writes one. `live=True` says
    another program may be writing the file now: it is then read with SQLite's locking, never
    as `immutable` (which would let a concurrent checkpoint look like damage). `immutable`:
    `reads_immutable` for these arguments, when the caller has worked it out already.
    """
    _silence_library_log()
    mode = "ro" if readonly else ("rwc" if create else "rw")
    # absolute(), not resolve(): SQLite follows links itself, and resolve's lstat of every
    # folder on the way was a tenth of checking a backup's copy of a small case.
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    if immutable is None:
        immutable = reads_immutable(path, readonly=readonly, live=live)
    if immutable:
        uri += "&immutable=1"
    conn = sqlcipher3.connect(
        uri, uri=True, check_same_thread=False, isolation_level=None, timeout=10.0
    )
    # Never run functions named in a file's schema (views, triggers): files may come from
    # outside (handover), and ours need none.
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def reads_immutable(path: Path, *, readonly: bool, live: bool) -> bool:
    """Whether a connection with these arguments reads the file as `immutable`: read-only,
    nobody else writing it, and no WAL (or an empty one), so every commit is in the main
    file. It is then read without -wal/-shm files, so a look at a file leaves its folder as
    it was, and works on a disk too full to make them."""
    return readonly and not live and no_wal_frames(path)


def no_wal_frames(path: Path) -> bool:
    """True when every commit of the file is in the file itself (no WAL, or an empty one)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True


def apply_settings(conn: Connection, *, readonly: bool = False, immutable: bool = False) -> None:
    """Pragmas every connection gets once its key is set and checked (an `immutable` one
    neither writes nor locks: it has no foreign keys to enforce and no lock to wait for)."""
    conn.execute("PRAGMA temp_store = MEMORY")
    if immutable:
        return
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if not readonly:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("PRAGMA synchronous = FULL")


def connect(
    path: Path,
    key: bytes | str,
    *,
    readonly: bool = False,
    create: bool = False,
    live: bool = False,
    immutable: bool | None = None,
) -> Connection:
    """A keyed connection whose key has been checked by reading the schema.

    `key` is a raw 32-byte key, or (for handover files) a passphrase string. `immutable`:
    see `connect_raw` (True only for a file this process wrote and nothing else writes).
    Raises `DatabaseError` (wrong key, not a database) or `OperationalError` (cannot open) from
    the driver; callers turn these into messages naming the file.
    """
    literal = passphrase_literal(key) if isinstance(key, str) else key_pragma_value(key)
    if immutable is None:
        immutable = reads_immutable(path, readonly=readonly, live=live)
    conn = connect_raw(path, readonly=readonly, create=create, live=live, immutable=immutable)
    try:
        conn.execute(f"PRAGMA key = {literal}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        apply_settings(conn, readonly=readonly, immutable=immutable)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_memory() -> Connection:
    """A database held in memory only (never on disk, so it needs no key): for derived data
    when the disk cannot be written."""
    _silence_library_log()
    conn = sqlcipher3.connect(":memory:", check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def looks_like_plain_sqlite(path: Path) -> bool:
    """An unencrypted SQLite file starts with a readable magic string; ours never do."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def integrity_problem(conn: Connection) -> str | None:
    """None when `PRAGMA integrity_check` says ok, else its first complaint."""
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first


def checkpoint(conn: Connection) -> None:
    """Fold the WAL into the main file so a byte copy or a replace sees every commit."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def backup_into(
    source: Connection, target_path: Path, key_literal: str, *, sync: bool = True
) -> None:
    """Copy a keyed database into a new file with SQLite's online backup API.

    `key_literal` is a ready `PRAGMA key` value: a raw key, or a quoted passphrase (handover).
    The copy is re-encrypted page by page; nothing is written in the clear.
    The target is a new file nobody trusts until its caller has verified it, so SQLite does
    not sync while writing it (its journal and the switch out of WAL cost about six fsyncs a
    file); the finished file is fsynced once before this returns, or with `sync=False` by the
    caller (a backup set syncs its copies while it writes the next ones).
    """
    target = connect_raw(target_path, create=True)
    try:
        target.execute(f"PRAGMA key = {key_literal}")
        target.execute("PRAGMA synchronous = OFF")
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        target.close()
    if sync:
        fsync_file(target_path)


def fsync_file(path: Path) -> None:
    """Flush a file's contents to the disk (its folder's entry is the caller's to sync)."""
    fd = os.open(path, os.O_RDWR)  # Windows fsyncs only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def passphrase_literal(passphrase: str) -> str:
    """`PRAGMA key` value for a passphrase (SQLCipher's own PBKDF2-HMAC-SHA512 derivation)."""
    if not passphrase:
        raise ValueError("empty passphrase")
    return "'" + passphrase.replace("'", "''") + "'"
