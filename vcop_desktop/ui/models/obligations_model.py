"""The obligations of one case as a sortable table: the timeline's accessible twin."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import AGENCY_LABELS
from vcop_desktop.ui.models.base import FlatTableModel, Row
from vcop_desktop.ui.status_style import LOOKS, shown_status, status_icon
from vcop_desktop.ui.text import compact_date, long_date

COLUMNS = ("Status", "Due", "What is owed", "Owed by", "Right", "Met on", "Source")
ObligationRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ObligationsModel(FlatTableModel[Obligation]):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = date.today()
        self._due_soon = 7

    def set_obligations(
        self, obligations: Sequence[Obligation], today: date, due_soon_days: int
    ) -> None:
        self._today = today
        self._due_soon = due_soon_days
        self.replace_rows(obligations)

    def describe(self, o: Obligation) -> Row[Obligation]:
        shown = shown_status(o, self._today, self._due_soon)
        look = LOOKS[shown]
        return Row(
            item=o,
            texts=(
                look.label,
                compact_date(o.due) if o.due else "no fixed date",
                o.what,
                AGENCY_LABELS.get(o.owed_by, o.owed_by),
                str(o.right) if o.right else "–",
                compact_date(o.met_on) if o.met_on else "",
                o.source + ("" if o.statutory else " (good practice, not statutory)"),
            ),
            keys=(
                look.rank,
                o.due.toordinal() if o.due else 10**7,
                o.what,
                o.owed_by,
                o.right or 0,
                o.met_on.toordinal() if o.met_on else 0,
                o.source,
            ),
            extra=shown,
        )

    def obligation(self, row: int) -> Obligation:
        return self.item(row)

    def row_of(self, key: tuple[str, str]) -> int:
        return self.find(lambda o: o.key == key)

    def other_data(self, row: Row[Obligation], column: int, role: int) -> Any:
        o, shown = row.item, row.extra
        look = LOOKS[shown]
        if role == ObligationRole:
            return o
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_icon(shown)
        if role == Qt.ItemDataRole.ToolTipRole:
            return obligation_tooltip(o, look.label)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{look.label}: {o.what} Due {long_date(o.due) if o.due else 'no fixed date'}"
        return None


def obligation_tooltip(o: Obligation, status_label: str) -> str:
    lines = [
        f"{o.what}",
        f"Status: {status_label}",
        f"Owed by: {AGENCY_LABELS.get(o.owed_by, o.owed_by)}",
        f"Right: {o.right}" if o.right else "Right: none (a scheme or time limit)",
        f"Limit: {o.limit}" if o.limit else "Limit: no fixed time",
        f"Clock started: {long_date(o.clock_start)}" if o.clock_start else "",
        f"Due: {long_date(o.due)}" if o.due else "Due: no fixed date",
        f"Met on: {long_date(o.met_on)}" if o.met_on else "",
        f"Source: {o.source}",
        f"Law: {o.law}",
        o.pending_note,
        "Good practice, not statutory." if not o.statutory else "",
        "This time limit is assumed, not confirmed." if o.confidence == "assumed" else "",
        f"Not applicable: {o.reason}" if o.reason else "",
        f"Duty id: {o.duty} (trigger {o.trigger})",
    ]
    return "\n".join(line for line in lines if line)
