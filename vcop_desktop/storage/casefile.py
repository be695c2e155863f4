"""One victim's case file: a SQLCipher 4 database used through SQLModel/SQLAlchemy.

Opening is careful: `probe()` (rawfile.py) first reads the file read-only (key, format,
version) so a file that is damaged, not ours, or from a newer version is reported by name and
never written to.
Only then is the lock taken, the file migrated if older, and the ORM engine made. Every write
is one transaction (`BEGIN IMMEDIATE`) that carries its own audit row.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from vcop_desktop import __version__
from vcop_desktop.storage import case_sql, cipher, migrations
from vcop_desktop.storage.errors import (
    CaseFileError,
    StorageEnvironmentError,
    environment_error,
    sqlite_environment_message,
)
from vcop_desktop.storage.fileops import fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.locks import CaseLock
from vcop_desktop.storage.models import (
    AuditEntry,
    CaseEvent,
    CaseRecord,
    CaseTable,
    Victim,
    case_registry,
)
from vcop_desktop.storage.rawfile import FORMAT_MARKER, FileInfo, probe, utc_now


def prepare() -> None:
    """Do ahead, off the user's wait, what the first case opened in a process pays for
    otherwise (about 20 ms here): load the SQLCipher dialect and configure the ORM mappers.
    Touches no file; safe on any thread."""
    import sqlalchemy.dialects.sqlite.pysqlcipher  # noqa: F401

    case_registry.configure()


def _make_engine(path: Path, key: bytes, *, readonly: bool) -> Engine:
    # The pysqlcipher dialect issues `PRAGMA key = "<password>"`; a raw key is x'<hex>'.
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'")
    engine = create_engine(
        url,
        creator=lambda: cipher.connect_raw(path, readonly=readonly),
        poolclass=StaticPool,
        hide_parameters=True,  # never put case data into exception messages
    )

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cipher.apply_settings(dbapi_connection, readonly=readonly)

    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def _json(value: object) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def _json_default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    raise TypeError(type(value).__name__)


def snapshot(row: Any) -> dict[str, object]:
    """A row as plain JSON-able data, for the audit log's before/after."""
    data: dict[str, object] = row.model_dump()
    return data


def _insert_events(conn: cipher.Connection, events: Iterable[CaseEvent]) -> str:
    """Insert events in batches; returns their audit snapshots as a JSON array body."""
    logged: list[str] = []
    batch: list[dict[str, object]] = []
    for row in events:
        batch.append(row.model_dump(exclude={"row_id"}))
        logged.append(_json(snapshot(row)))
        if len(batch) >= 2000:
            case_sql.insert_rows(conn, "case_event", batch)
            batch = []
    if batch:
        case_sql.insert_rows(conn, "case_event", batch)
    return ", ".join(logged)


