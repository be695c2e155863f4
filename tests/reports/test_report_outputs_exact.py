"""A report's text, CSV, JSON and case appendix, exactly, for facts whose figures are worked
out by hand (issue 21: `reports/run.py`'s writers were checked only for a few cells, so a
column shifted, a rate not turned into a percentage or a lateness in the wrong column lived).

Period March 2026, judged on 10 March. Police: one met on time, one met 2 days late (reason
given), one 6 days overdue, one waived, one not applicable; CPS: one open, one with no time
limit (met). Lateness 2 and 6: median 4, 90th percentile (nearest rank) 6; on time 1 of 3.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.reports.flat_formats import to_csv, to_json, to_text
from vcop_desktop.reports.run import ReportRun, build_run

CODE = Category.CODE
DUE = date(2026, 3, 4)
START = date(2026, 3, 2)
FACTS = [
    ObligationFact("k1", "police.refer_support", "police", 4, CODE, DUE, START, "met",
                   date(2026, 3, 3)),
    ObligationFact("k2", "police.refer_support", "police", 4, CODE, DUE, START, "met_late",
                   date(2026, 3, 6), reason_given=True),
    ObligationFact("k3", "police.refer_support", "police", 4, CODE, DUE, START, "overdue", None),
    ObligationFact("k3", "cps.inform_decision", "cps", 6, CODE, date(2026, 3, 20), START,
                   "pending", None),
    ObligationFact("k1", "cps.meeting", "cps", None, CODE, None, START, "met", date(2026, 3, 5)),
    ObligationFact("k2", "police.inform_arrest", "police", 5, CODE, date(2026, 3, 5), START,
                   "not_applicable", None),
    ObligationFact("k1", "police.inform_arrest", "police", 5, CODE, date(2026, 3, 5), START,
                   "waived", None),
]  # fmt: skip


def _run(min_count: int = 5) -> ReportRun:
    return build_run(
        FACTS,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        today=date(2026, 3, 10),
        groupings=[("agency",)],
        title="March",
        min_count=min_count,
        case_codes={"k1": "C-1", "k2": "C-2", "k3": "C-3"},
    )


HEADER = (
    "Group                              due on time  late overdue  open waived  rate      95% CI"
    " median   p90 reason"
)


def test_the_terminal_table_shows_every_count_rate_and_lateness_in_its_column() -> None:
    assert to_text(_run()).splitlines() == [
        "March",
        "Period 2026-03-01 to 2026-03-31, judged on 2026-03-10 (this workspace)",
        "",
        "All obligations",
        HEADER,
        "All                                  5       1     1       1     1      1   33%"
        "      6%-79%      4     6      1",
        "",
        "By agency",
        HEADER,
        "Crown Prosecution Service            1       0     0       0     1      0     -"
        "           -      -     -      0",
        "Police                               4       1     1       1     0      1   33%"
        "      6%-79%      4     6      1",
        "",
        "Not applicable: 1; no time limit: 1 (1 met). 'reason': late or missed with the "
        "agency's reason on record.",
    ]


def test_the_csv_gives_rates_as_percentages_and_hides_small_counts() -> None:
    exact = to_csv(_run(min_count=1))
    assert exact.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 right only with the mark
    lines = exact.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Grouping,Group,Due in period,Met on time,Met late,Overdue,")
    assert lines[1:] == [
        "All,All,5,1,1,1,1,1,1,1,1,1,1,3,33.3,6.1,79.2,4.0,6.0",
        "Agency,Crown Prosecution Service,1,0,0,0,1,0,0,0,0,1,1,2,,,,,",
        "Agency,Police,4,1,1,1,0,1,1,1,1,0,0,3,33.3,6.1,79.2,4.0,6.0",
        "",
    ]
    hidden = to_csv(_run()).decode("utf-8-sig").split("\r\n")
    assert hidden[1] == "All,All,5,<5,<5,<5,<5,<5,<5,<5,<5,<5,<5,<5,,,,,"


def test_the_json_keeps_exact_counts_and_codes_for_the_advocates_own_tools() -> None:
    document = json.loads(to_json(_run()))
    assert document["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert (document["today"], document["kind"]) == ("2026-03-10", "code")
    cps, police = document["groups"]
    assert police == {
        "by": {"agency": "police"},
        "due": 4, "met_on_time": 1, "met_late": 1, "overdue": 1, "open": 0, "waived": 1,
        "on_time_rate": 0.3333, "ci95": [0.0615, 0.7923],
        "median_days_late": 4.0, "p90_days_late": 6.0,
        "late_reason_given": 1, "late_no_reason": 1, "not_applicable": 1,
        "no_limit": 0, "no_limit_met": 0, "cases": 3,
    }  # fmt: skip
    assert cps["by"] == {"agency": "cps"} and cps["on_time_rate"] is None and cps["ci95"] is None
    assert (cps["open"], cps["no_limit"], cps["no_limit_met"], cps["cases"]) == (1, 1, 1, 2)


def test_a_report_with_no_grouping_writes_its_total_as_the_one_json_group() -> None:
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10))
    (total,) = json.loads(to_json(run))["groups"]
    assert (total["by"], total["due"], total["cases"]) == ({}, 5, 3)


def test_the_case_appendix_lists_late_and_missed_by_case_code_with_the_day_met() -> None:
    assert _run().appendix == (
        ("C-2", "Police", "police.refer_support", "4", "2026-03-04", "met late", "2026-03-06",
         "2", "yes"),
        ("C-3", "Police", "police.refer_support", "4", "2026-03-04", "overdue", "", "6", "no"),
    )  # fmt: skip


def test_a_case_without_a_code_is_left_out_of_the_appendix_and_the_others_stay() -> None:
    """An appendix never names a case by anything but its code; one without a code is left
    out, and the cases listed after it are still there. A duty with no Right shows none."""
    unnumbered = ObligationFact("k3", "police.extra", "police", None, CODE, DUE, START,
                                "overdue", None)  # fmt: skip
    run = build_run(
        [*FACTS, unnumbered], start=date(2026, 3, 1), end=date(2026, 3, 31),
        today=date(2026, 3, 10), case_codes={"k3": "C-3"},
    )  # fmt: skip
    assert run.appendix == (
        ("C-3", "Police", "police.extra", "", "2026-03-04", "overdue", "", "6", "no"),
        ("C-3", "Police", "police.refer_support", "4", "2026-03-04", "overdue", "", "6", "no"),
    )


def test_a_crossed_grouping_labels_each_group_by_both_values() -> None:
    forced = [f._replace(force="Môn Police") for f in FACTS]
    run = build_run(
        forced, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
        groupings=[("agency", "force")], min_count=1,
    )  # fmt: skip
    rows = to_csv(run).decode("utf-8-sig").split("\r\n")
    assert rows[2].startswith('Agency × Police force,"Crown Prosecution Service, Môn Police",1,')
    # The JSON keeps the name as written (UTF-8), for the advocate's own tools.
    assert '"force": "Môn Police"' in to_json(run).decode("utf-8")


def test_the_json_is_laid_out_one_value_a_line() -> None:
    assert (
        to_json(_run())
        .decode("utf-8")
        .startswith(
            '{\n "period": {\n  "from": "2026-03-01",\n  "to": "2026-03-31"\n },\n "today": '
        )
    )


def test_a_report_for_some_rights_counts_only_those_rights() -> None:
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), rights=(6,))  # fmt: skip
    assert (run.total.due, run.total.open, run.total.met_on_time) == (1, 1, 0)
    assert run.query.rights == (6,)


def test_a_report_of_another_kind_counts_none_of_the_code_duties() -> None:
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), kind=Category.TARGET)  # fmt: skip
    assert run.total.due == 0 and run.query.kind is Category.TARGET
    assert run.title == "Scheme targets (not statutory): compliance report"


def test_a_period_that_ends_before_it_starts_is_refused_saying_so() -> None:
    from vcop_desktop.errors import UserError

    with pytest.raises(UserError) as info:
        build_run(FACTS, start=date(2026, 3, 31), end=date(2026, 3, 1), today=date(2026, 3, 10))
    assert str(info.value) == "the period starts (2026-03-31) after it ends (2026-03-01)"


def test_a_run_keeps_its_title_source_packs_and_both_chart_series() -> None:
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), packs=["core.toml"], source="an extract")  # fmt: skip
    assert run.title == "Victims' Code duties: compliance report"
    assert (run.source, run.packs, run.reports) == ("an extract", ("core.toml",), ())
    assert [g.by for g in run.by_agency.groups] == [(("agency", "cps"),), (("agency", "police"),)]
    assert [g.by for g in run.by_month.groups] == [(("month", "2026-03"),)]
    assert run.total.due == 5


def test_small_counts_are_shown_as_less_than_the_threshold_and_the_rest_exactly() -> None:
    run = _run()
    assert run.shown(run.total, "due") == "5"
    assert run.shown(run.total, "met_on_time") == "<5"
    (agency,) = run.reports
    police = agency.groups[1]
    assert run.hidden(police) == run.suppression[police] and run.hidden(police)
    assert run.hidden(police).get("due") == "<5"


def test_the_note_says_which_counts_are_hidden() -> None:
    from vcop_desktop.reports.run import suppression_note

    assert "Counts from 1 to 4 are shown as <5;" in suppression_note(5)
    assert "Counts from 1 to 9 are shown as <10;" in suppression_note(10)


def test_a_count_that_would_give_a_hidden_one_away_by_subtraction_is_hidden_too() -> None:
    """At threshold 2 the CPS row's 1 due is hidden; the Police row's 4 would give it away
    (5 in all, less 4), so it is hidden as "x" in every saved report, though 4 is not small.
    The advocate's own exact table (no threshold) still shows 4."""
    from vcop_desktop.reports.flat_formats import flat_rows

    run = _run(min_count=2)
    rows = to_csv(run).decode("utf-8-sig").split("\r\n")
    assert rows[2].startswith("Agency,Crown Prosecution Service,<2,0,0,0,<2,")
    assert rows[3].startswith("Agency,Police,x,<2,<2,<2,0,<2,")
    police = run.reports[0].groups[1]
    assert run.shown(police, "due") == "x" and run.shown(police, "open") == "0"
    assert flat_rows(run, None)[2][1][2] == 4


def test_a_long_group_label_is_cut_so_the_terminal_columns_stay_in_line() -> None:
    forced = [f._replace(force="Môn Police") for f in FACTS]
    run = build_run(forced, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), groupings=[("agency", "force")])  # fmt: skip
    line = next(x for x in to_text(run).splitlines() if x.startswith("Crown"))
    assert line.startswith("Crown Prosecution Service, Môn P     1       0")
    assert [g.by for g in run.by_month.groups] == [(("month", "2026-03"),)]
