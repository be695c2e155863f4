"""The drawn timeline: one lane per agency, events as markers, obligations as bars.

After the agencies' lanes comes the advocate's own: the `advocate.*` service standards (owed by
the advocacy service, never statutory) and the advocate's events (contacts, assessments, MARAC,
sharing), so the service's own deadlines are never mistaken for an agency's.

A bar runs from the clock start to the due date (to the met date, or today, where there is no
fixed limit). Colour, a symbol and the status word all show status. Ctrl+wheel or +/- zoom,
the scroll area scrolls, hovering shows details and clicking (or Enter on the keyboard-selected
bar) activates an obligation. The sortable table beside it carries the same information.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import ADVOCATE_EVENT_TYPES, AGENCY_LABELS, event_label
from vcop_desktop.ui.contrast import GRAPHIC, PROBLEM_HUE, TEXT, readable
from vcop_desktop.ui.live_label import announce
from vcop_desktop.ui.models.obligations_model import obligation_tooltip
from vcop_desktop.ui.status_style import LOOKS, Shown, shown_status, status_colour
from vcop_desktop.ui.text import long_date
from vcop_desktop.wording import short_what

LANES = ("Police", "CPS", "Witness Care", "Court", "Probation", "Victim")
ADVOCATE_LANE = "Advocate (service standard)"
_ALL_LANES = (*LANES, ADVOCATE_LANE)
_AGENCY_LANE = {
    "police": "Police", "police_employer": "Police", "cps": "CPS", "wcu": "Witness Care",
    "hmcts": "Court", "probation": "Probation", "yot": "Probation", "victim": "Victim",
    "advocate": ADVOCATE_LANE,
}  # fmt: skip
_EVENT_LANE_PREFIX = (
    ("cps_", "CPS"), ("charges_left", "CPS"), ("hearing", "Court"), ("court_", "Court"),
    ("not_guilty", "Court"), ("special_measures", "Court"), ("verdict", "Court"),
    ("sentence", "Court"), ("appeal", "Court"), ("vcs_", "Witness Care"),
    ("uls_", "Victim"), ("cica_", "Victim"), ("victim_", "Victim"), ("complaint_made", "Victim"),
    ("phso_", "Victim"), ("police_vrr_requested", "Victim"),
    ("police_complaint_review", "Victim"),
)  # fmt: skip

#: The narrowest the pinned column of lane names is; it widens to fit the longest name line.
LANE_HEADER = 110
AXIS_HEIGHT = 34
BAR_HEIGHT = 16
ROW_GAP = 4
LANE_PAD = 8


def lane_of_event(event: Event) -> str:
    if event.type in ADVOCATE_EVENT_TYPES:
        return ADVOCATE_LANE
    if event.type in ("update_received", "complaint_reply_received"):
        return _AGENCY_LANE.get(event.get_str("from") or "", "Police")
    for prefix, lane in _EVENT_LANE_PREFIX:
        if event.type.startswith(prefix):
            return lane
    return "Police"


def lane_of_obligation(obligation: Obligation) -> str:
    return _AGENCY_LANE.get(obligation.owed_by, "Police")


def lane_lines(lane: str) -> list[str]:
    """A lane's name as drawn: a qualifier in brackets on a line of its own."""
    name, bracket, rest = lane.partition(" (")
    return [name, f"({rest}"] if bracket else [name]


@dataclass(slots=True)
class _Bar:
    obligation: Obligation
    rect: QRectF
    shown: Shown
    label: str  # measured once at layout, not at every paint and mouse move
    label_width: int


def hearing_dates(events: Sequence[Event]) -> list[tuple[Event, date]]:
    """Each listing with the date of the hearing it lists, where recorded."""
    return [
        (e, day) for e in events
        if e.type == "hearing_listed" and (day := e.get_date("hearing_date")) is not None
    ]  # fmt: skip


