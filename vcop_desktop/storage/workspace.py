"""The workspace service: what the GUI and the command line call.

A `Workspace` is an unlocked folder: it creates, lists, opens and erases cases, answers the
dashboard from the encrypted index, checks every file, makes and restores backups, and hands
cases over between workspaces. `open_case()` returns a `CaseHandle` (case.py): one case open
for writing, every change one transaction with its audit row, refreshing its index entry.

Methods that change something return what changed, so a view can refresh only that.
"""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import hashlib
import json
import re
import secrets
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vcop_desktop import __version__
from vcop_desktop.domain.calendar import WorkingCalendar
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import Event, Scenario
from vcop_desktop.domain.obligations import Evaluation, Obligation
from vcop_desktop.domain.scenario import (
    check_references,
    parse_scenario,
    scenario_to_dict,
)
from vcop_desktop.domain.untrusted import EARLIEST_YEAR, LATEST_YEAR
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.errors import UserError
from vcop_desktop.storage import backup as backups
from vcop_desktop.storage import cipher, erasure, intents, recovery
from vcop_desktop.storage.backup import BackupReport
from vcop_desktop.storage.case import CaseHandle, fields_json, read_case, read_case_raw
from vcop_desktop.storage.casefile import CaseFile, open_raw, probe, utc_now
from vcop_desktop.storage.errors import (
    CaseFileError,
    CaseInUseError,
    StorageEnvironmentError,
    WrongPassphraseError,
    cannot_write,
    environment_error,
    sqlite_environment_message,
    user_errors,
)
from vcop_desktop.storage.fileops import atomic_write, fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.files import (
    CASE_SUFFIX,
    CASES_DIR,
    INDEX_FILE,
    LETTERS_DIR,
    MIGRATION_COPIES_DIR,
    SETTINGS_FILE,
    case_path,
)
from vcop_desktop.storage.index import (
    ReportCase,
    ReportRow,
    SummaryRow,
    WorkspaceIndex,
    file_signature,
    obligation_report_rows,
)
from vcop_desktop.storage.keystore import KdfParams, Keystore, keystore_exists
from vcop_desktop.storage.locks import CaseLock, WorkspaceLock
from vcop_desktop.storage.models import (
    CaseEvent,
    CaseRecord,
    Victim,
)

if TYPE_CHECKING:
    from vcop_desktop.domain.rules import RuleBook
    from vcop_desktop.storage.demo import DemoCase


_CASE_CODE_COUNTER = "case_code"
_CASE_ID = re.compile(r"[0-9a-f]{32}")
_TRANSFER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


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


def generate_transfer_passphrase() -> str:
    """A one-time handover passphrase: 5 groups of 5 unambiguous characters (125 bits)."""
    chars = [secrets.choice(_TRANSFER_ALPHABET) for _ in range(25)]
    return "-".join("".join(chars[i : i + 5]) for i in range(0, 25, 5))


# -- results ---------------------------------------------------------------------------------


#: One case as lists show it: the index's summary row is exactly that.
CaseSummary = SummaryRow


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the dashboard: an outstanding obligation and the case it belongs to."""

    case_id: str
    case_code: str
    obligation: Obligation

    @user_errors
    def to_dict(self) -> dict[str, object]:
        return {"case_id": self.case_id, "case_code": self.case_code, **self.obligation.to_dict()}


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Open obligations overdue or due within `within_days` of `today`, soonest first, and the
    case files that could not be read (reported, left untouched)."""

    today: date
    within_days: int
    items: tuple[DueItem, ...]
    problems: tuple[CaseFileError, ...] = ()


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


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """A restore: the case ids restored, erased cases the set still held (left out), and
    cases its manifest lists but whose copies are missing from it (not restored)."""

    restored: tuple[str, ...]
    erased_left_out: int = 0
    missing: tuple[str, ...] = ()


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


@dataclass(slots=True)
class _Settings:
    backup_folders: list[str] = field(default_factory=list)
    workspace_id: str = ""


# -- the workspace ---------------------------------------------------------------------------


