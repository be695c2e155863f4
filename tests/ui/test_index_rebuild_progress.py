"""The index rebuild after unlock shows its progress on the dashboard (issue 25): "Reading case
3 of 8", said politely to a screen reader but not on every case, the due list filling in as
cases are read, and the window handling events all the while."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.files import INDEX_FILE
from vcop_desktop.storage.workspace_index import IndexedWorkspace
from vcop_desktop.ui import dashboard_view
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.index_progress import IndexProgress

CASES = 8


def _cases(workspace: Workspace) -> None:
    """Cases whose crimes were reported in the last days before the clock's 2 March 2026:
    each has duties due soon, so each adds rows to the dashboard."""
    for n in range(CASES):
        workspace.create_case(
            victim_name=f"Person {n} Example",
            crime_reference=f"CU/{n}",
            events=[Event("r", "crime_reported", date(2026, 2, 20) + timedelta(n), position=0)],
        )


@pytest.fixture
def slow_rebuild(monkeypatch: Any) -> None:
    """Each case takes 50 ms to read, as a big workspace's cases take in total; progress is
    shown from the first case, counted at every case and filled in at every case."""
    original = IndexedWorkspace._refresh_entry

    def slow(self: IndexedWorkspace, case_id: str) -> None:
        time.sleep(0.05)
        original(self, case_id)

    monkeypatch.setattr(IndexedWorkspace, "_refresh_entry", slow)
    monkeypatch.setattr(IndexProgress, "show_after", 0.0)
    monkeypatch.setattr(IndexProgress, "every", 0.0)
    monkeypatch.setattr(IndexProgress, "fill_every", 0.0)


def _dashboard_rows(window: Any) -> int:
    return int(window.dashboard.model.rowCount())


def test_a_rebuild_after_unlock_counts_the_cases_read_and_fills_the_dashboard_in(
    qtbot: Any, context: AppContext, workspace: Workspace, slow_rebuild: None, monkeypatch: Any
) -> None:
    _cases(workspace)
    folder = workspace.folder
    workspace.close()
    (folder / INDEX_FILE).unlink()  # the next refresh must read every case file again
    said: list[str] = []
    monkeypatch.setattr(dashboard_view, "announce", lambda _widget, text: said.append(text))
    seen: list[tuple[str, int, bool]] = []  # (progress line, dashboard rows, worker busy)
    original = dashboard_view.DashboardView.show_progress

    def watch(self: Any, done: int, total: int, *args: Any) -> None:
        original(self, done, total, *args)
        if total:  # (0, 0): the reading has ended
            seen.append((self.progress.text(), self.model.rowCount(), context.worker.busy))

    monkeypatch.setattr(dashboard_view.DashboardView, "show_progress", watch)
    reopened = context.worker.submit(lambda: Workspace.open(folder, "correct horse battery staple"))
    from vcop_desktop.ui.main_window import MainWindow

    window = MainWindow(context, reopened.result())
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, context)

    lines = [text for text, _rows, _busy in seen]
    assert any(f"Reading case 3 of {CASES}" in line for line in lines)
    # Shown while the worker was still reading: the UI thread handled events meanwhile.
    assert all(busy for _text, _rows, busy in seen)
    # The due list filled in as cases were read: more rows as more cases had been read.
    rows = [r for _text, r, _busy in seen]
    assert rows == sorted(rows) and rows[-1] > 0
    final = _dashboard_rows(window)
    assert rows[0] < final
    # Said once when it appeared, not on each of the 8 cases (every 15 s after that).
    assert len([s for s in said if s.startswith("Reading case")]) == 1
    assert window.dashboard.progress.isHidden()  # the full dashboard replaced it


def test_a_refresh_with_nothing_to_read_shows_no_progress(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    _cases(workspace)
    shown: list[int] = []
    monkeypatch.setattr(
        dashboard_view.DashboardView,
        "show_progress",
        lambda _self, done, total, *_a: total and shown.append(done),
    )
    window = open_window(qtbot, context, workspace)  # the index is up to date
    window.refresh_all()
    wait_idle(qtbot, context)
    assert shown == []
    assert _dashboard_rows(window) > 0
