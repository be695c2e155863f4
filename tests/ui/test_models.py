"""The table models pass pytest-qt's qtmodeltester and sort/filter as advertised."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.domain.helpers import ev, run
from vcop_desktop.storage import CaseSummary, DueItem, DueRows
from vcop_desktop.ui.models.cases_model import CaseFilter, CaseRow, CasesModel
from vcop_desktop.ui.models.dashboard_model import DashboardModel, group_of
from vcop_desktop.ui.models.obligations_model import ObligationsModel

TODAY = date(2026, 3, 20)


def evaluation() -> Any:
    return run(
        [ev("r", "crime_reported", "2026-03-02"), ev("a", "suspect_arrested", "2026-03-06")],
        "2026-03-20", offence_date="2026-03-01",
    )  # fmt: skip


def summary(n: int, name: str, status: str = "open") -> CaseSummary:
    return CaseSummary(
        case_id=f"id{n}", case_code=f"VC-2026-{n:04d}", victim_name=name,
        crime_reference=f"REF/{n}", status=status, flags=(), offence_date=None,
        event_count=0, updated_at="",
    )  # fmt: skip


def test_obligations_model(qtmodeltester: Any) -> None:
    model = ObligationsModel()
    model.set_obligations(evaluation().obligations, TODAY, 7)
    qtmodeltester.check(model)
    statuses = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert {"Overdue", "Open"} <= statuses


def test_cases_model_and_filter(qtmodeltester: Any) -> None:
    model = CasesModel()
    rows = [
        CaseRow(summary(1, "Ann Able"), date(2026, 4, 1), 2, "A.A."),
        CaseRow(summary(2, "Bob Baker", "closed"), None, 0, "Bobby"),
        CaseRow(summary(3, "Cat Cole"), date(2026, 3, 25), 0, "C.C."),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = CaseFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2  # closed cases hidden by default
    proxy.set_status("all")
    assert proxy.rowCount() == 3
    proxy.set_search("ref/3")
    assert proxy.rowCount() == 1
    proxy.set_search("baker")
    assert proxy.rowCount() == 1
    model.update_row(CaseRow(summary(4, "Dan Dee"), None, 1, "D.D."))
    assert model.rowCount() == 4
    model.remove_case("id4")
    assert model.rowCount() == 3


def test_dashboard_model(qtmodeltester: Any) -> None:
    items = DueRows.of(DueItem("id1", "VC-2026-0001", o) for o in evaluation().obligations if o.due)
    model = DashboardModel()
    model.set_items(items, TODAY, 7)
    qtmodeltester.check(model)
    assert model.counts()["Overdue"] >= 1


def test_groups() -> None:
    friday = date(2026, 3, 20)
    assert group_of(date(2026, 3, 19), friday) == "Overdue"
    assert group_of(friday, friday) == "Today"
    assert group_of(date(2026, 3, 22), friday) == "This week"  # Sunday
    assert group_of(date(2026, 3, 23), friday) == "Later"


def test_events_model_sorts_by_date_then_position(qtmodeltester: Any) -> None:
    from datetime import datetime

    from PySide6.QtCore import Qt

    from vcop_desktop.domain.scenario import parse_scenario
    from vcop_desktop.storage import EventRecord
    from vcop_desktop.ui.models.base import SortingProxy
    from vcop_desktop.ui.models.events_model import EventsModel

    events = parse_scenario({"events": [
        {"id": "b", "type": "suspect_arrested", "date": "2026-03-06"},
        {"id": "a", "type": "crime_reported", "date": "2026-03-02"},
        {"id": "c", "type": "suspect_charged", "date": "2026-03-06"},
    ]}).events  # fmt: skip
    model = EventsModel()
    model.set_events([EventRecord(e, None, "tester", datetime(2026, 3, 7)) for e in events])
    qtmodeltester.check(model)
    proxy = SortingProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    order = [proxy.index(r, 1).data() for r in range(3)]
    assert order == ["Crime reported", "Suspect arrested", "Suspect charged"]
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 1).data() == "Suspect charged"


def test_sorting_keeps_the_selection_on_the_same_row(qtbot: Any) -> None:
    from PySide6.QtCore import QPersistentModelIndex, Qt

    model = CasesModel()
    model.set_rows([
        CaseRow(summary(1, "Ann Able"), date(2026, 4, 1), 2, "A.A."),
        CaseRow(summary(2, "Bob Baker"), date(2026, 3, 1), 0, "B.B."),
        CaseRow(summary(3, "Cat Cole"), date(2026, 3, 25), 0, "C.C."),
    ])  # fmt: skip
    held = QPersistentModelIndex(model.index(0, 0))  # Ann
    model.sort(3, Qt.SortOrder.AscendingOrder)  # by next deadline
    assert [model.index(r, 1).data() for r in range(3)] == ["B.B.", "C.C.", "A.A."]
    assert held.row() == 2 and model.data(held) == "VC-2026-0001"


def test_a_row_is_described_only_when_asked_about_and_reads_the_same(qtbot: Any) -> None:
    """Rows' texts and keys are made when a view asks about them (a few dozen on screen), not
    held for every row: a 3,000-row dashboard is filled and sorted by when without them, and
    what a row says is what describing it says, however many rows were asked about."""
    from PySide6.QtCore import Qt

    from vcop_desktop.ui.models import base

    described: list[int] = []

    class Counting(DashboardModel):
        def describe(self, item: int) -> Any:
            described.append(1)
            return super().describe(item)

    obligations = [o for o in evaluation().obligations if o.due]
    items = DueRows.of(
        DueItem(f"id{n}", f"VC-2026-{n:04d}", obligations[n % len(obligations)])
        for n in range(3000)
    )
    model = Counting()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_items(items, TODAY, 7)
    assert described == []  # filled and sorted by when: no row described
    whens = [model.due_item(r).obligation.due for r in range(model.rowCount())]
    assert whens == sorted(whens)  # type: ignore[type-var]
    first = model.index(0, 2).data()
    assert described == [1] and model.index(0, 3).data() == model.describe(model.item(0)).texts[3]
    del described[:]
    model.index(0, 2).data()
    assert described == []  # kept
    texts = [model.index(r, 2).data() for r in range(model.rowCount())]  # past the cache size
    assert len(texts) == 3000 > base.CACHE_ROWS
    assert texts == [model.due_item(r).case_code for r in range(3000)] and texts[0] == first
    del described[:]
    for column in (2, 3, 4):  # by case, what, who: from the lines' numbers and shapes
        model.sort(column, Qt.SortOrder.AscendingOrder)
    assert described == []
    model.sort(2, Qt.SortOrder.DescendingOrder)
    codes = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert codes == sorted(codes, reverse=True)
    assert (
        model.counts()["Overdue"]
        + model.counts()["Later"]
        + model.counts()["Today"]
        + (model.counts()["This week"])
        == 3000
    )
