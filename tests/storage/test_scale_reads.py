"""Work that grows with the number of cases is done once per case: the index rebuild opens
each case file once (not `probe` and then a second open to read it), and a dashboard refresh
stats each case file once (not once for the case list and again for the dashboard)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.conftest import TODAY
from vcop_desktop.errors import UserError
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
    stats: list[str] = []
    real = workspace_index.case_signatures

    def counting(folder: Path, suffix: str) -> dict[str, str]:
        found = real(folder, suffix)
        stats.extend(found)
        return found

    monkeypatch.setattr(workspace_index, "case_signatures", counting)
    rows, _due, problems = case_rows(demo_ws, TODAY)  # what the main window shows
    assert len(stats) == len(rows) == len(set(stats)) == 6
    assert problems == []
    assert [r.summary for r in rows] == demo_ws.list_cases()


def test_a_case_copy_that_does_not_reach_the_disk_fails_the_backup(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copies are fsynced on other threads while the next ones are written: an fsync
    error there still blames the backup disk and keeps no set."""
    import errno
    import os

    real = os.fsync
    backups = tmp_path / "backups"

    def failing(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(backups)) and os.readlink(
            f"/proc/self/fd/{fd}"
        ).endswith(".vcop"):
            raise OSError(errno.EIO, "Input/output error (injected)")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(UserError) as info:
        demo_ws.backup(backups)
    assert "backup disk" in str(info.value)
    assert [p for p in backups.iterdir() if "backup-" in p.name] == []
    assert demo_ws.check().ok


def test_every_case_copy_in_a_backup_set_is_fsynced(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    real = os.fsync
    synced: list[str] = []

    def counting(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    report = demo_ws.backup(tmp_path / "backups")
    copies = {p.name for p in (report.set_dir / CASES_DIR).glob("*.vcop")}
    assert len(copies) == len(report.copied) == 6
    assert copies <= {Path(s).name for s in synced if f"/{CASES_DIR}/" in s}


def test_an_index_rebuild_reports_its_progress_case_by_case(demo_ws: Workspace) -> None:
    """For "Reading case 812 of 10,000" while a big workspace's index is refilled."""
    seen: list[tuple[int, int]] = []
    assert demo_ws.rebuild_index(lambda done, total: seen.append((done, total))) == ()
    assert seen == [(n, 6) for n in range(1, 7)]
    seen.clear()
    assert demo_ws.refresh_index(lambda done, total: seen.append((done, total))) == ()
    assert seen == []  # nothing changed: nothing read


def test_the_case_list_counts_from_the_index_what_it_counted_from_every_obligation(
    demo_ws: Workspace,
) -> None:
    """Each row's next due day and overdue count, now counted by the index, are those of the
    open case's obligations due within the list's horizon (as when every one was read); and the
    window's shorter due list changes no row."""
    from vcop_desktop.ui.case_session import LIST_HORIZON_DAYS

    items = demo_ws.dashboard(LIST_HORIZON_DAYS, TODAY).items
    expected: dict[str, tuple[object, int]] = {}
    for summary in demo_ws.list_cases():
        dues = [i.obligation.due for i in items if i.case_id == summary.case_id]
        upcoming = [d for d in dues if d is not None and d >= TODAY]
        late = sum(1 for d in dues if d is not None and d < TODAY)
        expected[summary.case_id] = (min(upcoming) if upcoming else None, late)
    assert any(late for _, late in expected.values())
    assert any(nxt for nxt, _ in expected.values())
    for within in (LIST_HORIZON_DAYS, 7, 0):
        rows, due, _ = case_rows(demo_ws, TODAY, within_days=within)
        assert {r.summary.case_id: (r.next_due, r.overdue) for r in rows} == expected
        limit = TODAY.toordinal() + within
        within_limit = [
            i for i in items if i.obligation.due and i.obligation.due.toordinal() <= limit
        ]
        assert due == within_limit
