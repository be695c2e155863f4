"""The dry run: every row checked, the cases the file would create, and every problem by row
and column ("row 14, Date charged: '31/11/26' is not a date ..."). Pure: nothing is written,
and the workspace is only asked, by the caller, which of the cases it already holds.

A case with a problem in any of its rows is not created at all: its rows go, with their
problems, to the failed rows file, never half imported and never dropped silently.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from vcop_desktop.caseload_import import values
from vcop_desktop.caseload_import.mapping import (
    DATE_ONLY_EVENTS,
    DEFAULT_KEY,
    EVENT_COLUMN_LABELS,
    FIELD_LABELS,
    KEY_FIELDS,
    check_mapping,
    normal,
)
from vcop_desktop.caseload_import.reader import Cell, Table
from vcop_desktop.domain.events import Event, FieldValue
from vcop_desktop.domain.offences import offence_named
from vcop_desktop.domain.untrusted import MAX_TEXT_CHARS
from vcop_desktop.domain.vocabulary import FLAGS, event_label
from vcop_desktop.typed_dates import in_words, short

#: A case's identity in the file and in the workspace: its key fields, normalised.
Key = tuple[str, ...]
_CASE_TEXTS: Final = ("victim_name", "crime_reference", "offence")
_CASE_DATES: Final = ("victim_dob", "offence_date", "opened_on")


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True, slots=True)
class CaseToCreate:
    """One case as the file gives it, checked and ready for `Workspace.create_case`."""

    rows: tuple[int, ...]
    key: Key
    victim_name: str
    victim_dob: date | None = None
    crime_reference: str | None = None
    offence: str | None = None
    offence_date: date | None = None
    opened_on: date | None = None
    flags: tuple[str, ...] = ()
    #: Flags the listed offence implies (domain/offences.py), added as the New case form does.
    implied: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()

    def describe(self) -> str:
        """A line for the dry-run list: never the victim's name."""
        where = f"row {self.rows[0]}" if len(self.rows) == 1 else f"rows {_spans(self.rows)}"
        ref = f"crime reference {self.crime_reference}" if self.crime_reference else "no crime ref"
        events = "; ".join(f"{event_label(e.type)} {short(e.date)}" for e in self.events)
        flags = ", ".join(f.replace("_", " ") for f in self.flags)
        implied = f" ({', '.join(f.replace('_', ' ') for f in self.implied)} from the offence)"
        return (
            f"{where}: {ref}; {len(self.events)} event{'s' * (len(self.events) != 1)}"
            f"{f' ({events})' if events else ''}"
            f"{f'; flags: {flags}' if flags else ''}{implied if self.implied else ''}"
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import of `table` under `mapping` would do."""

    table: Table
    mapping: tuple[str, ...]
    key: tuple[str, ...]
    create: tuple[CaseToCreate, ...] = ()
    present: tuple[CaseToCreate, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: Problems with the mapping itself: nothing can be imported until they are put right.
    mapping_problems: tuple[str, ...] = ()
    failed_rows: tuple[int, ...] = field(default=())

    @property
    def importable(self) -> bool:
        return not self.mapping_problems and bool(self.create)

    def with_existing(self, existing: Collection[Key]) -> Plan:
        """The plan once the workspace has said which keys it already holds."""
        cases = (*self.create, *self.present)
        return replace(
            self,
            create=tuple(c for c in cases if c.key not in existing),
            present=tuple(c for c in cases if c.key in existing),
        )

    def summary(self) -> str:
        if self.mapping_problems:
            return " ".join(self.mapping_problems)
        rows = len(self.failed_rows)
        return (
            f"{len(self.create)} case{'s' * (len(self.create) != 1)} to create, "
            f"{len(self.present)} already present (skipped), "
            f"{rows} row{'s' * (rows != 1)} with problems (not imported)."
        )


def case_key(key: Sequence[str], fields: dict[str, object]) -> Key:
    """The normalised key of a case: texts compared as words, dates as ISO."""
    out: list[str] = []
    for name in key:
        value = fields.get(name)
        out.append(value.isoformat() if isinstance(value, date) else normal(str(value or "")))
    return tuple(out)


def build_plan(
    table: Table,
    mapping: Sequence[str],
    *,
    today: date,
    key: Sequence[str] = DEFAULT_KEY,
) -> Plan:
    """Check every row of `table` read through `mapping`; the cases are all in `create` until
    `Plan.with_existing` moves those already in the workspace to `present`."""
    mapping = tuple(mapping) + ("",) * (len(table.headers) - len(mapping))
    key = tuple(key)
    wrong = check_mapping(mapping)
    wrong += [f"{k!r} cannot be a key; use {', '.join(KEY_FIELDS)}." for k in key
              if k not in KEY_FIELDS]  # fmt: skip
    if not key:
        wrong.append("The key needs at least one field.")
    wrong += [
        f"The key field {FIELD_LABELS[k]} is not mapped to a column."
        for k in key
        if k in KEY_FIELDS and k not in mapping
    ]
    if "victim_name" not in mapping:
        wrong.append("No column is mapped to Victim name: every case needs one.")
    if wrong:
        return Plan(table, mapping, key, mapping_problems=tuple(dict.fromkeys(wrong)))
    return _Planner(table, mapping, today, key).plan()


class _Planner:
    def __init__(self, table: Table, mapping: tuple[str, ...], today: date, key: Key) -> None:
        self.table, self.mapping, self.today, self.key = table, mapping, today, key
        self.per_event = "event_type" in mapping
        self.problems: list[Problem] = []
        self.column = {k: i for i, k in enumerate(mapping) if k}

    def header(self, field_key: str) -> str:
        index = self.column.get(field_key)
        return self.table.headers[index] if index is not None else FIELD_LABELS[field_key]

    def problem(self, row: int, field_key: str, message: str) -> None:
        self.problems.append(Problem(row, self.header(field_key), message))

    def cell(self, cells: tuple[Cell, ...], field_key: str) -> Cell:
        index = self.column.get(field_key)
        return cells[index] if index is not None else None

    def plan(self) -> Plan:
        groups: dict[Key, list[tuple[int, dict[str, object], list[Event]]]] = {}
        first_row: dict[Key, int] = {}
        bad_rows: set[int] = set()
        for number, cells in zip(self.table.numbers, self.table.rows, strict=True):
            before = len(self.problems)
            fields = self.case_fields(number, cells)
            events = self.row_events(number, cells)
            row_key = case_key(self.key, fields)
            if self.per_event and any(row_key) and not all(row_key):
                found = self.same_case(number, row_key, groups)
                if found is None:
                    bad_rows.add(number)
                    continue
                row_key = found
            if not any(row_key):
                shown = " and ".join(FIELD_LABELS[k].lower() for k in self.key)
                self.problem(number, self.key[0], f"empty: cases are told apart by {shown}")
            elif row_key in groups and not self.per_event:
                self.problem(
                    number, self.key[0], f"the same case as row {first_row[row_key]} (same key)"
                )
                fields, events = {}, []  # not merged: both rows fail, for the user to choose
            if len(self.problems) > before:
                bad_rows.add(number)
                if not any(row_key):
                    continue
            first_row.setdefault(row_key, number)
            groups.setdefault(row_key, []).append((number, fields, events))
        cases: list[CaseToCreate] = []
        for row_key, rows in groups.items():
            case = self.merge(row_key, rows)
            numbers = [n for n, _, _ in rows]
            bad_rows.update(p.row for p in self.problems)
            if case is None or bad_rows.intersection(numbers):
                bad = sorted(bad_rows.intersection(numbers))
                for n in numbers:
                    if n not in bad_rows:
                        first = bad[0]
                        message = f"another row of this case has a problem (row {first})"
                        self.problem(n, self.key[0], message)
                        bad_rows.add(n)
                continue
            cases.append(case)
        failed = tuple(sorted({p.row for p in self.problems}))
        problems = tuple(sorted(self.problems, key=lambda p: p.row))
        return Plan(self.table, self.mapping, self.key, tuple(cases), (), problems,
                    failed_rows=failed)  # fmt: skip

    def same_case(self, number: int, row_key: Key, groups: dict[Key, Any]) -> Key | None:
        """One row an event: a row that leaves part of the key empty (the date of birth given
        on the case's first row only) belongs to the one case that agrees on the rest."""
        given = [i for i, part in enumerate(row_key) if part]
        matches = [k for k in groups if all(k[i] == row_key[i] for i in given)]
        if len(matches) > 1:
            rows = " and ".join(str(groups[k][0][0]) for k in matches[:2])
            self.problem(number, self.key[0], f"could be the case of row {rows}: give all of "
                                              "the key on this row")  # fmt: skip
            return None
        return matches[0] if matches else row_key

    def case_fields(self, number: int, cells: tuple[Cell, ...]) -> dict[str, object]:
        fields: dict[str, object] = {}
        for name in _CASE_TEXTS:
            limit = MAX_TEXT_CHARS if name == "offence" else 500
            text, problem = values.read_text(self.cell(cells, name), limit=limit)
            if problem:
                self.problem(number, name, problem)
            fields[name] = text
        for name in _CASE_DATES:
            day, problem = values.read_date(self.cell(cells, name), self.today)
            if problem is None and day is not None and day > self.today:
                problem = f"{in_words(day)} is in the future"
            if problem:
                self.problem(number, name, problem)
            fields[name] = day
        flags, problem = values.read_flags(self.cell(cells, "flags"))
        if problem:
            self.problem(number, "flags", problem)
        ticked = list(flags)
        for flag in FLAGS:
            on, problem = values.read_yes_no(self.cell(cells, f"flag:{flag}"))
            if problem:
                self.problem(number, f"flag:{flag}", problem)
            if on and flag not in ticked:
                ticked.append(flag)
        fields["flags"] = tuple(f for f in FLAGS if f in ticked)
        return fields

    def row_events(self, number: int, cells: tuple[Cell, ...]) -> list[Event]:
        hearing, problem = values.read_date(self.cell(cells, "hearing_date"), self.today)
        if problem:
            self.problem(number, "hearing_date", problem)
        if self.per_event:
            return self.event_row(number, cells, hearing)
        out: list[Event] = []
        for kind in DATE_ONLY_EVENTS:
            name = f"event:{kind}"
            if name not in self.column:
                continue
            day, problem = values.read_date(self.cell(cells, name), self.today)
            if problem is None and day is not None and kind != "hearing_listed":
                problem = values.future(day, self.today)
            if problem:
                self.problem(number, name, problem)
            elif day is not None:
                extra = {"hearing_date": hearing} if kind == "hearing_listed" and hearing else {}
                out.append(_event(kind, day, extra))
        listed = any(e.type == "hearing_listed" for e in out)
        if hearing is not None and not listed and self.cell(cells, "event:hearing_listed") is None:
            label = EVENT_COLUMN_LABELS["hearing_listed"]
            self.problem(
                number, "hearing_date",
                f"needs the date the hearing was listed as well (a '{label}' column): "
                "the Witness Care Unit's duty runs from that day",
            )  # fmt: skip
        return out

    def event_row(self, number: int, cells: tuple[Cell, ...], hearing: date | None) -> list[Event]:
        kind_cell = self.cell(cells, "event_type")
        day, problem = values.read_date(self.cell(cells, "event_date"), self.today)
        if problem:
            self.problem(number, "event_date", problem)
        if kind_cell is None:
            if day is not None or hearing is not None:
                self.problem(number, "event_type", "empty: which event was it?")
            return []
        kind, why = event_type_named(values.shown(kind_cell))
        if why:
            self.problem(number, "event_type", why)
            return []
        if day is None and not problem:
            self.problem(number, "event_date", "empty: every event needs a date")
            return []
        if day is None:
            return []
        if kind != "hearing_listed" and (late := values.future(day, self.today)):
            self.problem(number, "event_date", late)
            return []
        if hearing is not None and kind != "hearing_listed":
            self.problem(number, "hearing_date", "only a hearing listed event has a hearing date")
            return []
        extra = {"hearing_date": hearing} if hearing is not None else {}
        return [_event(kind, day, extra)]

    def merge(
        self, row_key: Key, rows: list[tuple[int, dict[str, object], list[Event]]]
    ) -> CaseToCreate | None:
        merged: dict[str, object] = {}
        ticked: list[str] = []
        clean = True
        for number, fields, _ in rows:
            for name, value in fields.items():
                if value in (None, ()):
                    continue
                if merged.get(name) in (None, ()):
                    merged[name] = value
                elif merged[name] != value and name != "flags":
                    self.problem(number, name, f"differs from row {rows[0][0]} (the same case)")
                    clean = False
            row_flags = fields.get("flags")
            ticked += row_flags if isinstance(row_flags, tuple) else ()
        number = rows[0][0]
        if not merged.get("victim_name"):
            self.problem(number, "victim_name", "empty: every case needs the victim's name")
            clean = False
        if not clean:
            return None
        events = sorted((e for _, _, evs in rows for e in evs), key=lambda e: (e.date, e.position))
        numbered = tuple(
            replace(e, id=f"e{i}", position=i - 1) for i, e in enumerate(events, start=1)
        )
        flags = tuple(f for f in FLAGS if f in ticked)
        offence = merged.get("offence")
        listed = offence_named(offence) if isinstance(offence, str) else None
        implied = tuple(f for f in (listed.flags if listed else ()) if f not in flags)
        return CaseToCreate(
            rows=tuple(n for n, _, _ in rows),
            key=row_key,
            victim_name=str(merged["victim_name"]),
            victim_dob=_date(merged.get("victim_dob")),
            crime_reference=_text(merged.get("crime_reference")),
            offence=_text(offence),
            offence_date=_date(merged.get("offence_date")),
            opened_on=_date(merged.get("opened_on")),
            flags=tuple(f for f in FLAGS if f in {*flags, *implied}),
            implied=implied,
            events=numbered,
        )


def event_type_named(text: str) -> tuple[str, str | None]:
    """An event type from its id, its label or its column's label ("Date charged")."""
    wanted = normal(text)
    for kind in DATE_ONLY_EVENTS:
        names = (kind, event_label(kind), EVENT_COLUMN_LABELS.get(kind, ""))
        if wanted in {normal(n) for n in names if n}:
            return kind, None
    from vcop_desktop.domain.vocabulary import EVENT_FIELDS

    for kind in EVENT_FIELDS:
        if wanted in (normal(kind), normal(event_label(kind))):
            return "", (
                f"'{text}' needs details a spreadsheet row does not hold; add it in the app"
            )
    return "", f"'{text}' is not an event the app knows"


def _event(kind: str, day: date, extra: dict[str, date]) -> Event:
    fields: dict[str, FieldValue] = dict(extra)
    return Event(id="", type=kind, date=day, fields=MappingProxyType(fields))


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _spans(rows: Sequence[int]) -> str:
    return ", ".join(str(n) for n in rows[:6]) + (" ..." if len(rows) > 6 else "")
