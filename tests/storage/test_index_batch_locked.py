"""A rebuild that meets the index held by another program (a second window, the CLI) between
two of its commits says so, "database is locked": it used to end in "cannot rollback - no
transaction is active", which hid the reason (seen at 10,000 cases while measuring, issue 25)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vcop_desktop.storage import cipher
from vcop_desktop.storage.index import SummaryRow, WorkspaceIndex


class _HeldAfterFirstCommit:
    """The index's connection, as another program taking the write lock at the first
    checkpoint makes it behave: the next BEGIN IMMEDIATE fails."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._begins = 0

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "BEGIN IMMEDIATE":
            self._begins += 1
            if self._begins == 2:
                raise cipher.OperationalError("database is locked")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _summary(number: int) -> SummaryRow:
    return SummaryRow(f"{number:032x}", f"VC-2026-{number:04d}", "Made Up", None, "open", (),
                      None, 0, "")  # fmt: skip


def test_a_batch_that_cannot_begin_again_reports_the_lock_and_keeps_what_was_committed(
    tmp_path: Path,
) -> None:
    index = WorkspaceIndex(tmp_path / "index.db", b"k" * 32)
    real = index._conn
    index._conn = _HeldAfterFirstCommit(real)  # type: ignore[assignment]
    with pytest.raises(cipher.OperationalError, match="database is locked"), index.batch():
        for number in range(3):
            index.store(_summary(number), [], "fp", "sig")
            index.checkpoint_batch(every=2)
    index._conn = real
    assert not real.in_transaction
    assert len(index.all_ids()) == 2  # committed at the checkpoint; the third is re-read later
    index.close()
