"""The case file's tables as SQL text, compiled once per process from the ORM's own metadata.

Creating a case through an ORM engine cost about 24 ms, most of it SQLAlchemy compiling the
same `CREATE TABLE` and `INSERT` statements again for every new file (its statement cache
belongs to an engine, and each file has its own). A caseload import creates a thousand cases
in a row, so `CaseFile.create` writes through one plain connection with the statements below.
They are made from `models.case_metadata` and the columns' own SQLAlchemy types (the same bind
processors the ORM applies), so the tables and the stored values are exactly the ORM's; a
test compares the two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.sql.ddl import sort_tables

from vcop_desktop.storage import cipher
from vcop_desktop.storage.models import case_metadata


@functools.cache
def _dialect() -> SQLiteDialect_pysqlcipher:
    return SQLiteDialect_pysqlcipher()


@functools.cache
def schema_statements() -> tuple[str, ...]:
    """`CREATE TABLE` and `CREATE INDEX` for every case table, in the order `create_all` issues
    them (so every table has the root page it would have had: the file's layout is the same)."""
    dialect = _dialect()
    out: list[str] = []
    for table in sort_tables(case_metadata.tables.values()):
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            out.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Insert:
    sql: str
    columns: tuple[str, ...]
    convert: tuple[Callable[[Any], Any] | None, ...]


@functools.cache
def _insert_for(name: str) -> _Insert:
    table: Table = case_metadata.tables[name]
    dialect = _dialect()
    columns = tuple(c.name for c in table.columns)
    places = ", ".join("?" * len(columns))
    return _Insert(
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({places})",  # noqa: S608
        columns,
        tuple(c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns),
    )


def insert_rows(conn: cipher.Connection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert plain rows (a model's `model_dump()`), each value stored as the ORM stores it.
    A column a row leaves out is NULL (an `INTEGER PRIMARY KEY` then takes the next id)."""
    insert = _insert_for(table)
    conn.executemany(insert.sql, (_values(insert, row) for row in rows))


def _values(insert: _Insert, row: Mapping[str, Any]) -> Sequence[Any]:
    out: list[Any] = []
    for name, convert in zip(insert.columns, insert.convert, strict=True):
        value = row.get(name)
        out.append(convert(value) if convert is not None and value is not None else value)
    return out
