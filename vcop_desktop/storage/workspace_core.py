"""The workspace's core: opening it (one Argon2id derivation, then the recovery pass), its
keys, settings, paths, locks and rules. Every job (workspace_*.py) builds on it; none of it
loads the ORM.
"""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Self

from vcop_desktop import __version__
from vcop_desktop.domain.calendar import WorkingCalendar
from vcop_desktop.domain.events import Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.retention import DEFAULT_YEARS, years_problem
from vcop_desktop.errors import UserError
from vcop_desktop.storage import cipher, recovery
from vcop_desktop.storage.errors import StorageEnvironmentError, environment_error, user_errors
from vcop_desktop.storage.fileops import atomic_write
from vcop_desktop.storage.files import (
    CASE_SUFFIX,
    CASES_DIR,
    MIGRATION_COPIES_DIR,
    SETTINGS_FILE,
    case_path,
)
from vcop_desktop.storage.index import WorkspaceIndex
from vcop_desktop.storage.keystore import KdfParams, Keystore
from vcop_desktop.storage.locks import WorkspaceLock
from vcop_desktop.storage.unlock import unlock_keystore

if TYPE_CHECKING:
    from vcop_desktop.domain.rules import RuleBook


@dataclass(slots=True)
class _Settings:
    backup_folders: list[str] = field(default_factory=list)
    workspace_id: str = ""
    #: Closed cases are reviewed this many years after closure (workspace_retention.py).
    retention_years: int = DEFAULT_YEARS


