"""The workspace index: an encrypted summary of every case, kept in step with each write.

It makes the dashboard one query over one file instead of opening every case file. It holds
each case's summary (code, name, status) and its outstanding obligations (open or overdue);
whether one is overdue depends only on its due date and the day asked about, so the stored
rows answer for any day. The index is derived data: a write marks its case dirty before
changing the case file and refreshes it after, so a crash in between is repaired on the next
read, and a damaged index is simply rebuilt from the case files.

For compliance reports it also keeps every obligation of every case, met or not, with the
few case facts a report groups by (police force, enhanced rights) and whether the agency's
reason for a miss is on record: a report over 10,000 cases reads this file alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from vcop_desktop.domain.equality import NO_EQUALITY, Equality
from vcop_desktop.domain.obligations import Category, Obligation, Status
from vcop_desktop.storage import cipher, index_report
from vcop_desktop.storage.coming_up import LABELS, VICTIM_DEADLINE, ComingUp, Dated
from vcop_desktop.storage.due_rows import DueRows, DueRowsBuilder
from vcop_desktop.storage.fileops import remove_quietly, sidecars
from vcop_desktop.storage.index_report import (
    INSERT_REPORT,
    ReportCase,
    ReportRow,
    stored_report_row,
)
from vcop_desktop.storage.index_rows import (
    INSERT_OUTSTANDING,
    SELECT_DUE,
    LawLookup,
    Pool,
    day_or_none,
    iso,
    outstanding_row,
    shape_from,
)
from vcop_desktop.storage.retention_state import RetentionState
from vcop_desktop.wording import short_what

if TYPE_CHECKING:
    from vcop_desktop.domain.report import Counted

#: Bumped whenever the tables change, or what a column holds (12: under 18 on the offence date
#: only; 13: a case is closed for retention by its status only); an index of another version
#: is simply rebuilt.
_INDEX_VERSION = 13

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS case_summary ("
    " case_id TEXT PRIMARY KEY, case_code TEXT NOT NULL, victim_name TEXT NOT NULL,"
    " crime_reference TEXT, status TEXT NOT NULL, flags TEXT NOT NULL, offence_date TEXT,"
    " event_count INTEGER NOT NULL, updated_at TEXT NOT NULL, offence TEXT,"
    " preferred_name TEXT, fingerprint TEXT NOT NULL,"
    " signature TEXT NOT NULL, dirty INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS outstanding ("
    " case_id TEXT NOT NULL REFERENCES case_summary(case_id) ON DELETE CASCADE,"
    " duty TEXT NOT NULL, trigger TEXT NOT NULL, due TEXT, owed_by TEXT NOT NULL,"
    " right_no INTEGER, statutory INTEGER NOT NULL, met_on TEXT, clock_start TEXT,"
    " what TEXT NOT NULL, source TEXT NOT NULL, pack TEXT NOT NULL, confidence TEXT NOT NULL,"
    " reason TEXT, limit_text TEXT NOT NULL,"
    " clock TEXT NOT NULL, clock_assumed INTEGER NOT NULL, category TEXT NOT NULL,"
    " PRIMARY KEY (case_id, duty, trigger))",
    "CREATE INDEX IF NOT EXISTS outstanding_by_due ON outstanding (due)",
    "CREATE TABLE IF NOT EXISTS report_case ("
    " case_id TEXT PRIMARY KEY REFERENCES case_summary(case_id) ON DELETE CASCADE,"
    " police_force TEXT, enhanced INTEGER NOT NULL, last_event TEXT,"
    # Equality monitoring (domain.equality.Equality): codes only, never names or birth dates.
    " under_18 INTEGER, age_band TEXT, ethnicity TEXT, sex TEXT, disability TEXT,"
    " religion TEXT, sexual_orientation TEXT, gender_reassignment TEXT)",
    # Clustered by the day that places an obligation in a report's period (its due date, or
    # its clock start when it has no time limit; '' when neither): a period is one range scan.
    "CREATE TABLE IF NOT EXISTS report_obligation ("
    " period_day TEXT NOT NULL,"
    " case_id TEXT NOT NULL REFERENCES case_summary(case_id) ON DELETE CASCADE,"
    " duty TEXT NOT NULL, trigger TEXT NOT NULL, owed_by TEXT NOT NULL, right_no INTEGER,"
    " category TEXT NOT NULL, due TEXT, clock_start TEXT,"
    " status TEXT NOT NULL, met_on TEXT, reason_on TEXT,"
    " PRIMARY KEY (period_day, case_id, duty, trigger)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS report_obligation_by_case ON report_obligation (case_id)",
    "CREATE INDEX IF NOT EXISTS case_summary_by_code ON case_summary (case_code COLLATE NOCASE)",
    # The dashboard's "Coming up" (coming_up.py): hearings, MARAC meetings, plan reviews.
    "CREATE TABLE IF NOT EXISTS dated ("
    " case_id TEXT NOT NULL REFERENCES case_summary(case_id) ON DELETE CASCADE,"
    " day TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,"
    " PRIMARY KEY (case_id, day, kind))",
    "CREATE INDEX IF NOT EXISTS dated_by_day ON dated (day)",
    # The dashboard's retention review (workspace_retention.py): closed cases only.
    "CREATE TABLE IF NOT EXISTS retention ("
    " case_id TEXT PRIMARY KEY REFERENCES case_summary(case_id) ON DELETE CASCADE,"
    " closed_on TEXT NOT NULL, kept_until TEXT, anonymised INTEGER NOT NULL)",
)


#: Shared by every summary that has none (a list's 10,000 summaries each held their own empty
#: dict and retention state: 120 bytes a case).
_NO_REASONS: Mapping[tuple[str, str], date] = MappingProxyType({})
_NOT_CLOSED = RetentionState()


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One case as lists show it (the public name is `storage.CaseSummary`)."""

    case_id: str
    case_code: str
    victim_name: str
    crime_reference: str | None
    status: str
    flags: tuple[str, ...]
    offence_date: date | None
    event_count: int
    updated_at: str
    offence: str | None = None
    preferred_name: str | None = None  # lists show this, or initials: never the full name
    # For compliance reports (stored apart from the summary; `summaries()` leaves them empty):
    police_force: str | None = None
    #: (duty, trigger) -> the first day an agency's reason for it was on record.
    good_reasons: Mapping[tuple[str, str], date] = field(default_factory=lambda: _NO_REASONS)
    last_event: date | None = None  # a report judged before it re-reads the case (as_of)
    #: Hearings, MARAC meetings and safety-plan reviews (coming_up.case_dates), for the index.
    dated: tuple[Dated, ...] = ()
    #: When it closed, the review date it was last kept to, whether anonymised (for the index).
    retention: RetentionState = _NOT_CLOSED
    #: The case's categories for breakdowns (codes; age band only with consent).
    equality: Equality = NO_EQUALITY


