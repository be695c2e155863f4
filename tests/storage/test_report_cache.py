"""A report counted by the index borrows a large page cache for its two scans and gives it
back: the GUI's index connection lives as long as the window, and must not keep 64 MiB."""

from __future__ import annotations

from datetime import date

import pytest

from tests.storage.conftest import TODAY
from vcop_desktop.domain.obligations import Category
from vcop_desktop.storage import Workspace, index_report


def _cache_size(ws: Workspace) -> int:
    return int(ws._idx()._conn.execute("PRAGMA cache_size").fetchone()[0])


def test_the_report_cache_is_given_back_after_counting(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _cache_size(demo_ws)
    seen: list[int] = []
    counted = index_report.report_counts

    def watched(conn, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = counted(conn, *args, **kwargs)
        seen.append(int(conn.execute("PRAGMA cache_size").fetchone()[0]))
        return result

    monkeypatch.setattr(index_report, "report_counts", watched)
    today = max(TODAY, date.today())  # counted by the index only when judged today or later
    total, groups, _ = demo_ws.report_counts(
        date(TODAY.year - 1, 1, 1), today, today, Category.CODE, ["month"]
    )
    assert total.cases > 0 and groups["month"]
    assert seen == [before] and before != -index_report._REPORT_CACHE_KIB


def test_the_report_cache_is_given_back_when_a_scan_fails(demo_ws: Workspace) -> None:
    conn = demo_ws._idx()._conn
    before = _cache_size(demo_ws)
    with pytest.raises(RuntimeError), index_report._report_cache(conn):
        assert _cache_size(demo_ws) == -index_report._REPORT_CACHE_KIB
        raise RuntimeError("a scan failed")
    assert _cache_size(demo_ws) == before
