"""The dashboard's model over `DueRows`: what it sorts and filters by, read from the lines'
numbers and shared shapes, is what describing each row says; its counts by owner."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from tests.domain.helpers import ev, run
from vcop_desktop.storage import DueItem, DueRows
from vcop_desktop.ui.dashboard_view import DashboardView
from vcop_desktop.ui.models.dashboard_model import DashboardFilter, DashboardModel

TODAY = date(2026, 9, 20)


def lines() -> DueRows:
    """Police, CPS, victim (with the ULS change pending) and advocate lines in four cases."""
    result = run(
        [ev("r", "crime_reported", "2026-08-02"), ev("a", "suspect_arrested", "2026-08-06"),
         ev("s", "sentence", "2026-09-04", court="crown"),
         ev("p", "safety_plan_agreed", "2026-09-01", review_days=14)],
        TODAY.isoformat(), offence_date="2026-08-01",
    )  # fmt: skip
    owed = [o for o in result.obligations if o.due and o.status.is_outstanding]
    victim = [o for o in owed if o.owed_by == "victim"]
    return DueRows.of(  # case 4 has only the victim's lines: the cases' lines differ
        DueItem(f"{n:032x}", f"VC-2026-{n:04d}", o)
        for n in (3, 1, 4, 2)
        for o in (victim if n == 4 else owed)
    )


def test_every_cheap_sort_key_is_the_key_describing_the_row_gives() -> None:
    rows = lines()
    assert any(item.obligation.pending for item in rows)  # the "What is owed" note is in play
    model = DashboardModel()
    model.set_items(rows, TODAY, 7)
    for column in range(len(model.COLUMNS)):
        for position in range(len(rows)):
            assert model.sort_key(position, column) == model.describe(position).keys[column]


def test_the_owner_filter_reads_each_row_s_own_line_after_a_sort(qtbot: Any) -> None:
    rows = lines()
    model = DashboardModel()
    proxy = DashboardFilter()
    proxy.setSourceModel(model)
    model.set_items(rows, TODAY, 7)
    proxy.sort(2, Qt.SortOrder.DescendingOrder)  # rows no longer in the lines' order
    for owner in ("victim", "advocate"):
        proxy.set_owner(owner)
        shown = [model.due_item(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(
            proxy.rowCount())]  # fmt: skip
        assert shown and {item.obligation.owed_by for item in shown} == {owner}
        assert len(shown) == sum(1 for item in rows if item.obligation.owed_by == owner)
    proxy.set_owner("")
    proxy.set_agency("police")
    shown = [model.due_item(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(
        proxy.rowCount())]  # fmt: skip
    assert shown and {item.obligation.owed_by for item in shown} == {"police"}


def test_the_buttons_count_the_victim_s_and_the_advocate_s_lines(qtbot: Any) -> None:
    rows = lines()
    view = DashboardView()
    qtbot.addWidget(view)
    view.set_items(rows, TODAY, 7)
    victim = sum(1 for item in rows if item.obligation.owed_by == "victim")
    advocate = sum(1 for item in rows if item.obligation.owed_by == "advocate")
    assert victim != advocate
    assert view.victim_button.text() == f"Victim's deadlines ({victim})"
    assert view.advocate_button.text() == f"Advocate's standards ({advocate})"


def test_the_lines_due_by_a_day_include_that_day_and_a_reordered_subset_is_reordered() -> None:
    rows = lines()
    every = list(rows)
    day = every[len(every) // 2].obligation.due
    assert day is not None
    assert list(rows.due_on_or_before(day)) == [
        i for i in every if i.obligation.due and i.obligation.due <= day
    ]
    backwards = rows.subset(reversed(range(len(rows))))
    assert list(backwards) == every[::-1]
    moved = dataclasses.replace(every[0], case_code="VC-2026-9999")
    assert moved not in list(rows)
