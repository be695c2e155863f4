"""The dashboard's lines, held as columns of small integers rather than one object each.

A 10,000-case dashboard has about 25,000 lines. As objects (a `DueItem` holding an
`Obligation` of twenty fields) they took about 250 bytes a line: 620 bytes a case, the largest
part of the dashboard's memory. Almost all of an obligation repeats from line to line: its rule
(duty, wording, source, who owes it, the law) and where it stands. Only the case, the event
that started it and its two days differ. So a line here is five integers (`array`s): the case,
the "shape" (every other field, one shared `Obligation`), the trigger, the due day and the
clock start (day ordinals). A `DueItem` is made when something asks for that line.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.storage.errors import user_errors

#: The day ordinal that stands for "no day" in the day columns (no real day has it).
_NO_DAY = 0


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the dashboard: an outstanding obligation and the case it belongs to."""

    case_id: str
    case_code: str
    obligation: Obligation

    @user_errors
    def to_dict(self) -> dict[str, object]:
        return {"case_id": self.case_id, "case_code": self.case_code, **self.obligation.to_dict()}


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day is not None else _NO_DAY


def _day(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if ordinal != _NO_DAY else None


class DueRows(Sequence[DueItem]):
    """The dashboard's lines in order; `rows[i]` is line i as a `DueItem` (made on asking).

    The accessors (`case_code`, `due_ordinal`, `shape`, `key`...) answer about a line without
    making it: sorting, counting and the reminders' checks run over every line and need one
    field each. Read-only once made (`DueRowsBuilder`, `DueRows.of`). A `subset` shares the
    columns and holds only where its lines are in them (4 bytes a line, not 20)."""

    __slots__ = (
        "_at", "_case", "_case_codes", "_case_ids", "_clock", "_due", "_shape", "_shapes",
        "_trigger", "_triggers",
    )  # fmt: skip

    def __init__(
        self,
        cases: tuple[list[str], list[str]],
        shapes: list[Obligation],
        triggers: list[str],
        columns: tuple[array[int], array[int], array[int], array[int], array[int]],
        at: array[int] | None = None,
    ) -> None:
        self._case_ids, self._case_codes = cases
        self._shapes = shapes
        self._triggers = triggers
        self._case, self._shape, self._trigger, self._due, self._clock = columns
        #: where each line is in the columns (a subset), or None: line i is at i
        self._at = at

    @classmethod
    def of(cls, items: Iterable[DueItem]) -> DueRows:
        """Lines from whole items (tests, small lists)."""
        builder = DueRowsBuilder()
        for item in items:
            builder.add_item(item)
        return builder.rows()

    def _in_columns(self, position: int) -> int:
        at = self._at
        return position if at is None else at[position]

    # -- the sequence ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._case) if self._at is None else len(self._at)

    @overload
    def __getitem__(self, position: int) -> DueItem: ...
    @overload
    def __getitem__(self, position: slice) -> DueRows: ...
    def __getitem__(self, position: int | slice) -> DueItem | DueRows:
        if isinstance(position, slice):
            return self.subset(range(len(self))[position])
        n = self._in_columns(position)
        case = self._case[n]
        shape = self._shapes[self._shape[n]]
        return DueItem(
            self._case_ids[case],
            self._case_codes[case],
            dataclasses.replace(
                shape,
                trigger=self._triggers[self._trigger[n]],
                due=_day(self._due[n]),
                clock_start=_day(self._clock[n]),
            ),
        )

    def __iter__(self) -> Iterator[DueItem]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DueRows | list | tuple):  # lists and tuples: what these once were
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DueRows({len(self)} lines)"

    # -- one field of one line, without making the line -------------------------------------------

    def case_id(self, position: int) -> str:
        return self._case_ids[self._case[self._in_columns(position)]]

    def case_code(self, position: int) -> str:
        return self._case_codes[self._case[self._in_columns(position)]]

    def due_ordinal(self, position: int) -> int:
        """The due day as `date.toordinal()` (0: no due day)."""
        return self._due[self._in_columns(position)]

    def shape(self, position: int) -> Obligation:
        """Line `position`'s obligation without its trigger and days: its rule, its owner,
        where it stands, the law and any pending change (shared by many lines)."""
        return self._shapes[self._shape[self._in_columns(position)]]

    def shapes(self) -> Iterator[Obligation]:
        """Every line's `shape`, in order."""
        shapes, shape = self._shapes, self._shape
        if self._at is None:
            return (shapes[s] for s in shape)
        return (shapes[shape[n]] for n in self._at)

    def key(self, position: int) -> tuple[str, str, str]:
        """(case id, duty, trigger): what names this line from one day's lines to the next."""
        n = self._in_columns(position)
        return (
            self._case_ids[self._case[n]],
            self._shapes[self._shape[n]].duty,
            self._triggers[self._trigger[n]],
        )

    def due_on_or_before(self, day: date) -> DueRows:
        """The lines with a due day on or before `day`."""
        last, due = day.toordinal(), self.due_ordinal
        return self.subset(i for i in range(len(self)) if _NO_DAY != due(i) <= last)

    def subset(self, positions: Iterable[int]) -> DueRows:
        """The lines at `positions`, in that order (sharing this one's columns and tables)."""
        chosen = list(positions)
        if len(chosen) == len(self) and chosen == list(range(len(self))):
            return self  # read-only: all of it is itself
        columns = (self._case, self._shape, self._trigger, self._due, self._clock)
        at = array("i", map(self._in_columns, chosen))
        cases = (self._case_ids, self._case_codes)
        return DueRows(cases, self._shapes, self._triggers, columns, at)


