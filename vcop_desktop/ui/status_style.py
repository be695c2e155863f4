"""How an obligation's status is shown: words, a symbol and a colour, never colour alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.ui.contrast import GRAPHIC, base, readable


class Shown(Enum):
    """Status as the advocate sees it: the engine's status, with "due soon" split out."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"
    MET_LATE = "met_late"
    MET = "met"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class Look:
    label: str
    symbol: str
    colour: str  # works on light and dark backgrounds
    rank: int  # sort order: most urgent first


LOOKS: dict[Shown, Look] = {
    Shown.OVERDUE: Look("Overdue", "!", "#d0342c", 0),
    Shown.DUE_SOON: Look("Due soon", "◷", "#e08a00", 1),
    Shown.OPEN: Look("Open", "○", "#3b7dd8", 2),
    Shown.MET_LATE: Look("Met late", "✓!", "#9b59b6", 3),
    Shown.MET: Look("Met", "✓", "#2e8b57", 4),
    Shown.WAIVED: Look("Waived", "–", "#888888", 5),
    Shown.NOT_APPLICABLE: Look("Not applicable", "∅", "#888888", 6),
}


_SHOWN = {status: Shown(status.value) for status in Status}


def shown_status(obligation: Obligation, today: date, due_soon_days: int) -> Shown:
    status = obligation.status
    due = obligation.due
    if status is Status.OPEN and due is not None and (due - today).days <= due_soon_days:
        return Shown.DUE_SOON
    return _SHOWN[status]


def look_of(obligation: Obligation, today: date, due_soon_days: int) -> Look:
    return LOOKS[shown_status(obligation, today, due_soon_days)]


def status_colour(shown: Shown) -> QColor:
    """The status's colour, darkened or lightened until it reads (3:1) on the palette's base."""
    return readable(LOOKS[shown].colour, base(), GRAPHIC)


_ICONS: dict[tuple[Shown, str], QIcon] = {}


def status_icon(shown: Shown) -> QIcon:
    """A small drawn icon per status (shape differs, not just colour)."""
    colour = status_colour(shown)
    key = (shown, colour.name())  # a theme change draws new icons
    if key not in _ICONS:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 2))
        rect = QRectF(2, 2, 12, 12)
        if shown is Shown.OVERDUE:
            path = QPainterPath(QPointF(8, 1.5))
            path.lineTo(15, 14.5)
            path.lineTo(1, 14.5)
            path.closeSubpath()
            painter.fillPath(path, colour)
            painter.setPen(QPen(QColor("white"), 2))
            painter.drawLine(QPointF(8, 5.5), QPointF(8, 10))
            painter.drawPoint(QPointF(8, 12.5))
        elif shown in (Shown.MET, Shown.MET_LATE):
            painter.drawLine(QPointF(2.5, 8.5), QPointF(6.5, 12.5))
            painter.drawLine(QPointF(6.5, 12.5), QPointF(13.5, 3.5))
            if shown is Shown.MET_LATE:
                painter.drawEllipse(QPointF(13, 12.5), 1.2, 1.2)
        elif shown is Shown.DUE_SOON:
            painter.drawEllipse(rect)
            painter.drawLine(QPointF(8, 8), QPointF(8, 4.5))
            painter.drawLine(QPointF(8, 8), QPointF(11, 8))
        elif shown is Shown.OPEN:
            painter.drawEllipse(rect)
        else:
            painter.drawLine(QPointF(3, 8), QPointF(13, 8))
        painter.end()
        _ICONS[key] = QIcon(pixmap)
    return _ICONS[key]
