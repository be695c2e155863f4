"""What a shared report shows and hides, at its edges (issue 21 §2: mutants that lived).

Each test names what would go wrong for a victim (a figure that gives one away) or for an
advocate (a figure that is wrong, or hidden for no reason) if the line it guards changed.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.domain.test_report import _agency, _table, fact
from vcop_desktop.domain.report import ReportQuery, breaches, compute, compute_many
from vcop_desktop.domain.report_facts import Outcome
from vcop_desktop.domain.stats import percentile_nearest_rank
from vcop_desktop.domain.suppression import (
    count_title,
    rate_shown,
    suppressed_cells,
    table_row,
    table_suppression,
)

Q2 = ReportQuery(start=date(2026, 4, 1), end=date(2026, 6, 30), today=date(2026, 7, 15))


def test_a_rate_from_exactly_five_obligations_in_five_cases_is_shown() -> None:
    """The threshold is "at least 5", so five of five is enough: hiding it hides the rate of
    every small service for no one's protection."""
    five = [
        fact(f"case{i}", "police", date(2026, 4, 10 + i), "met", date(2026, 4, 10 + i))
        for i in range(5)
    ]
    figures = compute(five, Q2).total
    assert (figures.judged, figures.cases) == (5, 5)
    assert rate_shown(figures, 5)
    assert table_row(figures, 5)["on_time_rate"] == 1.0
    assert not rate_shown(compute(five[:4], Q2).total, 5)


def test_lateness_is_hidden_with_the_rate_so_one_victims_delay_is_not_shown() -> None:
    """Four late obligations of four victims: the median and 90th percentile days late would
    tell each victim's delay to whoever reads the shared report."""
    late = [
        fact(f"case{i}", "police", date(2026, 4, 10), "met_late", date(2026, 4, 12 + i))
        for i in range(4)
    ]
    figures = compute(late, Q2).total
    assert figures.median_days_late == 3.5 and figures.p90_days_late == 5
    shared = table_row(figures, 5)
    assert shared["median_days_late"] is None and shared["p90_days_late"] is None
    own = table_row(figures, None)  # the advocate's own screen: exact figures
    assert own["median_days_late"] == 3.5 and own["p90_days_late"] == 5


def test_lateness_is_shown_where_the_rate_is() -> None:
    late = [
        fact(f"case{i}", "police", date(2026, 4, 10), "met_late", date(2026, 4, 12 + i))
        for i in range(10)
    ]
    row = table_row(compute(late, Q2).total, 5)
    assert row["median_days_late"] == 6.5 and row["p90_days_late"] == 10


def test_the_90th_percentile_is_the_nearest_rank_of_the_ninetieth_percent() -> None:
    # 46 values: rank ceil(0.9 x 46) = ceil(41.4) = 42; a rank taken from 90/101 would be 41.
    assert percentile_nearest_rank(list(range(1, 47)), 90) == 42


def test_an_obligation_overdue_on_the_report_day_shows_no_met_on_day_from_later() -> None:
    """Judged on 10 May, an obligation met late on 20 May was overdue: the appendix must not
    show a meeting that had not happened by the report's day."""
    late = fact("A", "police", date(2026, 5, 1), "met_late", date(2026, 5, 20))
    query = ReportQuery(start=date(2026, 4, 1), end=date(2026, 6, 30), today=date(2026, 5, 10))
    [line] = breaches([late], query)
    assert line.outcome is Outcome.OVERDUE and line.met_on is None and line.days_late == 9


def test_the_breaches_are_listed_by_case_then_due_date_then_duty() -> None:
    facts = [
        fact("B", "police", date(2026, 4, 3), "overdue"),
        fact("A", "police", date(2026, 4, 20), "overdue", duty="a.late"),
        fact("A", "cps", date(2026, 4, 5), "overdue", duty="z.early"),
        fact("A", "cps", date(2026, 4, 5), "overdue", duty="y.early"),
    ]
    lines = breaches(facts, Q2)
    assert [(line.case_key, line.due.day, line.duty) for line in lines] == [
        ("A", 5, "y.early"),
        ("A", 5, "z.early"),
        ("A", 20, "a.late"),
        ("B", 3, "police.duty"),
    ]


def test_crossed_groupings_count_each_obligation_in_its_pair_of_groups() -> None:
    """`--by agency,month`: each row is one agency in one month, not one agency overall."""
    facts = [
        fact("A", "police", date(2026, 4, 10), "met", date(2026, 4, 10)),
        fact("B", "police", date(2026, 5, 10), "overdue"),
        fact("C", "cps", date(2026, 5, 11), "met", date(2026, 5, 11)),
    ]
    facts.append(fact("D", "police", date(2026, 5, 12), "met_late", date(2026, 5, 15)))
    [report] = compute_many(facts, Q2, [("agency", "month")])
    assert [(g.by, g.due, g.cases, g.days_late) for g in report.groups] == [
        ((("agency", "cps"), ("month", "2026-05")), 1, 1, ()),
        ((("agency", "police"), ("month", "2026-04")), 1, 1, ()),
        # Two victims' obligations: two cases; overdue 66 days on 15 July, met 3 days late.
        ((("agency", "police"), ("month", "2026-05")), 2, 2, (3, 66)),
    ]
    assert report.query == dataclasses.replace(Q2, by=("agency", "month"))


