"""The dashboard: overdue and due-soon items across all cases, grouped by when."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, MutableSequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY, AGENCY_LABELS
from vcop_desktop.storage.due_rows import EMPTY, DueItem, DueRows
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


class DashboardModel(FlatTableModel[int]):
    """The dashboard's lines. A row is a line's number in `DueRows`, kept in an `array` (4
    bytes a line); its `DueItem` is made when the row is described or asked for."""

    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = date.today()
        self._due_soon = 7
        self._rows: DueRows = EMPTY
        self._by_day: dict[int, tuple[str, str, tuple[int, int], int]] = {}

    def set_items(self, items: DueRows, today: date, due_soon_days: int) -> None:
        self._today = today
        self._due_soon = due_soon_days
        self._by_day = {}  # a few hundred days at most: kept while the rows are shown
        self._rows = items
        self.replace_rows(range(len(items)))

    def hold(self, items: Iterable[int]) -> MutableSequence[int]:
        return array("i", items)

    def due_item(self, row: int) -> DueItem:
        """The line shown in source row `row`."""
        return self._rows[self._items[row]]

    def _day(self, ordinal: int) -> tuple[str, str, tuple[int, int], int]:
        """(group, due text, group sort key, due sort key): the same for every row due that
        day, so made once per day and shared (10,000 cases give 25,000 rows, a few hundred
        days: as copies they held about 8 MB)."""
        found = self._by_day.get(ordinal)
        if found is None:
            due = date.fromordinal(ordinal) if ordinal else None
            group = group_of(due, self._today)
            key = ordinal or 10**7
            text = f"{compact_date(due)} ({days_phrase(due, self._today)})" if due else "–"
            found = self._by_day[ordinal] = (group, text, (GROUPS.index(group), key), key)
        return found

    def sort_key(self, item: int, column: int) -> Any:
        # The cheap columns from the line's numbers and its shared shape, without its texts.
        if column in (0, 1):  # by when: what every sort starts with
            return self._day(self._rows.due_ordinal(item))[2 + column]
        if column == 2:
            return self._rows.case_code(item)
        if column == 3:
            return _what(self._rows.shape(item))
        if column == 4:
            return _owner_label(self._rows.shape(item).owed_by)
        return super().sort_key(item, column)

    def describe(self, item: int) -> Row[int]:
        line = self._rows[item]
        o = line.obligation
        shown = shown_status(o, self._today, self._due_soon)
        look = LOOKS[shown]
        group, due_text, group_key, due_key = self._day(self._rows.due_ordinal(item))
        owed_by = _owner_label(o.owed_by)
        what = _what(o)
        return Row(
            item=item,
            texts=(group, due_text, line.case_code, what, owed_by, look.label),
            keys=(group_key, due_key, line.case_code, what, owed_by, look.rank),
            extra=(shown, line),
        )

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(GROUPS, 0)
        for item in self._items:
            out[self._day(self._rows.due_ordinal(item))[0]] += 1
        return out

    def other_data(self, row: Row[int], column: int, role: int) -> Any:
        shown, item = row.extra
        o = item.obligation
        if role == Qt.ItemDataRole.DecorationRole and column == 5:
            return status_icon(shown)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Case {item.case_code}\n" + obligation_tooltip(o, LOOKS[shown].label)
        if role == ItemRole:
            return item
        if role == OwnerRole:
            return _owner(o.owed_by)
        if role == AgencyRole:
            return o.owed_by
        return None

    def owed_by(self, row: int) -> tuple[str, str]:
        """(whose: "agency", "advocate" or "victim"; the agency) of source row `row`, from
        its shared shape: a filter asks it of every row."""
        owed_by = self._rows.shape(self._items[row]).owed_by
        return _owner(owed_by), owed_by


def _owner(owed_by: str) -> str:
    return owed_by if owed_by in ("victim", ADVOCATE_AGENCY) else "agency"


def _what(o: Obligation) -> str:
    return f"{short_what(o.what, 40)} · {o.pending_note}" if o.pending else o.what


def _owner_label(owed_by: str) -> str:
    return AGENCY_LABELS.get(owed_by, owed_by)


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
        if isinstance(model, DashboardModel):
            owner, agency = model.owed_by(source_row)
        else:  # pragma: no cover - the dashboard's filter always has its model
            index = model.index(source_row, 0, source_parent)
            owner, agency = model.data(index, OwnerRole), model.data(index, AgencyRole)
        if self._owner and owner != self._owner:
            return False
        return not self._agency or agency == self._agency
