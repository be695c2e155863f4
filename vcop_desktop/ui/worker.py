"""One worker thread for all storage work; results come back to the UI thread by signal.

As in Anki's taskman: every database call goes to a single-thread executor, so SQLite is never
touched from the UI thread and writes never race each other. Callbacks run on the UI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

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
        self._deliver.connect(self._run_callback, Qt.ConnectionType.QueuedConnection)

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
        future = self._executor.submit(job)

        def finished(done: Future[T]) -> None:
            # Runs on the worker thread: hand the outcome to the UI thread.
            self._deliver.emit((done, on_done, on_error))

        future.add_done_callback(finished)
        return future

    @Slot(object)
    def _run_callback(self, payload: tuple[Future[Any], Any, Any]) -> None:
        done, on_done, on_error = payload
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