class Workspace:
    """An unlocked workspace. Use as a context manager, or call `close()` to drop the keys."""

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

    # -- lifecycle -----------------------------------------------------------------------------

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
    ) -> Workspace:
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
    ) -> Workspace:
        """Unlock an existing workspace (one Argon2id derivation). Changes no case file."""
        if not keystore_exists(folder):
            raise StorageEnvironmentError(
                f"There is no workspace in {folder}: run 'vcop-desktop init --workspace "
                f"{folder}' first, or choose the right folder."
            )
        lock = WorkspaceLock(folder)
        with lock.shared():
            keystore = Keystore.unlock(folder, passphrase)
        workspace = cls(folder, keystore, actor=actor, rulebook=rulebook, calendar=calendar)
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

    def __enter__(self) -> Workspace:
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

    # -- settings and paths --------------------------------------------------------------------

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
        return _Settings(
            backup_folders=[str(f) for f in folders] if isinstance(folders, list) else [],
            workspace_id=str(data.get("id", "")),
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
        }
        atomic_write(self.folder / SETTINGS_FILE, (json.dumps(data, indent=2) + "\n").encode())

    def _case_path(self, case_id: str) -> Path:
        return case_path(self.folder, case_id)

    def _copies_dir(self) -> Path:
        return self.folder / MIGRATION_COPIES_DIR

    def _case_files(self) -> dict[str, Path]:
        folder = self.folder / CASES_DIR
        if not folder.is_dir():
            raise StorageEnvironmentError(
                f"The {CASES_DIR} folder is missing from the workspace {self.folder}. Restore "
                "the workspace from a backup."
            )
        return {
            p.name[: -len(CASE_SUFFIX)]: p
            for p in folder.iterdir()
            if p.name.endswith(CASE_SUFFIX) and not p.name.startswith(".")
        }

    # -- the engine ----------------------------------------------------------------------------

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

    # -- the index -----------------------------------------------------------------------------

    def _idx(self) -> WorkspaceIndex:
        if self._index is None:
            try:
                self._index = WorkspaceIndex(self.folder / INDEX_FILE, self._keystore.index_key())
            except cipher.OperationalError as error:
                if not cannot_write(error):
                    raise
                self._index = WorkspaceIndex.in_memory()  # see `refresh_index`
        return self._index

    def mark_index_dirty(self, case_id: str) -> None:
        """A case is about to change (CaseHandle): its entry is stale until stored again."""
        self._idx().mark_dirty(case_id)

    def store_index_entry(
        self, summary: SummaryRow, evaluation: Evaluation, signature: str
    ) -> None:
        """One case's index entry as read and evaluated now, under the current fingerprint."""
        self._idx().store(
            summary,
            evaluation.obligations,
            self._rules_fingerprint(),
            signature,
            enhanced=evaluation.enhanced,
        )

    def _refresh_entry(self, case_id: str) -> None:
        """Re-read one case file (read-only) into the index."""
        path = self._case_path(case_id)
        if path.is_dir():
            raise CaseFileError(path, "not_ours", "this is a folder named like a case file")
        signature = file_signature(path)
        key = self._keystore.case_key(case_id)
        probe(path, key)  # names the problem (damaged, too new, not ours...) and changes nothing
        assert key is not None
        summary, scenario = read_case_raw(path, key, case_id)
        try:
            evaluation = self.evaluate(scenario, date.today())
        except _CANNOT_EVALUATE as error:
            # One case's impossible data is that case's problem, never everyone's.
            raise CaseFileError(
                path,
                "cannot_evaluate",
                f"its duties cannot be worked out ({type(error).__name__}); correct the "
                "case's dates and numbers",
            ) from None
        self.store_index_entry(summary, evaluation, signature)

    @user_errors
    def refresh_index(self) -> tuple[CaseFileError, ...]:
        """Bring the index up to date with the case files; return files that cannot be read."""
        try:
            with self._lock.shared():
                self._keystore.ensure_current()
                return self._refresh_index()
        except cipher.OperationalError as error:
            if not cannot_write(error) or self._index is None or self._index.path is None:
                raise
            # The disk cannot take the index's changes now (full, failing): the index is only
            # derived data, so read on from one held in memory, filled from the case files.
            self._index.close()
            self._index = WorkspaceIndex.in_memory()
            with self._lock.shared():
                return self._refresh_index()
        except cipher.DatabaseError:
            return self.rebuild_index()  # the index itself is damaged: it is only derived data

    def _refresh_index(self) -> tuple[CaseFileError, ...]:
        index = self._idx()
        files = self._case_files()
        fresh = index.fresh_signatures(self._rules_fingerprint())
        for gone in index.all_ids() - set(files):
            index.remove(gone)
        problems: list[CaseFileError] = []
        stale = [c for c, path in files.items() if fresh.get(c) != file_signature(path)]
        if not stale:
            return ()
        known = index.all_ids()
        with index.batch():
            for case_id in sorted(stale):
                try:
                    self._refresh_entry_confirmed(case_id)
                except CaseFileError as error:
                    problems.append(error)
                    if case_id in known:
                        index.remove(case_id)
                index.checkpoint_batch()
        return tuple(problems)

    def _refresh_entry_confirmed(self, case_id: str) -> None:
        """`_refresh_entry`, but a file that looks damaged while another program may be
        writing it is looked at again (under its lock if free) before it is reported."""
        for attempt in range(4):
            try:
                self._refresh_entry(case_id)
                return
            except CaseFileError as error:
                if error.kind not in _TRANSIENT_KINDS or attempt == 3:
                    raise
                path = self._case_path(case_id)
                try:
                    with CaseLock.acquire(path, case_id):
                        self._refresh_entry(case_id)  # nobody writes it now: this look decides
                        return
                except CaseInUseError:
                    time.sleep(0.05 * (attempt + 1))
                except StorageEnvironmentError:
                    raise error from None

    @user_errors
    def rebuild_index(self) -> tuple[CaseFileError, ...]:
        """Throw the index away and refill it from every case file."""
        if self._index is not None:
            self._index.close()
            self._index = None
        for path in (self.folder / INDEX_FILE, *sidecars(self.folder / INDEX_FILE)):
            remove_quietly(path)
        return self._refresh_index()

    # -- cases ---------------------------------------------------------------------------------

    @user_errors
    def list_cases(self) -> list[CaseSummary]:
        """Every readable case, by case code (from the index, refreshed first)."""
        self.refresh_index()
        return self._idx().summaries()

    @user_errors
    def problems(self) -> tuple[CaseFileError, ...]:
        """Case files that cannot be read, each reported by name."""
        return self.refresh_index()

    @user_errors
    def resolve(self, case: str) -> str:
        """A case id from a case id or a case code (as users type them)."""
        if _CASE_ID.fullmatch(case) and self._case_path(case).is_file():
            return case
        for attempt in range(2):
            if attempt:
                self.refresh_index()  # a case added by another program since
            found = self._idx().summaries(case_code=case)
            if found:
                return found[0].case_id
        raise UserError(f"There is no case {case!r} in this workspace. 'due' lists case codes.")

    @user_errors
    def create_case(
        self,
        *,
        victim_name: str,
        crime_reference: str | None = None,
        offence: str | None = None,
        offence_date: date | None = None,
        victim_dob: date | None = None,
        flags: Sequence[str] = (),
        events: Sequence[Event] = (),
        victim: Mapping[str, Any] | None = None,
        case: Mapping[str, Any] | None = None,
        opened_on: date | None = None,
        action: str = "case created",
    ) -> CaseSummary:
        """Create a case file (with any initial events) in one transaction."""
        unknown = [f for f in flags if f not in FLAGS]
        if unknown:
            raise UserError(f"Unknown case flag {unknown[0]!r}; flags are: {', '.join(FLAGS)}.")
        check_references(tuple(events), self.rulebook().duty_ids)
        _check_texts(victim_name, crime_reference, offence, victim, case)
        opened = opened_on or date.today()
        _check_year("the offence date", offence_date)
        _check_year("the date of birth", victim_dob)
        _check_year("the opening date", opened)
        for event in events:
            _check_year(f"the date of event {event.id}", event.date)
        self._check_evaluates(events, offence_date, victim_dob, flags)
        with self._lock.shared():
            self._keystore.ensure_current()
            return self._create_case_locked(
                victim_name=victim_name,
                crime_reference=crime_reference,
                offence=offence,
                offence_date=offence_date,
                victim_dob=victim_dob,
                flags=flags,
                events=events,
                victim=victim,
                case=case,
                opened=opened,
                action=action,
            )

    def _check_evaluates(
        self,
        events: Sequence[Event],
        offence_date: date | None,
        victim_dob: date | None,
        flags: Sequence[str],
    ) -> None:
        """Refuse a case the engine cannot work out, before anything is written."""
        from vcop_desktop.domain.events import CaseFacts

        scenario = Scenario(
            case=CaseFacts(
                offence_date=offence_date, victim_dob=victim_dob, flags=frozenset(flags)
            ),
            events=tuple(sorted(events, key=lambda e: e.position)),
        )
        try:
            self.evaluate(scenario, date.today())
        except _CANNOT_EVALUATE as error:
            raise UserError(
                f"The case's duties cannot be worked out ({type(error).__name__}): check its "
                "dates and numbers. Nothing was saved."
            ) from None

    def _create_case_locked(
        self,
        *,
        victim_name: str,
        crime_reference: str | None,
        offence: str | None,
        offence_date: date | None,
        victim_dob: date | None,
        flags: Sequence[str],
        events: Sequence[Event],
        victim: Mapping[str, Any] | None,
        case: Mapping[str, Any] | None,
        opened: date,
        action: str,
    ) -> CaseSummary:
        case_id = uuid.uuid4().hex
        code = self._fresh_code()
        try:
            record = CaseRecord(
                case_code=code,
                crime_reference=crime_reference,
                offence=offence,
                offence_date=offence_date,
                flags=[f for f in FLAGS if f in set(flags)],
                opened_on=opened,
                **dict(case or {}),
            )
            person = Victim(name=victim_name, date_of_birth=victim_dob, **dict(victim or {}))
        except TypeError as error:
            raise UserError(f"Unknown case or victim detail: {error}") from None
        now = utc_now()
        rows = (  # made one at a time as they are written
            CaseEvent(
                event_id=e.id,
                type=e.type,
                date=e.date,
                fields=fields_json(e),
                position=i,
                recorded_by=self.actor,
                recorded_at=now,
            )
            for i, e in enumerate(sorted(events, key=lambda e: e.position))
        )
        path = self._case_path(case_id)
        record_path = intents.begin(self.folder, "create", case_id=case_id)
        key = self._keystore.add_case_key(case_id)
        try:
            CaseFile.create(
                path,
                key,
                case_id,
                actor=self.actor,
                record=record,
                victim=person,
                events=rows,
                action=action,
            )
            self._refresh_entry(case_id)
        except BaseException:
            self._undo_create(case_id)
            intents.end(record_path)
            raise
        intents.end(record_path)
        return self._summary_of(case_id)

    def _undo_create(self, case_id: str) -> None:
        """A failed creation or import leaves nothing: no file, no key, no index entry."""
        path = self._case_path(case_id)
        for item in (path, *sidecars(path)):
            remove_quietly(item)
        with contextlib.suppress(Exception):
            self._keystore.remove_case_key(case_id)
        with contextlib.suppress(Exception):
            self._idx().remove(case_id)

    @user_errors
    def add_demo_cases(
        self, count: int, *, seed: int = 0, today: date | None = None
    ) -> list[CaseSummary]:
        """`count` synthetic cases (obviously fake people); deterministic for a seed and day."""
        from vcop_desktop.storage.demo import demo_cases

        if count < 0:
            raise UserError("--cases must be 0 or more.")
        cases = demo_cases(count, seed, today or date.today(), self.rulebook().duty_ids)
        return [self.add_demo_case(case) for case in cases]

    def add_demo_case(
        self,
        case: DemoCase,
        *,
        events: Sequence[Event] | None = None,
        action: str = "demo case created",
    ) -> CaseSummary:
        """Store one synthetic case (with other `events` than its own, for benchmarks)."""
        history = case.events if events is None else events
        return self.create_case(
            victim_name=case.victim_name,
            crime_reference=case.crime_reference,
            offence=case.offence,
            offence_date=case.offence_date,
            victim_dob=case.victim_dob,
            flags=case.flags,
            events=history,
            victim=case.victim,
            case=case.case,
            opened_on=history[0].date,
            action=action,
        )

    def _fresh_code(self) -> str:
        """The next case code (VC-<year>-<number>) not already used in this workspace."""
        while True:
            number = self._keystore.next_number(_CASE_CODE_COUNTER)
            code = f"VC-{date.today().year}-{number:04d}"
            if not self._idx().summaries(case_code=code):
                return code

    def _summary_of(self, case_id: str) -> CaseSummary:
        for row in self._idx().summaries(case_id=case_id):
            return row
        raise UserError(f"There is no case {case_id} in this workspace.")

    @user_errors
    def open_case(self, case: str) -> CaseHandle:
        """Open a case for reading and writing; it stays locked until `close()`."""
        case_id = self.resolve(case)
        path = self._case_path(case_id)
        code = self._code_for(case_id)
        with self._lock.shared():  # the case lock is never taken while passwd/restore runs
            self._keystore.ensure_current()
            file = CaseFile.open(
                path, self._keystore.case_key(case_id), label=code, copies_dir=self._copies_dir()
            )
        return CaseHandle(self, file, code)

    def _code_for(self, case_id: str) -> str:
        for row in self._idx().summaries(case_id=case_id):
            return row.case_code
        return case_id

    @contextlib.contextmanager
    def _reading(self, case: str) -> Iterator[CaseFile]:
        case_id = self.resolve(case)
        with CaseFile.open(
            self._case_path(case_id),
            self._keystore.case_key(case_id),
            label=case_id,
            copies_dir=self._copies_dir(),
            readonly=True,
        ) as file:
            yield file

    @user_errors
    def scenario(self, case: str) -> Scenario:
        with self._reading(case) as file:
            return read_case(file)[1]

    @user_errors
    def obligations(self, case: str, today: date | None = None) -> Evaluation:
        """The engine's verdict on one case (read-only: no lock needed)."""
        return self.evaluate(self.scenario(case), today or date.today())

    # -- scenarios -----------------------------------------------------------------------------

    @user_errors
    def import_scenario(self, data: object, *, source: str = "scenario") -> CaseSummary:
        """A new case from the scenario JSON contract (victim_name and crime_reference kept)."""
        try:
            scenario = parse_scenario(data, self.rulebook().duty_ids)
        except ScenarioError as error:
            raise UserError(f"{source}: {error}") from None
        except (TypeError, KeyError, AttributeError):
            # The parser's own checks missed a shape (a list where a name belongs, say).
            raise UserError(
                f"{source}: not a valid scenario (a value has the wrong kind); see "
                "scenario-format.md"
            ) from None
        facts = scenario.case
        return self.create_case(
            victim_name=facts.victim_name or "",
            crime_reference=facts.crime_reference,
            offence_date=facts.offence_date,
            victim_dob=facts.victim_dob,
            flags=sorted(facts.flags),
            events=scenario.events,
            action="case imported from a scenario file",
        )

    @user_errors
    def export_scenario(self, case: str) -> dict[str, object]:
        return scenario_to_dict(self.scenario(case))

    # -- the dashboard -------------------------------------------------------------------------

    @user_errors
    def dashboard(self, within_days: int = 14, today: date | None = None) -> Dashboard:
        """Every outstanding obligation in open cases, overdue or due within `within_days`,
        soonest first. Files that cannot be read are reported, not fatal."""
        if within_days < 0:
            raise UserError("--within must be 0 or more days.")
        today = today or date.today()
        problems = self.refresh_index()
        limit = date.fromordinal(today.toordinal() + within_days)
        book = self.rulebook()  # the index keeps no pending changes or pack versions
        items = tuple(
            DueItem(c, k, book.with_law(o)) for c, k, o in self._idx().due_by(limit, today)
        )
        return Dashboard(today, within_days, items, problems)

    @user_errors
    def report_rows(
        self,
        start: date,
        end: date,
        *,
        victim: bool | None = None,
        refresh: bool = True,
        as_of: date | None = None,
    ) -> tuple[dict[str, ReportCase], list[ReportRow], tuple[CaseFileError, ...]]:
        """Every obligation placed in [start, end] and each case's report facts, for
        compliance reports, from the index (refreshed first unless the caller just did);
        and the case files that could not be read (see `WorkspaceIndex.report_rows`).

        The index holds each case as its events stand now. A report judged `as_of` a past
        day re-reads only the cases with events after that day, and evaluates them on their
        events up to that day: what was owed then, not what later events made of it.
        """
        problems = self.refresh_index() if refresh else ()
        index = self._idx()
        cases, rows = index.report_rows(start, end, victim=victim)
        if as_of is not None and as_of < date.today():
            redone: list[ReportRow] = []
            reread: set[str] = set()
            with self._lock.shared():
                for case_id in sorted(index.cases_with_events_after(as_of)):
                    try:
                        redone += self._report_rows_as_of(case_id, as_of, start, end, victim)
                    except (CaseFileError, *_CANNOT_EVALUATE):
                        continue  # keep its index rows: the refresh reports its problem
                    reread.add(case_id)
            rows = [r for r in rows if r[0] not in reread] + redone
        return cases, rows, problems

    def _report_rows_as_of(
        self, case_id: str, day: date, start: date, end: date, victim: bool | None
    ) -> list[ReportRow]:
        key = self._keystore.case_key(case_id)
        if key is None:
            raise CaseFileError(self._case_path(case_id), "no_key", "its key is missing")
        summary, scenario = read_case_raw(self._case_path(case_id), key, case_id)
        then = dataclasses.replace(
            scenario, events=tuple(e for e in scenario.events if e.date <= day)
        )
        evaluation = self.evaluate(then, day)
        return obligation_report_rows(
            case_id, evaluation.obligations, summary.good_reasons, start, end, victim=victim
        )

    # -- checking ------------------------------------------------------------------------------

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
            if verdict.ok or verdict.kind not in _TRANSIENT_KINDS:
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

    # -- erasing -------------------------------------------------------------------------------

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

    # -- backups -------------------------------------------------------------------------------

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
                )
            except OSError as error:
                raise environment_error(error, f"write the backup to {to}") from None

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
                f"Restoring stopped part-way ({_why(error)}). Unlock the workspace again to "
                "finish it; no case is lost."
            ) from None
        finally:
            for lock in locks:
                lock.release()

    # -- the passphrase ------------------------------------------------------------------------

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

    # -- handover ------------------------------------------------------------------------------

    @user_errors
    def export_handover(self, case: str, destination: Path, transfer_passphrase: str) -> Path:
        """Write one case as a file encrypted under a one-time transfer passphrase."""
        if len(transfer_passphrase) < 12:
            raise UserError("A transfer passphrase needs at least 12 characters.")
        self.refuse_managed_target(destination, "--to")
        with self._exclusive():
            self._keystore.ensure_current()
            return self._export_handover(case, destination, transfer_passphrase)

    def _export_handover(self, case: str, destination: Path, transfer_passphrase: str) -> Path:
        handle = self.open_case(case)
        try:
            # Check before the audit row is written: a damaged file is never written to, and
            # a damaged case is never handed over (the receiver would get the damage).
            try:
                with handle.file.raw() as conn:
                    problem = cipher.integrity_problem(conn)
            except cipher.DatabaseError as error:  # a page that fails its check cannot be read
                problem = str(error) or "a page cannot be read"
            if problem:
                raise UserError(
                    f"Case {handle.case_code} cannot be handed over: its file is damaged "
                    f"({problem}). Nothing was written. Restore it from a backup "
                    "('vcop-desktop restore --case'), then hand it over."
                )
            with handle.file.writing() as session:
                CaseFile.audit(
                    session,
                    actor=self.actor,
                    action="case exported for handover",
                    entity="case",
                    entity_key=handle.case_code,
                )
            target = destination
            if destination.is_dir():
                name = handle.case_code if _CASE_CODE.fullmatch(handle.case_code) else None
                target = destination / f"{name or handle.case_id}.vcophandover"
            _write_handover(handle, target, transfer_passphrase)
            return target
        finally:
            handle.close()

    @user_errors
    def import_handover(self, source: Path, transfer_passphrase: str) -> CaseSummary:
        """Add a handed-over case to this workspace, under a new case id and key."""
        _refuse_not_a_file(source)
        try:
            info = probe(source, transfer_passphrase)
        except CaseFileError as error:
            if error.kind == "unreadable":
                raise UserError(
                    f"{source.name}: wrong transfer passphrase, or not a handover file. "
                    "Nothing was imported."
                ) from None
            raise UserError(
                f"{source.name}: not a usable handover file ({error.problem}). "
                "Nothing was imported."
            ) from None
        del info
        with self._exclusive():
            self._keystore.ensure_current()
            case_id = uuid.uuid4().hex
            record = intents.begin(self.folder, "create", case_id=case_id)
            try:
                self._import_handover(source, transfer_passphrase, case_id)
                self._refresh_entry(case_id)
            except CaseFileError as error:  # about our working copy: name the handover file
                self._undo_create(case_id)
                intents.end(record)
                raise UserError(
                    f"{source.name}: not a usable handover file ({error.problem}). "
                    "Nothing was imported."
                ) from None
            except BaseException:
                self._undo_create(case_id)
                intents.end(record)
                raise
            intents.end(record)
        return self._summary_of(case_id)

    def _import_handover(self, source: Path, transfer_passphrase: str, case_id: str) -> None:
        from vcop_desktop.storage.untrusted_case import drop_unknown_tables

        key = secrets.token_bytes(cipher.KEY_BYTES)
        target = self._case_path(case_id)
        temp = target.with_name(f".{target.name}.import")
        try:
            with open_raw(source, transfer_passphrase, readonly=True) as conn:
                problem = cipher.integrity_problem(conn)
                if problem:
                    raise UserError(f"{source.name} is damaged ({problem}); nothing was imported.")
                cipher.backup_into(conn, temp, cipher.key_pragma_value(key))
            with open_raw(temp, key) as conn:
                problem = _untrusted_content(conn)
                if problem:
                    raise UserError(
                        f"{source.name} is not a valid handover file ({problem}); nothing was "
                        "imported."
                    )
                conn.execute("BEGIN IMMEDIATE")
                dropped = drop_unknown_tables(conn)
                _replace_triggers(conn)
                conn.execute("UPDATE vcop_meta SET value = ? WHERE name = 'case_id'", (case_id,))
                old_code = str(conn.execute("SELECT case_code FROM case_details").fetchone()[0])
                code = old_code
                if self._idx().summaries(case_code=old_code):
                    code = self._fresh_code()
                    conn.execute("UPDATE case_details SET case_code = ?", (code,))
                conn.execute(
                    "INSERT INTO audit_log (at, actor, action, entity, entity_key, before, after)"
                    " VALUES (?, ?, ?, 'case', ?, ?, ?)",
                    (
                        utc_now().isoformat(sep=" "),
                        self.actor,
                        "case received by handover",
                        code,
                        json.dumps({"case_code": old_code}),
                        json.dumps({"case_code": code}),
                    ),
                )
                conn.execute("COMMIT")
                if dropped:
                    conn.execute("VACUUM")  # their pages go too, not only their names
                cipher.checkpoint(conn)
            self._keystore.add_case_key(case_id, key)
            temp.replace(target)
            fsync_dir(target.parent)
        except OSError as error:
            for item in (temp, *sidecars(temp)):
                remove_quietly(item)
            raise environment_error(error, "import the handover file") from None
        except BaseException:
            for item in (temp, *sidecars(temp)):
                remove_quietly(item)
            raise