def case_signatures(folder: Path, suffix: str) -> dict[str, str]:
    """`file_signature` of every case file in `folder` (named `<case id><suffix>`, not hidden),
    by case id, from one listing of it: its WAL, which most files do not have, is looked up in
    the listing rather than by a failed stat (a refresh over 10,000 cases checked them in 0.10
    s of CPU; this takes a quarter of that). The listing is of names only, each file stat'ed
    as it comes: a `DirEntry` held per file, each with its stat, left the process 10 MB
    bigger after a refresh of 10,000 cases (memory freed in pieces stays with it)."""
    names = os.listdir(folder)  # noqa: PTH208 - names, not a Path each
    present = set(names)
    base = os.fspath(folder)
    return {
        name[: -len(suffix)]: _signature(
            os.path.join(base, name),  # noqa: PTH118 - a str, not a Path per file
            os.path.join(base, name + "-wal") if name + "-wal" in present else None,  # noqa: PTH118
        )
        for name in names
        if name.endswith(suffix) and not name.startswith(".")
    }


def file_signature(path: Path) -> str:
    """Size and modification time of a case file and its WAL: changes whenever either does."""
    return _signature(path, path.with_name(path.name + "-wal"))


def _signature(*items: Path | str | None) -> str:
    """ "size:mtime" of each item ("-" when it is absent), joined by "/"."""
    parts: list[str] = []
    for item in items:
        try:
            st = os.stat(item) if item is not None else None  # noqa: PTH116 - str or Path
        except FileNotFoundError:
            st = None
        parts.append("-" if st is None else f"{st.st_size}:{st.st_mtime_ns}")
    return "/".join(parts)


