"""Reminders while the app runs: a tray icon that notifies when something falls due.

Each obligation is notified at most once per day, when it is due today or overdue. The tray
menu lists today's items by case code and duty only (a tray can be seen over a shoulder).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from vcop_desktop.clock import Clock
from vcop_desktop.storage import DueItem


def due_now(
    items: Sequence[DueItem], today: date, warn_days: Callable[[str], int] = lambda _duty: 0
) -> list[DueItem]:
    """Outstanding items that are due today or overdue, or within their rule's warning period
    (an absolute deadline such as ULS warns a week ahead)."""
    return [
        i for i in items
        if i.obligation.due is not None
        and (i.obligation.due - timedelta(days=warn_days(i.obligation.duty))) <= today
    ]  # fmt: skip


def newly_overdue(items: Sequence[DueItem], last_seen: date, today: date) -> list[DueItem]:
    """Items that became overdue since `last_seen`: due on or after it and before today."""
    return [
        i for i in items
        if i.obligation.due is not None and last_seen <= i.obligation.due < today
    ]  # fmt: skip


class ReminderService(QObject):
    """Decides what to notify; the tray only displays. Tested without a system tray."""

    notify = Signal(str, str)  # title, message
    items_changed = Signal(list)  # today's items

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
        #: (case, duty, trigger) notified on `_notified_on`: only today's are kept (the set
        #: held every day's since the app started)
        self._notified: set[tuple[str, str, str]] = set()
        self._notified_on: date | None = None
        self._last_check: datetime | None = None
        self.today_items: list[DueItem] = []
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

    def update(self, items: Sequence[DueItem]) -> list[DueItem]:
        """Called with fresh dashboard items; notifies those not yet notified today."""
        today = self.clock.today()
        current = due_now(items, today, self._warn_days)
        self.today_items = current
        self.items_changed.emit(current)
        if today != self._notified_on:
            self._notified, self._notified_on = set(), today
        fresh = [
            i for i in current
            if (i.case_id, i.obligation.duty, i.obligation.trigger) not in self._notified
        ]  # fmt: skip
        self._notified.update((i.case_id, i.obligation.duty, i.obligation.trigger) for i in fresh)
        if fresh:
            overdue = sum(1 for i in fresh if i.obligation.due and i.obligation.due < today)
            title = "Victims' Code deadlines"
            lines = [f"{i.case_code}: {i.obligation.duty}" for i in fresh[:5]]
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
        self.set_items([])
        if self.available:
            self.icon.show()

    def set_items(self, items: list[DueItem]) -> None:
        self.menu.clear()
        header = self.menu.addAction(
            f"Due today or overdue: {len(items)}" if items else "Nothing due today"
        )
        header.setEnabled(False)
        for item in items[:15]:
            action = QAction(f"{item.case_code}: {item.obligation.duty}", self.menu)
            action.triggered.connect(lambda _checked=False, i=item: self.open_item.emit(i))
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction("Show VCOP Desktop", self.show_window.emit)
        self.menu.addAction("Lock now", self.lock_now.emit)

    def show_message(self, title: str, message: str) -> None:
        if self.available and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10_000)
