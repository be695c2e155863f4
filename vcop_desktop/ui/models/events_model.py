"""A case's events as a table, newest first by default."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from vcop_desktop.domain.vocabulary import AGENCY_LABELS, event_label
from vcop_desktop.storage import EventRecord
from vcop_desktop.ui.models.base import FlatTableModel, Row
from vcop_desktop.ui.text import short_date

COLUMNS = ("Date", "Event", "Details", "Note", "Recorded by")
EventRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def describe_fields(record: EventRecord) -> str:
    parts = []
    for name, value in record.event.fields.items():
        if isinstance(value, date):
            text = short_date(value)
        elif name in ("from", "against"):
            text = AGENCY_LABELS.get(str(value), str(value))
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = str(value)
        parts.append(f"{name.replace('_', ' ')}: {text}")
    return "; ".join(parts)


class EventsModel(FlatTableModel[EventRecord]):
    COLUMNS = COLUMNS

    def set_events(self, records: Sequence[EventRecord]) -> None:
        self.replace_rows(records)

    def describe(self, record: EventRecord) -> Row[EventRecord]:
        event = record.event
        texts = (
            short_date(event.date),
            event_label(event.type),
            describe_fields(record),
            record.note or "",
            record.recorded_by,
        )
        return Row(record, texts, (event.sort_key, *texts[1:]))

    def record(self, row: int) -> EventRecord:
        return self.item(row)

    def other_data(self, row: Row[EventRecord], column: int, role: int) -> Any:
        return row.item if role == EventRole else None
