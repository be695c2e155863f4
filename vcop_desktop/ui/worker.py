"""One worker thread for all storage work; results come back to the UI thread by signal.

As in Anki's taskman: every database call goes to a single-thread executor, so SQLite is never
touched from the UI thread and writes never race each other. Callbacks run on the UI thread.
"""

from __future__ import annotations

import gc
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)


def _type_and_place(error: BaseException) -> str:
    """The exception's type and where it was raised, never its message: messages may quote
    case data (a name in a failed query, a value that did not parse)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__qualname__
    last = frames[-1]
    where = (
        f"{last.filename.rsplit('/', 1)[-1].rsplit(chr(92), 1)[-1]}:{last.lineno} in {last.name}"
    )
    return f"{type(error).__qualname__} at {where}"


class StorageWorker(QObject):
    """Runs callables off the UI thread, one at a time, in submission order."""

    _deliver = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vcop-storage")
        self._pending = 0
        # Jobs and callbacks are owned here, on the UI thread, and dropped here: a closure that
        # holds a Qt object must never be released on the worker thread (shiboken then defers
        # the wrapper's deletion to the main thread, which has crashed PySide 6.12).
        self._jobs: dict[int, tuple[Any, Any, Any]] = {}
        self._next = 0
        self._deliver.connect(self._run_callback, Qt.ConnectionType.QueuedConnection)
        # Python's cycle collector runs in whichever thread allocates when it is due; on the
        # worker thread it would destroy Qt widgets there and crash. Collect on the UI thread.
        gc.disable()
        self._gc_timer = QTimer(self)
        self._gc_timer.setInterval(500)
        self._gc_timer.timeout.connect(collect_garbage)
        self._gc_timer.start()

    def submit(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Run `job` on the worker; then `on_done(result)` or `on_error(exc)` on the UI thread."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._next += 1
        key = self._next
        self._jobs[key] = (job, on_done, on_error)
        jobs, deliver = self._jobs, self._deliver

        def run() -> T:
            return jobs[key][0]()  # type: ignore[no-any-return]

        def finished(done: Future[T]) -> None:
            # Runs on the worker thread: hand the outcome to the UI thread.
            deliver.emit((done, key))

        future = self._executor.submit(run)
        future.add_done_callback(finished)
        return future

    @Slot(object)
    def _run_callback(self, payload: tuple[Future[Any], int]) -> None:
        done, key = payload
        _job, on_done, on_error = self._jobs.pop(key)
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        error = done.exception()
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("storage job failed: %s", _type_and_place(error))
            return
        if on_done is not None:
            on_done(done.result())

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=False)
        self._gc_timer.stop()
        gc.unfreeze()  # what `freeze_long_lived` set aside is collectable again
        collect_garbage()
        gc.enable()


def collect_garbage() -> None:
    """What automatic collection would do, on the UI thread: young objects often, all rarely."""
    threshold = gc.get_threshold()[0]
    young, middle, old = gc.get_count()
    if old > gc.get_threshold()[2]:
        gc.collect(2)
    elif middle > gc.get_threshold()[1]:
        gc.collect(1)
    elif young > threshold:
        gc.collect(0)


def freeze_long_lived() -> None:
    """Set every object that exists now aside from the cycle collector (`gc.freeze`).

    Called once the heavy imports are done (see `start_window._preload`): their 100,000
    objects live as long as the process, yet each full collection walked them all, 70-80 ms
    on the UI thread after an unlock, a hitch in whatever the person did next (a first case
    open, say); 4 ms without them. Reference counting still frees them; only cyclic garbage
    among them waits for `StorageWorker.shutdown`."""
    gc.freeze()
