"""The storage worker logs a failed job's type and place, never its message (which may quote
case data)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from vcop_desktop.ui.worker import StorageWorker


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
