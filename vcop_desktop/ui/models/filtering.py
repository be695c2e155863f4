"""Changing a proxy's filter in the way the running Qt supports (6.10 replaced the old call)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


def change_row_filter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Apply `change` (which alters the filter's state) and refilter the rows."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # Qt before 6.10
        change()
        proxy.invalidateRowsFilter()
