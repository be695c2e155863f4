"""The dashboard's lines held as columns (`DueRows`): they read exactly as the objects they
replaced, answer one field without making a line, and hold a few bytes a line."""

from __future__ import annotations

import dataclasses
import gc
import tracemalloc
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.helpers import ev, run
from tests.storage.conftest import TODAY
from vcop_desktop.domain.obligations import Status
from vcop_desktop.storage import DueItem, DueRows, Workspace
from vcop_desktop.storage.index import SummaryRow, WorkspaceIndex
from vcop_desktop.storage.index_rows import SELECT_DUE, Pool, obligation_from


def _old_lines(ws: Workspace, within: int, today: date) -> list[DueItem]:
    """The dashboard's lines as they were made before `DueRows`: one whole object per row."""
    index = ws._idx()
    limit = (today + timedelta(days=within)).isoformat()
    pool, law = Pool(), ws.rulebook().law_for
    return [
        DueItem(
            r[0],
            r[1],
            obligation_from(
                r[2:], Status.OVERDUE if r[4] < today.isoformat() else Status.OPEN, pool, law
            ),
        )
        for r in index._conn.execute(SELECT_DUE, (limit,))
    ]


def test_the_lines_read_field_for_field_as_the_objects_they_replaced(demo_ws: Workspace) -> None:
    for today in (TODAY - timedelta(days=40), TODAY, TODAY + timedelta(days=400)):
        for within in (0, 14, 3660):
            rows = demo_ws.dashboard(within, today).items
            old = _old_lines(demo_ws, within, today)
            assert list(rows) == old
            assert len(rows) == len(old)
    rows = demo_ws.dashboard(3660, TODAY).items
    assert len(rows) >= 8
    assert len({i.case_id for i in rows}) > 1 and len({i.obligation.owed_by for i in rows}) > 1
    assert any(item.obligation.clock_start for item in rows)
    for i, item in enumerate(rows):
        o = item.obligation
        assert rows.case_id(i) == item.case_id and rows.case_code(i) == item.case_code
        assert rows.due_ordinal(i) == (o.due.toordinal() if o.due else 0)
        assert rows.key(i) == (item.case_id, o.duty, o.trigger)
        shape = rows.shape(i)
        assert (shape.duty, shape.owed_by, shape.what, shape.status, shape.pending) == (
            o.duty, o.owed_by, o.what, o.status, o.pending,
        )  # fmt: skip


def test_a_subset_and_the_lines_due_by_a_day_are_the_lines_chosen(demo_ws: Workspace) -> None:
    rows = demo_ws.dashboard(3660, TODAY).items
    every = list(rows)
    assert list(rows.subset([3, 1, 1])) == [every[3], every[1], every[1]]
    picked = rows.subset([4, 2, 0])  # a subset of a subset: where its lines are, not its own
    assert list(picked.subset([2, 0])) == [every[0], every[4]]
    assert [picked.due_ordinal(i) for i in range(3)] == [rows.due_ordinal(n) for n in (4, 2, 0)]
    assert [s.duty for s in picked.shapes()] == [every[n].obligation.duty for n in (4, 2, 0)]
    assert list(picked[1:]) == [every[2], every[0]]
    assert list(rows[2:7]) == every[2:7]
    assert rows.subset(range(len(rows))) is rows
    day = TODAY + timedelta(days=10)
    assert list(rows.due_on_or_before(day)) == [
        i for i in every if i.obligation.due and i.obligation.due <= day
    ]
    assert DueRows.of([]) == [] and not DueRows.of([])


def test_the_lines_share_the_case_lists_strings(demo_ws: Workspace) -> None:
    summaries = {s.case_id: s for s in demo_ws.list_cases()}
    rows = demo_ws.dashboard(3660, TODAY, known=summaries).items
    assert len(rows)
    for i in range(len(rows)):
        summary = summaries[rows.case_id(i)]
        assert rows.case_id(i) is summary.case_id and rows.case_code(i) is summary.case_code


def _engine_items() -> list[DueItem]:
    result = run(
        [ev("a", "suspect_arrested", "2026-03-06"), ev("b", "suspect_arrested", "2026-03-09"),
         ev("c", "sentence", "2026-03-10", court="crown")],
        "2026-03-13",
    )  # fmt: skip
    return [
        DueItem(f"{case:032x}", f"VC-2026-{case:04d}", o)
        for case in range(3)
        for o in result.obligations
    ]


