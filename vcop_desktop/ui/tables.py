"""Table view setup shared by every list: compact rows, widths from sample text.

Widths come from font metrics of typical content rather than ResizeToContents, which asks the
model for every cell and made a 300-row case take half a second to show.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

#: The narrowest the column that carries the meaning ("What is owed") may become, in average
#: characters: at 1024x700 it was squeezed to "T..." while the date columns kept their room.
MEANING_CHARS = 28
#: The narrowest any other column gives way to (never narrower than its heading).
OTHER_MIN_CHARS = 6


class _MeaningKeepsItsWidth(QObject):
    """When the table is too narrow for every column, the others give way (down to a few
    characters each) before the stretched column falls under its minimum."""

    def __init__(
        self,
        view: QTableView,
        stretch: int,
        whole: frozenset[int] = frozenset(),
        may_hide: bool = False,
    ) -> None:
        super().__init__(view)
        self.view, self.stretch, self.whole, self.may_hide = view, stretch, whole, may_hide
        self.wanted: dict[int, int] = {}  # each column's own width, to give back when room returns
        self.fitting = False
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._resized_by_hand)

    def _resized_by_hand(self, column: int, _old: int, new: int) -> None:
        """A column the user dragged keeps the width it was given."""
        if not self.fitting and column != self.stretch and column in self.wanted:
            self.wanted[column] = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        average = self.view.fontMetrics().averageCharWidth()
        others = [
            c for c in range(header.count())
            if c != self.stretch and not header.isSectionHidden(c)
        ]  # fmt: skip
        for column in others:
            self.wanted.setdefault(column, header.sectionSize(column))
        room = self.view.viewport().width() - MEANING_CHARS * average
        wanted = sum(self.wanted[c] for c in others)
        share = 1.0 if wanted <= room or wanted == 0 else max(room, 0) / wanted
        self.fitting = True
        try:
            for column in others:
                floor = max(OTHER_MIN_CHARS * average, header_width(self.view, column))
                if column in self.whole:  # an identifier: cut, every row read "VC-2026..."
                    floor = max(floor, self.wanted[column])
                header.resizeSection(column, max(floor, int(self.wanted[column] * share)))
            left = self.view.viewport().width() - sum(header.sectionSize(c) for c in others)
            if self.may_hide:  # too narrow to read even a word: gone, rather than "..."
                header.setSectionHidden(self.stretch, left < OTHER_MIN_CHARS * average)
            else:
                # Every other column at its floor and still no room: the meaning keeps its
                # width and the table scrolls sideways, rather than showing "..." for it.
                squeezed = left < MEANING_CHARS * average
                mode = QHeaderView.ResizeMode
                wanted_mode = mode.Interactive if squeezed else mode.Stretch
                if header.sectionResizeMode(self.stretch) != wanted_mode:  # no relayout per fit
                    header.setSectionResizeMode(self.stretch, wanted_mode)
                if squeezed:
                    header.resizeSection(self.stretch, MEANING_CHARS * average)
        finally:
            self.fitting = False


def header_width(view: QTableView, column: int) -> int:
    """The width a column's heading needs to be read whole (with the sort arrow's room): the
    narrowest a column gives way to, so "Next deadline" never shows as "xt deadli"."""
    model = view.model()
    if model is None:
        return 0
    text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    return view.horizontalHeader().fontMetrics().horizontalAdvance(text) + 24


def setup_table(
    view: QTableView,
    samples: dict[int, str],
    stretch: int,
    name: str,
    whole: frozenset[int] = frozenset(),
    may_hide: bool = False,
) -> None:
    """`whole`: columns never narrowed below their sample (identifiers such as the case code).
    `may_hide`: the stretched column is hidden when too narrow to read (it is shown elsewhere)."""
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
    _MeaningKeepsItsWidth(view, stretch, whole, may_hide)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
