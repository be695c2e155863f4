"""A case's events as a table, newest first by default."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from vcop_desktop.domain.vocabulary import AGENCY_LABELS, event_label
from vcop_desktop.storage import EventRecord
from vcop_desktop.ui.models.base import FlatTableModel
from vcop_desktop.ui.text import short_date

COLUMNS = ("Date", "Event", "Details", "Note", "Recorded by")
EventRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

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


class EventsModel(FlatTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EventRecord] = []
        self._display: list[tuple[str, ...]] = []

    def set_events(self, records: Sequence[EventRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self._display = [
            (
                short_date(r.event.date),
                event_label(r.event.type),
                describe_fields(r),
                r.note or "",
                r.recorded_by,
            )
            for r in self._rows
        ]
        self.endResetModel()

    def record(self, row: int) -> EventRecord:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        record = self._rows[index.row()]
        event = record.event
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[index.row()][column]
        if role == SortRole:
            if column == 0:
                return (
                    event.date.toordinal() * 100_000 + event.position
                )  # Qt sorts ints, not tuples
            return self._display[index.row()][column]
        if role == EventRole:
            return record
        return None
