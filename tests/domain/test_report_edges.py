"""Report edges that a mutant once slipped past (issue 21): each test names the behaviour.

Hand-worked figures: a period's first and last days, a rate from too few cases, obligations
with no time limit, lateness judged on a past day, the statistics at their clamps.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from tests.domain.test_report import fact
from vcop_desktop.domain.address_types import ADDRESS_SLOTS, slot_by_id
from vcop_desktop.domain.report import (
    CaseLine,
    GroupFigures,
    ReportQuery,
    breaches,
    compute,
    in_scope,
)
from vcop_desktop.domain.report_facts import Outcome, days_late, judge
from vcop_desktop.domain.report_groupings import GROUPINGS
from vcop_desktop.domain.stats import percentile_nearest_rank, wilson_interval
from vcop_desktop.domain.suppression import rate_shown

Q2 = ReportQuery(start=date(2026, 4, 1), end=date(2026, 6, 30), today=date(2026, 7, 15))


def test_a_period_counts_its_first_and_last_days_and_nothing_either_side() -> None:
    facts = [
        fact("A", "police", date(2026, 3, 31), "met", date(2026, 3, 30)),
        fact("B", "police", date(2026, 4, 1), "met", date(2026, 4, 1)),
        fact("C", "police", date(2026, 6, 30), "met", date(2026, 6, 30)),
        fact("D", "police", date(2026, 7, 1), "met", date(2026, 7, 1)),
    ]
    assert [f.case_key for f in facts if in_scope(f, Q2)] == ["B", "C"]
    assert compute(facts, Q2).total.met_on_time == 2


def test_a_rate_needs_five_cases_as_well_as_five_obligations() -> None:
    # Ten obligations, all met on time, but from four victims: a rate could give one away.
    four_cases = [
        fact(f"case{i % 4}", "police", date(2026, 4, 10 + i), "met", date(2026, 4, 10 + i))
        for i in range(10)
    ]
    figures = compute(four_cases, Q2).total
    assert (figures.judged, figures.cases) == (10, 4)
    assert not rate_shown(figures, 5)
    five_cases = [*four_cases, fact("case4", "police", date(2026, 5, 1), "met", date(2026, 5, 1))]
    assert rate_shown(compute(five_cases, Q2).total, 5)


def test_an_obligation_with_no_time_limit_counts_as_met_once_met() -> None:
    met = fact("A", "police", None, "met", date(2026, 4, 3), clock_start=date(2026, 4, 2))
    assert judge(met, date(2026, 4, 3)) is Outcome.NO_LIMIT_MET
    # Judged the day before it was met, it was still outstanding.
    assert judge(met, date(2026, 4, 2)) is Outcome.NO_LIMIT_OUTSTANDING
    outstanding = fact("B", "police", None, "open", clock_start=date(2026, 4, 2))
    figures = compute([met, outstanding], Q2).total
    assert (figures.no_limit, figures.no_limit_met, figures.due) == (2, 1, 0)


def test_lateness_judged_before_a_late_meeting_counts_to_the_judging_day() -> None:
    # Due 1 May, met on 20 May; judged on 10 May it was overdue by 9 days, not late by 19.
    late = fact("A", "police", date(2026, 5, 1), "met_late", date(2026, 5, 20))
    day = date(2026, 5, 10)
    outcome = judge(late, day)
    assert outcome is Outcome.OVERDUE
    assert days_late(late, outcome, day) == 9
    assert days_late(late, judge(late, date(2026, 6, 1)), date(2026, 6, 1)) == 19
    met_on_time = fact("B", "police", date(2026, 5, 1), "met", date(2026, 5, 1))
    assert days_late(met_on_time, Outcome.MET_ON_TIME, day) is None


def test_the_interval_stays_within_nought_and_one() -> None:
    # Sixteen of sixteen: without the clamp the upper bound is 1.0000000000000002.
    assert wilson_interval(16, 16) == (wilson_interval(16, 16)[0], 1.0)  # type: ignore[index]
    low, high = wilson_interval(0, 21)  # type: ignore[misc]
    assert low == 0.0 and 0 < high < 0.2
    assert wilson_interval(0, 0) is None


def test_the_ninetieth_percentile_is_the_nearest_rank() -> None:
    assert percentile_nearest_rank(list(range(1, 11)), 90) == 9.0
    assert percentile_nearest_rank(list(range(1, 12)), 90) == 10.0  # rank ceil(9.9) = 10
    assert percentile_nearest_rank([7], 90) == 7.0
    assert percentile_nearest_rank([3, 1, 2], 0) == 1.0  # rank at least 1
    assert percentile_nearest_rank([], 90) is None


def test_the_case_appendix_lists_late_and_missed_obligations_by_case_then_due_date() -> None:
    facts = [
        fact("B", "cps", date(2026, 5, 2), "overdue"),
        fact("A", "police", date(2026, 6, 3), "met_late", date(2026, 6, 8), reason_given=True),
        fact("A", "police", date(2026, 4, 7), "overdue"),
        fact("A", "police", date(2026, 4, 8), "met", date(2026, 4, 8)),  # on time: not listed
        fact("C", "police", date(2026, 7, 2), "overdue"),  # outside the period
    ]
    assert breaches(facts, Q2) == [
        CaseLine("A", "police.duty", "police", 6, date(2026, 4, 7), Outcome.OVERDUE, None, 99,
                 False),
        CaseLine("A", "police.duty", "police", 6, date(2026, 6, 3), Outcome.MET_LATE,
                 date(2026, 6, 8), 5, True),
        CaseLine("B", "cps.duty", "cps", 6, date(2026, 5, 2), Outcome.OVERDUE, None, 74, False),
    ]  # fmt: skip


def test_a_group_is_labelled_by_its_values_and_the_whole_as_all() -> None:
    total = compute([], Q2).total
    assert total.label() == "All"
    group = dataclasses.replace(total, by=(("agency", "police"), ("right", "Right 6")))
    assert isinstance(group, GroupFigures) and group.label() == "police, Right 6"


def test_months_and_quarters_are_placed_by_due_date_else_the_clock_start() -> None:
    month, quarter = GROUPINGS["month"], GROUPINGS["quarter"]
    assert month(fact("A", "police", date(2026, 3, 31), "met")) == ["2026-03"]
    assert quarter(fact("A", "police", date(2026, 3, 31), "met")) == ["2026-Q1"]
    assert quarter(fact("A", "police", date(2026, 4, 1), "met")) == ["2026-Q2"]
    assert quarter(fact("A", "police", date(2026, 12, 31), "met")) == ["2026-Q4"]
    undated = fact("A", "police", None, "open", clock_start=date(2026, 9, 30))
    assert (month(undated), quarter(undated)) == (["2026-09"], ["2026-Q3"])
    nothing = fact("A", "police", None, "open", clock_start=None)
    assert (month(nothing), quarter(nothing)) == (["(not recorded)"], ["(not recorded)"])


def test_an_address_slot_is_found_by_its_id() -> None:
    assert slot_by_id("cps") is ADDRESS_SLOTS[1]
    assert slot_by_id("review") is not None and slot_by_id("review").types == ("pcc", "iopc")  # type: ignore[union-attr]
    assert slot_by_id("nobody") is None
