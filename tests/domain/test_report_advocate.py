"""The advocate's own service standards are never a compliance figure (protection.md)."""

from __future__ import annotations

from datetime import date

from tests.domain.test_report import fact
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report import ReportQuery, compute

TODAY = date(2026, 4, 10)


def test_missed_advocate_standards_are_no_code_or_practice_figure() -> None:
    facts = [
        fact("A", "police", date(2026, 2, 10), "overdue"),
        fact("A", "advocate", date(2026, 2, 11), "overdue", kind=Category.PRACTICE, right=None),
        fact(
            "B",
            "advocate",
            date(2026, 2, 12),
            "met_late",
            date(2026, 2, 20),
            kind=Category.PRACTICE,
            right=None,
        ),
        # a wrongly stored category must not let one in either
        fact("C", "advocate", date(2026, 2, 13), "overdue", right=None),
    ]
    for kind in Category:
        query = ReportQuery(date(2026, 1, 1), date(2026, 3, 31), TODAY, kind=kind, by=("agency",))
        report = compute(facts, query)
        assert all(("agency", "advocate") not in g.by for g in report.groups)
    code = compute(facts, ReportQuery(date(2026, 1, 1), date(2026, 3, 31), TODAY))
    assert (code.total.due, code.total.overdue, code.total.cases) == (1, 1, 1)
    practice = compute(
        facts, ReportQuery(date(2026, 1, 1), date(2026, 3, 31), TODAY, kind=Category.PRACTICE)
    )
    assert practice.total.due == 0