class WorkspaceIndex:
    """The open index database: a file, or (`path` None) memory only, for reading a workspace
    whose disk cannot be written (full, failing): filled from the case files, gone at close."""

    def __init__(self, path: Path | None, key: bytes) -> None:
        self.path = path
        self._key = key
        self._batch: int | None = None
        self._batch_began = 0.0
        self._conn: cipher.Connection = self._open()
        self.rebuilt = False

    @classmethod
    def in_memory(cls) -> WorkspaceIndex:
        """An index for this session only, never written to disk (it needs no key)."""
        return cls(None, b"")

    def _open(self) -> cipher.Connection:
        if self.path is None:
            conn = cipher.connect_memory()
            for statement in _SCHEMA:
                conn.execute(statement)
            return conn
        try:
            # Opening reads page 1 (key and header). Deeper damage shows up as a
            # DatabaseError later; the workspace then rebuilds the index (see `check`).
            conn = cipher.connect(self.path, self._key, create=True)
        except cipher.OperationalError:
            raise  # cannot open (read-only, locked): not damage, so never wipe the index
        except cipher.DatabaseError:
            # Derived data: start again; the dashboard refills it from the case files.
            for path in (self.path, *sidecars(self.path)):
                remove_quietly(path)
            conn = cipher.connect(self.path, self._key, create=True)
            self.rebuilt = True
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) != _INDEX_VERSION:
            conn.execute("DROP TABLE IF EXISTS retention")
            conn.execute("DROP TABLE IF EXISTS dated")
            conn.execute("DROP TABLE IF EXISTS report_obligation")
            conn.execute("DROP TABLE IF EXISTS report_case")
            conn.execute("DROP TABLE IF EXISTS outstanding")
            conn.execute("DROP TABLE IF EXISTS case_summary")
            conn.execute(f"PRAGMA user_version = {_INDEX_VERSION}")
        for statement in _SCHEMA:
            conn.execute(statement)
        return conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[cipher.Connection]:
        if self._batch is not None:  # inside `batch()`: its transaction covers this change
            self._batch += 1
            yield self._conn
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group many entry updates into few transactions (refilling the index after a rules
        change or a restore): one fsync per `checkpoint_batch()` round, not one per case. A crash
        loses at most the uncommitted entries, which are simply re-read next time."""
        # Each entry is written whole (`store` deletes a case's old rows first, `remove` all of
        # them), so the foreign keys are not checked row by row meanwhile: that was a sixteenth
        # of a rebuild. (The pragma is a no-op inside a transaction: set before BEGIN.)
        self._conn.execute("PRAGMA foreign_keys = OFF")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._batch = 0
            self._batch_began = time.monotonic()
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException:
                # None is open when `checkpoint_batch` could not begin the next one (another
                # program holds the index): a ROLLBACK would hide that error behind its own.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            finally:
                self._batch = None
        finally:
            self._conn.execute("PRAGMA foreign_keys = ON")

    def checkpoint_batch(self, every: int = 200, seconds: float = 0.0) -> None:
        """Inside `batch()`: commit what has been done so far once `every` updates piled up
        and `seconds` have passed since the last commit.

        A commit writes every page the round changed, and entries land all over the index
        (its report rows are kept in date order), so a round of 200 cases rewrote more of a
        bigger index each time: the index refill commits by the second instead (5,000 cases
        stored: 0.75 ms a case committed every 200, 0.59 every second)."""
        if self._batch is None or self._batch < every:
            return
        if time.monotonic() - self._batch_began < seconds:
            return
        self._conn.execute("COMMIT")
        self._conn.execute("BEGIN IMMEDIATE")
        self._batch = 0
        self._batch_began = time.monotonic()

    def mark_dirty(self, case_id: str) -> None:
        """Called before a case file changes; cleared by `store()` after."""
        self._conn.execute("UPDATE case_summary SET dirty = 1 WHERE case_id = ?", (case_id,))

    def store(
        self,
        summary: SummaryRow,
        obligations: Iterable[Obligation],
        fingerprint: str,
        signature: str,
        *,
        enhanced: bool = False,
    ) -> None:
        """Replace a case's entry with fresh figures, in one transaction.

        `signature` is the file's size and modification time when it was read: a file changed
        behind the app's back (restored by hand, damaged) no longer matches and is re-read.
        """
        every = list(obligations)
        rows = [outstanding_row(summary.case_id, o) for o in every if o.status.is_outstanding]
        reasons = summary.good_reasons
        dated = summary.dated
        report_rows = [stored_report_row(summary.case_id, o, reasons) for o in every]
        with self._transaction() as conn:
            conn.execute("DELETE FROM outstanding WHERE case_id = ?", (summary.case_id,))
            conn.execute("DELETE FROM report_obligation WHERE case_id = ?", (summary.case_id,))
            conn.execute("DELETE FROM dated WHERE case_id = ?", (summary.case_id,))
            conn.execute("DELETE FROM retention WHERE case_id = ?", (summary.case_id,))
            conn.execute(
                "INSERT OR REPLACE INTO case_summary (case_id, case_code, victim_name,"
                " crime_reference, status, flags, offence_date, event_count, updated_at,"
                " offence, preferred_name, fingerprint, signature, dirty)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    summary.case_id,
                    summary.case_code,
                    summary.victim_name,
                    summary.crime_reference,
                    summary.status,
                    json.dumps(list(summary.flags)),
                    summary.offence_date.isoformat() if summary.offence_date else None,
                    summary.event_count,
                    summary.updated_at,
                    summary.offence,
                    summary.preferred_name,
                    fingerprint,
                    signature,
                ),
            )
            conn.executemany(INSERT_OUTSTANDING, rows)
            under, *codes = summary.equality
            conn.execute(
                "INSERT OR REPLACE INTO report_case (case_id, police_force, enhanced, last_event,"
                " under_18, age_band, ethnicity, sex, disability, religion, sexual_orientation,"
                " gender_reassignment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    summary.case_id,
                    summary.police_force,
                    int(enhanced),
                    iso(summary.last_event),
                    None if under is None else int(under),
                    *codes,
                ),
            )
            conn.executemany(INSERT_REPORT, report_rows)
            conn.executemany(
                "INSERT OR REPLACE INTO dated (case_id, day, kind, label) VALUES (?, ?, ?, ?)",
                [(summary.case_id, day.isoformat(), kind, label) for day, kind, label in dated],
            )
            kept = summary.retention
            if kept.closed_on is not None:
                conn.execute(
                    "INSERT INTO retention (case_id, closed_on, kept_until, anonymised)"
                    " VALUES (?, ?, ?, ?)",
                    (summary.case_id, iso(kept.closed_on), iso(kept.kept_until),
                     int(kept.anonymised)),
                )  # fmt: skip

    def remove(self, case_id: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM outstanding WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM report_obligation WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM report_case WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM dated WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM retention WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM case_summary WHERE case_id = ?", (case_id,))

    def fresh_signatures(self, fingerprint: str) -> dict[str, str]:
        """Cases whose entry is complete and made by the same rules, with their signatures."""
        rows = self._conn.execute(
            "SELECT case_id, signature FROM case_summary WHERE dirty = 0 AND fingerprint = ?",
            (fingerprint,),
        )
        return {str(r[0]): str(r[1]) for r in rows}  # from the cursor: no list of every row

    def all_ids(self) -> set[str]:
        rows = self._conn.execute("SELECT case_id FROM case_summary")
        return {str(r[0]) for r in rows.fetchall()}

    def summaries(
        self, *, case_id: str | None = None, case_code: str | None = None
    ) -> list[SummaryRow]:
        """Every case by code; or the one with this id, or this code (any letter case)."""
        where = ""
        params: tuple[str, ...] = ()
        if case_id is not None:
            where, params = " WHERE case_id = ?", (case_id,)
        elif case_code is not None:
            where, params = " WHERE case_code = ? COLLATE NOCASE", (case_code.strip(),)
        rows = self._conn.execute(
            "SELECT case_id, case_code, victim_name, crime_reference, status, flags,"  # noqa: S608
            " offence_date, event_count, updated_at, offence, preferred_name"
            f" FROM case_summary{where} ORDER BY case_code",
            params,
        )
        # Row by row, with one object per repeated value (a status, a set of flags, an
        # offence, a day): 10,000 cases repeat a few dozen of each.
        pool = Pool()
        return [
            SummaryRow(
                case_id=r[0],
                case_code=r[1],
                victim_name=r[2],
                crime_reference=r[3],
                status=pool.text(r[4]),
                flags=pool.flags(r[5]),
                offence_date=pool.day(r[6]),
                event_count=int(r[7]),
                updated_at=r[8],
                offence=None if r[9] is None else pool.text(r[9]),
                preferred_name=r[10],
            )
            for r in rows
        ]

    def due_by(
        self,
        limit: date,
        today: date,
        law: LawLookup,
        known: Mapping[str, SummaryRow] | None = None,
    ) -> DueRows:
        """The dashboard's lines: open cases' obligations due on or before `limit`, soonest
        first; each judged open or overdue on `today` (the only part that depends on the day),
        with the law `law` gives it (see `obligation_from`). Held as columns (`DueRows`),
        sharing the case strings of `known` (see `DueRowsBuilder`).
        """
        cutoff = today.isoformat()
        pool = Pool()
        lines = DueRowsBuilder(known)
        # Row by row from the cursor: the raw rows are never all held beside the lines.
        for r in self._conn.execute(SELECT_DUE, (limit.isoformat(),)):
            status = Status.OVERDUE if r[4] < cutoff else Status.OPEN
            shape = lines.shape_of(
                (status, r[2], *r[5:9], *r[10:]),  # all but the case, trigger and days
                lambda r=r, status=status: shape_from(r[2:], status, pool, law),
            )
            lines.add(lines.case(r[0], r[1]), shape, r[3], pool.day(r[4]), pool.day(r[9]))
        return lines.rows()

    def case_deadlines(self, limit: date, today: date) -> dict[str, tuple[date | None, int]]:
        """For each open case with an outstanding obligation due on or before `limit`: (its
        next due day from `today` on, or None; how many are overdue on `today`). What the case
        list shows, counted by the index: the list no longer reads every obligation of the
        next ten years as objects to find two figures per case."""
        cutoff = today.isoformat()
        # Every outstanding line of the next ten years, in the table's order (NOT INDEXED: by
        # the index on `due` each was a page read at random) and of the open cases listed
        # once (IN), not looked up line by line: 10,000 cases 0.28 -> 0.10 s.
        rows = self._conn.execute(
            "SELECT o.case_id, MIN(CASE WHEN o.due >= ? THEN o.due END), SUM(o.due < ?)"
            " FROM outstanding o NOT INDEXED"
            " WHERE o.case_id IN (SELECT case_id FROM case_summary WHERE status = 'open')"
            " AND o.due IS NOT NULL AND o.due <= ?"
            " GROUP BY o.case_id",
            (cutoff, cutoff, limit.isoformat()),
        )
        day = Pool().day  # one object per day, not per case: the case list keeps them
        return {str(case_id): (day(nxt), int(late)) for case_id, nxt, late in rows}

    def coming_up(self, start: date, end: date) -> list[ComingUp]:
        """Open cases' hearings, MARAC meetings, safety-plan reviews and the victim's own
        outstanding deadlines dated in [start, end], soonest first."""
        low, high = start.isoformat(), end.isoformat()
        rows = self._conn.execute(
            "SELECT d.case_id, s.case_code, d.day, d.kind, d.label FROM dated d"
            " JOIN case_summary s ON s.case_id = d.case_id"
            " WHERE s.status = 'open' AND d.day BETWEEN ? AND ?"
            " UNION ALL"
            " SELECT o.case_id, s.case_code, o.due, ?, o.what FROM outstanding o"
            " JOIN case_summary s ON s.case_id = o.case_id"
            " WHERE s.status = 'open' AND o.owed_by = 'victim' AND o.due BETWEEN ? AND ?",
            (low, high, VICTIM_DEADLINE, low, high),
        ).fetchall()
        order = list(LABELS)
        items = [
            ComingUp(
                str(case_id),
                str(code),
                date.fromisoformat(day),
                str(kind),
                short_what(str(label)) if kind == VICTIM_DEADLINE else str(label),
            )
            for case_id, code, day, kind, label in rows
        ]
        items.sort(key=lambda i: (i.day, i.case_code, order.index(i.kind), i.label))
        return items

    def report_rows(
        self, start: date, end: date, *, victim: bool | None = None
    ) -> tuple[dict[str, ReportCase], list[ReportRow]]:
        """See `index_report.report_rows`."""
        return index_report.report_rows(self._conn, start, end, victim=victim)

    def report_counts(
        self,
        start: date,
        end: date,
        today: date,
        category: Category,
        groupings: Sequence[str],
        *,
        rights: Sequence[int] = (),
    ) -> tuple[Counted, dict[str, dict[str, Counted]]]:
        """See `index_report.report_counts`."""
        return index_report.report_counts(
            self._conn, start, end, today, category, groupings, rights=rights
        )

    def cases_with_events_after(self, day: date) -> set[str]:
        """Cases with an event dated after `day`: a report judged on `day` must re-read them,
        since a later event may have reshaped obligations (a new agreement replacing a pending
        update cycle, a closing event ending the cycles)."""
        rows = self._conn.execute(
            "SELECT case_id FROM report_case WHERE last_event > ?", (day.isoformat(),)
        ).fetchall()
        return {str(r[0]) for r in rows}

    def closed_cases(self) -> list[tuple[str, str, date, date | None]]:
        """(case_id, case_code, closed on, kept until) of every closed case not anonymised,
        for the retention review (`domain.retention` works out which are due)."""
        rows = self._conn.execute(
            "SELECT r.case_id, s.case_code, r.closed_on, r.kept_until FROM retention r"
            " JOIN case_summary s ON s.case_id = r.case_id WHERE r.anonymised = 0"
            " ORDER BY s.case_code"
        ).fetchall()
        return [
            (str(i), str(c), date.fromisoformat(str(closed)), day_or_none(kept))
            for i, c, closed, kept in rows
        ]

    def integrity_ok(self) -> bool:
        try:
            return cipher.integrity_problem(self._conn) is None
        except cipher.OperationalError:
            raise
        except cipher.DatabaseError:
            return False

    def close(self) -> None:
        self._conn.close()
