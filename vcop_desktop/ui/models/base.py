"""What every table model here shares: fixed columns, cell text and sort keys computed once,
and sorting done in Python by the source model.

A QSortFilterProxyModel that sorts asks the model for a sort key O(n log n) times, each a
Python call: for 3,000 dashboard rows that held the UI thread for half a second. Here a row's
texts and keys are computed once when rows are set, `sort()` reorders them with Python's sort,
and `SortingProxy` forwards sorting to the source so proxies only filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

#: The role under which a cell's sort key is exposed (for proxies that still sort themselves).
SortRole = Qt.ItemDataRole.UserRole + 100


@dataclass(slots=True)
class Row(Generic[T]):
    item: T
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    extra: Any = None


class FlatTableModel(QAbstractTableModel, Generic[T]):
    """Rows of `T` shown in `COLUMNS`. Subclasses say how a row reads (`describe`) and answer
    roles other than display and sort (`other_data`)."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row[T]] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- what subclasses provide ---------------------------------------------------------------

    def describe(self, item: T) -> Row[T]:
        raise NotImplementedError

    def other_data(self, row: Row[T], column: int, role: int) -> Any:
        return None

    # -- rows ----------------------------------------------------------------------------------

    def replace_rows(self, items: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = [self.describe(item) for item in items]
        self._order()
        self.endResetModel()

    def item(self, row: int) -> T:
        return self._rows[row].item

    def described(self, row: int) -> Row[T]:
        """Row `row` as `describe` made it: for a proxy's filter, which asks about every row
        and would otherwise build a model index and go through `data` for each."""
        return self._rows[row]

    def items(self) -> list[T]:
        return [row.item for row in self._rows]

    def find(self, predicate: Any) -> int:
        return next((i for i, row in enumerate(self._rows) if predicate(row.item)), -1)

    def replace_row(self, position: int, item: T) -> None:
        self._rows[position] = self.describe(item)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.COLUMNS) - 1))

    def append_row(self, item: T) -> None:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(self.describe(item))
        self.endInsertRows()

    def remove_row(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self.endRemoveRows()

    # -- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = [row for row in self._rows]
        self._order()
        moved = {id(row): i for i, row in enumerate(self._rows)}
        old = self.persistentIndexList()
        new = [self.index(moved[id(before[i.row()])], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _order(self) -> None:
        column, order = self._sort
        if 0 <= column < len(self.COLUMNS):
            self._rows.sort(
                key=lambda row: row.keys[column],
                reverse=order == Qt.SortOrder.DescendingOrder,
            )

    # -- the model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == SortRole:
            return row.keys[column]
        return self.other_data(row, column, role)


class SortingProxy(QSortFilterProxyModel):
    """A proxy that filters but hands sorting to its `FlatTableModel` (one Python sort)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, FlatTableModel):
            source.sort(column, order)
        else:  # pragma: no cover - every table here uses a FlatTableModel
            super().sort(column, order)