ITEMS = _engine_items()


@settings(max_examples=60, deadline=None)
@given(picks=st.lists(st.integers(0, len(ITEMS) - 1), max_size=40))
def test_any_lines_come_back_as_they_went_in(picks: list[int]) -> None:
    chosen = [ITEMS[n] for n in picks]
    rows = DueRows.of(chosen)
    assert list(rows) == chosen and len(rows) == len(chosen)
    assert [rows.key(i) for i in range(len(rows))] == [
        (c.case_id, c.obligation.duty, c.obligation.trigger) for c in chosen
    ]
    assert [rows.case_code(i) for i in range(len(rows))] == [c.case_code for c in chosen]


def _summary(n: int) -> SummaryRow:
    return SummaryRow(
        case_id=f"{n:032x}", case_code=f"VC-2026-{n:04d}", victim_name=f"Person {n}",
        crime_reference=None, status="open", flags=(), offence_date=None, event_count=3,
        updated_at="2026-01-01T00:00:00+00:00",
    )  # fmt: skip


def test_a_dashboard_line_holds_a_few_bytes_not_an_object(demo_ws: Workspace) -> None:
    """4,000 lines of 2,000 cases: about 100 bytes a line with their own case strings, 30
    sharing the case list's (as objects, a `DueItem` and its `Obligation` took about 250 and
    the strings beside). The summaries of a list share one empty set of reasons and one
    retention state."""
    obligations = [
        o for o in demo_ws.obligations(demo_ws.list_cases()[0].case_id, TODAY).obligations
        if o.status.is_outstanding and o.due is not None
    ][:2]  # fmt: skip
    assert len(obligations) == 2
    index = WorkspaceIndex.in_memory()
    with index.batch():
        for n in range(2000):
            index.store(_summary(n), obligations, "rules", "sig")
    law = demo_ws.rulebook().law_for
    summaries = index.summaries()
    known = {s.case_id: s for s in summaries}

    def bytes_a_line(**shared: object) -> float:
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            rows = index.due_by(TODAY + timedelta(days=3660), TODAY, law, **shared)  # type: ignore[arg-type]
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert len(rows) == 4000
        return held / len(rows)

    assert bytes_a_line() < 128
    assert bytes_a_line(known=known) < 40
    first, second = summaries[:2]
    assert first.good_reasons is second.good_reasons and first.retention is second.retention


def test_lines_of_one_duty_that_differ_in_any_field_keep_their_own(demo_ws: Workspace) -> None:
    """Two cases' lines of one duty, the same in all but one field each time (the words, the
    source, the pack, the limit, the confidence...): each comes back as it was stored, never
    as the other's (a shared shape must be the same in every field it holds)."""
    (base,) = [
        o for o in demo_ws.obligations(demo_ws.list_cases()[0].case_id, TODAY).obligations
        if o.status.is_outstanding and o.due is not None
    ][:1]  # fmt: skip
    variants = {
        "what": "Other words for the same duty.", "source": "Another source", "pack": "other",
        "confidence": "assumed", "reason": "a reason", "limit": "9 days", "clock": "received",
        "clock_assumed": not base.clock_assumed, "right": (base.right or 0) + 1,
        "statutory": not base.statutory, "met_on": date(2026, 1, 2),
    }  # fmt: skip
    index = WorkspaceIndex.in_memory()
    index.store(_summary(0), [base], "rules", "sig")
    for n, (name, value) in enumerate(variants.items(), 1):
        index.store(_summary(n), [dataclasses.replace(base, **{name: value})], "rules", "sig")
    law = demo_ws.rulebook().law_for
    rows = index.due_by(TODAY + timedelta(days=3660), TODAY, law)
    got = {item.case_code: item.obligation for item in rows}
    assert len(got) == len(variants) + 1
    for n, (name, value) in enumerate(variants.items(), 1):
        assert getattr(got[f"VC-2026-{n:04d}"], name) == value, name
        assert getattr(got["VC-2026-0000"], name) == getattr(base, name), name