class WorkspaceCore:
    """An unlocked workspace: its folder, keys, settings, locks and rules. The jobs
    (workspace_*.py) build on it; `Workspace` (workspace.py) gathers them."""

    def __init__(
        self,
        folder: Path,
        keystore: Keystore,
        *,
        actor: str | None = None,
        rulebook: RuleBook | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> None:
        self.folder = folder
        self._keystore = keystore
        self.actor = actor or _default_actor()
        self._rulebook = rulebook
        self._calendar = calendar or WorkingCalendar()
        self._index: WorkspaceIndex | None = None
        self._fingerprint: str | None = None
        self._lock = WorkspaceLock(folder)
        self.recovered: recovery.RecoveryReport | None = None

    @classmethod
    @user_errors
    def create(
        cls,
        folder: Path,
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
        actor: str | None = None,
        rulebook: RuleBook | None = None,
    ) -> Self:
        """Make a new, empty workspace in `folder` (created if needed; must hold none yet)."""
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            (folder / CASES_DIR).mkdir(exist_ok=True, mode=0o700)
            with contextlib.suppress(OSError):
                folder.chmod(0o700)  # readable by the user alone (the profile ACL on Windows)
        except OSError as error:
            raise environment_error(error, f"create the workspace folder {folder}") from None
        keystore = Keystore.create(folder, passphrase, kdf)
        workspace = cls(folder, keystore, actor=actor, rulebook=rulebook)
        try:
            workspace._save_settings(_Settings())
        except OSError as error:
            raise environment_error(error, "create the workspace") from None
        return workspace

    @classmethod
    @user_errors
    def open(
        cls,
        folder: Path,
        passphrase: str,
        *,
        actor: str | None = None,
        rulebook: RuleBook | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> Self:
        """Unlock an existing workspace (one Argon2id derivation). Changes no case file."""
        keystore = unlock_keystore(folder, passphrase)
        return cls.open_unlocked(keystore, actor=actor, rulebook=rulebook, calendar=calendar)

    @classmethod
    @user_errors
    def open_unlocked(
        cls,
        keystore: Keystore,
        *,
        actor: str | None = None,
        rulebook: RuleBook | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> Self:
        """`open`'s second half, from `unlock.unlock_keystore`'s key: finish or roll back what
        a crash interrupted. The keystore is closed if this fails."""
        workspace = cls(
            keystore.folder, keystore, actor=actor, rulebook=rulebook, calendar=calendar
        )
        try:
            workspace.recover()
        except BaseException:
            workspace.close()
            raise
        return workspace

    def recover(self) -> recovery.RecoveryReport | None:
        """Finish or roll back what a crash interrupted, if no other program is using the
        workspace now (otherwise the next unlock does it). Never needs a human step."""
        if not _writable(self.folder):
            return None  # a read-only workspace: nothing can have been left half-done by us
        with self._lock.try_exclusive() as alone:
            if not alone:
                return None
            try:
                try:
                    settings: _Settings | None = self._settings()
                except StorageEnvironmentError:
                    settings = None
                self.recovered = recovery.recover(
                    self.folder,
                    self._keystore,
                    [Path(f) for f in settings.backup_folders] if settings else None,
                    settings.workspace_id if settings else "",
                )
            except (OSError, cipher.Error, StorageEnvironmentError):
                # A full or failing disk: still let the user in to read; the next unlock
                # tries again (every step of the pass can be repeated).
                return None
            if self._keystore.rewrap_to is not None:
                self._keystore.change_passphrase(self._keystore.rewrap_to)
                self._keystore.rewrap_to = None
            if self.recovered.did_anything and self._index is not None:
                self._index.close()
                self._index = None
        return self.recovered

    def shared_lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold the workspace's shared lock (case writes): a passphrase change, backup,
        restore, handover or erase by another program waits until it is released."""
        return self._lock.shared()

    def _exclusive(self) -> contextlib.AbstractContextManager[None]:
        return self._lock.exclusive()

    def _readable_settings(self) -> _Settings:
        """The settings, or none (no folders, no id) when workspace.json cannot be read:
        for the recovery pass, which must still let the user in."""
        try:
            return self._settings()
        except StorageEnvironmentError:
            return _Settings()

    def close(self) -> None:
        """Forget every key (idle lock and exit)."""
        if self._index is not None:
            self._index.close()
            self._index = None
        self._keystore.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def unlock_seconds(self) -> float:
        """How long the Argon2id derivation took when this workspace was unlocked."""
        return self._keystore.unlock_seconds

    @property
    def kdf(self) -> KdfParams:
        return self._keystore.params

    def _settings(self) -> _Settings:
        path = self.folder / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _Settings()
        except OSError as error:
            raise environment_error(error, f"read {SETTINGS_FILE}") from None
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise StorageEnvironmentError(
                f"{SETTINGS_FILE} in {self.folder} is damaged (it is not a settings file). "
                "Restore it from a backup, or delete it to forget the registered backup folders."
            )
        folders = data.get("backup_folders")
        years = data.get("retention_years", DEFAULT_YEARS)
        return _Settings(
            backup_folders=[str(f) for f in folders] if isinstance(folders, list) else [],
            workspace_id=str(data.get("id", "")),
            retention_years=DEFAULT_YEARS if years_problem(years) else int(years),
        )

    def _workspace_id(self) -> str:
        """A random id naming this workspace in its backup sets (so rotation in a folder
        shared by several workspaces only removes this one's sets)."""
        settings = self._settings()
        if not settings.workspace_id:
            settings.workspace_id = secrets.token_hex(8)
            self._save_settings(settings)
        return settings.workspace_id

    def _save_settings(self, settings: _Settings) -> None:
        data = {
            "format": "vcop-desktop workspace",
            "version": 1,
            "id": settings.workspace_id or secrets.token_hex(8),
            "backup_folders": settings.backup_folders,
            "retention_years": settings.retention_years,
        }
        atomic_write(self.folder / SETTINGS_FILE, (json.dumps(data, indent=2) + "\n").encode())

    def _case_path(self, case_id: str) -> Path:
        return case_path(self.folder, case_id)

    def _copies_dir(self) -> Path:
        return self.folder / MIGRATION_COPIES_DIR

    def _cases_folder(self) -> Path:
        """The cases folder, or the plain message that it is missing."""
        folder = self.folder / CASES_DIR
        if not folder.is_dir():
            raise StorageEnvironmentError(
                f"The {CASES_DIR} folder is missing from the workspace {self.folder}. Restore "
                "the workspace from a backup."
            )
        return folder

    def _case_files(self) -> dict[str, Path]:
        folder = self._cases_folder()
        return {
            p.name[: -len(CASE_SUFFIX)]: p
            for p in folder.iterdir()
            if p.name.endswith(CASE_SUFFIX) and not p.name.startswith(".")
        }

    def refuse_managed_target(self, target: Path, option: str) -> None:
        """`--out`, `-o`, `--to` must not write into the workspace or over a file it manages."""
        try:
            resolved = target.resolve()
            inside = resolved == self.folder.resolve() or resolved.is_relative_to(
                self.folder.resolve()
            )
        except OSError:
            return
        if inside:
            raise UserError(
                f"{option} {target}: that is inside the workspace folder, whose files the app "
                "manages. Choose a folder outside it. Nothing was written."
            )

    @property
    def calendar(self) -> WorkingCalendar:
        """The working days cases are counted in (bank holidays and the closure days)."""
        return self._calendar

    def configure(
        self, *, rulebook: RuleBook | None = None, calendar: WorkingCalendar | None = None
    ) -> None:
        """Judge cases by other rules (an organisation's packs) or closure days from now on.

        The index notices the new fingerprint and refills itself on its next read.
        """
        if rulebook is not None:
            self._rulebook = rulebook
        if calendar is not None:
            self._calendar = calendar
        self._fingerprint = None

    def rulebook(self) -> RuleBook:
        if self._rulebook is None:
            from vcop_desktop.storage.law import workspace_rulebook

            self._rulebook = workspace_rulebook(self.folder)  # with installed law updates
        return self._rulebook

    def evaluate(self, scenario: Scenario, today: date) -> Evaluation:
        """The engine's verdict on `scenario` with this workspace's rules and calendar."""
        from vcop_desktop.domain.engine import evaluate

        return evaluate(scenario, today, self.rulebook(), self._calendar)

    def _rules_fingerprint(self) -> str:
        """Changes when the rules, the calendar or the app change: the index is then refilled."""
        if self._fingerprint is None:
            book = self.rulebook()
            parts = [__version__]
            # The full rules, so an edited limit in an organisation's pack refills the index.
            parts += sorted(_canonical(p.rules) for p in book.packs)
            parts += sorted(f"{p.id}@{p.in_force_from}:{p.in_force_until}" for p in book.packs)
            parts += sorted(book.duty_ids)
            parts += sorted(d.isoformat() for d in self._calendar.extra_closures)
            self._fingerprint = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        return self._fingerprint


def _canonical(value: object) -> str:
    """A text that is the same in every process for equal rules (`repr` of a frozenset is
    not: string hashing is randomised per process, which would refill the index every start)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(
            f"{f.name}={_canonical(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
            if f.repr
        )
        return f"{type(value).__name__}({fields})"
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_canonical(v) for v in value) + "]"
    if isinstance(value, Mapping):
        items = sorted((_canonical(k), _canonical(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    return repr(value)


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "advocate"


def _writable(folder: Path) -> bool:

    return os.access(folder, os.W_OK)


def why_failed(error: OSError) -> str:
    """What the system said went wrong, for a message."""
    return error.strerror or type(error).__name__


#: What evaluating impossible case data raises (ScenarioError is a ValueError): that case's
#: problem, never a crash for every case.
CANNOT_EVALUATE = (ValueError, OverflowError, ArithmeticError)


#: Verdicts on a case file that another program writing it at that moment can cause: looked
#: at again before they are reported.
TRANSIENT_KINDS = frozenset({"damaged", "unreadable", "truncated", "empty", "busy"})
