"""The advocate's service standards at their edges (protection.md), each worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.risk import RiskForms, risk_summary
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import default_rulebook

RULES = default_rulebook()


def run(*events: dict[str, Any], today: str = "2027-01-01", rules: Any = RULES) -> dict:
    scenario = parse_scenario({"case": {}, "events": list(events)}, rules.duty_ids)
    found = evaluate(scenario, date.fromisoformat(today), rules).obligations
    return {o.key: o for o in found if o.owed_by == "advocate"}


def ev(i: str, kind: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"id": i, "type": kind, "date": day, **fields}


def test_a_repeat_counts_up_to_the_same_day_twelve_months_on() -> None:
    referral = ev("m1", "marac_referral", "2025-03-16")
    # 16 Mar 2025 + 12 months = 16 Mar 2026: still a repeat; the 17th is not.
    assert ("advocate.marac_referral", "i1") in run(referral, ev("i1", "incident", "2026-03-16"))
    assert ("advocate.marac_referral", "i1") not in run(
        referral, ev("i1", "incident", "2026-03-17")
    )
    # an incident the same day as the referral is not "after" it
    assert ("advocate.marac_referral", "i1") not in run(
        referral, ev("i1", "incident", "2025-03-16")
    )
    scenario = parse_scenario({"events": [referral, ev("m2", "marac_referral", "2026-03-16")]})
    marac: Any = risk_summary(scenario, RULES.forms)["marac"]
    assert [m["repeat"] for m in marac] == [False, True]


def test_a_repeat_is_measured_from_any_earlier_referral_within_the_year() -> None:
    # Referrals 1 Jan 2025 and 1 Jun 2025; an incident on 1 May 2026 is within 12 months of
    # the second (the last MARAC referral).
    found = run(
        ev("m1", "marac_referral", "2025-01-01"),
        ev("m2", "marac_referral", "2025-06-01"),
        ev("i1", "incident", "2026-05-01"),
    )
    assert ("advocate.marac_referral", "i1") in found


def test_first_contact_limit_follows_the_referrals_risk() -> None:
    # Mon 2 Mar 2026: high -> Tue 3 Mar; medium, standard or not given -> Thu 5 Mar.
    dues = {}
    for risk in ("high", "medium", "standard", None):
        extra = {"risk": risk} if risk else {}
        found = run(ev("r", "referral_received", "2026-03-02", **{"from": "self", **extra}))
        dues[risk] = found[("advocate.first_contact", "r")].due
        assert found[("advocate.first_contact", "r")].limit == (
            "1 working day" if risk == "high" else "3 working days"
        )
    assert dues == {"high": date(2026, 3, 3), "medium": date(2026, 3, 5),
                    "standard": date(2026, 3, 5), None: date(2026, 3, 5)}  # fmt: skip


def test_a_call_from_the_victim_that_reaches_them_counts() -> None:
    found = run(
        ev("r", "referral_received", "2026-03-02", **{"from": "police"}),
        ev("c", "contact", "2026-03-03", method="phone", direction="in", outcome="reached"),
    )
    assert found[("advocate.first_contact", "r")].met_on == date(2026, 3, 3)


def test_an_unknown_form_is_not_high_risk_unless_judged_so() -> None:
    # The command line refuses an unknown form; the engine (the app's path) must not crash.
    plain = ev("a", "risk_assessment", "2026-03-02", form="elsewhere-v9", score=30)
    assert ("advocate.marac_referral", "a") not in run(plain)
    judged = {**plain, "judgement": "high"}
    assert ("advocate.marac_referral", "a") in run(judged)


def test_an_assessment_is_judged_on_the_form_version_it_was_taken_on() -> None:
    v1 = RULES.forms.get("risk-factors-v1")
    assert v1 is not None
    v2 = replace(v1, version=2, high_at=10)
    rules = replace(RULES, forms=RiskForms.of([v1, v2]))
    on_v1 = ev("a", "risk_assessment", "2026-03-02", form="risk-factors-v1", score=12,
               form_version=1)  # fmt: skip
    assert ("advocate.marac_referral", "a") not in run(on_v1, rules=rules)
    on_v2 = {**on_v1, "form_version": 2}
    assert ("advocate.marac_referral", "a") in run(on_v2, rules=rules)


def test_a_review_due_on_the_closing_day_is_still_owed() -> None:
    # Agreed Mon 2 Mar 2026 every 14 days: due 16 Mar; the case closes on 16 Mar.
    found = run(
        ev("p", "safety_plan_agreed", "2026-03-02", review_days=14),
        ev("x", "case_closed", "2026-03-16"),
        today="2026-03-20",
    )
    cycle = found[("advocate.safety_plan_review", "p")]
    assert (cycle.due, cycle.status.value, cycle.limit) == (
        date(2026, 3, 16), "overdue", "every 14 days, as agreed"
    )  # fmt: skip
    assert len(found) == 1