class CaseFile:
    """An open case file. Writers hold the file's lock; readers do not."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        info: FileInfo,
        *,
        readonly: bool,
        lock: CaseLock | None,
    ) -> None:
        self.path = path
        self.case_id = info.case_id
        self.version = info.version
        self.readonly = readonly
        self._lock = lock
        self.engine: Engine | None = _make_engine(path, key, readonly=readonly)

    # -- creating and opening ------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        key: bytes,
        case_id: str,
        *,
        actor: str,
        record: CaseRecord,
        victim: Victim,
        events: Iterable[CaseEvent],
        action: str = "case created",
        more: Iterable[CaseTable] = (),
    ) -> None:
        """Write a new case file, complete, or nothing at all. `more` are further rows
        (an anonymised case's kept reasons and plan items, `vcop_meta` facts) in the same
        transaction; the audit row names their tables and counts, not their contents.

        It is built under a temporary name and renamed into place once closed, so a crash or a
        full disk never leaves a half-made case file.
        """
        temp = path.with_name(f".{path.name}.new")
        for leftover in (temp, *sidecars(temp)):
            remove_quietly(leftover)
        conn: cipher.Connection | None = None
        try:
            conn = cipher.connect(temp, key, create=True)
            conn.execute("BEGIN IMMEDIATE")
            for statement in (*case_sql.schema_statements(), *migrations.POST_CREATE_DDL):
                conn.execute(statement)
            meta = {"format": FORMAT_MARKER, "case_id": case_id, "created_by_app": __version__}
            case_sql.insert_rows(
                conn, "vcop_meta", ({"name": k, "value": v} for k, v in meta.items())
            )
            # One row each: the ids the ORM would give, so the audit snapshot shows them.
            record.id = 1
            victim.id = 1
            case_sql.insert_rows(conn, "case_details", [record.model_dump()])
            case_sql.insert_rows(conn, "victim", [victim.model_dump()])
            # Events go in by batches, and their audit snapshot is built as they go: a
            # 100,000-event import never holds every row and every snapshot dict at once.
            logged = _insert_events(conn, events)
            counts: dict[str, int] = {}
            for row in more:
                table = str(row.__tablename__)
                case_sql.insert_rows(conn, table, [row.model_dump()])
                counts[table] = counts.get(table, 0) + 1
            extra = f', "rows": {_json(counts)}' if counts else ""
            after = (
                f'{{"case": {_json(snapshot(record))}, "events": [{logged}]{extra}, '
                f'"victim": {_json(snapshot(victim))}}}'
            )
            audit = AuditEntry(
                at=utc_now(),
                actor=actor,
                action=action,
                entity="case",
                entity_key=record.case_code,
                after=after,
            )
            case_sql.insert_rows(conn, "audit_log", [audit.model_dump()])
            conn.execute(f"PRAGMA user_version = {migrations.LATEST.encode()}")
            conn.execute("COMMIT")
            cipher.checkpoint(conn)
            conn.close()
            conn = None
            temp.replace(path)
            fsync_dir(path.parent)
        except BaseException as error:
            if conn is not None:
                conn.close()
            for leftover in (temp, *sidecars(temp)):
                remove_quietly(leftover)
            if isinstance(error, OSError):
                raise environment_error(error, "create the case file") from None
            if isinstance(error, sqlalchemy.exc.DBAPIError | cipher.Error):
                why = sqlite_environment_message(str(error))
                if why:
                    raise StorageEnvironmentError(
                        f"Could not create the case file: {why}. Nothing was changed."
                    ) from None
            raise

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes | None,
        *,
        label: str,
        copies_dir: Path,
        readonly: bool = False,
    ) -> CaseFile:
        """Open for reading (no lock) or writing (locked, migrated first if older)."""
        info = probe(path, key)
        assert key is not None  # probe refuses a missing key
        if readonly:
            return cls(path, key, info, readonly=True, lock=None)
        lock = CaseLock.acquire(path, label)
        try:
            if migrations.needs_migration(info.version):
                try:
                    migrations.migrate(path, key, copies_dir, info.case_id)
                except OSError as error:
                    raise environment_error(
                        error, f"update case {label} to the new format"
                    ) from None
                info = probe(path, key)
            return cls(path, key, info, readonly=False, lock=lock)
        except BaseException:
            lock.release()
            raise

    # -- reading and writing -------------------------------------------------------------------

    def _engine(self) -> Engine:
        if self.engine is None:
            raise RuntimeError("the case file is closed")
        return self.engine

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session inside one read transaction (a consistent snapshot)."""
        with self._errors("read"), Session(self._engine()) as session, session.begin():
            yield session

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: everything done in it, audit rows included, or nothing."""
        if self.readonly:
            raise RuntimeError("opened read-only")
        with (
            self._errors("save the change to"),
            Session(self._engine(), expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            raise environment_error(error, f"{doing} {self.path.name}") from None
        except sqlalchemy.exc.DBAPIError as error:
            why = sqlite_environment_message(str(error.orig))
            if why:
                raise StorageEnvironmentError(
                    f"Could not {doing} {self.path.name}: {why}. Nothing was changed."
                ) from None
            if isinstance(error, sqlalchemy.exc.DatabaseError) and "malformed" in str(error.orig):
                raise CaseFileError(
                    self.path, "damaged", "the file is damaged; restore it from a backup"
                ) from None
            raise

    @staticmethod
    def audit(
        session: Session,
        *,
        actor: str,
        action: str,
        entity: str,
        entity_key: str | None = None,
        before: Mapping[str, object] | None = None,
        after: Mapping[str, object] | None = None,
    ) -> None:
        session.add(
            AuditEntry(
                at=utc_now(),
                actor=actor,
                action=action,
                entity=entity,
                entity_key=entity_key,
                before=None if before is None else _json(before),
                after=None if after is None else _json(after),
            )
        )

    @contextlib.contextmanager
    def raw(self) -> Iterator[cipher.Connection]:
        """The driver connection (for the backup API and integrity checks)."""
        fairy = self._engine().raw_connection()
        try:
            yield fairy.dbapi_connection
        finally:
            fairy.close()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
