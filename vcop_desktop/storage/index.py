"""The workspace index: an encrypted summary of every case, kept in step with each write.

It makes the dashboard one query over one file instead of opening every case file. It holds
each case's summary (code, name, status) and its outstanding obligations (open or overdue);
whether one is overdue depends only on its due date and the day asked about, so the stored
rows answer for any day. The index is derived data: a write marks its case dirty before
changing the case file and refreshes it after, so a crash in between is repaired on the next
read, and a damaged index is simply rebuilt from the case files.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.storage import cipher
from vcop_desktop.storage.fileops import remove_quietly, sidecars

#: Bumped whenever the tables change; an index of another version is simply rebuilt.
_INDEX_VERSION = 1

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS case_summary ("
    " case_id TEXT PRIMARY KEY, case_code TEXT NOT NULL, victim_name TEXT NOT NULL,"
    " crime_reference TEXT, status TEXT NOT NULL, flags TEXT NOT NULL, offence_date TEXT,"
    " event_count INTEGER NOT NULL, updated_at TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " signature TEXT NOT NULL, dirty INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS outstanding ("
    " case_id TEXT NOT NULL REFERENCES case_summary(case_id) ON DELETE CASCADE,"
    " duty TEXT NOT NULL, trigger TEXT NOT NULL, due TEXT, data TEXT NOT NULL,"
    " PRIMARY KEY (case_id, duty, trigger))",
    "CREATE INDEX IF NOT EXISTS outstanding_by_due ON outstanding (due)",
)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    case_id: str
    case_code: str
    victim_name: str
    crime_reference: str | None
    status: str
    flags: tuple[str, ...]
    offence_date: date | None
    event_count: int
    updated_at: str


def file_signature(path: Path) -> str:
    """Size and modification time of a case file and its WAL: changes whenever either does."""
    parts: list[str] = []
    for item in (path, path.with_name(path.name + "-wal")):
        try:
            st = item.stat()
        except FileNotFoundError:
            parts.append("-")
        else:
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return "/".join(parts)


def obligation_from_dict(data: dict[str, object]) -> Obligation:
    """Rebuild an `Obligation` from `Obligation.to_dict()`."""

    def day(name: str) -> date | None:
        value = data.get(name)
        return date.fromisoformat(value) if isinstance(value, str) else None

    right = data.get("right")
    reason = data.get("reason")
    return Obligation(
        duty=str(data["duty"]),
        trigger=str(data["trigger"]),
        owed_by=str(data["owed_by"]),
        right=right if isinstance(right, int) else None,
        statutory=bool(data["statutory"]),
        due=day("due"),
        status=Status(str(data["status"])),
        met_on=day("met_on"),
        clock_start=day("clock_start"),
        what=str(data.get("what", "")),
        source=str(data.get("source", "")),
        pack=str(data.get("pack", "")),
        confidence=str(data.get("confidence", "confirmed")),
        reason=reason if isinstance(reason, str) else None,
        limit=str(data.get("limit", "")),
    )


class WorkspaceIndex:
    """The open index database."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key
        self._conn: cipher.Connection = self._open()
        self.rebuilt = False

    def _open(self) -> cipher.Connection:
        try:
            conn = cipher.connect(self.path, self._key, create=True)
            if cipher.integrity_problem(conn) is not None:
                conn.close()
                raise cipher.DatabaseError("index damaged")
        except cipher.OperationalError:
            raise  # cannot open (read-only, locked): not damage, so never wipe the index
        except cipher.DatabaseError:
            # Derived data: start again; the dashboard refills it from the case files.
            for path in (self.path, *sidecars(self.path)):
                remove_quietly(path)
            conn = cipher.connect(self.path, self._key, create=True)
            self.rebuilt = True
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) != _INDEX_VERSION:
            conn.execute("DROP TABLE IF EXISTS outstanding")
            conn.execute("DROP TABLE IF EXISTS case_summary")
            conn.execute(f"PRAGMA user_version = {_INDEX_VERSION}")
        for statement in _SCHEMA:
            conn.execute(statement)
        return conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[cipher.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def mark_dirty(self, case_id: str) -> None:
        """Called before a case file changes; cleared by `store()` after."""
        self._conn.execute("UPDATE case_summary SET dirty = 1 WHERE case_id = ?", (case_id,))

    def store(
        self,
        summary: SummaryRow,
        obligations: Iterable[Obligation],
        fingerprint: str,
        signature: str,
    ) -> None:
        """Replace a case's entry with fresh figures, in one transaction.

        `signature` is the file's size and modification time when it was read: a file changed
        behind the app's back (restored by hand, damaged) no longer matches and is re-read.
        """
        rows = [
            (
                summary.case_id,
                o.duty,
                o.trigger,
                o.due.isoformat() if o.due else None,
                json.dumps(o.to_dict(), ensure_ascii=False),
            )
            for o in obligations
            if o.status.is_outstanding
        ]
        with self._transaction() as conn:
            conn.execute("DELETE FROM outstanding WHERE case_id = ?", (summary.case_id,))
            conn.execute(
                "INSERT OR REPLACE INTO case_summary (case_id, case_code, victim_name,"
                " crime_reference, status, flags, offence_date, event_count, updated_at,"
                " fingerprint, signature, dirty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
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
                    fingerprint,
                    signature,
                ),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO outstanding (case_id, duty, trigger, due, data)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def remove(self, case_id: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM outstanding WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM case_summary WHERE case_id = ?", (case_id,))

    def fresh_signatures(self, fingerprint: str) -> dict[str, str]:
        """Cases whose entry is complete and made by the same rules, with their signatures."""
        rows = self._conn.execute(
            "SELECT case_id, signature FROM case_summary WHERE dirty = 0 AND fingerprint = ?",
            (fingerprint,),
        )
        return {str(r[0]): str(r[1]) for r in rows.fetchall()}

    def all_ids(self) -> set[str]:
        rows = self._conn.execute("SELECT case_id FROM case_summary")
        return {str(r[0]) for r in rows.fetchall()}

    def summaries(self) -> list[SummaryRow]:
        rows = self._conn.execute(
            "SELECT case_id, case_code, victim_name, crime_reference, status, flags,"
            " offence_date, event_count, updated_at FROM case_summary ORDER BY case_code"
        ).fetchall()
        return [
            SummaryRow(
                case_id=r[0],
                case_code=r[1],
                victim_name=r[2],
                crime_reference=r[3],
                status=r[4],
                flags=tuple(json.loads(r[5])),
                offence_date=date.fromisoformat(r[6]) if r[6] else None,
                event_count=int(r[7]),
                updated_at=r[8],
            )
            for r in rows
        ]

    def due_by(self, limit: date) -> list[tuple[str, str, dict[str, object]]]:
        """(case_id, case_code, obligation dict) for open cases, due on or before `limit`,
        soonest first."""
        rows = self._conn.execute(
            "SELECT o.case_id, s.case_code, o.data FROM outstanding o"
            " JOIN case_summary s ON s.case_id = o.case_id"
            " WHERE s.status = 'open' AND o.due IS NOT NULL AND o.due <= ?"
            " ORDER BY o.due, s.case_code, o.duty, o.trigger",
            (limit.isoformat(),),
        ).fetchall()
        return [(str(r[0]), str(r[1]), json.loads(r[2])) for r in rows]

    def close(self) -> None:
        self._conn.close()
