"""Report figures worked out by hand, and a property: groups add up to the total."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report import GroupFigures, Report, ReportQuery, compute, compute_many
from vcop_desktop.domain.report_facts import ObligationFact, Outcome, judge
from vcop_desktop.domain.report_groupings import GROUPINGS, OVERLAPPING
from vcop_desktop.domain.stats import median, percentile_nearest_rank, wilson_interval
from vcop_desktop.domain.suppression import (
    COUNT_COLUMNS,
    shown_count,
    suppressed_cells,
    table_row,
    table_suppression,
)

TODAY = date(2026, 4, 10)
Q1 = ReportQuery(start=date(2026, 1, 1), end=date(2026, 3, 31), today=TODAY)


def fact(
    case: str, owed_by: str, due: date | None, status: str, met: date | None = None, **extra: object
) -> ObligationFact:
    values: dict[str, object] = {
        "case_key": case,
        "duty": f"{owed_by}.duty",
        "owed_by": owed_by,
        "right": 6,
        "kind": Category.CODE,
        "due": due,
        "clock_start": due - timedelta(days=5) if due else date(2026, 2, 2),
        "status": status,
        "met_on": met,
    }
    values.update(extra)
    return ObligationFact(**values)  # type: ignore[arg-type]


FACTS = [
    fact("A", "police", date(2026, 1, 10), "met", date(2026, 1, 9)),
    fact("B", "police", date(2026, 1, 20), "met_late", date(2026, 1, 25)),
    fact("C", "police", date(2026, 2, 1), "overdue"),
    fact("D", "police", date(2026, 3, 15), "met", date(2026, 3, 15)),
    fact("E", "police", date(2026, 3, 31), "waived"),
    fact("F", "police", date(2026, 4, 5), "met", date(2026, 4, 1)),  # due after the period
    fact("G", "police", None, "open", clock_start=date(2026, 2, 2)),  # no time limit
    fact("H", "police", None, "not_applicable", clock_start=date(2026, 2, 10)),
    fact("A", "wcu", date(2026, 2, 10), "met_late", date(2026, 2, 12), reason_given=True),
    fact("B", "victim", date(2026, 2, 10), "overdue", kind=Category.VICTIM),
    fact("C", "police", date(2026, 2, 10), "overdue", kind=Category.TARGET, right=None),
]


def test_hand_worked_by_agency() -> None:
    report = compute(FACTS, ReportQuery(Q1.start, Q1.end, TODAY, by=("agency",)))
    police, wcu = report.groups
    assert police.by == (("agency", "police"),)
    assert (police.due, police.met_on_time, police.met_late, police.overdue, police.waived) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert (police.not_applicable, police.no_limit, police.no_limit_met) == (1, 1, 0)
    assert police.on_time_rate == 0.5
    low, high = police.ci95 or (0, 0)
    assert low == pytest.approx(0.15004, abs=1e-4) and high == pytest.approx(0.84996, abs=1e-4)
    # 25 Jan - 20 Jan = 5 days; 10 Apr - 1 Feb = 68 days (overdue, judged on today)
    assert police.days_late == (5, 68)
    assert police.median_days_late == 36.5
    assert police.p90_days_late == 68
    assert (wcu.met_late, wcu.late_reason_given, wcu.late_no_reason) == (1, 1, 0)
    assert wcu.on_time_rate == 0.0
    assert wcu.ci95 == pytest.approx((0.0, 0.79345), abs=1e-4)
    total = report.total
    assert (total.met_on_time, total.met_late, total.overdue) == (2, 2, 1)
    assert (total.late_reason_given, total.late_no_reason) == (1, 2)
    assert total.on_time_rate == pytest.approx(0.4)
    assert total.cases == 7  # A..H less F (out of period); A counted once


def test_kinds_never_mix() -> None:
    targets = compute(FACTS, ReportQuery(Q1.start, Q1.end, TODAY, kind=Category.TARGET))
    victim = compute(FACTS, ReportQuery(Q1.start, Q1.end, TODAY, kind=Category.VICTIM))
    assert (targets.total.due, targets.total.overdue) == (1, 1)
    assert (victim.total.due, victim.total.overdue) == (1, 1)


def test_judged_on_today() -> None:
    overdue = fact("A", "police", date(2026, 3, 1), "overdue")
    assert judge(overdue, date(2026, 3, 1)) is Outcome.OPEN  # due day inclusive
    assert judge(overdue, date(2026, 3, 2)) is Outcome.OVERDUE
    late = fact("A", "police", date(2026, 3, 1), "met_late", date(2026, 3, 9))
    assert judge(late, date(2026, 3, 5)) is Outcome.OVERDUE  # not met yet on that day
    assert judge(late, date(2026, 3, 9)) is Outcome.MET_LATE


def test_not_yet_owed_on_the_report_day() -> None:
    # clock started 5 January: on 4 January it was not owed, whatever its due date
    early = fact("A", "police", date(2026, 1, 10), "overdue")
    assert compute([early], ReportQuery(Q1.start, Q1.end, date(2026, 1, 4))).total.due == 0
    assert compute([early], ReportQuery(Q1.start, Q1.end, date(2026, 1, 5))).total.open == 1


def test_rights_filter_and_bad_queries() -> None:
    only = compute(FACTS, ReportQuery(Q1.start, Q1.end, TODAY, rights=(3, 4)))
    assert only.total.due == 0
    assert ReportQuery(date(2026, 2, 1), date(2026, 1, 1), TODAY).problem()
    assert "unknown grouping" in (ReportQuery(Q1.start, Q1.end, TODAY, by=("x",)).problem() or "")
    with pytest.raises(ValueError):
        compute([], ReportQuery(Q1.start, Q1.end, TODAY, by=("colour",)))


def test_statistics_by_hand() -> None:
    assert median([3, 1, 2]) == 2 and median([1, 2, 3, 10]) == 2.5 and median([]) is None
    assert percentile_nearest_rank(list(range(1, 11)), 90) == 9
    assert percentile_nearest_rank([7], 90) == 7
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(41, 100) or (0, 0)
    # p=.41, z²=3.8415: centre .41336, half-width .09466 (worked by hand)
    assert (round(low, 3), round(high, 3)) == (0.319, 0.508)


def _figures(**counts: int) -> GroupFigures:
    base = dict.fromkeys(
        ("due", "met_on_time", "met_late", "overdue", "open", "waived", "late_reason_given",
         "late_no_reason", "not_applicable", "no_limit", "no_limit_met"), 0)  # fmt: skip
    base.update(counts)
    return GroupFigures(by=(), cases=50, **base)


def test_secondary_suppression_within_a_row() -> None:
    # due 30 = 20 on time + 3 late + 7 overdue: hiding only "late" would let 30-20-7 give it
    # away, so the smallest other part (overdue, 7) is hidden too; then reason given (3) and
    # no reason (7) add up to late or missed.
    row = _figures(due=30, met_on_time=20, met_late=3, overdue=7, late_reason_given=3,
                   late_no_reason=7)  # fmt: skip
    # ... and 3 + 7 = 30 - 20 - 0 - 0 still: the 7 without a reason is hidden too
    hidden = suppressed_cells(row, 5)
    assert hidden == {"met_late": "<5", "overdue": "x", "late_reason_given": "<5",
                      "late_no_reason": "x"}  # fmt: skip
    # zeros are passed over (too easily guessed): here the partner is the 20 met on time
    zero = _figures(due=22, met_on_time=20, met_late=2, overdue=0, late_no_reason=2)
    assert suppressed_cells(zero, 5) == {
        "met_late": "<5",
        "met_on_time": "x",
        "late_no_reason": "<5",
    }
    # the whole shown, two parts hidden: neither worked out by subtraction...
    two = _figures(due=30, met_on_time=26, met_late=2, overdue=2, late_no_reason=4)
    # ...but late or missed (4) is 30 - 26, so the 0 with a reason is hidden beside the 4
    expected = {"met_late": "<5", "overdue": "<5", "late_no_reason": "<5", "late_reason_given": "x"}
    assert suppressed_cells(two, 5) == expected
    # reason given 12 of 14 late or missed, both shown: the 2 without a reason gets a partner
    reasons = _figures(due=40, met_on_time=26, met_late=6, overdue=8, late_reason_given=12,
                       late_no_reason=2)  # fmt: skip
    assert suppressed_cells(reasons, 5) == {"late_reason_given": "x", "late_no_reason": "<5"}
    assert table_row(reasons, 5)["late_reason_given"] == "x"  # hidden, but never called "<5"
    # the rate is hidden with a hidden part of it: 20/(20+late+7) would give "late" away
    assert table_row(row, 5)["on_time_rate"] is None
    assert table_row(reasons, 5)["on_time_rate"] == 26 / 40


def test_suppression() -> None:
    assert [shown_count(n, 5) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]
    report = compute(FACTS, ReportQuery(Q1.start, Q1.end, TODAY))
    row = table_row(report.total, 5)
    assert row["met_on_time"] == "<5" and row["due"] == 6
    # 5 judged in 7 cases, but 2 on time (a small count the rate and its base would reveal)
    assert row["on_time_rate"] is None and row["ci95_low"] is None
    by_agency = compute(FACTS, ReportQuery(Q1.start, Q1.end, TODAY, by=("agency",)))
    police = table_row(by_agency.groups[0], 5)
    assert police["on_time_rate"] is None and police["ci95_low"] is None  # only 4 judged
    assert police["due"] == 5 and police["overdue"] == "<5"
    exact = table_row(report.total, None)
    assert exact["met_on_time"] == 2 and exact["on_time_rate"] == pytest.approx(0.4)


_DAYS = st.dates(min_value=date(2025, 11, 1), max_value=date(2026, 6, 30))


@st.composite
def facts(draw: st.DrawFn) -> ObligationFact:
    due = draw(st.none() | _DAYS)
    status = draw(
        st.sampled_from(["open", "overdue", "met", "met_late", "waived", "not_applicable"])
    )
    met = draw(_DAYS) if status in ("met", "met_late") else None
    return ObligationFact(
        case_key=draw(st.sampled_from("ABCDEFG")),
        duty=draw(st.sampled_from(["police.a", "cps.b", "wcu.c"])),
        owed_by=draw(st.sampled_from(["police", "cps", "wcu"])),
        right=draw(st.sampled_from([None, 3, 6, 11])),
        kind=Category.CODE,
        due=due,
        clock_start=draw(_DAYS),
        status=status,
        met_on=met,
        force=draw(st.sampled_from([None, "Eastvale", "Westmoor"])),
        enhanced=draw(st.booleans()),
        flags=tuple(draw(st.sets(st.sampled_from(["hate_crime", "domestic_abuse"])))),
        reason_given=draw(st.booleans()),
    )


_COUNTS = (
    "due",
    "met_on_time",
    "met_late",
    "overdue",
    "open",
    "waived",
    "late_reason_given",
    "late_no_reason",
    "not_applicable",
    "no_limit",
    "no_limit_met",
)


_BY = st.lists(st.sampled_from(sorted(GROUPINGS)), min_size=1, max_size=2, unique=True)


@settings(max_examples=80, deadline=None)
@given(st.lists(facts(), max_size=40), _BY, _DAYS)
def test_groups_add_up_to_the_total(
    items: list[ObligationFact], by: list[str], today: date
) -> None:
    query = ReportQuery(date(2026, 1, 1), date(2026, 3, 31), today)
    report, with_total = compute_many(items, query, [tuple(by), ()])
    assert with_total.groups == () and report.total == with_total.total
    overlapping = any(name in OVERLAPPING for name in by)
    for name in _COUNTS:
        summed = sum(getattr(g, name) for g in report.groups)
        if overlapping:
            assert summed >= getattr(report.total, name)
        else:
            assert summed == getattr(report.total, name), name
    assert report.total.due == (report.total.judged + report.total.open + report.total.waived)
    # one call per grouping gives the same groups as one pass over several
    alone = compute(items, ReportQuery(query.start, query.end, today, by=tuple(by)))
    assert alone.groups == report.groups


_SMALLISH = st.integers(min_value=0, max_value=12)


@settings(max_examples=200, deadline=None)
@given(_SMALLISH, _SMALLISH, _SMALLISH, _SMALLISH, _SMALLISH, st.data(), st.integers(2, 6))
def test_no_hidden_count_can_be_worked_out_in_its_row(
    on_time: int, late: int, overdue: int, open_: int, waived: int, data: st.DataObject, n: int
) -> None:
    reason = data.draw(st.integers(0, late + overdue))
    row = _figures(due=on_time + late + overdue + open_ + waived, met_on_time=on_time,
                   met_late=late, overdue=overdue, open=open_, waived=waived,
                   late_reason_given=reason, late_no_reason=late + overdue - reason)  # fmt: skip
    hidden = suppressed_cells(row, n)
    for name, marker in hidden.items():
        value = getattr(row, name)
        assert (marker == f"<{n}" and 0 < value < n) or marker == "x"
    for parts, ways in (
        (("met_on_time", "met_late", "overdue", "open", "waived"), [("due",)]),
        (("late_reason_given", "late_no_reason"),
         [("met_late", "overdue"), ("due", "met_on_time", "open", "waived")]),
    ):  # fmt: skip
        sum_known = any(all(name not in hidden for name in way) for way in ways)
        if sum_known:
            assert sum(name in hidden for name in parts) != 1, (parts, hidden)
    shown = table_row(row, n)
    if shown["on_time_rate"] is not None:
        assert not {"met_on_time", "met_late", "overdue"} & hidden.keys()


def _table(*groups: GroupFigures) -> Report:
    totals = {name: sum(int(getattr(g, name)) for g in groups) for name, _ in COUNT_COLUMNS}
    total = GroupFigures(by=(), **totals)
    query = ReportQuery(Q1.start, Q1.end, TODAY, by=("agency",))
    return Report(query, total, groups)


def _agency(name: str, **counts: int) -> GroupFigures:
    return dataclasses.replace(_figures(**counts), by=(("agency", name),), cases=20)


def test_a_small_count_cannot_be_worked_out_from_the_total() -> None:
    # police 30 due, wcu 3 due, total 33: "wcu <5" would be 33 - 30; the police count is hidden
    # too ("x"), being the only other group with any.
    police = _agency("police", due=30, met_on_time=30)
    wcu = _agency("wcu", due=3, met_on_time=3)
    table = _table(police, wcu)
    hidden = table_suppression([table], 5)
    assert hidden[wcu]["due"] == "<5" and hidden[police]["due"] == "x"
    assert hidden[wcu]["met_on_time"] == "<5" and hidden[police]["met_on_time"] == "x"
    assert "due" not in hidden[table.total]  # the headline stays shown
    # with a third group, the smallest other non-zero count is the one hidden beside it
    cps = _agency("cps", due=12, met_on_time=12)
    table = _table(police, wcu, cps)
    hidden = table_suppression([table], 5)
    assert hidden[cps]["due"] == "x" and "due" not in hidden[police]
    # the rate of a group with a hidden part is not shown (it would give the part away)
    assert table_row(cps, 5, hidden[cps])["on_time_rate"] is None
    assert table_row(police, 5, hidden[police])["on_time_rate"] == 1.0


def test_with_no_other_count_to_hide_the_total_is_hidden() -> None:
    police = _agency("police", due=30, met_on_time=30)
    wcu = _agency("wcu", due=10, met_on_time=1, overdue=9)  # 1 on time: its row hides the 9
    table = _table(police, wcu)
    hidden = table_suppression([table], 5)
    assert hidden[wcu]["met_on_time"] == "<5" and hidden[wcu]["overdue"] == "x"
    # overdue down the column: police 0 (a hidden zero is no cover), so the total's 9 goes
    assert hidden[table.total]["overdue"] == "x"
    assert hidden[police]["met_on_time"] == "x"  # and 31 - 30 would give the 1 away


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_SMALLISH, _SMALLISH, _SMALLISH, _SMALLISH), min_size=1, max_size=5),
    st.integers(2, 6),
)
def test_no_hidden_count_can_be_worked_out_down_its_column(
    groups: list[tuple[int, int, int, int]], n: int
) -> None:
    rows = [
        _agency(
            f"a{i}",
            due=a + b + c + d,
            met_on_time=a,
            met_late=b,
            overdue=c,
            open=d,
            late_no_reason=b + c,
        )
        for i, (a, b, c, d) in enumerate(groups)
    ]
    table = _table(*rows)
    hidden = table_suppression([table], n)
    for name, _ in COUNT_COLUMNS:
        if name == "cases" or name in hidden[table.total]:
            continue
        assert sum(name in hidden[g] for g in rows) != 1, (name, hidden)
    for g in rows:  # and every row still keeps its own rule
        assert suppressed_cells(g, n).keys() <= hidden[g].keys()
