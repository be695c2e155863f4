"""Where report figures come from: the index's rows made into obligation facts (issue 21 §2:
the mutants of reports/source.py that the workspace-based report tests let live).

A row read into the wrong field, or a reason counted before it was on record, changes a
published rate: an agency could be credited with a good reason it had not given yet.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from vcop_desktop.domain.equality import NO_EQUALITY, Equality
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.reports.source import _facts, pack_versions, workspace_facts
from vcop_desktop.rules import default_rulebook

ROWS: list[Any] = [
    ("case-1", "police.refer_support", "police", 6, "code", "2026-03-04", "2026-03-02",
     "met_late", "2026-03-06", "2026-03-05"),
    ("case-1", "practice.call_back", "police", None, "practice", None, None, "open", None, None),
    ("case-2", "victim.vrr_request", "victim", None, "victim", "2026-04-30", "2026-03-02",
     "met", "2026-03-20", None),
    ("case-9", "cps.inform_charge", "cps", 6, "code", "2026-03-04", "2026-03-03", "overdue",
     None, "2026-04-10"),
]  # fmt: skip
EQUALITY = Equality(under_18=False, age_band="25_34", ethnicity="asian")
CASES = {
    "case-1": ("Eastvale Police", True, ("hate_crime",), EQUALITY),
    "case-2": (None, False, (), NO_EQUALITY),
}


def test_each_index_row_becomes_the_obligation_it_records() -> None:
    facts = _facts(ROWS, CASES, None, date(2026, 4, 10))
    assert facts == [
        ObligationFact("case-1", "police.refer_support", "police", 6, Category.CODE,
                       date(2026, 3, 4), date(2026, 3, 2), "met_late", date(2026, 3, 6),
                       "Eastvale Police", True, ("hate_crime",), True, EQUALITY),
        ObligationFact("case-1", "practice.call_back", "police", None, Category.PRACTICE, None,
                       None, "open", None, "Eastvale Police", True, ("hate_crime",), False,
                       EQUALITY),
        ObligationFact("case-2", "victim.vrr_request", "victim", None, Category.VICTIM,
                       date(2026, 4, 30), date(2026, 3, 2), "met", date(2026, 3, 20), None,
                       False, (), False),
        # A case the index holds no details for counts with no force, flags or enhanced rights.
        ObligationFact("case-9", "cps.inform_charge", "cps", 6, Category.CODE, date(2026, 3, 4),
                       date(2026, 3, 3), "overdue", None, None, False, (), True),
    ]  # fmt: skip


def test_a_report_of_one_kind_holds_only_that_kind() -> None:
    code = _facts(ROWS, CASES, Category.CODE, date(2026, 4, 10))
    assert [f.duty for f in code] == ["police.refer_support", "cps.inform_charge"]
    assert [f.duty for f in _facts(ROWS, CASES, Category.VICTIM)] == ["victim.vrr_request"]


def test_a_reason_counts_from_the_day_it_is_on_record_not_before() -> None:
    """Judged on a past day, a reason recorded since was not yet given: the obligation was
    late with no reason then. On the reason's own day it counts."""
    reasons = [f.reason_given for f in _facts(ROWS, CASES, None, date(2026, 3, 5))]
    assert reasons == [True, False, False, False]
    assert _facts(ROWS, CASES, None, date(2026, 3, 4))[0].reason_given is False
    assert [f.reason_given for f in _facts(ROWS, CASES, None, date(2026, 4, 9))][3] is False
    assert [f.reason_given for f in _facts(ROWS, CASES, None, date(2026, 4, 10))][3] is True
    # With no judging day, any reason on record counts.
    assert [f.reason_given for f in _facts(ROWS, CASES, None)] == [True, False, False, True]


def test_every_export_names_its_rule_packs_in_order_with_their_start_dates() -> None:
    packs = [
        SimpleNamespace(id="vcop-2020", in_force_from=date(2021, 4, 1)),
        SimpleNamespace(id="advocate-standards", in_force_from=date(2000, 1, 1)),
    ]
    assert pack_versions(SimpleNamespace(packs=packs)) == [  # type: ignore[arg-type]
        "advocate-standards (in force from 2000-01-01)",
        "vcop-2020 (in force from 2021-04-01)",
    ]


class _Index:
    """A workspace as `workspace_facts` uses it: what it asked for is kept."""

    def __init__(self) -> None:
        self.asked: list[tuple[Any, ...]] = []

    def refresh_index(self) -> tuple[str, ...]:
        return ("case file 3 could not be read",)

    def report_rows(self, start: date, end: date, **kw: Any) -> tuple[Any, Any, Any]:
        self.asked.append((start, end, kw))
        return CASES, ROWS, None

    def rulebook(self) -> Any:
        return default_rulebook()


def test_the_workspace_figures_come_from_the_refreshed_index_for_the_kind_asked() -> None:
    index = _Index()
    start, end, today = date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 10)
    got = workspace_facts(index, start, end, Category.CODE, today=today)  # type: ignore[arg-type]
    assert index.asked == [(start, end, {"victim": False, "refresh": False, "as_of": today})]
    assert [f.duty for f in got.facts] == ["police.refer_support", "cps.inform_charge"]
    assert got.facts[1].reason_given is True
    assert [str(p) for p in got.problems] == ["case file 3 could not be read"]
    # Judged the day before the CPS gave its reason, the reason is not counted.
    before = workspace_facts(index, start, end, Category.CODE, today=date(2026, 4, 9))  # type: ignore[arg-type]
    assert [f.reason_given for f in before.facts] == [True, False]
    del index.asked[1:]
    assert got.packs == pack_versions(default_rulebook())
    workspace_facts(index, start, end, Category.VICTIM)  # type: ignore[arg-type]
    everything = workspace_facts(index, start, end)  # type: ignore[arg-type]
    assert [kw["victim"] for *_, kw in index.asked[1:]] == [True, None]
    assert index.asked[2][2]["as_of"] is None and len(everything.facts) == 4
