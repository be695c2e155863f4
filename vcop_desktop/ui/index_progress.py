"""The index rebuild's progress on the dashboard: "Reading case 812 of 10,000", with the due
list filling in as cases are read.

The storage worker calls the callback made here once per case read; it sends a signal to the
UI thread only now and then, so a rebuild costs no more for being watched: the count at most
every quarter second, and the list so far (one query of the index the rebuild is filling)
at most every two seconds and never more often than 20 times what that query took, so the
fill-ins cost under 5% of the rebuild whatever its size. A refresh that finishes within half
a second (a few changed cases) shows nothing at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from vcop_desktop.storage import Workspace

Progress = Callable[[int, int], None]


class IndexProgress(QObject):
    """Made on the UI thread; `reporter()` makes the callback the worker thread calls."""

    #: (cases read, cases to read, the due items read so far or None): queued to the UI thread;
    #: (0, 0, None) when the refresh has ended, however it ended (see `finished`).
    changed = Signal(int, int, object)

    #: Seconds: a refresh shorter than this shows no progress.
    show_after = 0.5
    #: Seconds between updates of the count.
    every = 0.25
    #: Seconds between fill-ins of the due list (at least 20 times what one took).
    fill_every = 2.0

    def reporter(self, workspace: Workspace, today: date, within_days: int) -> Progress:
        """The callback for one refresh: runs on the storage worker, inside the rebuild."""
        started = time.monotonic()
        next_count = next_fill = started + self.show_after

        def progress(done: int, total: int) -> None:
            nonlocal next_count, next_fill
            now = time.monotonic()
            if done >= total:
                return  # the full view follows at once (or `finished`)
            if now < next_count:
                return
            items = None
            if now >= next_fill:
                # Read from the index being filled (same connection, same thread): the due
                # list of the cases read so far.
                items = workspace.dashboard(within_days, today, refresh=False).items
                took = time.monotonic() - now
                next_fill = now + max(self.fill_every, 20 * took)
            self.changed.emit(done, total, items)
            next_count = time.monotonic() + self.every

        return progress

    def finished(self) -> None:
        """The refresh has ended (done, or failed: then the error is shown): the count goes."""
        self.changed.emit(0, 0, None)
