"""The storage worker logs a failed job's type and place, never its message (which may quote
case data)."""

from __future__ import annotations

import gc
import logging
import weakref
from typing import Any

import pytest

from vcop_desktop.ui.worker import StorageWorker, freeze_long_lived


def test_a_failed_job_logs_type_and_place_only(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    worker = StorageWorker()

    def job() -> None:
        raise ValueError("Zebediah Quillfeather, 12 Acacia Avenue")

    try:
        with caplog.at_level(logging.ERROR, logger="vcop_desktop.ui.worker"):
            worker.submit(job)
            qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    finally:
        worker.shutdown()
    text = caplog.text
    assert "ValueError at test_worker.py:" in text and "in job" in text
    assert "Quillfeather" not in text and "Acacia" not in text


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_objects_set_aside_from_the_collector_are_given_back_at_shutdown(qtbot: Any) -> None:
    worker = StorageWorker()
    try:
        cycle = _Cycle()
        alive = weakref.ref(cycle)
        freeze_long_lived()
        assert gc.get_freeze_count() > 0
        del cycle
        gc.collect()
        assert alive() is not None  # set aside: full collections no longer walk it
    finally:
        worker.shutdown()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert alive() is None  # given back: the next full collection frees it
