"""The recovery pass: run at unlock under the exclusive workspace lock (so nothing else is
half-way through an operation), it finishes or rolls back what a crash interrupted.

- Keys waiting in `pending_key` (a restore or a re-key cut short): a staged file that verifies
  with its new key is swapped in and its key made current; a live file that already opens with
  it keeps it; otherwise the new key is forgotten and the file keeps its old one.
- Intent records (`intents.py`): a case creation whose file never landed loses its key (no
  orphan key); an erase is finished (file, copies, backup copies, key); an anonymisation
  whose new file landed finishes erasing the old case, else its new key is dropped. A
  record is plain JSON anyone can write, so it is trusted with nothing: a case id must be
  32 hex digits, and the backup folders are the workspace's own registered ones, never a record's.
- Purges still owed to backup folders by earlier erases (`erasure.py`) are made in each one
  now reachable, and this workspace's partial sets there (a backup killed) are removed.
- Leftover temporary files and key files keystore.json does not name are removed, as are case
  locks whose process is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vcop_desktop.storage import erasure, intents
from vcop_desktop.storage.backup import verify_case_copy
from vcop_desktop.storage.fileops import fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.files import CASE_SUFFIX, CASES_DIR, MIGRATION_COPIES_DIR, case_path
from vcop_desktop.storage.keystore import Keystore
from vcop_desktop.storage.locks import holder_is_dead

#: Staged copy of a case file waiting to replace it (restore, re-key).
SWAP_SUFFIX = ".swap"


def staged_path(live: Path) -> Path:
    return live.with_name(f".{live.name}{SWAP_SUFFIX}")


@dataclass
class RecoveryReport:
    """What the pass did (ids and file names only)."""

    finished: list[str] = field(default_factory=list)
    rolled_back: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def did_anything(self) -> bool:
        return bool(self.finished or self.rolled_back or self.removed)


def recover(
    folder: Path,
    keystore: Keystore,
    backup_folders: Iterable[Path] | None,
    workspace_id: str = "",
) -> RecoveryReport:
    """Bring the workspace to a consistent state. Call only under the exclusive lock.

    `backup_folders` and `workspace_id` come from the workspace's settings; None when they
    cannot be read: then backup folders are left alone, purges stay owed, and an erase cut
    short waits (finishing it now would forget the folders it must reach)."""
    report = RecoveryReport()
    folders = list(backup_folders or ())
    _settle_pending_keys(folder, keystore, report)
    for record, data in intents.pending(folder):
        op = data.get("op")
        case_id = data.get("case_id")
        if not erasure.is_valid_case_id(case_id):
            pass  # damaged or planted: forgotten, and nothing done on its word
        elif op == "create":
            _finish_or_undo_create(folder, keystore, str(case_id), report)
        elif op == "erase":
            if backup_folders is None:
                continue  # kept for an unlock that can read the folder list
            finish_erase(folder, keystore, str(case_id), folders, workspace_id)
            report.finished.append(f"erase {case_id}")
        elif op == "anonymise":
            new_id = data.get("new_case_id")
            if not erasure.is_valid_case_id(new_id) or new_id == case_id:
                pass  # damaged or planted: nothing done on its word
            elif not _landed(folder, keystore, str(new_id)):
                _finish_or_undo_create(folder, keystore, str(new_id), report)
                report.rolled_back.append(f"anonymise {case_id}")
            elif backup_folders is None:
                continue  # the old case's erasure waits for the folder list, as an erase does
            else:
                finish_erase(folder, keystore, str(case_id), folders, workspace_id)
                report.finished.append(f"anonymise {case_id}")
        intents.end(record)
    report.removed += _sweep_temporary_files(folder)
    report.removed += keystore.remove_orphan_key_files()
    report.removed += erasure.purge_pending(keystore, workspace_id).removed
    report.removed += erasure.sweep_partial_sets(keystore, folders, workspace_id)
    return report


def _settle_pending_keys(folder: Path, keystore: Keystore, report: RecoveryReport) -> None:
    pending = keystore.pending_keys()
    if not pending:
        return
    promote: list[str] = []
    drop: list[str] = []
    for case_id, key in pending.items():
        live = case_path(folder, case_id)
        staged = staged_path(live)
        if staged.exists() and verify_case_copy(staged, key, case_id) is None:
            for item in sidecars(live):
                remove_quietly(item)
            staged.replace(live)
            fsync_dir(live.parent)
            promote.append(case_id)
        elif live.exists() and verify_case_copy(live, key, case_id) is None:
            promote.append(case_id)
        else:
            drop.append(case_id)
        for item in (staged, *sidecars(staged)):
            remove_quietly(item)
    keystore.settle_pending(promote, drop)
    report.finished += [f"key swap {c}" for c in promote]
    report.rolled_back += [f"key swap {c}" for c in drop]


def _landed(folder: Path, keystore: Keystore, case_id: str) -> bool:
    """True if a new case's file is in place and verifies with its key."""
    live = case_path(folder, case_id)
    key = keystore.case_key(case_id)
    return key is not None and live.exists() and verify_case_copy(live, key, case_id) is None


