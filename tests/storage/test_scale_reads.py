"""Work that grows with the number of cases is done once per case: the index rebuild opens
each case file once (not `probe` and then a second open to read it), and a dashboard refresh
stats each case file once (not once for the case list and again for the dashboard)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.conftest import TODAY
from vcop_desktop.storage import Workspace, cipher, workspace_index
from vcop_desktop.storage.files import CASES_DIR
from vcop_desktop.ui.case_session import case_rows


def _count_case_opens(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    opened: list[Path] = []
    real = cipher.connect_raw

    def counting(path: Path, **kwargs: bool) -> cipher.Connection:
        if path.parent.name == CASES_DIR:
            opened.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(cipher, "connect_raw", counting)
    return opened


def test_index_rebuild_opens_each_case_file_once(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {c.case_id: c for c in demo_ws.list_cases()}
    opened = _count_case_opens(monkeypatch)
    assert demo_ws.rebuild_index() == ()
    assert len(opened) == len(before) == len(set(opened))
    assert {c.case_id: c for c in demo_ws.list_cases()} == before


def test_dashboard_refresh_stats_each_case_file_once(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_ws.dashboard(14)
    stats: list[Path] = []
    real = workspace_index.file_signature

    def counting(path: Path) -> str:
        stats.append(path)
        return real(path)

    monkeypatch.setattr(workspace_index, "file_signature", counting)
    rows, _due, problems = case_rows(demo_ws, TODAY)  # what the main window shows
    assert len(stats) == len(rows) == 6
    assert problems == []
    assert [r.summary for r in rows] == demo_ws.list_cases()
