"""Backup sets: SQLite's online backup API into a new folder, verified, then renamed into place.

A set is a folder `vcop-backup-<sequence>-<UTC time>-<random>` holding a copy of the keystore,
the key file and every case file, all still encrypted, the workspace's letter settings (sender
details, address book, template overrides: plain files with no case data in them), and
`manifest.json`. It is written under
a temporary name (`.partial-...`) and renamed only once the whole set has been verified (the
keystore, the key file, and every case copy opened with its key), so a set with the final name
is complete. Sets are ordered by their sequence number, never by the clock (a clock that was
once ahead must not make new sets look older). A lock file in the backup folder lets one
writer at a time in; rotation removes only older sets of the same workspace, each renamed to
`.deleting-...` first so a half-removed set can never look complete.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vcop_desktop import __version__
from vcop_desktop.storage import cipher, set_letters
from vcop_desktop.storage.errors import CaseFileError, StorageEnvironmentError
from vcop_desktop.storage.fileops import (
    atomic_write,
    copy_into,
    fsync_dir,
    make_private_dirs,
    remove_quietly,
    write_durably,
)
from vcop_desktop.storage.files import CASE_SUFFIX, CASES_DIR, KEYSTORE_FILE, LETTERS_DIR
from vcop_desktop.storage.rawfile import copy_checks_out, open_checked

if TYPE_CHECKING:
    from vcop_desktop.storage.keystore import Keystore

#: Where a set keeps the workspace's installed law updates (law.py's law/updates).
LAW_UPDATES_IN_SET = "law/updates"

SET_PREFIX = "vcop-backup-"
MANIFEST = "manifest.json"
_PARTIAL = ".partial-"
_DELETING = ".deleting-"
_FOLDER_LOCK = ".vcop-backup.lock"
_SEQUENCE = re.compile(r"vcop-backup-(\d{6,})-")


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What a backup did: the set written, cases copied, cases skipped and why, sets removed."""

    set_dir: Path
    copied: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    removed_sets: tuple[Path, ...] = field(default=())


def sequence_of(set_dir: Path) -> int:
    """A set's sequence number (0 for sets made before numbering)."""
    found = _SEQUENCE.match(set_dir.name)
    return int(found.group(1)) if found else 0


def backup_sets(folder: Path, *, complete_only: bool = True) -> list[Path]:
    """The backup sets in `folder`, oldest first (by sequence number)."""
    if not folder.is_dir():
        return []
    sets = [
        p
        for p in folder.iterdir()
        if p.is_dir()
        and p.name.startswith(SET_PREFIX)
        and (not complete_only or (p / MANIFEST).is_file())
    ]
    return sorted(sets, key=lambda p: (sequence_of(p), p.name))


