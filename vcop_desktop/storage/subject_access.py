"""Everything a case file holds, read for a subject access request, and the export's audit row.

Functions over an open `CaseHandle` (as `recipient_choices.py`), so the handle does not grow.
Every table of the case file is read, whatever this version calls it: a table a later case
format adds is in the bundle without a change here (only `vcop_meta`, facts about the file
itself, is not about the person). One read transaction: one consistent snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from vcop_desktop.storage.errors import user_errors
from vcop_desktop.storage.models import case_metadata

if TYPE_CHECKING:
    from vcop_desktop.storage.case import CaseHandle

#: Facts about the file (format version, case id, what wrote it): not data about the person.
NOT_ABOUT_THE_PERSON = frozenset({"vcop_meta"})
#: The audit action an export writes.
EXPORT_ACTION = "subject access export"

Value = str | int | float | bool | None | list[object] | dict[str, object] | bytes


@dataclass(frozen=True, slots=True)
class HeldRecords:
    """Every row of every table about the person, as plain values (dates as ISO text; a
    document version's content as bytes, to be attached rather than printed)."""

    tables: dict[str, list[dict[str, Value]]]

    def count(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


@user_errors
def read_everything(handle: CaseHandle) -> HeldRecords:
    """Every table of the case file but `vcop_meta`, every row, in one read transaction."""
    tables: dict[str, list[dict[str, Value]]] = {}
    with handle.file.reading() as session:
        connection = session.connection()
        present = {
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
        for table in case_metadata.sorted_tables:
            if table.name in NOT_ABOUT_THE_PERSON or table.name not in present:
                continue
            order = list(table.primary_key.columns)
            rows = connection.execute(table.select().order_by(*order)).mappings().all()
            tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return HeldRecords(tables)


def _plain(value: object) -> Value:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | bytes | list | dict):
        return value
    return str(value)


@user_errors
def record_export(handle: CaseHandle, details: Mapping[str, object]) -> None:
    """The export's audit row: what was made and when (file names and record counts, never
    the data itself). One transaction."""
    with handle._change() as session:
        handle._audit(session, EXPORT_ACTION, "case", handle.case_code, None, dict(details))
