"""Backup and restore: a verified backup set written, cases and letters files restored."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vcop_desktop.errors import UserError
from vcop_desktop.storage import backup as backups
from vcop_desktop.storage import cipher, erasure, intents, recovery
from vcop_desktop.storage.backup import BackupReport
from vcop_desktop.storage.errors import (
    StorageEnvironmentError,
    WrongPassphraseError,
    environment_error,
    user_errors,
)
from vcop_desktop.storage.fileops import fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.files import CASE_SUFFIX, CASES_DIR, LETTERS_DIR
from vcop_desktop.storage.keystore import Keystore
from vcop_desktop.storage.law import updates_dir
from vcop_desktop.storage.locks import CaseLock
from vcop_desktop.storage.rawfile import open_raw
from vcop_desktop.storage.workspace_core import why_failed
from vcop_desktop.storage.workspace_index import IndexedWorkspace


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """A restore: the case ids restored, erased cases the set still held (left out), and
    cases its manifest lists but whose copies are missing from it (not restored)."""

    restored: tuple[str, ...]
    erased_left_out: int = 0
    missing: tuple[str, ...] = ()


class BackupJobs(IndexedWorkspace):
    """Verified backup sets (backup.py) made and restored, all or nothing."""

    @user_errors
    def backup(self, to: Path, keep: int = 7) -> BackupReport:
        """A verified backup set in `to`, keeping the newest `keep` sets there. A case that
        cannot be copied is skipped and listed in the report; the others are backed up."""
        self.refuse_managed_target(to, "--to")
        with self._exclusive():
            self._keystore.ensure_current()
            try:
                to.mkdir(parents=True, exist_ok=True, mode=0o700)
                settings = self._settings()
                resolved = str(to.resolve())
                if resolved not in settings.backup_folders:
                    settings.backup_folders.append(resolved)
                    self._save_settings(settings)
                # Copies of cases erased while this folder was away go first.
                erasure.purge_pending(
                    self._keystore, self._workspace_id(), only=Path(resolved), wait=120.0
                )
                return backups.write_backup_set(
                    self._keystore,
                    sorted(self._case_files().items()),
                    to,
                    keep,
                    workspace_id=self._workspace_id(),
                    letters=self.folder / LETTERS_DIR,
                    law_updates=updates_dir(self.folder),
                )
            except OSError as error:
                raise environment_error(error, f"write the backup to {to}") from None

    @user_errors
    def restore_law_updates(self, backup_set: Path) -> list[str]:
        """The set's law updates this workspace neither has nor rolled back (law.py), brought
        back; the rules are reloaded with them on next use. Returns their file names."""
        from vcop_desktop.storage import law

        with self._exclusive():
            brought = law.restore_updates(self.folder, backup_set, self.actor)
        if brought:
            self._rulebook = None
            self._fingerprint = None  # the index is refilled under the restored law
        return brought

    @user_errors
    def restore(
        self,
        backup_set: Path,
        *,
        passphrase: str,
        cases: Sequence[str] = (),
    ) -> RestoreReport:
        """Restore cases (all, or those named) from a backup set, all or nothing: every lock is
        taken and every file copied and verified before the first one is swapped in, and a
        crash during the swap is finished by the next unlock. The backup is only read.

        A case erased from this workspace never comes back (the erased register): named, it is
        refused; in a restore of all, it is left out. A copy the manifest lists but the set
        lacks is reported as missing."""
        if not backup_set.is_dir():
            raise StorageEnvironmentError(f"{backup_set} is not a backup folder.")
        manifest = backups.read_manifest(backup_set)
        listed = manifest.get("cases")
        ids = [str(c) for c in (listed if isinstance(listed, list) else [])]
        listed_ids = [c for c in ids if erasure.is_valid_case_id(c)]
        erased = {c for c in [*listed_ids, *cases] if erasure.is_erased(self._keystore, c)}
        present = {
            c for c in listed_ids if (backup_set / CASES_DIR / f"{c}{CASE_SUFFIX}").is_file()
        }
        for case_id in cases:
            if case_id in erased:
                raise UserError(
                    f"Case {case_id} was erased from this workspace, and an erased case is "
                    "never restored. Nothing was restored."
                )
            if case_id not in listed_ids:
                raise UserError(f"The backup {backup_set.name} does not hold case {case_id}.")
            if case_id not in present:
                raise UserError(
                    f"The copy of case {case_id} is missing from the backup {backup_set.name} "
                    "(its manifest lists it). Nothing was restored; try another backup."
                )
        wanted = list(cases) or [c for c in listed_ids if c in present and c not in erased]
        missing = tuple(c for c in listed_ids if c not in present and c not in erased)
        try:
            source_keys = Keystore.unlock(backup_set, passphrase, readonly=True)
        except WrongPassphraseError:
            raise WrongPassphraseError(
                f"Wrong passphrase for the backup {backup_set.name} (it is the passphrase the "
                "workspace had when the backup was made). Nothing was restored."
            ) from None
        try:
            plan: list[tuple[str, Path, bytes]] = []
            for case_id in wanted:
                source = backup_set / CASES_DIR / f"{case_id}{CASE_SUFFIX}"
                key = source_keys.case_key(case_id)
                if key is None:
                    raise UserError(f"The backup's keystore holds no key for case {case_id}.")
                problem = backups.verify_case_copy(source, key, case_id)
                if problem:
                    raise UserError(
                        f"The backup copy of {source.name} failed its check ({problem}); "
                        "nothing was restored. Try an older backup."
                    )
                plan.append((case_id, source, key))
        finally:
            source_keys.close()
        with self._exclusive():
            self._keystore.ensure_current()
            self._swap_in(plan)
        for case_id, _source, _key in plan:
            self._refresh_entry(case_id)
        return RestoreReport(
            tuple(case_id for case_id, _source, _key in plan),
            erased_left_out=0 if cases else sum(1 for c in listed_ids if c in erased),
            missing=() if cases else missing,
        )

    @user_errors
    def restore_letters(
        self, backup_set: Path, passphrase: str | None = None
    ) -> tuple[list[str], list[str]]:
        """The backup's letters files (sender details, address book, templates) that this
        workspace is missing, copied back; the workspace's own files are never overwritten.
        Only files the set's signed manifest lists come back, each checked; the signature is
        checked with the key of the passphrase the set was made under (`passphrase`, not
        needed for a set made since the last passphrase change). Returns (restored, kept
        because the workspace's copy differs)."""
        from vcop_desktop.storage.set_letters import KEY_LABEL

        backups.read_manifest(backup_set)
        if self._keystore.made_copy(backup_set):
            key = self._keystore.derived_key(KEY_LABEL)
        elif passphrase is None:
            raise UserError(
                f"The backup {backup_set.name} was made under another passphrase: give it to "
                "check its letter settings. Nothing was restored."
            )
        else:
            source_keys = Keystore.unlock(backup_set, passphrase, readonly=True)
            try:
                key = source_keys.derived_key(KEY_LABEL)
            finally:
                source_keys.close()
        try:
            return backups.restore_letters(backup_set, self.folder / LETTERS_DIR, key)
        except OSError as error:
            raise environment_error(error, "restore the letters folder") from None

    def _swap_in(self, plan: list[tuple[str, Path, bytes]]) -> None:
        """Lock, stage and verify every file, then record the new keys as pending, swap the
        files in and make the keys current. Call under the exclusive lock."""
        locks: list[CaseLock] = []
        staged: list[Path] = []
        # Each file is staged under a new key: a backup made before a passphrase change must
        # not bring back a key that the old passphrase (with an old key file) still opens.
        new_keys = {case_id: secrets.token_bytes(cipher.KEY_BYTES) for case_id, _s, _k in plan}
        try:
            for case_id, _source, _key in plan:
                locks.append(CaseLock.acquire(self._case_path(case_id), self._code_for(case_id)))
            for case_id, source, key in plan:
                temp = recovery.staged_path(self._case_path(case_id))
                staged.append(temp)
                with open_raw(source, key, readonly=True) as conn:
                    cipher.backup_into(conn, temp, cipher.key_pragma_value(new_keys[case_id]))
                problem = backups.verify_case_copy(temp, new_keys[case_id], case_id)
                if problem:
                    raise StorageEnvironmentError(
                        f"The copy of case file {case_id} did not verify ({problem}); nothing "
                        "was restored."
                    )
        except BaseException as error:
            for temp in staged:
                for item in (temp, *sidecars(temp)):
                    remove_quietly(item)
            for lock in locks:
                lock.release()
            if isinstance(error, OSError):
                raise environment_error(error, "restore the case files") from None
            raise
        try:
            record = intents.begin(self.folder, "restore", cases=[c for c, _s, _k in plan])
            self._keystore.set_pending(new_keys)
            for (case_id, _source, _key), temp in zip(plan, staged, strict=True):
                target = self._case_path(case_id)
                self._idx().mark_dirty(case_id)
                for item in sidecars(target):
                    remove_quietly(item)
                temp.replace(target)
            fsync_dir(self._case_path(plan[0][0]).parent) if plan else None
            self._keystore.settle_pending([c for c, _s, _k in plan], [])
            intents.end(record)
        except OSError as error:
            # Pending keys and staged files stay: the next unlock finishes the swap.
            raise StorageEnvironmentError(
                f"Restoring stopped part-way ({why_failed(error)}). Unlock the workspace again to "
                "finish it; no case is lost."
            ) from None
        finally:
            for lock in locks:
                lock.release()