def test_every_grouping_asked_for_is_checked_before_anything_is_counted() -> None:
    """One bad grouping among several is refused in one line, not counted as nothing; and each
    report keeps the period, the judging day, its grouping and the Rights asked for."""
    with pytest.raises(ValueError, match=r"^unknown grouping 'colour' \(choose from agency, "):
        compute_many([], Q2, [("agency",), ("colour",)])
    backwards = dataclasses.replace(Q2, start=Q2.end, end=Q2.start)
    with pytest.raises(ValueError, match=r"^the period starts \(2026-06-30\) after it ends"):
        compute_many([], backwards, [])
    query = dataclasses.replace(Q2, rights=(3, 11))
    reports = compute_many([], query, [("agency",), ("right", "month")])
    assert [r.query for r in reports] == [
        dataclasses.replace(query, by=("agency",)),
        dataclasses.replace(query, by=("right", "month")),
    ]


def test_distinct_cases_are_never_hidden_to_cover_a_small_one() -> None:
    """A victim with obligations of two agencies counts once in the total and once in each
    agency: case counts do not add up down a column, so a small one gives nothing away by
    subtraction and hiding another agency's case count only hides the advocate's caseload."""
    police = dataclasses.replace(_agency("police", due=30, met_on_time=30), cases=20)
    wcu = dataclasses.replace(_agency("wcu", due=30, met_on_time=30), cases=3)
    table = _table(police, wcu)
    total = dataclasses.replace(table.total, cases=21)
    table = dataclasses.replace(table, total=total)
    hidden = table_suppression([table], 5)
    assert hidden[wcu].get("cases") == "<5"
    assert "cases" not in hidden[police] and "cases" not in hidden[total]


def test_a_table_of_overlapping_flags_does_not_stop_suppression_in_the_next_table() -> None:
    """Flag groups overlap and are skipped; the agency table after them must still be
    covered, or "wcu <5" is the total less the police count."""
    police = _agency("police", due=30, met_on_time=30)
    wcu = _agency("wcu", due=3, met_on_time=3)
    by_agency = _table(police, wcu)
    flagged = dataclasses.replace(
        _table(dataclasses.replace(police, by=(("flag", "hate_crime"),))),
        total=by_agency.total,
        query=ReportQuery(Q2.start, Q2.end, Q2.today, by=("flag",)),
    )
    hidden = table_suppression([flagged, by_agency], 5)
    assert hidden[wcu]["due"] == "<5" and hidden[police]["due"] == "x"


def test_the_reports_view_names_late_or_missed_counts_as_the_exports_do() -> None:
    assert count_title("late_reason_given") == "Late/missed, reason given"
    assert count_title("late_no_reason") == "Late/missed, no reason given"


def test_a_one_day_period_is_a_period() -> None:
    """An advocate may report on a single day (start = end); only a period that ends before it
    starts is refused, and the refusal names the groupings to choose from."""
    day = date(2026, 4, 10)
    assert ReportQuery(start=day, end=day, today=day).problem() is None
    met = fact("A", "police", day, "met", day)
    assert compute([met], ReportQuery(start=day, end=day, today=day)).total.met_on_time == 1
    unknown = ReportQuery(start=day, end=day, today=day, by=("colour",)).problem()
    assert unknown == (
        "unknown grouping 'colour' (choose from agency, force, right, duty, month, quarter, "
        "enhanced, flag, moj_area, cps_area, under_18, age_band, ethnicity, sex, disability, "
        "religion, sexual_orientation, gender_reassignment)"
    )


def test_rights_are_listed_in_number_order_and_a_number_before_a_name() -> None:
    """Right 3 before Right 11 (not as text, where "11" < "3"); a force whose name starts with
    a number sorts before the named ones instead of stopping the report."""
    facts = [
        fact("A", "police", date(2026, 4, 10), "open", right=11, force="Avon and Somerset"),
        fact("B", "police", date(2026, 4, 10), "open", right=3, force="2 Valleys Police"),
        fact("C", "police", date(2026, 4, 10), "open", right=None, force=None),
    ]
    by_right, by_force = compute_many(facts, Q2, [("right",), ("force",)])
    assert [g.label() for g in by_right.groups] == ["(none)", "Right 3", "Right 11"]
    assert [g.label() for g in by_force.groups] == [
        "2 Valleys Police",
        "(not recorded)",
        "Avon and Somerset",
    ]


def test_a_reason_count_is_covered_in_a_row_whose_total_the_table_hid() -> None:
    """The table hid this row's "due" (to cover another row). Its 3 late-with-a-reason are
    still 20 late or missed less the 17 without one, so the 17 must be hidden too."""
    row = _agency(
        "police", due=40, met_on_time=20, met_late=10, overdue=10, late_reason_given=3,
        late_no_reason=17,
    )  # fmt: skip
    hidden = suppressed_cells(row, 5, {"due": "x"})
    assert hidden["late_reason_given"] == "<5" and hidden["late_no_reason"] == "x"
