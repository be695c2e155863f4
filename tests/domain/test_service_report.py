"""The service report's figures on three hand-worked cases (protection.md, "The service
report"); the expected figures are worked out from the contract in the comments."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.domain.helpers import ev
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.domain.service_report import ServiceCase, breakdown_shown, compute, rows
from vcop_desktop.rules import default_rulebook

TODAY = date(2027, 4, 10)
FORM = "risk-factors-v1"


def _case(key: str, events: list[dict[str, Any]]) -> ServiceCase:
    book = default_rulebook()
    scenario = parse_scenario({"case": {}, "events": events}, book.duty_ids)
    return ServiceCase(key, scenario, evaluate(scenario, TODAY, book))


#: A: referred by the police as high risk on Monday 2 March 2026, so first contact is due in
#: 1 working day (Tuesday 3 March); reached Wednesday 4 March: late, 2 days. Assessed at 15
#: (high); MARAC referral; a second referral 11 months later (a repeat); assessed again at 15
#: (equal: risk did not fall); closed.
A = [
    ev("e1", "crime_reported", "2026-03-02"),
    ev("e2", "referral_received", "2026-03-02", **{"from": "police"}, risk="high"),
    ev("e3", "contact", "2026-03-03", method="phone", direction="out", outcome="no_answer"),
    ev("e4", "contact", "2026-03-04", method="phone", direction="out", outcome="reached"),
    ev("e5", "risk_assessment", "2026-03-05", form=FORM, score=15),
    ev("e6", "marac_referral", "2026-03-05"),
    ev("e7", "marac_referral", "2027-02-01"),
    ev("e8", "risk_assessment", "2027-02-01", form=FORM, score=15),
    ev("e9", "case_closed", "2027-03-01"),
]
#: B: self-referred, no risk given: due in 3 working days (Thursday 5 March); reached on 3
#: March (on time, 1 day). Assessed at 9, later at 4 (risk fell); closed.
B = [
    ev("e1", "crime_reported", "2026-03-01"),
    ev("e2", "referral_received", "2026-03-02", **{"from": "self"}),
    ev("e3", "contact", "2026-03-03", method="text", direction="in", outcome="reached"),
    ev("e4", "risk_assessment", "2026-03-04", form=FORM, score=9),
    ev("e5", "risk_assessment", "2026-06-01", form=FORM, score=4),
    ev("e6", "case_closed", "2026-07-01"),
]
#: C: MARAC referrals 13 months apart: the one in the period is not a repeat.
C = [
    ev("e1", "crime_reported", "2025-02-01"),
    ev("e2", "marac_referral", "2025-03-01"),
    ev("e3", "marac_referral", "2026-04-01"),
]


@pytest.fixture
def figures() -> Any:
    cases = [_case("A", A), _case("B", B), _case("C", C)]
    forms = default_rulebook().forms
    return compute(cases, forms, start=date(2026, 3, 1), end=date(2027, 3, 31), today=TODAY)


def test_referrals_and_first_contact_by_hand(figures: Any) -> None:
    assert figures.referrals == 2 and figures.referral_cases == 2
    assert dict(figures.by_source)["police"] == 1 and dict(figures.by_source)["self"] == 1
    assert dict(figures.by_risk) == {"standard": 0, "medium": 0, "high": 1, "(not recorded)": 1}
    assert figures.days_to_contact == (1, 2) and figures.median_days_to_contact == 1.5
    c = figures.contact_within
    assert (c.yes, c.of, c.cases) == (1, 2, 2)


def test_assessments_marac_and_closed_cases_by_hand(figures: Any) -> None:
    assert (figures.high_risk.yes, figures.high_risk.of) == (2, 4)
    assert (figures.repeats.yes, figures.repeats.of) == (1, 3)  # 11 months yes, 13 months no
    assert figures.closed_cases == 2
    # B fell (9 -> 4); A stayed at 15: an equal score is not a fall.
    assert (figures.risk_fell.yes, figures.risk_fell.of) == (1, 2)
    assert (figures.high_at_first, figures.high_at_last) == (1, 1)


def test_every_figure_hidden_or_small_at_threshold_five(figures: Any) -> None:
    shown = rows(figures, 5)
    assert not any("%" in value for _s, _m, value in shown)
    assert {value for _s, _m, value in shown} <= {"<5", "0", "–", "x"}
    exact = dict(((s, m), v) for s, m, v in rows(figures, None))
    assert exact[("First contact", "Median days from referral to first contact")] == "1.5 days"
    assert exact[("MARAC", "Repeat rate")].startswith("33% of 3")


def test_a_breakdown_hides_a_second_count_so_subtraction_gives_nothing_away() -> None:
    total, parts = breakdown_shown([("a", 20), ("b", 3), ("c", 9)], 32, 5)
    assert total == "32"
    assert dict(parts) == {"a": "20", "b": "<5", "c": "x"}  # the smallest other part hidden
