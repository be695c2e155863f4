"""A case file read by plain SQL on a bare SQLCipher connection, without the ORM.

The light path reads through here: unlocking (the recovery pass), the index refill behind the
dashboard, reports, checks, backups. Opening a case for writing (`casefile.CaseFile`, through
SQLAlchemy/SQLModel) starts from the same `probe()`, but only `casefile.py` and `case.py` load
the ORM.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from vcop_desktop.domain.equality import RECORDED, Equality, case_equality
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.scenario import parse_event
from vcop_desktop.storage import cipher, migrations
from vcop_desktop.storage.coming_up import case_dates, plan_review_dates
from vcop_desktop.storage.errors import (
    CaseFileError,
    StorageEnvironmentError,
    sqlite_environment_message,
)
from vcop_desktop.storage.index import SummaryRow
from vcop_desktop.storage.retention_state import read_retention

FORMAT_MARKER = "vcop-desktop case file"


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a read-only look at a case file found."""

    case_id: str
    version: migrations.SchemaVersion


def probe(path: Path, key: bytes | str | None, *, live: bool = False) -> FileInfo:
    """Check a file can be opened as a case file with `key`. Reads only; changes nothing.

    Raises `CaseFileError` naming the file, with `kind` one of: missing, empty, truncated,
    not_ours, no_key, unreadable, too_new, damaged.
    """
    with open_checked(path, key, live=live) as (_conn, info):
        return info


def read_case_checked(
    path: Path, key: bytes | None, case_id: str
) -> tuple[FileInfo, SummaryRow, Scenario]:
    """`probe` then `read_case_raw`, on one connection: the index refill opens each file once
    (the connect, its pragmas and the key check are most of a small file's read)."""
    with open_checked(path, key, live=False) as (conn, info):
        summary, scenario = _read_case(conn, path, case_id)
    return info, summary, scenario


