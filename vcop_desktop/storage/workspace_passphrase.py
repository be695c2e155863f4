"""The passphrase change: every case file re-keyed, then the keys wrapped under the new one."""

from __future__ import annotations

import contextlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from vcop_desktop.storage import backup as backups
from vcop_desktop.storage import cipher, intents, recovery
from vcop_desktop.storage.errors import CaseFileError, StorageEnvironmentError, user_errors
from vcop_desktop.storage.fileops import fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.files import INDEX_FILE
from vcop_desktop.storage.keystore import KdfParams
from vcop_desktop.storage.locks import CaseLock
from vcop_desktop.storage.rawfile import open_raw, probe
from vcop_desktop.storage.workspace_index import IndexedWorkspace


@dataclass(frozen=True, slots=True)
class KeptOldKey:
    """A damaged case file that a passphrase change could not re-key: it keeps its old key."""

    case_id: str
    file_name: str
    case_code: str
    problem: str


@dataclass(frozen=True, slots=True)
class PassphraseReport:
    """A passphrase change: how many case files got new keys, how long it took, and the
    damaged files that keep their old key (restore or erase each)."""

    rekeyed: int
    seconds: float
    kept_old_key: tuple[KeptOldKey, ...] = ()


class PassphraseChange(IndexedWorkspace):
    """A new passphrase, and a new key for every case file."""

    @user_errors
    def change_passphrase(
        self, new_passphrase: str, kdf: KdfParams | None = None
    ) -> PassphraseReport:
        """Give every case file a new key (copied page by page under it, verified, swapped in)
        and re-wrap the keys under a new passphrase: the old passphrase with an old backup
        of the key file then opens none of today's case files. Refused, with nothing changed,
        while any case is open in another program."""
        started = time.perf_counter()
        with self._exclusive():
            self._keystore.ensure_current()
            files = self._case_files()
            known = set(self._keystore.case_ids())
            locks: list[CaseLock] = []
            codes = {c: self._code_for(c) for c in sorted(set(files) & known)}
            try:
                for case_id, code in codes.items():
                    locks.append(CaseLock.acquire(files[case_id], code))
                record = intents.begin(self.folder, "passwd")
                rekeyed, damaged = self._rekey({c: files[c] for c in sorted(set(files) & known)})
                if self._index is not None:
                    self._index.close()
                    self._index = None
                for path in (self.folder / INDEX_FILE, *sidecars(self.folder / INDEX_FILE)):
                    remove_quietly(path)
                self._keystore.forget_index_key()
                self._keystore.change_passphrase(new_passphrase, kdf)
                intents.end(record)
            finally:
                for lock in locks:
                    lock.release()
        kept = tuple(KeptOldKey(c, files[c].name, codes[c], why) for c, why in damaged.items())
        return PassphraseReport(rekeyed, time.perf_counter() - started, kept)

    def _rekey(self, files: dict[str, Path]) -> tuple[int, dict[str, str]]:
        """New keys for `files`: (how many were re-keyed, and the damaged ones that keep
        their old key, with what is wrong with each)."""
        new_keys = {c: secrets.token_bytes(cipher.KEY_BYTES) for c in files}
        self._keystore.set_pending(new_keys)
        done: list[str] = []
        skipped: dict[str, str] = {}
        try:
            self._rekey_files(files, new_keys, done, skipped)
        except BaseException:
            # Files already swapped keep their new keys; the rest keep their old ones.
            with contextlib.suppress(Exception):
                self._keystore.settle_pending(done, [c for c in files if c not in done])
            raise
        if files:
            fsync_dir(next(iter(files.values())).parent)
        self._keystore.settle_pending(done, list(skipped))
        return len(done), skipped

    def _rekey_files(
        self,
        files: dict[str, Path],
        new_keys: dict[str, bytes],
        done: list[str],
        skipped: dict[str, str],
    ) -> None:
        """Re-key each file. A damaged one (it does not open, or fails its check) keeps its
        old key and is listed in `skipped`: one bad file must not block the others."""
        for case_id, path in files.items():
            old = self._keystore.case_key(case_id)
            temp = recovery.staged_path(path)
            try:
                probe(path, old)
            except CaseFileError as error:
                skipped[case_id] = error.problem
                continue
            assert old is not None
            try:
                with open_raw(path, old, readonly=True, live=True) as conn:
                    cipher.backup_into(conn, temp, cipher.key_pragma_value(new_keys[case_id]))
                problem = backups.verify_case_copy(temp, new_keys[case_id], case_id)
            except cipher.Error as error:
                problem = str(error)
            if problem:
                for item in (temp, *sidecars(temp)):
                    remove_quietly(item)
                damage = backups.verify_case_copy(path, old, case_id)
                if damage:
                    skipped[case_id] = damage
                    continue
                raise StorageEnvironmentError(
                    f"The re-keyed copy of case file {case_id} did not verify ({problem}); the "
                    "passphrase was not changed. Check the disk."
                )
            for item in sidecars(path):
                remove_quietly(item)
            temp.replace(path)
            done.append(case_id)