class DueRowsBuilder:
    """Adds lines one at a time (the index's rows, read from its cursor) and makes `DueRows`.
    Repeated cases, shapes and triggers are stored once. `known`: case summaries by id (the
    case list's) whose id and code strings the lines hold rather than equal copies of their
    own (about 150 bytes a case)."""

    def __init__(self, known: Mapping[str, Any] | None = None) -> None:
        self._known = known or {}
        self._cases: dict[str, int] = {}
        self._case_ids: list[str] = []
        self._case_codes: list[str] = []
        self._shapes: dict[Any, int] = {}
        self._shape_list: list[Obligation] = []
        self._triggers: dict[str, int] = {}
        self._trigger_list: list[str] = []
        self._columns = tuple(array("i") for _ in range(5))

    def case(self, case_id: str, case_code: str) -> int:
        found = self._cases.get(case_id)
        if found is None:
            summary = self._known.get(case_id)
            if summary is not None and summary.case_code == case_code:
                case_id, case_code = summary.case_id, summary.case_code
            found = self._cases[case_id] = len(self._case_ids)
            self._case_ids.append(case_id)
            self._case_codes.append(case_code)
        return found

    def shape_of(self, key: Any, make: Any) -> int:
        """The number of the shape `key` names; `make()` builds it the first time."""
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = len(self._shape_list)
            self._shape_list.append(make())
        return found

    def add(
        self, case: int, shape: int, trigger: str, due: date | None, clock: date | None
    ) -> None:
        number = self._triggers.get(trigger)
        if number is None:
            number = self._triggers[trigger] = len(self._trigger_list)
            self._trigger_list.append(trigger)
        for column, value in zip(
            self._columns, (case, shape, number, _ordinal(due), _ordinal(clock)), strict=True
        ):
            column.append(value)

    def add_item(self, item: DueItem) -> None:
        o = item.obligation
        shape = dataclasses.replace(o, trigger="", due=None, clock_start=None)
        self.add(
            self.case(item.case_id, item.case_code),
            self.shape_of(shape, lambda: shape),
            o.trigger,
            o.due,
            o.clock_start,
        )

    def rows(self) -> DueRows:
        if not self._columns[0]:
            return EMPTY
        return DueRows(
            (self._case_ids, self._case_codes),
            self._shape_list,
            self._trigger_list,
            self._columns,  # type: ignore[arg-type]
        )


def _empty() -> DueRows:
    columns = tuple(array("i") for _ in range(5))
    return DueRows(([], []), [], [], columns)  # type: ignore[arg-type]


#: No lines.
EMPTY = _empty()