# -- helpers ---------------------------------------------------------------------------------


def _write_handover(handle: CaseHandle, target: Path, transfer_passphrase: str) -> None:
    """Copy the case into `target` under the transfer passphrase, through a hidden temporary
    file renamed into place. One left by a killed export is removed first: the copy would
    otherwise open it with the wrong key and fail as if the workspace were damaged."""
    temp = target.with_name(f".{target.name}.partial")
    for item in (temp, *sidecars(temp)):
        remove_quietly(item)
    try:
        with handle.file.raw() as conn:
            cipher.backup_into(conn, temp, cipher.passphrase_literal(transfer_passphrase))
        temp.replace(target)
        fsync_dir(target.parent)
    except OSError as error:
        for item in (temp, *sidecars(temp)):
            remove_quietly(item)
        raise environment_error(error, f"write the handover file {target}") from None
    except Exception as error:
        for item in (temp, *sidecars(temp)):
            remove_quietly(item)
        why = sqlite_environment_message(str(error)) or f"{type(error).__name__}: {error}"
        raise UserError(
            f"Could not write the handover file {target}: {why}. The case file is unchanged; "
            "nothing was handed over."
        ) from None


def _refuse_not_a_file(source: Path) -> None:
    """A true message for what is not a handover file (a folder, a device, a pipe: a pipe or
    /dev/zero would otherwise be read for ever)."""
    import stat

    try:
        mode = source.stat().st_mode
    except FileNotFoundError:
        raise UserError(f"{source} does not exist. Nothing was imported.") from None
    except OSError as error:
        raise UserError(f"{source} cannot be read ({_why(error)}). Nothing was imported.") from None
    if stat.S_ISDIR(mode):
        raise UserError(
            f"{source} is a folder; give the handover file itself (a .vcophandover file). "
            "Nothing was imported."
        )
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device or other special file"
        raise UserError(
            f"{source} is {kind}, not a handover file; give the .vcophandover file itself. "
            "Nothing was imported."
        )


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "advocate"


