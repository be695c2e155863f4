"""The dashboard: overdue and due-soon items across all cases, grouped by when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY, AGENCY_LABELS
from vcop_desktop.storage import DueItem
from vcop_desktop.ui.models.base import FlatTableModel, Row, SortingProxy
from vcop_desktop.ui.models.filtering import change_row_filter
from vcop_desktop.ui.models.obligations_model import obligation_tooltip
from vcop_desktop.ui.status_style import LOOKS, shown_status, status_icon
from vcop_desktop.ui.text import compact_date, days_phrase
from vcop_desktop.wording import short_what

COLUMNS = ("When", "Due", "Case", "What is owed", "Owed by", "Status")
GROUPS = ("Overdue", "Today", "This week", "Later")
ItemRole = Qt.ItemDataRole.UserRole + 1
OwnerRole = Qt.ItemDataRole.UserRole + 3
AgencyRole = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex


def group_of(due: date | None, today: date) -> str:
    if due is None:
        return "Later"
    if due < today:
        return "Overdue"
    if due == today:
        return "Today"
    end_of_week = today + timedelta(days=6 - today.weekday())
    return "This week" if due <= end_of_week else "Later"


class DashboardModel(FlatTableModel[DueItem]):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = date.today()
        self._due_soon = 7
        self._by_day: dict[date | None, tuple[str, str, tuple[int, int], int]] = {}

    def set_items(self, items: Sequence[DueItem], today: date, due_soon_days: int) -> None:
        self._today = today
        self._due_soon = due_soon_days
        self._by_day = {}  # a few hundred days at most: kept while the rows are shown
        self.replace_rows(items)

    def _day(self, due: date | None) -> tuple[str, str, tuple[int, int], int]:
        """(group, due text, group sort key, due sort key): the same for every row due that
        day, so made once per day and shared (10,000 cases give 30,000 rows, a few hundred
        days: as copies they held about 8 MB)."""
        found = self._by_day.get(due)
        if found is None:
            group = group_of(due, self._today)
            ordinal = due.toordinal() if due else 10**7
            text = f"{compact_date(due)} ({days_phrase(due, self._today)})" if due else "–"
            found = self._by_day[due] = (group, text, (GROUPS.index(group), ordinal), ordinal)
        return found

    def sort_key(self, item: DueItem, column: int) -> Any:
        if column in (0, 1):  # by when: what every sort starts with, without the row's texts
            return self._day(item.obligation.due)[2 + column]
        return super().sort_key(item, column)

    def describe(self, item: DueItem) -> Row[DueItem]:
        o = item.obligation
        shown = shown_status(o, self._today, self._due_soon)
        look = LOOKS[shown]
        group, due_text, group_key, due_key = self._day(o.due)
        owed_by = AGENCY_LABELS.get(o.owed_by, o.owed_by)
        what = f"{short_what(o.what, 40)} · {o.pending_note}" if o.pending else o.what
        return Row(
            item=item,
            texts=(group, due_text, item.case_code, what, owed_by, look.label),
            keys=(group_key, due_key, item.case_code, what, owed_by, look.rank),
            extra=shown,
        )

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(GROUPS, 0)
        for item in self._items:
            out[self._day(item.obligation.due)[0]] += 1
        return out

    def other_data(self, row: Row[DueItem], column: int, role: int) -> Any:
        item, shown = row.item, row.extra
        o = item.obligation
        if role == Qt.ItemDataRole.DecorationRole and column == 5:
            return status_icon(shown)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Case {item.case_code}\n" + obligation_tooltip(o, LOOKS[shown].label)
        if role == ItemRole:
            return item
        if role == OwnerRole:
            return o.owed_by if o.owed_by in ("victim", ADVOCATE_AGENCY) else "agency"
        if role == AgencyRole:
            return o.owed_by
        return None


class DashboardFilter(SortingProxy):
    """Filter by agency and by owner (an agency's duty, the advocate's own service standard,
    or the victim's own deadline)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._agency = ""
        self._owner = ""

    def set_agency(self, agency: str) -> None:
        change_row_filter(self, lambda: setattr(self, "_agency", agency))

    def set_owner(self, owner: str) -> None:
        change_row_filter(self, lambda: setattr(self, "_owner", owner))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._owner and not self._agency:
            return True  # no filter: every row, without asking the model about each
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._owner and model.data(index, OwnerRole) != self._owner:
            return False
        return not self._agency or model.data(index, AgencyRole) == self._agency
