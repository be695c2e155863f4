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
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.errors import UserError
from vcop_desktop.storage import backup as backups
from vcop_desktop.storage import cipher
from vcop_desktop.storage.backup import BackupReport
from vcop_desktop.storage.case import CaseHandle, fields_json, read_case, read_case_raw
from vcop_desktop.storage.casefile import CaseFile, open_raw, probe, utc_now
from vcop_desktop.storage.errors import (
    CaseFileError,
    StorageEnvironmentError,
    environment_error,
    user_errors,
)
from vcop_desktop.storage.fileops import atomic_write, fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.files import (
    CASE_SUFFIX,
    CASES_DIR,
    INDEX_FILE,
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
)
from vcop_desktop.storage.keystore import KdfParams, Keystore, keystore_exists
from vcop_desktop.storage.locks import CaseLock
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


@dataclass(slots=True)
class _Settings:
    backup_folders: list[str] = field(default_factory=list)


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
            folder.mkdir(parents=True, exist_ok=True)
            (folder / CASES_DIR).mkdir(exist_ok=True)
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
        keystore = Keystore.unlock(folder, passphrase)
        return cls(folder, keystore, actor=actor, rulebook=rulebook, calendar=calendar)

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
        try:
            data = json.loads((self.folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return _Settings()
        folders = data.get("backup_folders") if isinstance(data, dict) else None
        return _Settings(
            backup_folders=[str(f) for f in folders] if isinstance(folders, list) else []
        )

    def _save_settings(self, settings: _Settings) -> None:
        data = {
            "format": "vcop-desktop workspace",
            "version": 1,
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
            return {}
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
            from vcop_desktop.rules import default_rulebook

            self._rulebook = default_rulebook()
        return self._rulebook

    def _evaluate(self, scenario: Scenario, today: date) -> Evaluation:
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
            self._index = WorkspaceIndex(self.folder / INDEX_FILE, self._keystore.index_key())
        return self._index

    def _refresh_entry(self, case_id: str) -> None:
        """Re-read one case file (read-only) into the index."""
        path = self._case_path(case_id)
        signature = file_signature(path)
        key = self._keystore.case_key(case_id)
        probe(path, key)  # names the problem (damaged, too new, not ours...) and changes nothing
        assert key is not None
        summary, scenario = read_case_raw(path, key, case_id)
        evaluation = self._evaluate(scenario, date.today())
        self._idx().store(
            summary,
            evaluation.obligations,
            self._rules_fingerprint(),
            signature,
            enhanced=evaluation.enhanced,
        )

    @user_errors
    def refresh_index(self) -> tuple[CaseFileError, ...]:
        """Bring the index up to date with the case files; return files that cannot be read."""
        try:
            return self._refresh_index()
        except cipher.OperationalError:
            raise
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
                    self._refresh_entry(case_id)
                except CaseFileError as error:
                    problems.append(error)
                    if case_id in known:
                        index.remove(case_id)
                index.checkpoint_batch()
        return tuple(problems)

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
        case_id = uuid.uuid4().hex
        opened = opened_on or date.today()
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
        rows = [
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
        ]
        path = self._case_path(case_id)
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
        except BaseException:
            self._keystore.remove_case_key(case_id)
            raise
        self._refresh_entry(case_id)
        return self._summary_of(case_id)

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
        return self._evaluate(self.scenario(case), today or date.today())

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
        items = tuple(DueItem(*row) for row in self._idx().due_by(limit, today))
        return Dashboard(today, within_days, items, problems)

    @user_errors
    def report_rows(
        self, start: date, end: date, *, victim: bool | None = None, refresh: bool = True
    ) -> tuple[dict[str, ReportCase], list[ReportRow], tuple[CaseFileError, ...]]:
        """Every obligation placed in [start, end] and each case's report facts, for
        compliance reports, from the index alone (refreshed first unless the caller just did);
        and the case files that could not be read (see `WorkspaceIndex.report_rows`)."""
        problems = self.refresh_index() if refresh else ()
        cases, rows = self._idx().report_rows(start, end, victim=victim)
        return cases, rows, problems

    # -- checking ------------------------------------------------------------------------------

    @user_errors
    def check(self) -> CheckReport:
        """Open every case file read-only: key, format, version, `PRAGMA integrity_check`."""
        results: list[FileCheck] = []
        files = self._case_files()
        codes = {row.case_id: row.case_code for row in self._idx().summaries()}
        for case_id, path in sorted(files.items()):
            key = self._keystore.case_key(case_id)
            try:
                info = probe(path, key)
                assert key is not None
                with open_raw(path, key, readonly=True) as conn:
                    problem = cipher.integrity_problem(conn)
                if problem:
                    results.append(
                        FileCheck(case_id, path.name, False, "damaged", problem, str(info.version))
                    )
                else:
                    results.append(
                        FileCheck(
                            case_id,
                            path.name,
                            True,
                            version=str(info.version),
                            case_code=codes.get(case_id, ""),
                        )
                    )
            except CaseFileError as error:
                results.append(FileCheck(case_id, path.name, False, error.kind, error.problem))
            except cipher.Error as error:
                results.append(FileCheck(case_id, path.name, False, "damaged", str(error)))
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
        index_was_rebuilt = self._idx().rebuilt
        if not self._idx().integrity_ok():
            self.rebuild_index()
            index_was_rebuilt = True
        self.refresh_index()
        return CheckReport(tuple(results), keystore_ok, index_was_rebuilt)

    # -- erasing -------------------------------------------------------------------------------

    @user_errors
    def erase_case(self, case: str) -> ErasureReport:
        """Delete a case: its file, its lock, migration copies, its copies in managed backup
        folders, its key and its index entry."""
        case_id = self.resolve(case)
        code = self._code_for(case_id)
        path = self._case_path(case_id)
        removed: list[Path] = []
        with CaseLock.acquire(path, code) as lock:
            for item in (path, *sidecars(path)):
                if remove_quietly(item):
                    removed.append(item)
            for copy in self._copies_dir().glob(f"{case_id}.*"):
                remove_quietly(copy)
                removed.append(copy)
            from_backups = backups.erase_from_sets(
                (Path(f) for f in self._settings().backup_folders), case_id
            )
            self._keystore.remove_case_key(case_id)
            self._idx().remove(case_id)
            lock.release()
        fsync_dir(path.parent)
        return ErasureReport(case_id, code, tuple(removed + from_backups), len(from_backups))

    # -- backups -------------------------------------------------------------------------------

    @user_errors
    def backup(self, to: Path, keep: int = 7) -> BackupReport:
        """A verified backup set in `to`, keeping the newest `keep` sets there."""
        try:
            to.mkdir(parents=True, exist_ok=True)
            settings = self._settings()
            resolved = str(to.resolve())
            if resolved not in settings.backup_folders:
                settings.backup_folders.append(resolved)
                self._save_settings(settings)
            return backups.write_backup_set(
                self._keystore, sorted(self._case_files().items()), to, keep
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
    ) -> list[str]:
        """Restore cases (all, or those named) from a backup set. Every file to restore is
        verified first; nothing is replaced unless all of them pass. Returns the case ids."""
        if not backup_set.is_dir():
            raise StorageEnvironmentError(f"{backup_set} is not a backup folder.")
        manifest = backups.read_manifest(backup_set)
        listed = manifest.get("cases")
        available = [
            str(c)
            for c in (listed if isinstance(listed, list) else [])
            # a case erased since is gone from the set, and must not come back
            if (backup_set / CASES_DIR / f"{c}{CASE_SUFFIX}").is_file()
        ]
        wanted = list(cases) or available
        missing = [c for c in wanted if c not in available]
        if missing:
            raise UserError(f"The backup {backup_set.name} does not hold case {missing[0]}.")
        source_keys = Keystore.unlock(backup_set, passphrase)
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
        done: list[str] = []
        for case_id, source, key in plan:
            target = self._case_path(case_id)
            temp = target.with_name(f".{target.name}.restore")
            with CaseLock.acquire(target, self._code_for(case_id)):
                self._idx().mark_dirty(case_id)
                try:
                    with open_raw(source, key, readonly=True) as conn:
                        cipher.backup_into(conn, temp, cipher.key_pragma_value(key))
                    self._keystore.add_case_key(case_id, key)
                    for item in sidecars(target):
                        remove_quietly(item)
                    temp.replace(target)
                    fsync_dir(target.parent)
                except OSError as error:
                    remove_quietly(temp)
                    raise environment_error(error, f"restore case file {target.name}") from None
            self._refresh_entry(case_id)
            done.append(case_id)
        return done

    # -- the passphrase ------------------------------------------------------------------------

    @user_errors
    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Re-wrap the keys under a new passphrase; case files are not rewritten."""
        if self._index is not None:
            self._index.close()
            self._index = None
        self._keystore.change_passphrase(new_passphrase, kdf)

    # -- handover ------------------------------------------------------------------------------

    @user_errors
    def export_handover(self, case: str, destination: Path, transfer_passphrase: str) -> Path:
        """Write one case as a file encrypted under a one-time transfer passphrase."""
        if len(transfer_passphrase) < 12:
            raise UserError("A transfer passphrase needs at least 12 characters.")
        handle = self.open_case(case)
        try:
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
                target = destination / f"{handle.case_code}.vcophandover"
            temp = target.with_name(f".{target.name}.partial")
            try:
                with handle.file.raw() as conn:
                    cipher.backup_into(conn, temp, cipher.passphrase_literal(transfer_passphrase))
                temp.replace(target)
            except OSError as error:
                remove_quietly(temp)
                raise environment_error(error, f"write the handover file {target}") from None
            return target
        finally:
            handle.close()

    @user_errors
    def import_handover(self, source: Path, transfer_passphrase: str) -> CaseSummary:
        """Add a handed-over case to this workspace, under a new case id and key."""
        if not source.is_file():
            raise UserError(f"{source} does not exist.")
        try:
            info = probe(source, transfer_passphrase)
        except CaseFileError as error:
            if error.kind == "unreadable":
                raise UserError(
                    f"{source.name}: wrong transfer passphrase, or not a handover file. "
                    "Nothing was imported."
                ) from None
            raise
        del info
        case_id = uuid.uuid4().hex
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
                conn.execute("BEGIN IMMEDIATE")
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
        self._refresh_entry(case_id)
        return self._summary_of(case_id)


# -- helpers ---------------------------------------------------------------------------------


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "advocate"
