"""The case list: a table model, and a proxy that searches and filters it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from vcop_desktop.storage import CaseSummary
from vcop_desktop.ui.models.base import FlatTableModel
from vcop_desktop.ui.models.filtering import change_row_filter
from vcop_desktop.ui.text import compact_date

COLUMNS = ("Case", "Victim", "Offence", "Next deadline", "Overdue")
CaseIdRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
StatusRole = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class CaseRow:
    summary: CaseSummary
    next_due: date | None
    overdue: int
    display_name: str  # preferred name, else initials: the list never shows full names


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() + "." for p in parts) or "–"


class CasesModel(FlatTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_row(self, row: CaseRow) -> None:
        """Replace one case's row in place (after a write), or append it."""
        for i, existing in enumerate(self._rows):
            if existing.summary.case_id == row.summary.case_id:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def remove_case(self, case_id: str) -> None:
        for i, existing in enumerate(self._rows):
            if existing.summary.case_id == case_id:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                return

    def row_for(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.summary.case_id == case_id), -1)

    def case_row(self, row: int) -> CaseRow:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        s = row.summary
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                s.case_code + (" (closed)" if s.status == "closed" else ""),
                row.display_name,
                s.offence or "–",
                compact_date(row.next_due) if row.next_due else "–",
                f"⚠ {row.overdue}" if row.overdue else "0",
            )[column]
        if role == SortRole:
            return (
                s.case_code,
                row.display_name.lower(),
                (s.offence or "").lower(),
                row.next_due.toordinal() if row.next_due else 10**7,
                row.overdue,
            )[column]
        if role == CaseIdRole:
            return s.case_id
        if role == StatusRole:
            return s.status
        if role == SearchRole:
            return " ".join(
                x for x in (s.case_code, s.victim_name, row.display_name, s.crime_reference or "")
                if x
            ).lower()  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.overdue:
            return f"{row.overdue} overdue obligation{'s' if row.overdue != 1 else ''}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 4:
            return f"{row.overdue} overdue"
        return None


class CaseFilter(QSortFilterProxyModel):
    """Search as you type (name, case code, crime reference) and open/closed filtering."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._status = "open"  # open | closed | all
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        change_row_filter(self, lambda: setattr(self, "_needle", text.strip().lower()))

    def set_status(self, status: str) -> None:
        change_row_filter(self, lambda: setattr(self, "_status", status))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._status != "all" and model.data(index, StatusRole) != self._status:
            return False
        if not self._needle:
            return True
        haystack = str(model.data(index, SearchRole) or "")
        return all(part in haystack for part in self._needle.split())
