"""The index and the dashboard: the case list, the duties due and report rows, answered from
the encrypted index and refreshed from the case files by plain SQL (no ORM).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vcop_desktop.domain.obligations import Category, Evaluation
from vcop_desktop.errors import UserError
from vcop_desktop.storage import cipher
from vcop_desktop.storage.coming_up import ComingUp
from vcop_desktop.storage.due_rows import DueRows
from vcop_desktop.storage.errors import (
    CaseFileError,
    CaseInUseError,
    StorageEnvironmentError,
    cannot_write,
    user_errors,
)
from vcop_desktop.storage.fileops import remove_quietly, sidecars
from vcop_desktop.storage.files import CASE_SUFFIX, INDEX_FILE
from vcop_desktop.storage.index import (
    SummaryRow,
    WorkspaceIndex,
    case_signatures,
    file_signature,
)
from vcop_desktop.storage.index_report import ReportCase, ReportRow, obligation_report_rows
from vcop_desktop.storage.locks import CaseLock
from vcop_desktop.storage.rawfile import read_case_checked
from vcop_desktop.storage.workspace_core import CANNOT_EVALUATE, TRANSIENT_KINDS, WorkspaceCore

if TYPE_CHECKING:
    from vcop_desktop.domain.report import Counted

_CASE_CODE_COUNTER = "case_code"

#: Told (cases read so far, cases to read) while the index is refilled.
Progress = Callable[[int, int], None]
_CASE_ID = re.compile(r"[0-9a-f]{32}")
#: Seconds between the index refill's commits: a crash loses at most this much of its work,
#: and another program waits at most this long for the index (its busy timeout is 10 s).
_REFILL_COMMITS = 1.0


#: One case as lists show it: the index's summary row is exactly that.
CaseSummary = SummaryRow


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Open obligations overdue or due within `within_days` of `today`, soonest first, and the
    case files that could not be read (reported, left untouched)."""

    today: date
    within_days: int
    items: DueRows
    problems: tuple[CaseFileError, ...] = ()


