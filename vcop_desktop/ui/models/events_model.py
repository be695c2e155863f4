"""A case's events as a table, newest first by default."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.vocabulary import AGENCY_LABELS, EVENT_FIELDS, FieldKind, event_label
from vcop_desktop.ui.models.base import FlatTableModel, Row
from vcop_desktop.ui.text import compact_date, short_date
from vcop_desktop.wording import short_what

if TYPE_CHECKING:  # case.py loads the ORM: only an open case needs it
    from vcop_desktop.storage import EventRecord

COLUMNS = ("Date", "Event", "Details", "Note", "Recorded by")
EventRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


#: What a duty_met event refers to: (duty, trigger) -> (who owed it, what was owed).
Duties = Mapping[tuple[str, str], tuple[str, str]]


def describe_met(record: EventRecord, duties: Duties, events: Mapping[str, Event]) -> str:
    """ "Police: Tell the victim that a suspect has been arrested (suspect arrested on 6 Oct
    2026)": what was done and for which event, never the rule's id."""
    fields = record.event.fields
    duty, trigger = str(fields.get("duty", "")), str(fields.get("trigger", ""))
    owed_by, what = duties.get((duty, trigger), ("", duty.split(".")[-1].replace("_", " ")))
    who = AGENCY_LABELS.get(owed_by, owed_by)
    started = events.get(trigger)
    when = (
        f" ({event_label(started.type).lower()} on {compact_date(started.date)})"
        if started is not None
        else ""
    )
    clear = fields.get("reasons_clear")
    mark = f"; reasons explained clearly: {clear}" if clear else ""
    return f"{who + ': ' if who else ''}{short_what(what, 70)}{when}{mark}"


def describe_fields(record: EventRecord) -> str:
    parts = []
    specs = EVENT_FIELDS.get(record.event.type, ())
    choices = {spec.name for spec in specs if spec.kind is FieldKind.CHOICE}
    for name, value in record.event.fields.items():
        if isinstance(value, date):
            text = short_date(value)
        elif name in ("from", "against", "by"):
            text = AGENCY_LABELS.get(str(value), str(value))
        elif name in choices:  # a choice's code, in words
            text = str(value).replace("_", " ")
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = str(value)
        parts.append(f"{name.replace('_', ' ')}: {text}")
    return "; ".join(parts)


class EventsModel(FlatTableModel["EventRecord"]):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._duties: Duties = {}
        self._events: Mapping[str, Event] = {}

    def set_events(self, records: Sequence[EventRecord], duties: Duties | None = None) -> None:
        self._duties = duties or {}
        self._events = {r.event.id: r.event for r in records}
        self.replace_rows(records)

    def describe(self, record: EventRecord) -> Row[EventRecord]:
        event = record.event
        details = (
            describe_met(record, self._duties, self._events)
            if event.type == "duty_met"
            else describe_fields(record)
        )
        texts = (
            short_date(event.date),
            event_label(event.type),
            details,
            record.note or "",
            record.recorded_by,
        )
        return Row(record, texts, (event.sort_key, *texts[1:]))

    def record(self, row: int) -> EventRecord:
        return self.item(row)

    def other_data(self, row: Row[EventRecord], column: int, role: int) -> Any:
        return row.item if role == EventRole else None