def _finish_or_undo_create(
    folder: Path, keystore: Keystore, case_id: str, report: RecoveryReport
) -> None:
    live = case_path(folder, case_id)
    key = keystore.case_key(case_id)
    if key is not None and live.exists() and verify_case_copy(live, key, case_id) is None:
        report.finished.append(f"create {case_id}")
        return
    if live.exists() and key is not None:
        return  # a file that does not verify is `check`'s to report, never ours to delete
    keystore.remove_case_key(case_id)
    for suffix in (".new", ".import", SWAP_SUFFIX):
        temp = live.with_name(f".{live.name}{suffix}")
        for item in (temp, *sidecars(temp)):
            remove_quietly(item)
    report.rolled_back.append(f"create {case_id}")


def finish_erase(
    folder: Path, keystore: Keystore, case_id: str, backups: list[Path], workspace_id: str
) -> erasure.Purge:
    """Every step of erasing a case; each may already be done (this finishes a crashed one).
    The case goes into the erased register first, owing a purge to every backup folder;
    the reachable ones are purged now, the rest when they can be reached."""
    erasure.record(keystore, case_id, backups)
    purge = erasure.purge_pending(keystore, workspace_id, wait=10.0)
    removed = purge.removed
    live = case_path(folder, case_id)
    for item in (live, *sidecars(live)):
        if remove_quietly(item):
            removed.append(item)
    for copy in (folder / MIGRATION_COPIES_DIR).glob(f"{case_id}.*"):
        if remove_quietly(copy):
            removed.append(copy)
    for suffix in (".new", ".import", SWAP_SUFFIX):
        temp = live.with_name(f".{live.name}{suffix}")
        for item in (temp, *sidecars(temp)):
            remove_quietly(item)
    keystore.remove_case_key(case_id)
    fsync_dir(live.parent)
    return purge


def _sweep_temporary_files(folder: Path) -> list[Path]:
    removed: list[Path] = []
    cases = folder / CASES_DIR
    candidates: list[Path] = []
    if cases.is_dir():
        # Names first (os.scandir): a Path for each of 10,000 case files cost 5 ms per unlock.
        with os.scandir(cases) as listing:
            for entry in listing:
                if entry.name.startswith(".") and entry.is_file():
                    # staged copies, lock temporaries: never a case file
                    candidates.append(cases / entry.name)
                elif entry.name.endswith(f"{CASE_SUFFIX}.lock") and _lock_is_dead(
                    cases / entry.name
                ):
                    candidates.append(cases / entry.name)
    candidates += [p for p in folder.glob(".*.tmp") if p.is_file()]
    candidates += [p for p in (folder / intents.INTENTS_DIR).glob(".*.tmp") if p.is_file()]
    for path in candidates:
        if remove_quietly(path):
            removed.append(path)
    return removed


def _lock_is_dead(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        with contextlib.suppress(OSError):
            return path.stat().st_size == 0
        return False
    return isinstance(data, dict) and holder_is_dead(data)