#: A case code as the app makes them; a handed-over file's code must look like one.
_CASE_CODE = re.compile(r"[A-Z]{2,5}-[0-9]{4}-[0-9]{1,9}")


def _untrusted_content(conn: Any) -> str | None:
    """Validate a handed-over case file (it comes from outside): None, or what is wrong.
    The rules are the scenario import's (`untrusted_case.py`); names the field, never its
    content."""
    from vcop_desktop.domain.untrusted import UntrustedJsonError
    from vcop_desktop.storage.untrusted_case import case_file_problem

    rows = conn.execute("SELECT value FROM vcop_meta WHERE name = 'format'").fetchall()
    if not rows:
        return "it has no format marker"
    codes = conn.execute("SELECT case_code FROM case_details").fetchall()
    if len(codes) != 1 or not isinstance(codes[0][0], str):
        return "it must hold exactly one case"
    if not _CASE_CODE.fullmatch(codes[0][0]):
        return "its case code is not of the form VC-2026-0001"
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'view'").fetchone():
        return "it holds a view, which case files never do"
    try:
        return case_file_problem(conn)
    except UntrustedJsonError as error:
        return str(error)


def _replace_triggers(conn: Any) -> None:
    """Drop whatever triggers a handed-over file brought and put ours back."""
    from vcop_desktop.storage.migrations import POST_CREATE_DDL

    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in names:
        conn.execute(f'DROP TRIGGER "{name.replace(chr(34), chr(34) * 2)}"')
    for statement in POST_CREATE_DDL:
        conn.execute(statement)


