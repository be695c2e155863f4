"""Windows that fit the screen they open on (a 1366x768 or 1280x720 laptop included), and
remember their size and splitters between runs (geometry only: nothing about a case)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget


def available(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, or to what the screen has room for (with a margin for
    the window frame), and keep the window on the screen."""
    room = available(widget)
    widget.resize(min(width, room.width() - 16), min(height, room.height() - 48))
    keep_on_screen(widget)


def keep_on_screen(widget: QWidget) -> None:
    room = available(widget)
    frame = widget.frameGeometry()
    if room.contains(frame):
        return
    width, height = min(frame.width(), room.width()), min(frame.height(), room.height())
    x = min(max(frame.x(), room.x()), room.right() - width + 1)
    y = min(max(frame.y(), room.y()), room.bottom() - height + 1)
    widget.move(x, y)


def to_text(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def from_text(text: str) -> QByteArray:
    return QByteArray.fromBase64(QByteArray(text.encode("ascii")))


def splitter_proportions(splitter: QSplitter, *shares: int) -> None:
    """Split the splitter's current size in the given proportions (e.g. 3, 7)."""
    total = sum(shares)
    size = splitter.width() if splitter.orientation().name == "Horizontal" else splitter.height()
    size = max(size, 100)
    splitter.setSizes([size * share // total for share in shares])


def scrolling(page: QWidget) -> QScrollArea:
    """`page` in a scroll area that gives it all the room there is and scrolls only when the
    window is smaller than the page needs: at 150% scaling a row of controls no longer sets the
    window's minimum width past the screen (issue 23)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(page)
    return area
