"""The index refill commits by the second, not every 200 cases: a commit rewrites every page
its round changed, all over a big index (issue 25: the refill of 5,000 cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage import index as index_module
from vcop_desktop.storage.index import SummaryRow, WorkspaceIndex


def _summary(number: int) -> SummaryRow:
    return SummaryRow(f"{number:032x}", f"VC-2026-{number:04d}", "Made Up", None, "open", (),
                      None, 0, "")  # fmt: skip


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_batch_commits_once_enough_updates_and_enough_seconds_have_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = _Clock()
    monkeypatch.setattr(index_module.time, "monotonic", clock)
    index = WorkspaceIndex(tmp_path / "index.db", b"k" * 32)
    commits: list[int] = []
    real = index._conn

    class Counting:
        def execute(self, sql: str, *args: object) -> object:
            if sql == "COMMIT":
                commits.append(len(index.all_ids()))
            return real.execute(sql, *args)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    index._conn = Counting()  # type: ignore[assignment]
    with index.batch():
        for number in range(6):
            index.store(_summary(number), [], "fp", "sig")
            index.checkpoint_batch(every=2, seconds=1.0)  # 2 updates: not yet a second
        clock.now += 1.0
        index.store(_summary(6), [], "fp", "sig")
        index.checkpoint_batch(every=2, seconds=1.0)  # a second on, and 7 updates
        index.store(_summary(7), [], "fp", "sig")
        index.checkpoint_batch(every=2, seconds=1.0)  # one update since: no
    index._conn = real
    assert commits == [7, 8]  # the round at 7 cases, then the end of the batch
    index.close()


def test_without_seconds_a_batch_commits_every_so_many_updates(tmp_path: Path) -> None:
    """The caseload import's rounds, as before."""
    index = WorkspaceIndex(tmp_path / "index.db", b"k" * 32)
    with index.batch():
        for number in range(5):
            index.store(_summary(number), [], "fp", "sig")
            index.checkpoint_batch(every=2)
            assert index._batch == (number + 1) % 2
    index.close()


_TABLES = ("case_summary", "outstanding", "report_case", "report_obligation", "dated", "retention")


def test_entries_stored_again_in_a_batch_replace_the_old_ones_whole(demo_ws: Workspace) -> None:
    """A batch writes with the foreign keys unchecked (a rebuild's sixteenth): an entry
    stored again still replaces every row of the old one, and the keys are checked after."""
    index = demo_ws._idx()
    conn = index._conn

    def rows() -> dict[str, list[tuple[object, ...]]]:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in _TABLES}

    before = rows()
    assert before["outstanding"] and before["report_obligation"]
    with index.batch():
        for case in demo_ws.list_cases(refresh=False):
            demo_ws._refresh_entry(case.case_id)
    assert rows() == before
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(cipher.Error, match="FOREIGN KEY"):
        conn.execute("INSERT INTO dated (case_id, day, kind, label) VALUES ('x', 'd', 'k', 'l')")
