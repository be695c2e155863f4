"""A report counted by the index's GROUP BY (`build_run_from_counts`) keeps what the advocate
asked for (issue 21 §2: its mutants lived, because the one test of the SQL path compares JSON,
which carries neither the title, the source nor the Rights asked for).

A report for Rights 4 and 5 that forgot them would print no "Rights: 4, 5." line: its reader
would take the figures for every Right.
"""

from __future__ import annotations

from datetime import date

import pytest

from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report import Counted
from vcop_desktop.errors import UserError
from vcop_desktop.reports.flat_formats import to_text
from vcop_desktop.reports.run import build_run_from_counts

POLICE = Counted({"met_on_time": 3, "met_late": 1}, reason=1, no_reason=0, cases=2, days_late=[2])
GROUPS = {"agency": {"police": POLICE}, "month": {"2026-03": POLICE}}
PERIOD = {"start": date(2026, 3, 1), "end": date(2026, 3, 31), "today": date(2026, 4, 10)}


def test_a_report_counted_in_sql_keeps_its_rights_kind_title_and_source() -> None:
    run = build_run_from_counts(
        POLICE, GROUPS, **PERIOD, kind=Category.TARGET, groupings=[("agency",)], rights=(4, 5),
        title="Rights 4 and 5", source="one workspace", min_count=1,
    )  # fmt: skip
    assert (run.query.rights, run.query.kind) == ((4, 5), Category.TARGET)
    assert (run.title, run.source) == ("Rights 4 and 5", "one workspace")
    assert (run.total.met_on_time, run.total.met_late, run.total.cases) == (3, 1, 2)
    assert to_text(run).splitlines()[:2] == [
        "Rights 4 and 5",
        "Period 2026-03-01 to 2026-03-31, judged on 2026-04-10 (one workspace)",
    ]


def test_a_report_counted_in_sql_is_titled_by_its_kind_and_workspace_by_default() -> None:
    run = build_run_from_counts(POLICE, GROUPS, **PERIOD)
    assert (run.title, run.source) == ("Victims' Code duties: compliance report", "this workspace")


def test_a_period_ending_before_it_starts_is_refused_saying_so_in_sql_too() -> None:
    with pytest.raises(UserError) as refused:
        build_run_from_counts(POLICE, GROUPS, start=date(2026, 4, 1), end=date(2026, 3, 31),
                              today=date(2026, 4, 10))  # fmt: skip
    assert str(refused.value) == "the period starts (2026-04-01) after it ends (2026-03-31)"