class IndexedWorkspace(WorkspaceCore):
    """The workspace's index (index.py) kept up to date with the case files, and what is
    answered from it: the case list, the dashboard, report rows. Reads case files by plain
    SQL (rawfile.py), never through the ORM: the light path (unlock, dashboard, `due`,
    `report`) stops here."""

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
        # One read-only open: the problem named (damaged, too new, not ours...), then read.
        _info, summary, scenario = read_case_checked(
            path, self._keystore.case_key(case_id), case_id
        )
        try:
            evaluation = self.evaluate(scenario, date.today())
        except CANNOT_EVALUATE as error:
            # One case's impossible data is that case's problem, never everyone's.
            raise CaseFileError(
                path,
                "cannot_evaluate",
                f"its duties cannot be worked out ({type(error).__name__}); correct the "
                "case's dates and numbers",
            ) from None
        self.store_index_entry(summary, evaluation, signature)

    @user_errors
    def refresh_index(self, progress: Progress | None = None) -> tuple[CaseFileError, ...]:
        """Bring the index up to date with the case files; return files that cannot be read.
        `progress(done, total)` is called as each changed file has been read (a rebuild over
        thousands of cases takes seconds: "Reading case 812 of 10,000")."""
        try:
            with self._lock.shared():
                self._keystore.ensure_current()
                return self._refresh_index(progress)
        except cipher.OperationalError as error:
            if not cannot_write(error) or self._index is None or self._index.path is None:
                raise
            # The disk cannot take the index's changes now (full, failing): the index is only
            # derived data, so read on from one held in memory, filled from the case files.
            self._index.close()
            self._index = WorkspaceIndex.in_memory()
            with self._lock.shared():
                return self._refresh_index(progress)
        except cipher.DatabaseError:
            # The index itself is damaged: it is only derived data.
            return self.rebuild_index(progress)

    def _refresh_index(self, progress: Progress | None = None) -> tuple[CaseFileError, ...]:
        index = self._idx()
        signatures = case_signatures(self._cases_folder(), CASE_SUFFIX)  # one listing
        fresh = index.fresh_signatures(self._rules_fingerprint())
        for gone in index.all_ids() - set(signatures):
            index.remove(gone)
        problems: list[CaseFileError] = []
        stale = [c for c, signature in signatures.items() if fresh.get(c) != signature]
        if not stale:
            return ()
        known = index.all_ids()
        with index.batch():
            for done, case_id in enumerate(sorted(stale), 1):
                try:
                    self._refresh_entry_confirmed(case_id)
                except CaseFileError as error:
                    problems.append(error)
                    if case_id in known:
                        index.remove(case_id)
                index.checkpoint_batch(seconds=_REFILL_COMMITS)
                if progress is not None:
                    progress(done, len(stale))
        return tuple(problems)

    def _refresh_entry_confirmed(self, case_id: str) -> None:
        """`_refresh_entry`, but a file that looks damaged while another program may be
        writing it is looked at again (under its lock if free) before it is reported."""
        for attempt in range(4):
            try:
                self._refresh_entry(case_id)
                return
            except CaseFileError as error:
                if error.kind not in TRANSIENT_KINDS or attempt == 3:
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

    @contextlib.contextmanager
    def index_batch(self) -> Iterator[Callable[[], None]]:
        """Many cases written one after another (a caseload import): their index entries are
        committed together, a round at a time (`checkpoint()`, every 200), not one fsync each.
        The index is derived data: a crash loses only entries the next refresh reads again."""
        index = self._idx()
        with index.batch():
            yield index.checkpoint_batch

    @user_errors
    def rebuild_index(self, progress: Progress | None = None) -> tuple[CaseFileError, ...]:
        """Throw the index away and refill it from every case file (`progress`: see
        `refresh_index`)."""
        if self._index is not None:
            self._index.close()
            self._index = None
        for path in (self.folder / INDEX_FILE, *sidecars(self.folder / INDEX_FILE)):
            remove_quietly(path)
        return self._refresh_index(progress)

    @user_errors
    def list_cases(self, *, refresh: bool = True) -> list[CaseSummary]:
        """Every readable case, by case code, from the index: refreshed first unless the
        caller just did (each refresh stats every case file)."""
        if refresh:
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

    def _code_for(self, case_id: str) -> str:
        for row in self._idx().summaries(case_id=case_id):
            return row.case_code
        return case_id

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
    def dashboard(
        self,
        within_days: int = 14,
        today: date | None = None,
        *,
        refresh: bool = True,
        progress: Progress | None = None,
        known: Mapping[str, CaseSummary] | None = None,
    ) -> Dashboard:
        """Every outstanding obligation in open cases, overdue or due within `within_days`,
        soonest first. Files that cannot be read are reported, not fatal. The index is
        refreshed first (`progress`: see `refresh_index`) unless `refresh` is False: then it
        answers from the index as it stands, as a rebuild's progress callback does to show
        the dashboard filling in. `known`: the case list's summaries, by id, whose strings
        the lines share."""
        today = today or date.today()
        limit = _horizon(today, within_days)
        problems = self.refresh_index(progress) if refresh else ()
        law = self.rulebook().law_for  # the index keeps no pending changes or pack versions
        items = self._idx().due_by(limit, today, law, known)
        return Dashboard(today, within_days, items, problems)

    @user_errors
    def case_deadlines(
        self, within_days: int, today: date, *, refresh: bool = True
    ) -> dict[str, tuple[date | None, int]]:
        """Per open case, (next due day from `today`, overdue count) over the obligations due
        within `within_days` (see `WorkspaceIndex.case_deadlines`); refreshed first unless the
        caller just did."""
        limit = _horizon(today, within_days)
        if refresh:
            self.refresh_index()
        return self._idx().case_deadlines(limit, today)

    @user_errors
    def coming_up(self, today: date, days: int, *, refresh: bool = True) -> list[ComingUp]:
        """Hearings, MARAC meetings, safety-plan reviews and the victim's own deadlines in
        open cases, dated from `today` to `days` days after, soonest first: from the index
        alone (refreshed first unless the caller just did, as after `dashboard`)."""
        if days < 0:
            raise UserError("The number of days ahead must be 0 or more.")
        if refresh:
            self.refresh_index()
        return self._idx().coming_up(today, date.fromordinal(today.toordinal() + days))

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
                    except (CaseFileError, *CANNOT_EVALUATE):
                        continue  # keep its index rows: the refresh reports its problem
                    reread.add(case_id)
            rows = [r for r in rows if r[0] not in reread] + redone
        return cases, rows, problems

    @user_errors
    def report_counts(
        self,
        start: date,
        end: date,
        today: date,
        kind: Category,
        groupings: Sequence[str],
        *,
        rights: Sequence[int] = (),
    ) -> tuple[Counted, dict[str, dict[str, Counted]], tuple[CaseFileError, ...]]:
        """A compliance report's figures counted by the index in SQL (`WorkspaceIndex.
        report_counts`), after a refresh; and the case files that could not be read. Only
        for a report judged today or later: one judged on a past day re-reads cases
        (`report_rows`)."""
        if today < date.today():
            raise ValueError("a report judged on a past day is counted from report_rows")
        problems = self.refresh_index()
        total, groups = self._idx().report_counts(start, end, today, kind, groupings, rights=rights)
        return total, groups, problems

    def _report_rows_as_of(
        self, case_id: str, day: date, start: date, end: date, victim: bool | None
    ) -> list[ReportRow]:
        """One case's report rows on its events up to `day`, read with every check the index
        refill makes (`read_case_checked`: a file unusable since it was indexed, its key gone
        included, raises `CaseFileError`)."""
        _info, summary, scenario = read_case_checked(
            self._case_path(case_id), self._keystore.case_key(case_id), case_id
        )
        then = dataclasses.replace(
            scenario, events=tuple(e for e in scenario.events if e.date <= day)
        )
        evaluation = self.evaluate(then, day)
        return obligation_report_rows(
            case_id, evaluation.obligations, summary.good_reasons, start, end, victim=victim
        )


def _horizon(today: date, within_days: int) -> date:
    """The last day of a "due within" question (the dashboard's, the case list's)."""
    if within_days < 0:
        raise UserError("--within must be 0 or more days.")
    return date.fromordinal(today.toordinal() + within_days)
