"""A handed-over case file comes from outside: check it with the same rules as a scenario file
(`domain/untrusted.py`, `domain/scenario.py`), and keep only the tables a case file has.

Messages name the table and column (``victim.name``), never the value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.scenario import parse_event
from vcop_desktop.domain.untrusted import (
    MAX_TEXT_CHARS,
    UntrustedJsonError,
    date_problem,
    load_json,
    text_problem,
)
from vcop_desktop.domain.vocabulary import FLAGS

#: Columns that hold a name, a reference or a code: one line, and short.
_ONE_LINE = frozenset(
    {
        "case_details.case_code",
        "case_details.crime_reference",
        "case_details.urn",
        "case_details.police_force",
        "case_details.officer_name",
        "case_details.officer_phone",
        "case_details.officer_email",
        "case_details.status",
        "victim.name",
        "victim.preferred_name",
        "victim.pronouns",
        "victim.phone",
        "victim.email",
        "victim.language",
        "contact.agency",
        "contact.name",
        "contact.role",
        "contact.phone",
        "contact.email",
        "case_event.event_id",
        "case_event.type",
        "good_reason.duty",
        "good_reason.trigger",
        "safety_plan_item.what",
        "safety_plan_item.responsible",
        "safety_plan_item.recorded_by",
        "document.title",
        "document.kind",
    }
)
#: Tables whose text a person reads (audit rows hold JSON of these and are written by the app).
_CHECKED = (
    "case_details",
    "victim",
    "case_event",
    "note",
    "contact",
    "good_reason",
    "safety_plan_item",
    "document",
)
_BLOB_LIMIT = 50_000_000


def known_tables() -> frozenset[str]:
    """The tables a case file of this app has (SQLite's own `sqlite_*` tables aside)."""
    from vcop_desktop.storage.models import CaseTable

    return frozenset(CaseTable.metadata.tables)


def drop_unknown_tables(conn: Any) -> list[str]:
    """Drop every table a case file does not have; the names dropped. A handed-over file could
    carry anything in them (a 60 MB blob) into the workspace and every backup of it."""
    known = known_tables()
    dropped: list[str] = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if name in known or str(name).startswith("sqlite_"):
            continue
        conn.execute('DROP TABLE "' + str(name).replace('"', '""') + '"')
        dropped.append(str(name))
    return dropped


def case_file_problem(conn: Any) -> str | None:
    """What is wrong with a handed-over case file's content, or None: the scenario rules for
    dates, names and events, and a type for every column."""
    from vcop_desktop.storage.models import CaseTable

    codes = conn.execute("SELECT case_code FROM case_details").fetchall()
    if len(codes) != 1 or not isinstance(codes[0][0], str):
        return "it must hold exactly one case"
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table_name in _CHECKED:
        if table_name not in present:
            continue
        table = CaseTable.metadata.tables[table_name]
        kinds = {c.name: type(c.type).__name__ for c in table.columns}
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table_name})")]
        cursor = conn.execute(f"SELECT * FROM {table_name}")  # noqa: S608 - a known table name
        for number, row in enumerate(cursor, start=1):
            values = dict(zip(columns, row, strict=True))
            for column, value in values.items():
                where = f"{table_name}.{column}"
                problem = _value_problem(where, kinds.get(column), value)
                if problem:
                    return f"{where} (row {number}) {problem}"
            if table_name == "case_event":
                problem = _event_problem(values, number)
                if problem:
                    return problem
            if table_name == "case_details":
                flags = load_json(values.get("flags") or "[]")
                if not isinstance(flags, list) or any(f not in FLAGS for f in flags):
                    return "case_details.flags holds an unknown flag"
    return None


def _value_problem(where: str, kind: str | None, value: object) -> str | None:
    if value is None:
        return None
    if kind == "AutoString":
        one_line = where in _ONE_LINE
        problem = text_problem(value, one_line=one_line, limit=500 if one_line else MAX_TEXT_CHARS)
        return problem
    if kind == "Date":
        return _date_text_problem(value)
    if kind == "UTCDateTime":
        return _date_text_problem(value[:10] if isinstance(value, str) else value)
    if kind == "JSON":
        if not isinstance(value, str):
            return "is not JSON text"
        try:
            load_json(value)
        except UntrustedJsonError as error:
            return str(error)
        return None
    if kind == "Integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return "is not a whole number"
    if kind == "LargeBinary" and isinstance(value, bytes) and len(value) > _BLOB_LIMIT:
        return "is too large"
    return None


def _date_text_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "is not a date"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "is not a date in the form YYYY-MM-DD"
    return date_problem(day)


def _event_problem(values: dict[str, Any], number: int) -> str | None:
    """An event row, checked by the scenario parser itself (the one validator for events)."""
    fields = load_json(values.get("fields") or "{}")
    if not isinstance(fields, dict):
        return f"case_event (row {number}) fields are not an object"
    raw = {**fields, "id": values.get("event_id"), "type": values.get("type")}
    raw["date"] = values.get("date")
    try:
        parse_event(raw, number - 1)
    except ScenarioError as error:
        return (
            f"case_event (row {number}) {error.where.partition('.')[2] or 'event'}: {error.problem}"
        )
    return None
