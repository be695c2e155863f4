"""Backup sets: SQLite's online backup API into a dated folder, verified, rotated.

A set is a folder `vcop-backup-<UTC time>-<random>` holding a copy of the keystore, the key
file and every case file, all still encrypted; `manifest.json` is written last, after every
copy has been verified, so a set without one is incomplete and is never restored from.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from vcop_desktop import __version__
from vcop_desktop.storage import cipher
from vcop_desktop.storage.casefile import open_raw, probe
from vcop_desktop.storage.errors import CaseFileError, StorageEnvironmentError
from vcop_desktop.storage.fileops import atomic_write, fsync_dir
from vcop_desktop.storage.files import CASE_SUFFIX, CASES_DIR, KEYSTORE_FILE
from vcop_desktop.storage.keystore import Keystore

SET_PREFIX = "vcop-backup-"
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What a backup did: the set written, cases copied, cases skipped and why, sets removed."""

    set_dir: Path
    copied: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    removed_sets: tuple[Path, ...] = field(default=())


def backup_sets(folder: Path, *, complete_only: bool = True) -> list[Path]:
    """The backup sets in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    sets = [
        p
        for p in folder.iterdir()
        if p.is_dir()
        and p.name.startswith(SET_PREFIX)
        and (not complete_only or (p / MANIFEST).is_file())
    ]
    return sorted(sets, key=lambda p: p.name)


def write_backup_set(
    keystore: Keystore,
    cases: Iterable[tuple[str, Path]],
    to: Path,
    keep: int,
) -> BackupReport:
    """Copy the keystore and every readable case into a new set in `to`, verify, rotate."""
    if keep < 1:
        raise StorageEnvironmentError("Keep at least one backup (--keep 1 or more).")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")  # sorts in time order
    set_dir = to / f"{SET_PREFIX}{stamp}-{secrets.token_hex(3)}"
    (set_dir / CASES_DIR).mkdir(parents=True)
    copied: list[str] = []
    skipped: list[tuple[str, str]] = []
    try:
        shutil.copyfile(keystore.folder / KEYSTORE_FILE, set_dir / KEYSTORE_FILE)
        keystore.backup_key_file(set_dir / keystore.keys_path.name)
        for case_id, path in cases:
            key = keystore.case_key(case_id)
            try:
                probe(path, key)
            except CaseFileError as error:
                skipped.append((case_id, error.problem))
                continue
            assert key is not None
            target = set_dir / CASES_DIR / f"{case_id}{CASE_SUFFIX}"
            with open_raw(path, key, readonly=True) as source:
                cipher.backup_into(source, target, cipher.key_pragma_value(key))
            problem = verify_case_copy(target, key, case_id)
            if problem:
                raise StorageEnvironmentError(
                    f"The backup copy of case file {path.name} did not verify ({problem}); "
                    "the backup was abandoned. Check the backup disk."
                )
            copied.append(case_id)
        manifest = {
            "format": "vcop-desktop backup",
            "version": 1,
            "app_version": __version__,
            "created": stamp,
            "keys_file": keystore.keys_path.name,
            "cases": copied,
        }
        atomic_write(set_dir / MANIFEST, json.dumps(manifest, indent=2).encode())
        fsync_dir(set_dir)
    except BaseException:
        shutil.rmtree(set_dir, ignore_errors=True)
        raise
    removed = rotate(to, keep, current=set_dir)
    return BackupReport(set_dir, tuple(copied), tuple(skipped), tuple(removed))


def verify_case_copy(path: Path, key: bytes, case_id: str) -> str | None:
    """None if the copy opens with its key, is ours, is the right case and passes
    `PRAGMA integrity_check`; else what is wrong."""
    try:
        info = probe(path, key)
        if info.case_id != case_id:
            return "it holds another case"
        with open_raw(path, key, readonly=True) as conn:
            return cipher.integrity_problem(conn)
    except CaseFileError as error:
        return error.problem
    except cipher.Error as error:
        return str(error)


def rotate(folder: Path, keep: int, *, current: Path | None = None) -> list[Path]:
    """Delete the oldest complete sets beyond `keep`, and incomplete ones left by a crash."""
    removed: list[Path] = []
    for incomplete in set(backup_sets(folder, complete_only=False)) - set(backup_sets(folder)):
        if incomplete != current:
            shutil.rmtree(incomplete, ignore_errors=True)
            removed.append(incomplete)
    complete = backup_sets(folder)
    for old in complete[: max(0, len(complete) - keep)]:
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def read_manifest(set_dir: Path) -> dict[str, object]:
    try:
        data = json.loads((set_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StorageEnvironmentError(
            f"{set_dir.name} is not a complete backup (it has no {MANIFEST}); choose another."
        ) from None
    except (OSError, ValueError):
        raise StorageEnvironmentError(f"The manifest of {set_dir.name} is damaged.") from None
    if not isinstance(data, dict) or data.get("format") != "vcop-desktop backup":
        raise StorageEnvironmentError(f"{set_dir.name} is not a VCOP Desktop backup.")
    return data


def erase_from_sets(folders: Iterable[Path], case_id: str) -> list[Path]:
    """Remove a case's copies from every set in the given backup folders."""
    removed: list[Path] = []
    for folder in folders:
        for set_dir in backup_sets(folder, complete_only=False):
            for path in (set_dir / CASES_DIR).glob(f"{case_id}{CASE_SUFFIX}*"):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed
