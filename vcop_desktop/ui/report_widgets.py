"""The Reports tab's pieces that only show figures: the chart (on-time rate per group with
95% whiskers, or the monthly trend, drawn with Qt painting) and the two table models (the Code
report's rows, and the service and VPS reports' (section, measure, value) rows). Apart from
`reports_view.py`, which lays the tab out and runs the reports, because these change with the
figures' shape, that with what the advocate can ask for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from vcop_desktop.domain.report import GroupFigures
from vcop_desktop.domain.suppression import count_title
from vcop_desktop.reports.run import ReportRun, display_label, grouping_title
from vcop_desktop.reports.service import SectionsRun
from vcop_desktop.ui.contrast import GRAPHIC, readable

_BAR = "#29619e"  # the bars' hue, fitted to the theme's background when drawn


class ReportChart(QWidget):
    """On-time rates as bars with Wilson 95% whiskers, or (`trend`) as a line by month."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.groups: list[GroupFigures] = []
        self.trend = False
        self.has_run = False  # before the first report: no "Nothing fell due." yet
        self.setMinimumSize(360, 230)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)
        self.setAccessibleDescription("Choose a report above.")

    def set_groups(self, groups: Sequence[GroupFigures], title: str, trend: bool) -> None:
        self.groups = [g for g in groups if g.judged]
        self.title, self.trend, self.has_run = title, trend, True
        self.setAccessibleName(title)
        described = "; ".join(
            f"{display_label(g)} {100 * (g.on_time_rate or 0):.0f}% of {g.judged}"
            for g in self.groups
        )
        self.setAccessibleDescription(described or "Nothing fell due.")
        self.setToolTip(described.replace("; ", "\n"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(self.rect(), base)
        # The theme's own text and grid colours: fixed dark ink vanished on a dark theme.
        ink = self.palette().color(QPalette.ColorRole.Text)
        grid = readable(self.palette().color(QPalette.ColorRole.Mid), base, 1.5)
        bar = readable(_BAR, base, GRAPHIC)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(10, 18, self.title)
        painter.setFont(self.font())
        left, top = 44.0, 30.0
        bottom = self.height() - (42.0 if not self.trend else 30.0)
        right = self.width() - 10.0
        height = bottom - top
        for percent in (0, 25, 50, 75, 100):
            y = bottom - height * percent / 100
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(ink)
            painter.drawText(int(left - 40), int(y - 7), 34, 14, Qt.AlignmentFlag.AlignRight,
                             f"{percent}%")  # fmt: skip
        if not self.groups:
            empty = "Nothing fell due." if self.has_run else "Choose a report above."
            painter.drawText(int(left + 10), int(top + height / 2), empty)
            return
        slot = (right - left) / len(self.groups)
        metrics = painter.fontMetrics()
        points: list[QPointF] = []
        for i, g in enumerate(self.groups):
            centre = left + slot * (i + 0.5)
            rate = g.on_time_rate or 0.0
            label = metrics.elidedText(display_label(g), Qt.TextElideMode.ElideRight, int(slot) - 4)
            painter.setPen(ink)
            painter.drawText(int(centre - slot / 2), int(bottom + 3), int(slot), 14,
                             Qt.AlignmentFlag.AlignHCenter, label)  # fmt: skip
            if not self.trend:
                width = min(56.0, slot * 0.55)
                painter.fillRect(
                    int(centre - width / 2), int(bottom - height * rate), int(width),
                    int(height * rate), bar,
                )  # fmt: skip
                painter.drawText(int(centre - slot / 2), int(bottom + 18), int(slot), 14,
                                 Qt.AlignmentFlag.AlignHCenter,
                                 f"{rate * 100:.0f}% of {g.judged}")  # fmt: skip
            else:
                points.append(QPointF(centre, bottom - height * rate))
            interval = g.ci95
            if interval:
                low, high = (bottom - height * interval[0], bottom - height * interval[1])
                painter.setPen(QPen(ink, 1.2))
                painter.drawLine(QPointF(centre, low), QPointF(centre, high))
                for y in (low, high):
                    painter.drawLine(QPointF(centre - 4, y), QPointF(centre + 4, y))
        if points:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.setPen(QPen(bar, 2.2))
            painter.drawPath(path)
            painter.setBrush(bar)
            for point in points:
                painter.drawEllipse(point, 3.5, 3.5)


_COLUMNS = (
    ("Grouping", None),
    ("Group", None),
    ("Due", "due"),
    ("On time", "met_on_time"),
    ("Late", "met_late"),
    ("Overdue", "overdue"),
    ("Open", "open"),
    ("Waived", "waived"),
    (count_title("late_reason_given"), "late_reason_given"),
    (count_title("late_no_reason"), "late_no_reason"),
    ("On-time rate", None),
    ("95% interval", None),
    ("Median days late", None),
    ("90th pct days late", None),
    ("Cases", "cases"),
)


class ReportTableModel(QAbstractTableModel):
    """Every group of the run, the total first: exact counts (this is the advocate's screen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, GroupFigures]] = []

    def set_run(self, run: ReportRun | None) -> None:
        self.beginResetModel()
        self.rows = []
        if run is not None:
            self.rows.append(("All", run.total))
            for report in run.reports:
                title = grouping_title(report.query.by)
                self.rows += [(title, g) for g in report.groups]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _COLUMNS[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        title, g = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        field = _COLUMNS[column][1]
        if field is not None:
            return str(getattr(g, field))
        interval = g.ci95
        return {
            0: title,
            1: display_label(g),
            10: "–" if g.on_time_rate is None else f"{g.on_time_rate * 100:.0f}%",
            11: "–" if not interval else f"{interval[0] * 100:.0f}–{interval[1] * 100:.0f}%",
            12: "–" if g.median_days_late is None else f"{g.median_days_late:g}",
            13: "–" if g.p90_days_late is None else f"{g.p90_days_late:g}",
        }.get(column)


class ServiceTableModel(QAbstractTableModel):
    """The service report as (section, measure, value): exact counts (the advocate's screen)."""

    HEADERS = ("Section", "Measure", "Value")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str]] = []

    def set_run(self, run: SectionsRun[Any] | None) -> None:
        self.beginResetModel()
        self.rows = run.rows(exact=True) if run is not None else []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.rows[index.row()][index.column()]
