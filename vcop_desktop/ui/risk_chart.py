"""A small chart of a case's risk scores over time, with the form's visible-high-risk line.

Drawn with QPainter (QtCharts is not among the app's dependencies). A screen reader hears
the same in words: its accessible description lists every point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from vcop_desktop.ui.contrast import readable
from vcop_desktop.ui.text import compact_date, long_date


@dataclass(frozen=True, slots=True)
class ScorePoint:
    day: date
    score: int
    high_at: int | None  # the threshold of the form the assessment was taken on
    high_risk: bool


class ScoreChart(QWidget):
    """Scores as dots joined by a line, oldest on the left; a dashed line at `high_at`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[ScorePoint, ...] = ()
        self.setAccessibleName("Risk scores over time")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it holds the same, in rows

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, 180)

    def set_points(self, points: Sequence[ScorePoint]) -> None:
        self.points = tuple(sorted(points, key=lambda p: p.day))
        if self.points:
            words = "; ".join(
                f"{long_date(p.day)}: {p.score}{' (high risk)' if p.high_risk else ''}"
                for p in self.points
            )
            threshold = self._threshold()
            line = f" Visible high risk from {threshold}." if threshold is not None else ""
            self.setAccessibleDescription(f"{words}.{line}")
        else:
            self.setAccessibleDescription("No assessments yet.")
        self.update()

    def _threshold(self) -> int | None:
        """The line drawn: the threshold of the latest assessment's form."""
        return next((p.high_at for p in reversed(self.points) if p.high_at is not None), None)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = self.fontMetrics()
        if not self.points:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No assessments yet.")
            return
        threshold = self._threshold()
        top_score = max([p.score for p in self.points] + [threshold or 0, 1])
        left = metrics.horizontalAdvance(str(top_score)) + 12
        area = QRectF(left, metrics.height(), self.width() - left - 16,
                      self.height() - 2.5 * metrics.height() - 8)  # fmt: skip
        if area.width() < 20 or area.height() < 20:
            return

        def y_of(value: float) -> float:
            return area.bottom() - area.height() * value / top_score

        first, last = self.points[0].day, self.points[-1].day
        span = (last - first).days

        def x_of(day: date) -> float:
            """Along the axis by date: a year's gap looks like one."""
            if span == 0:
                return area.center().x()
            return area.left() + area.width() * (day - first).days / span

        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        for value in (0, top_score):
            painter.drawText(QRectF(0, y_of(value) - metrics.height() / 2, left - 6,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(value))  # fmt: skip
        high = readable(QColor("#b00020"), palette.color(QPalette.ColorRole.Base), 4.5)
        if threshold is not None:
            pen = QPen(high, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            at = y_of(threshold)
            painter.drawLine(QPointF(area.left(), at), QPointF(area.right(), at))
            painter.drawText(QRectF(area.left() + 4, at - metrics.height() - 1, area.width() - 8,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight, f"high risk at {threshold}")  # fmt: skip
        line = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(line, 2))
        spots = [QPointF(x_of(p.day), y_of(p.score)) for p in self.points]
        for a, b in pairwise(spots):
            painter.drawLine(a, b)
        for spot, point in zip(spots, self.points, strict=True):
            colour = high if point.high_risk else line
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            painter.drawEllipse(spot, 4, 4)
        painter.setPen(text)
        boxes = []
        for spot, point in zip(spots, self.points, strict=True):
            label = compact_date(point.day)
            width = metrics.horizontalAdvance(label) + 8
            x = min(max(spot.x() - width / 2, area.left()), area.right() - width)
            boxes.append((QRectF(x, area.bottom() + 4, width, metrics.height()), label))
        # The first date; the last unless it runs into the first; one between only where it
        # runs into neither.
        shown = [boxes[0]]
        fits = len(boxes) > 1 and boxes[-1][0].left() >= boxes[0][0].right()
        end_box = boxes[-1] if fits else None
        for box in boxes[1:-1]:
            if box[0].left() >= shown[-1][0].right() and (
                end_box is None or box[0].right() <= end_box[0].left()
            ):
                shown.append(box)
        if end_box is not None:
            shown.append(end_box)
        for rect, label in shown:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