@contextlib.contextmanager
def open_checked(
    path: Path, key: bytes | str | None, *, live: bool
) -> Iterator[tuple[cipher.Connection, FileInfo]]:
    """A read-only connection to a file `probe` accepts (its errors, its order), and what it
    found; closed on leaving."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CaseFileError(path, "missing", "the case file is missing") from None
    if size == 0:
        raise CaseFileError(path, "empty", "the file is empty (it was truncated or never written)")
    if cipher.looks_like_plain_sqlite(path):
        raise CaseFileError(path, "not_ours", "this is an unencrypted database, not a case file")
    if key is None:
        raise CaseFileError(
            path,
            "no_key",
            "damaged: this workspace holds no key for this file, so it cannot be opened "
            "(its key was lost, or it belongs to another workspace); restore it from a backup",
        )
    if size % cipher.PAGE_SIZE:
        raise CaseFileError(path, "truncated", "the file is truncated (cut short); restore it")
    try:
        conn = cipher.connect(path, key, readonly=True, live=live)
    except cipher.OperationalError as error:
        raise StorageEnvironmentError(
            f"{path.name}: {sqlite_environment_message(str(error)) or 'could not be opened'}."
        ) from None
    except cipher.DatabaseError:
        raise CaseFileError(
            path,
            "unreadable",
            "cannot be decrypted with this workspace's key: it is damaged, not a case file, "
            "or belongs to another workspace",
        ) from None
    try:
        try:
            tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            if ("vcop_meta",) not in tables:
                raise CaseFileError(path, "not_ours", "this is not a VCOP case file")
            rows = conn.execute("SELECT name, value FROM vcop_meta").fetchall()
            meta = {str(name): str(value) for name, value in rows}
            if meta.get("format") != FORMAT_MARKER or "case_id" not in meta:
                raise CaseFileError(path, "not_ours", "this is not a VCOP case file")
            version = migrations.read_version(conn)
        except cipher.DatabaseError:
            raise CaseFileError(
                path, "damaged", "the file is damaged; restore it from a backup"
            ) from None
        if migrations.is_too_new(version):
            raise CaseFileError(
                path,
                "too_new",
                f"made by a newer version of VCOP Desktop (file format {version}); update the "
                "app to open it. The file was not changed.",
            )
        yield conn, FileInfo(case_id=meta["case_id"], version=version)
    finally:
        conn.close()


def utc_now() -> datetime:
    """The time written in audit rows."""
    return datetime.now(UTC)


@contextlib.contextmanager
def open_raw(
    path: Path, key: bytes | str, *, readonly: bool = False, live: bool = False
) -> Iterator[cipher.Connection]:
    """A bare keyed driver connection (backups, checks, the fast dashboard path)."""
    conn = cipher.connect(path, key, readonly=readonly, live=live)
    try:
        yield conn
    finally:
        conn.close()


def read_case_raw(path: Path, key: bytes, case_id: str) -> tuple[SummaryRow, Scenario]:
    """The same as `read_case`, by plain SQL on a read-only connection: ~8x faster than the ORM,
    for refilling the index over many files (after a rules update, a restore, a rebuild)."""
    try:
        with open_raw(path, key, readonly=True) as conn:
            return _read_case(conn, path, case_id)
    except cipher.Error:
        raise CaseFileError(path, "damaged", "the file's contents cannot be read") from None


def _read_case(conn: cipher.Connection, path: Path, case_id: str) -> tuple[SummaryRow, Scenario]:
    try:
        code, reference, status, flags, offence, offence_text, force = conn.execute(
            "SELECT case_code, crime_reference, status, flags, offence_date, offence,"
            " police_force FROM case_details"
        ).fetchone()
        name, born, preferred = conn.execute(
            "SELECT name, date_of_birth, preferred_name FROM victim"
        ).fetchone()
        rows = conn.execute(
            "SELECT event_id, type, date, fields FROM case_event ORDER BY position"
        ).fetchall()
        last = conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        reasons = good_reason_keys(conn.execute)
        reviews = plan_review_dates(conn.execute)
        events = tuple(
            parse_event({"id": i, "type": t, "date": d, **json.loads(f)}, n)
            for n, (i, t, d, f) in enumerate(rows)
        )
        flag_list = tuple(json.loads(flags))
        offence_date = date.fromisoformat(offence) if offence else None
        equality = victim_equality(
            conn.execute, date.fromisoformat(born) if born else None, offence_date, events
        )
        updated = (
            datetime.fromisoformat(last[0]).replace(tzinfo=UTC).isoformat(timespec="seconds")
            if last
            else ""
        )
        retention = read_retention(
            conn.execute,
            status=status,
            closing_events=(e.date for e in events if e.type == "case_closed"),
            updated_at=updated,
        )
    except ScenarioError as error:
        raise CaseFileError(path, "damaged", f"holds an invalid event ({error})") from None
    except (cipher.Error, TypeError, ValueError):
        raise CaseFileError(path, "damaged", "the file's contents cannot be read") from None
    facts = CaseFacts(
        offence_date=offence_date,
        victim_dob=date.fromisoformat(born) if born else None,
        flags=frozenset(flag_list),
        victim_name=name or None,
        crime_reference=reference,
    )
    summary = SummaryRow(
        case_id=case_id,
        case_code=code,
        victim_name=name,
        crime_reference=reference,
        status=status,
        flags=flag_list,
        offence_date=offence_date,
        event_count=len(events),
        updated_at=updated,
        offence=offence_text,
        preferred_name=preferred,
        police_force=force,
        good_reasons=reasons,
        last_event=max((e.date for e in events), default=None),
        dated=case_dates(events, reviews),
        retention=retention,
        equality=equality,
    )
    return summary, Scenario(case=facts, events=events)


def victim_equality(
    execute: Any, born: date | None, offence: date | None, events: tuple[Event, ...]
) -> Equality:
    """The case's categories for reports (`domain.equality.case_equality`): the victim's
    recorded characteristics (none in a file older than format 1.5, which has no columns for
    them until first opened for writing) and the age at the offence, else at the crime report."""
    result = execute("SELECT * FROM victim")
    row = result.fetchone()
    names = list(result.keys()) if hasattr(result, "keys") else [d[0] for d in result.description]
    values = dict(zip(names, row, strict=True)) if row is not None else {}
    reported = [e.date for e in events if e.type == "crime_reported"]
    return case_equality(
        {name: values.get(name) for name in RECORDED},
        bool(values.get("equality_consent")),
        born,
        offence,
        reported,
    )


def good_reason_keys(execute: Any) -> dict[tuple[str, str], date]:
    """(duty, trigger) of every obligation with an agency's reason on record, and the first
    day it was: the day the agency gave it, or else the day it was recorded (a report judged
    on an earlier day does not count it). None in a file older than format 1.2 (it gains the
    table when first opened for writing)."""
    has_table = execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'good_reason'"
    ).fetchone()
    if not has_table:
        return {}
    rows = execute(
        "SELECT duty, trigger, MIN(COALESCE(given_on, substr(recorded_at, 1, 10)))"
        " FROM good_reason GROUP BY duty, trigger"
    ).fetchall()
    return {(str(d), str(t)): date.fromisoformat(str(day)[:10]) for d, t, day in rows}
