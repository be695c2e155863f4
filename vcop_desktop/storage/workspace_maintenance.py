"""Maintenance: checking every case file (`check`) and erasing a case (`erase_case`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from vcop_desktop.storage import cipher, erasure, intents, recovery
from vcop_desktop.storage.errors import (
    CaseFileError,
    CaseInUseError,
    StorageEnvironmentError,
    user_errors,
)
from vcop_desktop.storage.files import CASE_SUFFIX
from vcop_desktop.storage.locks import CaseLock
from vcop_desktop.storage.rawfile import open_raw, probe
from vcop_desktop.storage.workspace_core import TRANSIENT_KINDS
from vcop_desktop.storage.workspace_index import IndexedWorkspace


@dataclass(frozen=True, slots=True)
class FileCheck:
    """The verdict on one case file."""

    case_id: str
    file_name: str
    ok: bool
    kind: str = "ok"
    problem: str = ""
    version: str = ""
    case_code: str = ""


@dataclass(frozen=True, slots=True)
class CheckReport:
    files: tuple[FileCheck, ...]
    keystore_ok: bool
    index_rebuilt: bool
    #: Backup folders still holding copies of erased cases (not reachable now): purged
    #: when they are, at unlock, backup or check.
    erasures_owed: tuple[Path, ...] = ()

    @property
    @user_errors
    def ok(self) -> bool:
        return self.keystore_ok and all(f.ok for f in self.files)


@dataclass(frozen=True, slots=True)
class ErasureReport:
    case_id: str
    case_code: str
    removed: tuple[Path, ...]
    backup_copies_removed: int
    #: Registered backup folders that could not be reached (a drive not plugged in, or busy):
    #: copies there are erased when they can be (at unlock, backup or check).
    unreachable_backup_folders: tuple[Path, ...] = ()


class Maintenance(IndexedWorkspace):
    """Checking every file, and erasing a case everywhere it is kept."""

    @user_errors
    def check(self) -> CheckReport:
        """Open every case file read-only: key, format, version, `PRAGMA integrity_check`.

        Another program may be writing a case meanwhile: files are read with SQLite's locking
        (never `immutable`), and a problem is reported only once a second look confirms it.
        """
        with self._lock.shared():
            self._keystore.ensure_current()
            return self._check_locked()

    def _check_locked(self) -> CheckReport:
        results: list[FileCheck] = []
        files = self._case_files()
        codes = {row.case_id: row.case_code for row in self._idx().summaries()}
        for case_id, path in sorted(files.items()):
            results.append(self._check_file(case_id, path, codes.get(case_id, "")))
        for case_id in sorted(set(self._keystore.case_ids()) - set(files)):
            results.append(
                FileCheck(
                    case_id,
                    f"{case_id}{CASE_SUFFIX}",
                    False,
                    "missing",
                    "the case file is missing; restore it from a backup",
                )
            )
        keystore_ok = self._keystore.integrity_ok()
        settings = self._readable_settings()
        owed = erasure.purge_pending(self._keystore, settings.workspace_id, wait=10.0).waiting
        index_was_rebuilt = self._idx().rebuilt
        if not self._idx().integrity_ok():
            self.rebuild_index()
            index_was_rebuilt = True
        self.refresh_index()
        return CheckReport(tuple(results), keystore_ok, index_was_rebuilt, tuple(owed))

    def _check_file(self, case_id: str, path: Path, code: str) -> FileCheck:
        verdict = self._check_once(case_id, path, code, live=False)
        for attempt in range(5):
            if verdict.ok or verdict.kind not in TRANSIENT_KINDS:
                break
            # Confirm before reporting: holding the case's lock, nobody can be writing it, so
            # a second look is authoritative. If a writer holds it, look again with SQLite's
            # own locking (its -wal and -shm files exist anyway) after a moment.
            try:
                with CaseLock.acquire(path, code or case_id):
                    return self._check_once(case_id, path, code, live=False)
            except CaseInUseError:
                time.sleep(0.05 * (attempt + 1))
                verdict = self._check_once(case_id, path, code, live=True)
            except StorageEnvironmentError:
                break  # a read-only folder: nobody writes there, the first look stands
        return verdict

    def _check_once(self, case_id: str, path: Path, code: str, *, live: bool) -> FileCheck:
        if path.is_dir():
            return FileCheck(
                case_id, path.name, False, "not_ours", "this is a folder named like a case file"
            )
        key = self._keystore.case_key(case_id)
        try:
            info = probe(path, key, live=live)
            assert key is not None
            with open_raw(path, key, readonly=True, live=live) as conn:
                problem = cipher.integrity_problem(conn)
        except CaseFileError as error:
            if error.kind == "no_key":
                return FileCheck(
                    case_id,
                    path.name,
                    False,
                    "damaged",
                    "its key is gone from the key file, so it cannot be opened; restore it "
                    "from a backup",
                )
            return FileCheck(case_id, path.name, False, error.kind, error.problem)
        except StorageEnvironmentError as error:
            return FileCheck(case_id, path.name, False, "busy", str(error))
        except cipher.OperationalError as error:
            return FileCheck(case_id, path.name, False, "busy", str(error))
        except cipher.Error as error:
            return FileCheck(case_id, path.name, False, "damaged", str(error))
        if problem:
            return FileCheck(case_id, path.name, False, "damaged", problem, str(info.version))
        return FileCheck(case_id, path.name, True, version=str(info.version), case_code=code)

    @user_errors
    def erase_case(self, case: str) -> ErasureReport:
        """Delete a case: its file, its lock, migration copies, its copies (and key) in managed
        backup folders, its key and its index entry. An intent record makes a crash half-way
        finish at the next unlock, so a half-erased case can never come back."""
        case_id = self.resolve(case)
        code = self._code_for(case_id)
        path = self._case_path(case_id)
        try:
            settings = self._settings()
        except StorageEnvironmentError as error:
            # Without the list of backup folders, copies there would be forgotten.
            raise StorageEnvironmentError(
                f"Not erased: {error} The list of backup folders is in it, and erasing must "
                "reach every copy of the case."
            ) from None
        folders = [Path(f) for f in settings.backup_folders]
        with self._exclusive():
            self._keystore.ensure_current()
            with CaseLock.acquire(path, code) as lock:
                record = intents.begin(self.folder, "erase", case_id=case_id)
                purge = recovery.finish_erase(
                    self.folder, self._keystore, case_id, folders, self._workspace_id()
                )
                self._idx().remove(case_id)
                lock.release()
                intents.end(record)
        from_backups = [p for p in purge.removed if not p.is_relative_to(self.folder)]
        return ErasureReport(
            case_id, code, tuple(purge.removed), len(from_backups), tuple(purge.waiting)
        )
