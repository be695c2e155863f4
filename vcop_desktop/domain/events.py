"""The facts of one case: its events and the case-level facts the rules read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: A field's value; a risk assessment's `answers` is the one mapping (question id -> yes/no).
FieldValue = str | int | bool | dt.date | Mapping[str, bool]
_EMPTY: Mapping[str, FieldValue] = MappingProxyType({})
_NO_ANSWERS: Mapping[str, bool] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened in the case, on a date.

    `fields` holds the type's extra fields (already validated and typed: dates are `date`).
    `position` is the event's place in its source list; it breaks ties between same-day events.
    """

    id: str
    type: str
    date: dt.date
    fields: Mapping[str, FieldValue] = field(default_factory=lambda: _EMPTY)
    position: int = 0

    def get_date(self, name: str) -> dt.date | None:
        value = self.fields.get(name)
        return value if isinstance(value, dt.date) else None

    def get_str(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value if isinstance(value, str) else None

    def get_answers(self, name: str) -> Mapping[str, bool]:
        value = self.fields.get(name)
        return value if isinstance(value, Mapping) else _NO_ANSWERS

    def get_int(self, name: str) -> int | None:
        value = self.fields.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        return (self.date, self.position)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """Case-level facts that rules depend on. Everything is optional."""

    offence_date: dt.date | None = None
    victim_dob: dt.date | None = None
    flags: frozenset[str] = frozenset()
    victim_name: str | None = None
    crime_reference: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """One case as the engine sees it: facts, events, and optionally the date to judge on."""

    case: CaseFacts
    events: tuple[Event, ...]
    today: dt.date | None = None

    def by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}