def _fill(colour: QColor, shown: Shown) -> QColor:
    fill = QColor(colour)
    fill.setAlpha(70 if shown in (Shown.MET, Shown.WAIVED, Shown.NOT_APPLICABLE) else 110)
    return fill


#: The drawn timeline's accessible twin is the table beside it, which holds the same rows.
_TWIN = (
    "Drawn timeline of the case; arrow keys move between its bars and each is read out. "
    "The table beside it lists the same obligations."
)


class TimelineCanvas(QWidget):
    """The painted timeline. Put it in a `Timeline` (a scroll area) to use it."""

    obligation_activated = Signal(object)  # Obligation
    obligation_selected = Signal(object)  # Obligation | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Duty timeline")
        self.setAccessibleDescription(_TWIN)
        self._obligations: list[Obligation] = []
        self._events: list[Event] = []
        self._today = date.today()
        self._due_soon = 7
        self._px_per_day = 6.0
        self._start = self._today
        self._end = self._today
        self._bars: list[_Bar] = []
        self._markers: list[tuple[QRectF, Event]] = []
        #: each listed hearing at the date it is listed for (the listing's own marker stands at
        #: the day it was listed): where a newcomer looks for the next court date (issue 18)
        self._hearings: list[tuple[QRectF, Event, date]] = []
        self._lane_rows: dict[str, int] = {}
        self._lane_top: dict[str, int] = {}
        self._lanes: tuple[str, ...] = LANES
        self._height = 300
        self._header = LANE_HEADER
        self._selected: int = -1
        self._layout()  # an empty timeline can be painted before a case is shown

    # -- data ----------------------------------------------------------------------------------

    def set_case(
        self,
        obligations: Sequence[Obligation],
        events: Sequence[Event],
        today: date,
        due_soon_days: int,
    ) -> None:
        self._obligations = [o for o in obligations if o.status.value != "not_applicable"]
        self._events = [e for e in events if e.type != "duty_met"]
        self._today = today
        self._due_soon = due_soon_days
        days = [today]
        for o in self._obligations:
            days.extend(d for d in (o.clock_start, o.due, o.met_on) if d is not None)
        days.extend(e.date for e in self._events)
        days.extend(day for _, day in hearing_dates(self._events))  # the drawn area reaches them
        days.extend(d for e in self._events if (d := e.get_date("window_end")) is not None)
        self._start = min(days) - timedelta(days=7)
        self._end = max(days) + timedelta(days=14)
        self._selected = -1
        self._layout()

    @property
    def zoom(self) -> float:
        return self._px_per_day

    def set_zoom(self, px_per_day: float) -> None:
        self._px_per_day = max(0.5, min(60.0, px_per_day))
        self._layout()

    def select_obligation(self, key: tuple[str, str]) -> None:
        for i, bar in enumerate(self._bars):
            if bar.obligation.key == key:
                self._select(i)
                return

    def selected(self) -> Obligation | None:
        return (
            self._bars[self._selected].obligation if 0 <= self._selected < len(self._bars) else None
        )

    def x_of(self, day: date) -> float:
        return self._header + (day - self._start).days * self._px_per_day

    def bar_rects(self) -> list[tuple[tuple[str, str], QRectF]]:
        """Where each bar was drawn (tests click on them)."""
        return [(bar.obligation.key, QRectF(bar.rect)) for bar in self._bars]

    # -- layout --------------------------------------------------------------------------------

    def _layout(self) -> None:
        self._bars = []
        self._markers = []
        self._hearings = []
        rows_per_lane: dict[str, list[float]] = {lane: [] for lane in _ALL_LANES}  # row -> edge
        placed: list[tuple[str, int, Obligation, float, float, str, int]] = []
        metrics = QFontMetrics(self.font())
        widest = max(metrics.horizontalAdvance(line) for n in _ALL_LANES for line in lane_lines(n))
        self._header = max(LANE_HEADER, widest + 22)
        for o in sorted(self._obligations, key=lambda o: (o.clock_start or self._today, o.duty)):
            lane = lane_of_obligation(o)
            begin = o.clock_start or self._today
            finish = o.due or o.met_on or max(self._today, begin)
            x0 = self.x_of(begin)
            x1 = max(self.x_of(finish) + self._px_per_day, x0 + 8)
            label = self._label(o)
            label_width = metrics.horizontalAdvance(label)
            right = max(x1, x0 + label_width + 12)
            rows = rows_per_lane[lane]
            for row, edge in enumerate(rows):
                if edge + 4 <= x0:
                    rows[row] = right
                    break
            else:
                rows.append(right)
                row = len(rows) - 1
            placed.append((lane, row, o, x0, x1, label, label_width))
        # The victim's own deadlines first when there are any; lanes with nothing collapse.
        busy = {lane for lane, *_ in placed} | {lane_of_event(e) for e in self._events}
        order = ("Victim", *(lane for lane in LANES if lane != "Victim"), ADVOCATE_LANE)
        self._lanes = tuple(lane for lane in order if lane in busy) or LANES[:1]
        y = AXIS_HEIGHT
        lane_top: dict[str, int] = {}
        for lane in self._lanes:
            lane_top[lane] = y
            lane_rows = max(1, len(rows_per_lane[lane]))
            self._lane_rows[lane] = lane_rows
            named = LANE_PAD * 2 + len(lane_lines(lane)) * metrics.height()
            y += max(LANE_PAD * 2 + 14 + lane_rows * (BAR_HEIGHT + ROW_GAP), named)
        self._height = y + 8
        for lane, row, o, x0, x1, label, label_width in placed:
            top = lane_top[lane] + LANE_PAD + 14 + row * (BAR_HEIGHT + ROW_GAP)
            shown = shown_status(o, self._today, self._due_soon)
            rect = QRectF(x0, top, x1 - x0, BAR_HEIGHT)
            self._bars.append(_Bar(o, rect, shown, label, label_width))
        for event in self._events:
            lane = lane_of_event(event)
            if lane not in lane_top:
                continue
            x = self.x_of(event.date) + self._px_per_day / 2
            self._markers.append((QRectF(x - 5, lane_top[lane] + LANE_PAD - 2, 10, 10), event))
        for event, day in hearing_dates(self._events):
            lane = lane_of_event(event)
            if lane in lane_top:
                x = self.x_of(day) + self._px_per_day / 2
                rect = QRectF(x - 6, lane_top[lane] + LANE_PAD - 3, 12, 12)
                self._hearings.append((rect, event, day))
        self._lane_top = lane_top
        # Wide enough for the last label as well as the last day: a short case cut its labels.
        labels = (x0 + label_width + 12 for _l, _r, _o, x0, _x1, _t, label_width in placed)
        self._width = int(max(self.x_of(self._end), *labels, 0)) + 20
        width = self._width
        self.setMinimumSize(width, self._height)
        self.resize(width, self._height)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(getattr(self, "_width", int(self.x_of(self._end)) + 20), self._height)

    def _label(self, o: Obligation) -> str:
        look = LOOKS[shown_status(o, self._today, self._due_soon)]
        return f"{look.symbol} {short_what(o.what, 40)} · {look.label}"

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        mid = palette.color(QPalette.ColorRole.Mid)
        alt = palette.color(QPalette.ColorRole.AlternateBase)
        painter.fillRect(self.rect(), base)
        visible = event.rect()

        # Lanes.
        for i, lane in enumerate(self._lanes):
            top = self._lane_top[lane]
            bottom = (
                self._lane_top[self._lanes[i + 1]] if i + 1 < len(self._lanes) else self._height - 8
            )
            if i % 2:
                painter.fillRect(QRect(0, top, self.width(), bottom - top), alt)
            painter.setPen(QPen(mid))
            painter.drawLine(0, bottom, self.width(), bottom)

        # Month ticks on the axis.
        painter.setPen(QPen(text))
        day = self._start.replace(day=1)
        while day <= self._end:
            x = self.x_of(day)
            if visible.left() - 80 <= x <= visible.right() + 80:
                painter.setPen(QPen(mid))
                painter.drawLine(int(x), AXIS_HEIGHT - 6, int(x), self._height)
                painter.setPen(QPen(text))
                painter.drawText(int(x) + 3, 14, f"{day:%b %Y}")
            day = (day + timedelta(days=32)).replace(day=1)
        if self._px_per_day >= 3:
            painter.setPen(QPen(mid))
            week = self._start - timedelta(days=self._start.weekday())
            while week <= self._end:
                x = self.x_of(week)
                painter.drawLine(int(x), AXIS_HEIGHT - 10, int(x), AXIS_HEIGHT - 4)
                week += timedelta(days=7)

        # Today, under the bars so it never crosses a label.
        x = self.x_of(self._today) + self._px_per_day / 2
        painter.setPen(QPen(readable(PROBLEM_HUE, base, GRAPHIC), 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), AXIS_HEIGHT - 12, int(x), self._height)
        self._paint_today_label(painter, x, 0, base)

        # Bars.
        metrics = QFontMetrics(self.font())
        behind = QColor(base)
        behind.setAlpha(215)
        area = QRectF(visible)
        colours = {shown: status_colour(shown) for shown in LOOKS}
        fills = {shown: _fill(colour, shown) for shown, colour in colours.items()}
        baseline_offset = (BAR_HEIGHT + metrics.ascent() - metrics.descent()) / 2
        for index, bar in enumerate(self._bars):
            if not bar.rect.intersects(area):
                continue
            colour = colours[bar.shown]
            fill = fills[bar.shown]
            painter.setPen(QPen(colour, 2 if index == self._selected else 1))
            if bar.obligation.due is None:
                painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
            painter.setBrush(fill)
            painter.drawRoundedRect(bar.rect, 3, 3)
            if index == self._selected:
                painter.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(bar.rect.adjusted(-2, -2, 2, 2))
            met = bar.obligation.met_on
            if met is not None:
                x = self.x_of(met) + self._px_per_day / 2
                painter.setPen(QPen(colour, 2))
                painter.drawLine(int(x), int(bar.rect.top()), int(x), int(bar.rect.bottom()))
            painter.setPen(QPen(text))
            # Keep the label readable when the bar starts left of the visible area.
            label_x = max(bar.rect.left() + 4, visible.left() + self._header + 4)
            if label_x > bar.rect.right() - 20:
                label_x = bar.rect.left() + 4
            label, width = bar.label, bar.label_width
            if label_x + width > bar.rect.right():
                # The part outside the bar gets a backing, so grid lines do not cross it.
                painter.fillRect(
                    QRectF(max(label_x, bar.rect.right() + 1), bar.rect.top() + 1,
                           label_x + width + 2
                           - max(label_x, bar.rect.right() + 1), BAR_HEIGHT - 2),
                    behind,
                )  # fmt: skip
            painter.drawText(int(label_x), int(bar.rect.top() + baseline_offset), label)

        # Event markers.
        painter.setPen(QPen(text))
        painter.setBrush(text)
        for rect, _event in self._markers:
            if not rect.intersects(area):
                continue
            painter.drawPolygon(
                [
                    rect.center() + QPoint(0, -5).toPointF(),
                    rect.center() + QPoint(5, 0).toPointF(),
                    rect.center() + QPoint(0, 5).toPointF(),
                    rect.center() + QPoint(-5, 0).toPointF(),
                ]
            )

        # Hearings at the date they are listed for: a square with the word, not a diamond.
        for rect, listing, day in self._hearings:
            window_end = listing.get_date("window_end")
            reach = 140 if window_end is None else self.x_of(window_end) - rect.left() + 140
            if not rect.adjusted(0, 0, reach, 0).intersects(area):
                continue
            painter.setPen(QPen(text, 1.5))
            painter.setBrush(base)
            painter.drawRect(rect)
            painter.setBrush(text)
            painter.drawRect(rect.adjusted(3, 3, -3, -3))
            words = f"Hearing {long_date(day)}"
            if window_end is not None and window_end > day:
                # A trial window: a bracket from its first day to its last, in the lane.
                end_x = self.x_of(window_end) + self._px_per_day / 2
                painter.setBrush(Qt.BrushStyle.NoBrush)
                bracket_y = rect.bottom() + 5  # under the words, which run on from the square
                painter.drawLine(QPointF(rect.center().x(), bracket_y), QPointF(end_x, bracket_y))
                painter.drawLine(QPointF(end_x, bracket_y - 4), QPointF(end_x, bracket_y))
                words = f"Trial window to {long_date(window_end)}"
            painter.drawText(int(rect.right() + 4), int(rect.bottom() - 1), words)

        # Lane names last, pinned on the left of the visible area.
        left = visible.left()
        header = self._header
        line_height = QFontMetrics(self.font()).height()
        painter.fillRect(QRect(left, 0, header - 6, AXIS_HEIGHT), base)
        for i, lane in enumerate(self._lanes):
            top = self._lane_top[lane]
            bottom = (
                self._lane_top[self._lanes[i + 1]] if i + 1 < len(self._lanes) else self._height - 8
            )
            painter.fillRect(QRect(left, top, header - 6, bottom - top), alt if i % 2 else base)
            painter.setPen(QPen(mid))
            painter.drawLine(left + header - 6, top, left + header - 6, bottom)
            painter.setPen(QPen(text))
            for n, line in enumerate(lane_lines(lane)):
                painter.drawText(left + 8, top + LANE_PAD + 12 + n * line_height, line)
        if visible.top() > 0:  # scrolled down: the months stay readable at the top
            self._paint_pinned_axis(painter, visible, base, text, mid)
        painter.end()

    def _paint_pinned_axis(
        self, painter: QPainter, visible: QRect, base: QColor, text: QColor, mid: QColor
    ) -> None:
        top = visible.top()
        painter.fillRect(QRect(visible.left(), top, visible.width(), AXIS_HEIGHT - 12), base)
        painter.setPen(QPen(mid))
        painter.drawLine(visible.left(), top + AXIS_HEIGHT - 12, visible.right(),
                         top + AXIS_HEIGHT - 12)  # fmt: skip
        day = self._start.replace(day=1)
        while day <= self._end:
            x = self.x_of(day)
            if visible.left() + self._header - 6 <= x <= visible.right() + 80:
                painter.setPen(QPen(text))
                painter.drawText(int(x) + 3, top + 14, f"{day:%b %Y}")
            day = (day + timedelta(days=32)).replace(day=1)
        self._paint_today_label(painter, self.x_of(self._today) + self._px_per_day / 2, top, base)

    def _paint_today_label(self, painter: QPainter, x: float, top: int, base: QColor) -> None:
        """ "Today" under the month names, on its own backing (never across other text)."""
        metrics = QFontMetrics(self.font())
        baseline = top + AXIS_HEIGHT - 6
        width = metrics.horizontalAdvance("Today")
        painter.fillRect(
            QRect(int(x) + 3, baseline - metrics.ascent(), width + 2, metrics.height()), base
        )
        painter.setPen(QPen(readable(PROBLEM_HUE, base, TEXT)))
        painter.drawText(int(x) + 4, baseline, "Today")

    # -- interaction ---------------------------------------------------------------------------

    def _hit(self, pos: QPoint) -> int:
        """The bar under `pos`, its label included (a label is what people click)."""
        for index, bar in enumerate(self._bars):
            label = bar.label_width + 8
            area = bar.rect.united(QRectF(bar.rect.left(), bar.rect.top(), label, BAR_HEIGHT))
            if area.contains(pos.toPointF()):
                return index
        return -1

    def _marker(self, pos: QPoint) -> Event | None:
        for rect, event in self._markers:
            if rect.adjusted(-3, -3, 3, 3).contains(pos.toPointF()):
                return event
        return None

    def _hearing(self, pos: QPoint) -> tuple[Event, date] | None:
        for rect, event, day in self._hearings:
            if rect.adjusted(-3, -3, 3, 3).contains(pos.toPointF()):
                return event, day
        return None

    def hearings(self) -> list[tuple[date, QRectF]]:
        """The hearings drawn: the date each is listed for, and where."""
        return [(day, QRectF(rect)) for rect, _event, day in self._hearings]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self._hit(event.position().toPoint())
        if index >= 0:
            bar = self._bars[index]
            QToolTip.showText(
                event.globalPosition().toPoint(),
                obligation_tooltip(bar.obligation, LOOKS[bar.shown].label),
                self,
            )
            return
        hearing = self._hearing(event.position().toPoint())
        if hearing is not None:
            listing, day = hearing
            QToolTip.showText(
                event.globalPosition().toPoint(),
                f"Hearing on {day:%A} {long_date(day)}\n(listed on {long_date(listing.date)})",
                self,
            )
            return
        marker = self._marker(event.position().toPoint())
        if marker is not None:
            QToolTip.showText(
                event.globalPosition().toPoint(),
                f"{event_label(marker.type)}\n{long_date(marker.date)}",
                self,
            )
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self._hit(event.position().toPoint())
        self._select(index)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()  # selection happens on press

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self._hit(event.position().toPoint())
        if index >= 0:
            self._select(index)
            self.obligation_activated.emit(self._bars[index].obligation)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) and self._bars:
            self._select((self._selected + 1) % len(self._bars))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up) and self._bars:
            self._select((self._selected - 1) % len(self._bars))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
            self.obligation_activated.emit(self.selected())
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self._px_per_day * 1.5)
        elif key == Qt.Key.Key_Minus:
            self.set_zoom(self._px_per_day / 1.5)
        else:
            super().keyPressEvent(event)

    def _select(self, index: int) -> None:
        self._selected = index
        self.update()
        if 0 <= index < len(self._bars):
            bar = self._bars[index]
            parent = self.parentWidget()
            area = parent.parentWidget() if parent is not None else None
            if isinstance(area, QScrollArea):
                area.ensureVisible(int(bar.rect.center().x()), int(bar.rect.center().y()), 80, 40)
            spoken = self.spoken(bar.obligation)
            self.setAccessibleDescription(f"{_TWIN} Selected: {spoken}")
            announce(self, spoken)  # arrow keys used to move the selection in silence
            self.obligation_selected.emit(bar.obligation)
        else:
            self.setAccessibleDescription(_TWIN)
            self.obligation_selected.emit(None)

    def spoken(self, o: Obligation) -> str:
        """One bar as a screen reader says it: the duty, who owes it, when it is due, status."""
        look = LOOKS[shown_status(o, self._today, self._due_soon)]
        due = f"due {long_date(o.due)}" if o.due else "no fixed date"
        return f"{o.what}. Owed by {AGENCY_LABELS.get(o.owed_by, o.owed_by)}, {due}: {look.label}."


class Timeline(QScrollArea):
    """The canvas in a scroll area, with Ctrl+wheel zoom and "scroll to today"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = TimelineCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setFocusProxy(self.canvas)
        # The month axis is pinned to the top: repaint it whole when scrolled, not blitted.
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.canvas.update())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.25 if event.angleDelta().y() > 0 else 0.8
            self.canvas.set_zoom(self.canvas.zoom * factor)
            event.accept()
        else:
            super().wheelEvent(event)

    def scroll_to_today(self) -> None:
        x = int(self.canvas.x_of(self.canvas._today))
        self.horizontalScrollBar().setValue(max(0, x - self.viewport().width() // 2))
