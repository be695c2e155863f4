"""The service report's table, JSON, CSV and notes, exactly, from figures set by hand (issue 21
§2: the mutants of reports/service.py that the demo-based tests let live).

A manager reads these files without the app: a figure under the wrong heading, a count shown
that the small-number rule hides, or a period that does not say which days it covers would
mislead whoever the report is sent to.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from types import SimpleNamespace

import pytest

from vcop_desktop.domain.service_report import ServiceFigures, Share
from vcop_desktop.errors import UserError
from vcop_desktop.reports.service import (
    ServiceRun,
    build_service_run,
    default_name,
    notes,
    suppression,
    to_csv,
    to_json,
    to_text,
    workspace_service_cases,
)
from vcop_desktop.rules import default_rulebook

FIGURES = ServiceFigures(
    start=date(2026, 1, 1), end=date(2026, 3, 31), today=date(2026, 4, 10),
    referrals=12, referral_cases=12, by_source=(("police", 9), ("self", 3)),
    by_risk=(("high", 7), ("standard", 5)), days_to_contact=(0, 1, 1, 2, 3, 5, 8),
    contact_cases=7, contact_within=Share(5, 7, 7, 2), assessments=10,
    high_risk=Share(6, 10, 10), marac_referrals=6, repeats=Share(1, 6, 6),
    safety_plans=8, plan_reviews=Share(4, 6, 5), shared_without_consent=2,
    sharing_reviews=Share(2, 2, 2), closed_cases=5, risk_fell=Share(3, 5, 5),
    high_at_first=4, high_at_last=1,
)  # fmt: skip
RUN = ServiceRun(FIGURES, unread=1, forms=("risk-factors-v1 version 1",))

TITLE = "Service report (the advocacy service's own standards)"
STATUS = "Recorded by the advocacy service; not official statistics."
PERIOD = "Period 2026-01-01 to 2026-03-31, judged on 2026-04-10 (this workspace)"

#: The advocate's own screen: exact counts, one block per section, the unread files said last.
TEXT = f"""{TITLE}
{STATUS}
{PERIOD}

Referrals
  Referrals received                                   12
  From the police                                      9
  Self-referred                                        3
  Referred as high risk                                7
  Referred as standard risk                            5

First contact
  Median days from referral to first contact           2 days
  Referrals reached by the report date                 7
  Reached within the standard                          71% of 7 (95% CI 36–92%)
  Still within the standard (not counted)              2

Risk assessments
  Assessments done                                     10
  Share high risk                                      60% of 10 (95% CI 31–83%)

MARAC
  MARAC referrals                                      6
  Repeat rate                                          17% of 6 (95% CI 3–56%)

Safety plans
  Safety plans agreed                                  8
  Reviews due (judged)                                 6
  Reviews on time                                      67% of 6 (95% CI 30–90%)

Sharing without consent
  Decisions to share without consent                   2
  Reviews due (judged)                                 2
  Reviews on time                                      100% of 2 (95% CI 34–100%)

Closed cases
  Cases closed                                         5
  With two or more scored assessments                  5
  High risk at the first assessment                    80% of 5 (95% CI 38–96%)
  High risk at the last assessment                     20% of 5 (95% CI 4–62%)
  Risk fell (last score below the first)               60% of 5 (95% CI 23–88%)