def all_sets(folder: Path) -> list[Path]:
    """Every set-like folder in `folder`: complete sets, sets without a manifest, partial
    sets (`.partial-...`, left by a crash, possibly complete but not renamed) and
    half-removed ones (`.deleting-...`). Erasure must reach them all."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.name.startswith((SET_PREFIX, _PARTIAL, _DELETING)) and p.is_dir()
    )


#: The workspace id a partial set's name carries (`.partial-<id>-vcop-backup-...`), also
#: after `remove_set` renamed it to `.deleting-partial-<id>-...`.
_OWNER_IN_NAME = re.compile(r"(?:\.deleting-)?\.?partial-([0-9a-f]{16})-" + SET_PREFIX)


def set_owner(set_dir: Path) -> str | None:
    """The id of the workspace that made a set (from its name or its manifest); None if the
    set does not say (made before workspace ids, or cut short before its manifest)."""
    found = _OWNER_IN_NAME.match(set_dir.name)
    if found:
        return found.group(1)
    return read_workspace_id(set_dir) or None


def is_partial(set_dir: Path) -> bool:
    return set_dir.name.startswith((_PARTIAL, _DELETING))


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = 120.0) -> Iterator[None]:
    """One backup writer per backup folder (two workspaces, or two programs, may share one)."""
    fd = os.open(folder / _FOLDER_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "posix":
            import fcntl

            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                    if time.monotonic() > deadline:
                        raise StorageEnvironmentError(
                            f"Another backup is being written to {folder}; try again when it "
                            "has finished. Nothing was changed."
                        ) from None
                    time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def write_backup_set(
    keystore: Keystore,
    cases: Iterable[tuple[str, Path]],
    to: Path,
    keep: int,
    *,
    workspace_id: str = "",
    letters: Path | None = None,
    law_updates: Path | None = None,
) -> BackupReport:
    """Copy the keystore and every readable case into a new set in `to`, verify, rotate.

    A case that cannot be copied (unreadable, a bad page) is skipped and reported; the others
    are still backed up. `letters` is the workspace's letters folder, copied as it is;
    `law_updates` its installed law updates (each signed by the publisher: law.py), so a
    workspace rebuilt from the set works its dates out under the same law.
    """
    if keep < 1:
        raise StorageEnvironmentError("Keep at least one backup (--keep 1 or more).")
    with folder_lock(to):
        _remove_leftovers(to)
        sequence = max((sequence_of(p) for p in backup_sets(to, complete_only=False)), default=0)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"{SET_PREFIX}{sequence + 1:06d}-{stamp}-{secrets.token_hex(3)}"
        # The workspace id in the temporary name: a set cut short before its manifest can
        # still be told apart from other workspaces' (erasure, the sweep at unlock).
        owner = f"{workspace_id}-" if re.fullmatch(r"[0-9a-f]{16}", workspace_id) else ""
        partial = to / f"{_PARTIAL}{owner}{name}"
        partial.mkdir(mode=0o700)  # new, or the name is taken: never two writers in one set
        (partial / CASES_DIR).mkdir(mode=0o700)
        copied: list[str] = []
        skipped: list[tuple[str, str]] = []
        syncs = _Syncs()
        try:
            write_durably(partial / KEYSTORE_FILE, (keystore.folder / KEYSTORE_FILE).read_bytes())
            keystore.backup_key_file(partial / keystore.keys_path.name)
            letter_files = _copy_files(letters, partial / LETTERS_DIR)
            law_files = _copy_files(law_updates, partial / LAW_UPDATES_IN_SET)
            for case_id, problem in _copy_cases(keystore, cases, partial, syncs):
                if problem:
                    skipped.append((case_id, problem))
                else:
                    copied.append(case_id)
            manifest = {
                "format": "vcop-desktop backup",
                "version": 1,
                "app_version": __version__,
                "created": stamp,
                "sequence": sequence + 1,
                "workspace": workspace_id,
                "keys_file": keystore.keys_path.name,
                "cases": copied,
                "letters": letter_files,
                "letters_signature": set_letters.signature(
                    keystore.derived_key(set_letters.KEY_LABEL), letter_files
                ),
                "law_updates": law_files,
            }
            atomic_write(partial / MANIFEST, json.dumps(manifest, indent=2).encode())
            _verify_set(keystore, partial, copied, letter_files, law_files)
            syncs.wait(partial)
            fsync_dir(partial / CASES_DIR)
            fsync_dir(partial)
            set_dir = to / name
            partial.rename(set_dir)
            fsync_dir(to)
        except BaseException:
            remove_set(partial)
            raise
        removed = rotate(to, keep, workspace_id=workspace_id, current=set_dir)
    return BackupReport(set_dir, tuple(copied), tuple(skipped), tuple(removed))


class _Syncs:
    """The set's case copies, each fsynced once every copy is made and checked: one fsync per
    file (so the disk's refusal of any one is seen), on a few threads so that the disk's waits
    overlap (about 2 ms each, one after another, was most of a 1,000-case backup). Flushing
    alongside the copies and their checks slowed both (1,001 cases: 0.92 s, 0.80 s flushed
    after). `wait()` before the set is renamed into place."""

    def __init__(self) -> None:
        self._paths: list[Path] = []

    def add(self, path: Path) -> None:
        self._paths.append(path)  # from the copying threads: a list's append is atomic

    def wait(self, set_dir: Path) -> None:
        """Every copy on the disk, or the backup disk's trouble as a StorageEnvironmentError."""
        try:
            with ThreadPoolExecutor(max_workers=8, thread_name_prefix="backup-fsync") as pool:
                for _done in pool.map(cipher.fsync_file, self._paths):
                    pass
        except OSError as error:
            raise StorageEnvironmentError(
                f"Could not write the backup to {set_dir.parent}: "
                f"{_backup_disk_trouble(error)}. The case files are sound; no backup set was "
                "kept. Check the backup disk (its free space and its connection) and try again."
            ) from None


#: Cases copied and checked side by side: the driver lets go of Python's lock while SQLite
#: decrypts and checks a copy (1,001 cases: 0.92 s on two threads, 1.01 s on one).
_COPIERS = max(2, min(4, os.cpu_count() or 1))


def _copy_cases(
    keystore: Keystore, cases: Iterable[tuple[str, Path]], set_dir: Path, syncs: _Syncs
) -> Iterator[tuple[str, str | None]]:
    """Each case copied (`_copy_case`) and its copy checked (`_check_copy`), in the given
    order, a few at a time. The keys are read here, on the caller's thread: the keystore's
    connection stays on it. The first failure of the backup disk stops the rest and is raised.

    Every copy is queued before the first check, so the files are all made first and then
    checked (and flushed after that: `_Syncs`): making files while others were checked and
    flushed slowed both (1,001 cases: 1.16 s interleaved, 0.87 s in this order)."""
    todo = [(case_id, path, keystore.case_key(case_id)) for case_id, path in cases]
    with ThreadPoolExecutor(max_workers=_COPIERS, thread_name_prefix="backup-copy") as pool:
        copies = [
            pool.submit(_copy_case, key, case_id, path, set_dir) for case_id, path, key in todo
        ]
        # A check waits for its copy; the queue is first in, first out and every copy is
        # queued before any check, so a check never waits for a copy no thread has taken.
        checks = [
            pool.submit(_check_copy, copy, key, case_id, path, set_dir, syncs)
            for (case_id, path, key), copy in zip(todo, copies, strict=True)
        ]
        try:
            for (case_id, _path, _key), future in zip(todo, checks, strict=True):
                yield case_id, future.result()
        finally:
            for copy in copies:
                copy.cancel()
            for check in checks:
                check.cancel()


#: What `_copy_case` made of a case: None (copied), why the case file itself is skipped (a
#: str), or the error that stopped its copy.
_Copied = str | BaseException | None


def _copy_case(key: bytes | None, case_id: str, path: Path, set_dir: Path) -> _Copied:
    """Copy one case into the set (`_check_copy` then checks the copy)."""
    target = set_dir / CASES_DIR / f"{case_id}{CASE_SUFFIX}"
    if key is not None and cipher.no_wal_frames(path):
        # Every commit is in the file itself and nothing writes it (a set is written under
        # the workspace's exclusive lock): its bytes are the case, encrypted. They are copied
        # as `cp` would (a third of the time SQLite's backup takes to re-encrypt them), and
        # the copy is verified like any other.
        try:
            _copy_bytes(path, target)
        except OSError as error:
            return error
        return None
    try:
        with open_checked(path, key, live=False) as (source, _info):
            assert key is not None
            try:
                cipher.backup_into(source, target, cipher.key_pragma_value(key), sync=False)
            except (cipher.Error, OSError) as error:
                return error
    except CaseFileError as error:
        return error.problem
    return None


def _check_copy(
    copied: Future[_Copied],
    key: bytes | None,
    case_id: str,
    path: Path,
    set_dir: Path,
    syncs: _Syncs,
) -> str | None:
    """Verify one case's copy once it is made; None, or why the case was skipped.

    A case file that does not read is skipped (the others are still backed up). When the
    case file is sound but its copy failed (an I/O error, a full disk, a copy that does not
    read back), the backup disk is at fault: that stops the backup, saying so."""
    outcome = copied.result()
    if isinstance(outcome, str):
        return outcome
    assert key is not None  # a case without a key is skipped by `_copy_case`
    target = set_dir / CASES_DIR / f"{case_id}{CASE_SUFFIX}"
    failure = outcome
    try:
        if failure is not None:
            raise failure
        fine = copy_checks_out(target, key, case_id)
        problem = None if fine else verify_case_copy(target, key, case_id)
        if problem is None:
            syncs.add(target)
    except (cipher.Error, StorageEnvironmentError, OSError) as error:
        failure = error
        problem = f"it could not be read ({type(error).__name__}: {error})"
    if problem:
        for item in target.parent.glob(f"{target.name}*"):
            remove_quietly(item)
        damage = verify_case_copy(path, key, case_id)
        if damage:
            return damage
        raise StorageEnvironmentError(
            f"Could not write the backup to {set_dir.parent}: {_backup_disk_trouble(failure)}. "
            "The case files are sound; no backup set was kept. Check the backup disk (its "
            "free space and its connection) and try again."
        ) from None
    return None


def _copy_bytes(source: Path, target: Path) -> None:
    """A byte copy into a new file, private (0600) from its first byte."""
    with source.open("rb") as reading:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            copy_into(reading.fileno(), fd)
        finally:
            os.close(fd)


def _backup_disk_trouble(error: BaseException | None) -> str:
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "the backup disk is full"
        if error.errno == errno.EIO:
            return "the backup disk reported an input/output error"
        return f"the backup disk refused ({error.strerror or type(error).__name__})"
    text = str(error).lower()
    if "full" in text:
        return "the backup disk is full"
    if error is None:
        return "the copy written there did not read back as written"
    return "the backup disk reported an input/output error"


def _letter_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """The regular files under a letters folder, by their `/`-separated relative names;
    hidden files (an interrupted atomic write's temporary) and symbolic links are not ours."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        hidden = any(part.startswith(".") for part in relative.parts)
        if not hidden and path.is_file() and not path.is_symlink():
            yield relative.as_posix(), path


def _copy_files(source: Path | None, target: Path) -> dict[str, str]:
    """Copy a folder's files (letters settings, law updates) into a set; each file's name and
    SHA-256, to verify by."""
    copied: dict[str, str] = {}
    for name, path in _letter_files(source) if source is not None else ():
        data = path.read_bytes()
        make_private_dirs((target / name).parent)
        write_durably(target / name, data)
        copied[name] = hashlib.sha256(data).hexdigest()
    return copied


def _verify_set(
    keystore: Keystore,
    set_dir: Path,
    copied: list[str],
    letter_files: dict[str, str],
    law_files: dict[str, str] | None = None,
) -> None:
    """The whole set restorable: its keystore unlocks with this master key, every case copy
    listed is there and verifies, every letters file reads back as written, and nothing
    else is in it."""
    from vcop_desktop.storage.keystore import Keystore as _Keystore

    problem = _Keystore.verify_copy(keystore, set_dir)
    if problem is None:
        present = {p.name for p in (set_dir / CASES_DIR).iterdir()}
        expected = {f"{c}{CASE_SUFFIX}" for c in copied}
        if present != expected:
            problem = "the case copies in the set are not the ones listed"
    if problem is None:
        found = {
            name: hashlib.sha256(path.read_bytes()).hexdigest()
            for name, path in _letter_files(set_dir / LETTERS_DIR)
        }
        if found != letter_files:
            problem = "the copy of the letters folder does not read back as written"
    if problem is None and law_files:
        law_found = {
            name: hashlib.sha256(path.read_bytes()).hexdigest()
            for name, path in _letter_files(set_dir / LAW_UPDATES_IN_SET)
        }
        if law_found != law_files:
            problem = "the copy of the law updates does not read back as written"
    if problem:
        raise StorageEnvironmentError(
            f"The backup did not verify ({problem}); it was not kept. Check the backup disk."
        )


def verify_case_copy(path: Path, key: bytes, case_id: str) -> str | None:
    """None if the copy opens with its key, is ours, is the right case and passes
    `PRAGMA integrity_check`; else what is wrong."""
    try:
        with open_checked(path, key, live=False) as (conn, info):
            if info.case_id != case_id:
                return "it holds another case"
            return cipher.integrity_problem(conn)
    except CaseFileError as error:
        return error.problem
    except (cipher.Error, StorageEnvironmentError) as error:
        return str(error)


def read_workspace_id(set_dir: Path) -> str:
    try:
        data = json.loads((set_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    return str(data.get("workspace", "")) if isinstance(data, dict) else ""


def rotate(
    folder: Path, keep: int, *, workspace_id: str = "", current: Path | None = None
) -> list[Path]:
    """Remove this workspace's complete sets beyond the newest `keep` (by sequence number).

    Sets of other workspaces in the same folder are never touched. Call under the folder lock.
    """
    mine = [
        s for s in backup_sets(folder) if read_workspace_id(s) in (workspace_id, "")
    ]  # sets made before workspace ids are taken as this workspace's
    removed: list[Path] = []
    for old in mine[: max(0, len(mine) - keep)]:
        if old != current:
            remove_set(old)
            removed.append(old)
    return removed


def remove_set(set_dir: Path) -> None:
    """Rename first, then remove: a set half-removed by a crash never looks complete."""
    if not set_dir.exists():
        return
    grave = set_dir.with_name(f"{_DELETING}{set_dir.name.lstrip('.')}-{secrets.token_hex(2)}")
    try:
        set_dir.rename(grave)
    except OSError:
        grave = set_dir
    shutil.rmtree(grave, ignore_errors=True)


def _remove_leftovers(folder: Path) -> None:
    """Partial sets and half-deleted ones left by a crash (we hold the folder lock, so no
    other program is writing one), and sets missing their manifest (written before the
    temporary-name scheme)."""
    for path in folder.iterdir():
        leftover = path.name.startswith((_PARTIAL, _DELETING)) or (
            path.name.startswith(SET_PREFIX) and not (path / MANIFEST).exists()
        )
        if leftover and path.is_dir():
            remove_set(path)


def read_manifest(set_dir: Path) -> dict[str, object]:
    try:
        data = json.loads((set_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StorageEnvironmentError(
            f"{set_dir.name} is not a complete backup (it has no {MANIFEST}); choose another."
        ) from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise StorageEnvironmentError(f"The manifest of {set_dir.name} is damaged.") from None
    if not isinstance(data, dict) or data.get("format") != "vcop-desktop backup":
        raise StorageEnvironmentError(f"{set_dir.name} is not a VCOP Desktop backup.")
    return data


def restore_letters(
    set_dir: Path, workspace_letters: Path, key: bytes
) -> tuple[list[str], list[str]]:
    """Bring back the set's letters files that the workspace no longer has; a file the
    workspace still has is never overwritten (it may be newer). Only a signed list's files
    come back, each checked (set_letters.py; `key` is the set's signing key). Returns
    (restored, kept): the files copied in, and those left as they are because the
    workspace's copy differs."""
    found = dict(_letter_files(set_dir / LETTERS_DIR))
    contents = set_letters.verified(set_dir.name, read_manifest(set_dir), key, found)
    restored: list[str] = []
    kept: list[str] = []
    for name, data in contents.items():
        target = workspace_letters / name
        if target.exists():
            if target.read_bytes() != data:
                kept.append(name)
            continue
        make_private_dirs(target.parent)
        atomic_write(target, data)
        restored.append(name)
    return restored, kept
