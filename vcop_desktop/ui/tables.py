"""Table view setup shared by every list: compact rows, widths from sample text.

Widths come from font metrics of typical content rather than ResizeToContents, which asks the
model for every cell and made a 300-row case take half a second to show.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def setup_table(view: QTableView, samples: dict[int, str], stretch: int, name: str) -> None:
    view.setAccessibleName(name)
    # Tab and Shift+Tab move between widgets, arrows inside the table: with Qt's default a
    # keyboard user pressed Tab 400 times on the dashboard and never left its cells.
    view.setTabKeyNavigation(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    for column, sample in samples.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 30)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