1 case file(s) could not be read and are left out.
"""


def test_the_terminal_table_gives_every_figure_exactly_under_its_heading() -> None:
    assert to_text(RUN) == TEXT
    whole = ServiceRun(FIGURES, forms=())
    assert to_text(whole) == TEXT.removesuffix(
        "\n1 case file(s) could not be read and are left out.\n"
    )


def test_the_csv_hides_small_counts_and_is_read_right_by_excel() -> None:
    data = to_csv(RUN)
    assert data.startswith(b"\xef\xbb\xbf" + TITLE.encode() + b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[:4] == [[TITLE], [STATUS], [PERIOD], ["Section", "Measure", "Value"]]
    values = {(section, measure): value for section, measure, value in rows[4:]}
    assert len(values) == len(rows) - 4 == 24
    # 3 self-referrals is a small count; the 9 from the police would give it away.
    assert values["Referrals", "Referrals received"] == "12"
    assert values["Referrals", "From the police"] == "x"
    assert values["Referrals", "Self-referred"] == "<5"
    assert values["Sharing without consent", "Decisions to share without consent"] == "<5"
    # 5 of 7 leaves 2 not reached: a small count, so the share is not shown.
    assert values["First contact", "Reached within the standard"] == "–"
    assert values["First contact", "Median days from referral to first contact"] == "2 days"
    assert values["Closed cases", "Cases closed"] == "5"


def test_the_json_gives_exact_figures_for_the_services_own_tools() -> None:
    data = to_json(RUN)
    assert data.startswith(b'{\n "report": "service",\n') and data.endswith(b"}\n")
    document = json.loads(data)
    assert document["status"] == STATUS
    assert document["period"] == {"from": "2026-01-01", "to": "2026-03-31"}
    assert document["today"] == "2026-04-10"
    assert document["referrals"] == {
        "received": 12,
        "by_source": {"police": 9, "self": 3},
        "by_risk": {"high": 7, "standard": 5},
    }
    assert document["first_contact"] == {
        "median_days": 2.0,
        "reached": 7,
        "within_standard": {"yes": 5, "of": 7, "cases": 7, "rate": 0.7143, "still_open": 2},
    }
    assert document["assessments"] == {
        "done": 10,
        "high_risk": {"yes": 6, "of": 10, "cases": 10, "rate": 0.6, "still_open": 0},
    }
    assert document["marac"] == {
        "referrals": 6,
        "repeats": {"yes": 1, "of": 6, "cases": 6, "rate": 0.1667, "still_open": 0},
    }
    assert document["safety_plans"] == {
        "agreed": 8,
        "reviews_on_time": {"yes": 4, "of": 6, "cases": 5, "rate": 0.6667, "still_open": 0},
    }
    assert document["sharing_without_consent"] == {
        "decisions": 2,
        "reviews_on_time": {"yes": 2, "of": 2, "cases": 2, "rate": 1.0, "still_open": 0},
    }
    assert document["closed_cases"] == {
        "closed": 5,
        "risk_fell": {"yes": 3, "of": 5, "cases": 5, "rate": 0.6, "still_open": 0},
        "high_at_first": 4,
        "high_at_last": 1,
    }


def test_a_share_of_nothing_has_no_rate_in_the_json() -> None:
    empty = ServiceRun(
        ServiceFigures(
            start=date(2026, 1, 1), end=date(2026, 1, 31), today=date(2026, 2, 1),
            referrals=0, referral_cases=0, by_source=(), by_risk=(), days_to_contact=(),
            contact_cases=0, contact_within=Share(0, 0, 0), assessments=0,
            high_risk=Share(0, 0, 0), marac_referrals=0, repeats=Share(0, 0, 0),
            safety_plans=0, plan_reviews=Share(0, 0, 0), shared_without_consent=0,
            sharing_reviews=Share(0, 0, 0), closed_cases=0, risk_fell=Share(0, 0, 0),
            high_at_first=0, high_at_last=0,
        )
    )  # fmt: skip
    document = json.loads(to_json(empty))
    assert document["first_contact"]["median_days"] is None
    assert document["first_contact"]["within_standard"]["rate"] is None


def test_every_export_carries_what_it_is_its_method_and_its_small_number_rule() -> None:
    got = dict(notes(RUN))
    assert list(got) == ["Report", "Status", "Period", "Method", "Suppression", "Risk forms",
                         "Not read"]  # fmt: skip
    assert got["Report"] == TITLE
    assert got["Status"] == STATUS + " Not a Victims' Code compliance report."
    assert got["Period"] == PERIOD
    assert got["Method"].startswith("These figures are the advocacy service's own work")
    assert got["Suppression"] == suppression(5)
    assert got["Risk forms"] == "risk-factors-v1 version 1"
    assert got["Not read"] == "1 case file(s) could not be read and are left out."
    two = ServiceRun(FIGURES, forms=("risk-factors-v1 version 1", "own-form version 3"))
    assert dict(notes(two))["Risk forms"] == "risk-factors-v1 version 1; own-form version 3"
    bare = dict(notes(ServiceRun(FIGURES, min_count=10, source="2 extracts")))
    assert "Not read" not in bare and bare["Risk forms"] == "(none)"
    assert bare["Period"].endswith("judged on 2026-04-10 (2 extracts)")
    assert "Counts from 1 to 9 are shown as <10;" in bare["Suppression"]


def test_the_small_number_rule_is_stated_with_the_threshold_in_use() -> None:
    assert suppression(10) == (
        "No personal data: no names, crime references, dates of birth, contacts or risk "
        "answers. Counts from 1 to 9 are shown as <10; where a breakdown and its total would "
        "give one away by subtraction, one more count is hidden and shown as x. A share, its "
        "interval and a median are shown only when they rest on at least 10 records in 10 "
        "cases and neither part of the share is a small count: the same rules as the Code "
        "compliance report. A dash (–) marks a share or median not shown for that reason, or "
        "with nothing to count."
    )


def test_a_service_report_file_is_named_for_its_period_only() -> None:
    assert default_name(RUN, "xlsx") == "vcop-service-report-2026-01-01-to-2026-03-31.xlsx"


def test_a_period_that_ends_before_it_starts_is_refused_and_one_day_is_a_period() -> None:
    forms = default_rulebook().forms
    with pytest.raises(UserError) as caught:
        build_service_run(
            [], forms, start=date(2026, 2, 1), end=date(2026, 1, 31), today=date(2026, 3, 1)
        )
    assert str(caught.value) == "the period starts (2026-02-01) after it ends (2026-01-31)"
    run = build_service_run(
        [], forms, start=date(2026, 2, 1), end=date(2026, 2, 1), today=date(2026, 3, 1),
        min_count=7, source="elsewhere", unread=3,
    )  # fmt: skip
    assert (run.min_count, run.source, run.unread) == (7, "elsewhere", 3)
    assert run.figures.start == run.figures.end == date(2026, 2, 1)
    assert run.forms == tuple(f"{f.id} version {f.version}" for f in forms.latest())
    assert run.forms and run.forms[0].startswith("risk-factors-v1 version ")
    plain = build_service_run(
        [], forms, start=date(2026, 2, 1), end=date(2026, 2, 28), today=date(2026, 3, 1)
    )
    assert (plain.min_count, plain.source, plain.unread) == (5, "this workspace", 0)


class _Workspace:
    """A workspace as the service report reads it: four cases, the second and last unreadable."""

    def __init__(self) -> None:
        self.judged: list[tuple[object, date]] = []

    def list_cases(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(case_id=case) for case in ("a", "b", "c", "d")]

    def scenario(self, case_id: str) -> str:
        if case_id in ("b", "d"):
            raise UserError(f"case file {case_id} could not be read")
        return f"scenario {case_id}"

    def evaluate(self, scenario: object, today: date) -> str:
        self.judged.append((scenario, today))
        return f"evaluation of {scenario}"

    def rulebook(self) -> SimpleNamespace:
        return SimpleNamespace(forms="the forms")


def test_unreadable_case_files_are_counted_and_left_out_never_named() -> None:
    workspace = _Workspace()
    today = date(2026, 4, 10)
    cases, forms, unread = workspace_service_cases(workspace, today)  # type: ignore[arg-type]
    got: list[tuple[object, ...]] = [(c.case_key, c.scenario, c.evaluation) for c in cases]
    assert got == [
        ("a", "scenario a", "evaluation of scenario a"),
        ("c", "scenario c", "evaluation of scenario c"),
    ]
    assert (str(forms), unread) == ("the forms", 2)
    assert workspace.judged == [("scenario a", today), ("scenario c", today)]
