"""What every table model here shares: fixed columns, a row's texts and sort keys worked out
when the row is asked about, and sorting done in Python by the source model.

A QSortFilterProxyModel that sorts asks the model for a sort key O(n log n) times, each a
Python call: for 3,000 dashboard rows that held the UI thread for half a second. Here `sort()`
reorders the items with Python's sort (one key per row, `sort_key`), and `SortingProxy`
forwards sorting to the source so proxies only filter.

A row's texts and keys (`describe`) are made when a view or a filter asks about it, and the
last `CACHE_ROWS` of them are kept: a table shows a few dozen rows at a time, and holding every
row's texts and keys took about 0.6 KB per case on a 10,000-case dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableSequence
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

#: How many described rows a model keeps (then it starts again).
CACHE_ROWS = 1024


@dataclass(slots=True)
class Row(Generic[T]):
    item: T
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    extra: Any = None


class FlatTableModel(QAbstractTableModel, Generic[T]):
    """Rows of `T` shown in `COLUMNS`. Subclasses say how a row reads (`describe`), may give a
    cheaper `sort_key`, and answer roles other than display and sort (`other_data`)."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: MutableSequence[T] = []
        self._described: dict[int, Row[T]] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- what subclasses provide ---------------------------------------------------------------

    def describe(self, item: T) -> Row[T]:
        raise NotImplementedError

    def sort_key(self, item: T, column: int) -> Any:
        """The key `item` sorts by in `column` (the one `describe` gives, unless cheaper)."""
        return self.describe(item).keys[column]

    def other_data(self, row: Row[T], column: int, role: int) -> Any:
        return None

    def hold(self, items: Iterable[T]) -> MutableSequence[T]:
        """How the rows are kept: a list, or something smaller (the dashboard's numbers)."""
        return list(items)

    # -- rows ----------------------------------------------------------------------------------

    def replace_rows(self, items: Iterable[T]) -> None:
        self.beginResetModel()
        self._items = self.hold(items)
        self._described = {}
        self._order()
        self.endResetModel()

    def item(self, row: int) -> T:
        return self._items[row]

    def described(self, row: int) -> Row[T]:
        """Row `row` as `describe` makes it, kept for the next question about it."""
        found = self._described.get(row)
        if found is None:
            if len(self._described) >= CACHE_ROWS:
                self._described = {}
            found = self._described[row] = self.describe(self._items[row])
        return found

    def items(self) -> list[T]:
        return list(self._items)

    def find(self, predicate: Any) -> int:
        return next((i for i, item in enumerate(self._items) if predicate(item)), -1)

    def replace_row(self, position: int, item: T) -> None:
        self._items[position] = item
        self._described.pop(position, None)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.COLUMNS) - 1))

    def append_row(self, item: T) -> None:
        self.beginInsertRows(QModelIndex(), len(self._items), len(self._items))
        self._items.append(item)
        self.endInsertRows()

    def remove_row(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._items[position]
        self._described = {}  # the rows after it moved up
        self.endRemoveRows()

    # -- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        moved = self._order()
        old = self.persistentIndexList()
        new = [self.index(moved[i.row()], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _order(self) -> list[int]:
        """Sort the items as `_sort` says; return where each row went (old row -> new row)."""
        column, order = self._sort
        count = len(self._items)
        if not 0 <= column < len(self.COLUMNS):
            return list(range(count))
        keys = [self.sort_key(item, column) for item in self._items]
        ranked = sorted(
            range(count), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder
        )
        self._items = self.hold(self._items[i] for i in ranked)
        self._described = {}
        moved = [0] * count
        for new_row, old_row in enumerate(ranked):
            moved[old_row] = new_row
        return moved

    # -- the model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row = self.described(index.row())
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
