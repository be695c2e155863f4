"""Reminders while the app runs: a tray icon that notifies when something falls due.

Each obligation is notified at most once per day, when it is due today or overdue. The tray
menu lists today's items by case code and duty only (a tray can be seen over a shoulder).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from vcop_desktop.clock import Clock
from vcop_desktop.storage.due_rows import EMPTY, DueRows


def due_now(
    items: DueRows, today: date, warn_days: Callable[[str], int] = lambda _duty: 0
) -> DueRows:
    """Outstanding items that are due today or overdue, or within their rule's warning period
    (an absolute deadline such as ULS warns a week ahead)."""
    day = today.toordinal()
    return items.subset(
        i for i in range(len(items))
        if (due := items.due_ordinal(i)) and due - warn_days(items.shape(i).duty) <= day
    )  # fmt: skip


def newly_overdue(items: DueRows, last_seen: date, today: date) -> DueRows:
    """Items that became overdue since `last_seen`: due on or after it and before today."""
    low, high = last_seen.toordinal(), today.toordinal()
    return items.subset(i for i in range(len(items)) if low <= items.due_ordinal(i) < high)


class NotifiedToday:
    """The lines notified today, as a sorted `array` of their keys' hashes (8 bytes a line;
    a set of (case, duty, trigger) tuples took about 150 bytes a line). Two keys with one
    64-bit hash would cost one reminder, at odds of about one in 10^10 for 25,000 lines."""

    def __init__(self) -> None:
        self.day: date | None = None
        self._hashes = array("q")

    def new_day(self, day: date) -> None:
        if day != self.day:
            self.day, self._hashes = day, array("q")

    def __contains__(self, key: object) -> bool:
        value = hash(key)
        at = bisect_left(self._hashes, value)
        return at < len(self._hashes) and self._hashes[at] == value

    def add_all(self, keys: Iterable[object]) -> None:
        self._hashes = array("q", sorted((*self._hashes, *map(hash, keys))))


class ReminderService(QObject):
    """Decides what to notify; the tray only displays. Tested without a system tray."""

    notify = Signal(str, str)  # title, message
    items_changed = Signal(object)  # today's items (DueRows)

    def __init__(
        self,
        clock: Clock,
        fetch: Callable[[], None],
        reminder_times: Callable[[], list[str]],
        parent: QObject | None = None,
        warn_days: Callable[[str], int] = lambda _duty: 0,
    ) -> None:
        super().__init__(parent)
        self._warn_days = warn_days
        self.clock = clock
        self._fetch = fetch  # asks the main window to refresh the dashboard
        self._times = reminder_times
        #: (case, duty, trigger) notified today: only today's are kept (a set once held every
        #: day's since the app started)
        self._notified = NotifiedToday()
        self._last_check: datetime | None = None
        self.today_items: DueRows = EMPTY
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._last_check = self.clock.now()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        """Each minute: at a reminder time (or on a new day), refresh and notify."""
        now = self.clock.now()
        last = self._last_check or now
        self._last_check = now
        crossed = now.date() != last.date()
        for text in self._times():
            hour, minute = (int(x) for x in text.split(":"))
            moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
            if last < moment <= now:
                crossed = True
        if crossed:
            self._fetch()

    def update(self, items: DueRows) -> DueRows:
        """Called with fresh dashboard items; notifies those not yet notified today."""
        today = self.clock.today()
        current = due_now(items, today, self._warn_days)
        self.today_items = current
        self.items_changed.emit(current)
        self._notified.new_day(today)
        fresh = current.subset(
            i for i in range(len(current)) if current.key(i) not in self._notified
        )
        self._notified.add_all(fresh.key(i) for i in range(len(fresh)))
        if fresh:
            day = today.toordinal()
            overdue = sum(1 for i in range(len(fresh)) if fresh.due_ordinal(i) < day)
            title = "Victims' Code deadlines"
            lines = [
                f"{fresh.case_code(i)}: {fresh.shape(i).duty}" for i in range(min(5, len(fresh)))
            ]
            more = f"\n…and {len(fresh) - 5} more" if len(fresh) > 5 else ""
            self.notify.emit(
                title,
                f"{len(fresh)} item(s) due soon, today or overdue ({overdue} overdue):\n"
                + "\n".join(lines)
                + more,
            )
        return fresh


class Tray(QObject):
    """The system tray icon and its menu (where the platform has a tray)."""

    show_window = Signal()
    lock_now = Signal()
    open_item = Signal(object)

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("VCOP Desktop")
        self.menu = QMenu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(lambda _reason: self.show_window.emit())
        self.set_items(EMPTY)
        if self.available:
            self.icon.show()

    def set_items(self, items: DueRows) -> None:
        self.menu.clear()
        header = self.menu.addAction(
            f"Due today or overdue: {len(items)}" if items else "Nothing due today"
        )
        header.setEnabled(False)
        for item in items[:15]:  # made here: 15 at most
            action = QAction(f"{item.case_code}: {item.obligation.duty}", self.menu)
            action.triggered.connect(lambda _checked=False, i=item: self.open_item.emit(i))
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction("Show VCOP Desktop", self.show_window.emit)
        self.menu.addAction("Lock now", self.lock_now.emit)

    def show_message(self, title: str, message: str) -> None:
        if self.available and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10_000)