#: What evaluating impossible case data raises (ScenarioError is a ValueError): that case's
#: problem, never a crash for every case.
_CANNOT_EVALUATE = (ValueError, OverflowError, ArithmeticError)

_TRANSIENT_KINDS = frozenset({"damaged", "unreadable", "truncated", "empty", "busy"})


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _check_texts(
    victim_name: str,
    crime_reference: str | None,
    offence: str | None,
    victim: Mapping[str, Any] | None,
    case: Mapping[str, Any] | None,
) -> None:
    """The shared text rules (`domain/untrusted.py`) before a case code is taken: a lone
    surrogate, say, could not be stored and would waste the number."""
    from vcop_desktop.domain.untrusted import MAX_TEXT_CHARS, text_problem

    named = [("The victim's name", victim_name), ("The crime reference", crime_reference)]
    free = [("The offence", offence), *((f"The {k}", v) for k, v in (victim or {}).items())]
    free += [(f"The {k}", v) for k, v in (case or {}).items()]
    for what, value in named:
        problem = text_problem(value) if value is not None else None
        if problem:
            raise UserError(f"{what} {problem}. Nothing was saved.")
    for what, value in free:
        problem = (
            text_problem(value, one_line=False, limit=MAX_TEXT_CHARS)
            if isinstance(value, str)
            else None
        )
        if problem:
            raise UserError(f"{what} {problem}. Nothing was saved.")


def _check_year(what: str, value: date | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise UserError(
            f"{what[0].upper()}{what[1:]} ({value.isoformat()}) is not between "
            f"{EARLIEST_YEAR} and {LATEST_YEAR}; check it. Nothing was saved."
        )
