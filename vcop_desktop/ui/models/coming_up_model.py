"""The dashboard's "Coming up": hearings, MARAC meetings, safety-plan reviews and the victim's
own deadlines in the weeks ahead (`storage.ComingUp`), one row each, soonest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from vcop_desktop.storage import ComingUp
from vcop_desktop.ui.models.base import FlatTableModel, Row
from vcop_desktop.ui.text import long_date

COLUMNS = ("When", "Case", "What")
#: Each kind in the order the same day lists them (as `storage.coming_up.LABELS`).
KIND_ORDER = ("hearing", "marac_meeting", "safety_plan_review", "victim_deadline")


def when_text(day: date, today: date) -> str:
    """ "Mon 9 Mar 2026 (in 7 days)" with "today" and "tomorrow" said as such."""
    delta = (day - today).days
    near = {0: "today", 1: "tomorrow"}.get(delta, f"in {delta} days")
    return f"{day:%a} {day.day} {day:%b %Y} ({near})"


class ComingUpModel(FlatTableModel[ComingUp]):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = date.today()

    def set_items(self, items: Sequence[ComingUp], today: date) -> None:
        self._today = today
        self.replace_rows(items)

    def describe(self, item: ComingUp) -> Row[ComingUp]:
        kind = KIND_ORDER.index(item.kind) if item.kind in KIND_ORDER else len(KIND_ORDER)
        return Row(
            item=item,
            texts=(when_text(item.day, self._today), item.case_code, item.label),
            keys=((item.day.toordinal(), kind), item.case_code, item.label.lower()),
        )

    def other_data(self, row: Row[ComingUp], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            item = row.item
            return (
                f"{item.label}, case {item.case_code}: {long_date(item.day)}. "
                "Enter or a double-click opens the case."
            )
        return None
