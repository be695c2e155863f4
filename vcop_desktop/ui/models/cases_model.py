"""The case list: a table model, and a proxy that searches and filters it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from vcop_desktop.storage import CaseSummary
from vcop_desktop.ui.models.base import FlatTableModel, Row, SortingProxy
from vcop_desktop.ui.models.filtering import change_row_filter
from vcop_desktop.ui.text import compact_date

COLUMNS = ("Case", "Victim", "Offence", "Next due", "Overdue")
CaseIdRole = Qt.ItemDataRole.UserRole + 1

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


class CasesModel(FlatTableModel[CaseRow]):
    COLUMNS = COLUMNS

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        self.replace_rows(rows)

    def describe(self, row: CaseRow) -> Row[CaseRow]:
        s = row.summary
        return Row(
            item=row,
            texts=(
                s.case_code + (" (closed)" if s.status == "closed" else ""),
                row.display_name,
                s.offence or "–",
                compact_date(row.next_due) if row.next_due else "–",
                f"⚠ {row.overdue}" if row.overdue else "0",
            ),
            keys=(
                s.case_code,
                row.display_name.lower(),
                (s.offence or "").lower(),
                self.sort_key(row, 3),
                row.overdue,
            ),
        )  # fmt: skip

    @staticmethod
    def search_text(row: CaseRow) -> str:
        """What search looks in: the full name too, though it is never shown."""
        s = row.summary
        return " ".join(
            x for x in (s.case_code, s.victim_name, row.display_name, s.crime_reference or "") if x
        ).lower()

    def sort_key(self, row: CaseRow, column: int) -> Any:
        if column == 3:  # next due: the list's own order, without the row's texts
            return row.next_due.toordinal() if row.next_due else 10**7
        return super().sort_key(row, column)

    def update_row(self, row: CaseRow) -> None:
        """Replace one case's row in place (after a write), or append it."""
        position = self.row_for(row.summary.case_id)
        if position >= 0:
            self.replace_row(position, row)
        else:
            self.append_row(row)

    def remove_case(self, case_id: str) -> None:
        position = self.row_for(case_id)
        if position >= 0:
            self.remove_row(position)

    def row_for(self, case_id: str) -> int:
        return self.find(lambda r: r.summary.case_id == case_id)

    def case_row(self, row: int) -> CaseRow:
        return self.item(row)

    def other_data(self, row: Row[CaseRow], column: int, role: int) -> Any:
        summary, overdue = row.item.summary, row.item.overdue
        if role == CaseIdRole:
            return summary.case_id
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and overdue:
            return f"{overdue} overdue obligation{'s' if overdue != 1 else ''}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 4:
            return f"{overdue} overdue"
        return None


class CaseFilter(SortingProxy):
    """Search as you type (name, case code, crime reference) and open/closed filtering."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._status = "open"  # open | closed | all

    def set_search(self, text: str) -> None:
        change_row_filter(self, lambda: setattr(self, "_needle", text.strip().lower()))

    def set_status(self, status: str) -> None:
        change_row_filter(self, lambda: setattr(self, "_status", status))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = cast(CasesModel, self.sourceModel())
        row = model.item(source_row)
        if self._status != "all" and row.summary.status != self._status:
            return False
        if not self._needle:
            return True
        text = model.search_text(row)
        return all(part in text for part in self._needle.split())
