"""Properties of the advocate's service standards over random cases (hypothesis)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.risk import assess, is_high_risk, score
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import default_rulebook

RULES = default_rulebook()
FORM = RULES.forms.get("risk-factors-v1")
assert FORM is not None
QUESTIONS = [q.id for q in FORM.questions]
BASE = date(2025, 11, 1)
TODAY = date(2027, 6, 1)
KINDS = ["referral_received", "contact", "risk_assessment", "incident", "marac_referral",
         "safety_plan_agreed", "safety_plan_reviewed", "info_shared_without_consent",
         "sharing_reviewed", "case_closed"]  # fmt: skip


@st.composite
def advocate_cases(draw: st.DrawFn) -> dict[str, Any]:
    events: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 18))):
        kind = draw(st.sampled_from(KINDS))
        day = (BASE + timedelta(days=draw(st.integers(0, 500)))).isoformat()
        event: dict[str, Any] = {"id": f"e{i}", "type": kind, "date": day}
        if kind == "referral_received":
            event["from"] = "police"
            if draw(st.booleans()):
                event["risk"] = draw(st.sampled_from(["standard", "medium", "high"]))
        elif kind == "contact":
            outcome = draw(st.sampled_from(["reached", "no_answer", "unsafe"]))
            event.update(method="phone", direction="out", outcome=outcome)
        elif kind == "risk_assessment":
            event["form"] = "risk-factors-v1"
            if draw(st.booleans()):
                event["score"] = draw(st.integers(0, 25))
            else:
                event["answers"] = draw(st.dictionaries(st.sampled_from(QUESTIONS), st.booleans()))
            if draw(st.integers(0, 4)) == 0:
                event["judgement"] = "high"
        elif kind == "safety_plan_agreed" and draw(st.booleans()):
            event["review_days"] = draw(st.integers(1, 60))
        elif kind == "info_shared_without_consent":
            event.update(what="w", reason="r", lawful_basis="b")
            event["with"] = "housing"
        elif kind == "sharing_reviewed":
            shared = [e["id"] for e in events if e["type"] == "info_shared_without_consent"]
            if not shared:
                continue
            event["shared"] = draw(st.sampled_from(shared))
        events.append(event)
    return {"case": {}, "events": events}


def judged(data: dict[str, Any]) -> tuple[Any, Evaluation]:
    scenario = parse_scenario(data, RULES.duty_ids)
    return scenario, evaluate(scenario, TODAY, RULES)


@settings(max_examples=150, deadline=None)
@given(advocate_cases())
def test_due_never_before_trigger_and_one_obligation_per_duty_and_trigger(
    data: dict[str, Any],
) -> None:
    scenario, evaluation = judged(data)
    by_id = scenario.by_id()
    mine = [o for o in evaluation.obligations if o.duty.startswith("advocate.")]
    assert all(o.owed_by == "advocate" and not o.statutory and o.right is None for o in mine)
    for o in mine:
        assert o.due is None or o.due > by_id[o.trigger].date
        assert o.met_on is None or o.met_on >= by_id[o.trigger].date
    assert max(Counter(o.key for o in evaluation.obligations).values(), default=1) == 1


@settings(max_examples=150, deadline=None)
@given(advocate_cases())
def test_marac_and_safety_plan_duties_exactly_when_the_contract_says(
    data: dict[str, Any],
) -> None:
    scenario, evaluation = judged(data)
    keys = {o.key for o in evaluation.obligations}
    referrals = [e.date for e in scenario.events if e.type == "marac_referral"]
    for event in scenario.events:
        if event.type == "risk_assessment":
            high = assess(event, RULES.forms).high_risk
            assert (("advocate.marac_referral", event.id) in keys) is high
            assert (("advocate.safety_plan", event.id) in keys) is high
        if event.type == "incident":
            repeat = any(r < event.date <= add_months(r, 12) for r in referrals)
            assert (("advocate.marac_referral", event.id) in keys) is repeat
            assert ("advocate.risk_review", event.id) in keys


@settings(max_examples=150, deadline=None)
@given(advocate_cases())
def test_first_contact_is_met_only_by_reaching_the_victim(data: dict[str, Any]) -> None:
    scenario, evaluation = judged(data)
    reached = {e.date for e in scenario.events if e.type == "contact"
               and e.get_str("outcome") == "reached"}  # fmt: skip
    for o in evaluation.obligations:
        if o.duty == "advocate.first_contact" and o.met_on is not None:
            assert o.met_on in reached


@settings(max_examples=150, deadline=None)
@given(advocate_cases())
def test_no_safety_plan_review_falls_due_after_the_case_closed(data: dict[str, Any]) -> None:
    scenario, evaluation = judged(data)
    closed = [e.date for e in scenario.events if e.type == "case_closed"]
    if not closed:
        return
    for o in evaluation.obligations:
        if o.duty == "advocate.safety_plan_review":
            assert o.due is not None and o.due <= min(closed)


@given(st.dictionaries(st.sampled_from(QUESTIONS), st.booleans()), st.sampled_from(QUESTIONS))
def test_a_further_yes_never_lowers_the_score(answers: dict[str, bool], question: str) -> None:
    assert FORM is not None
    before = score(FORM, answers)
    after = score(FORM, {**answers, question: True})
    assert after >= before
    assert is_high_risk(FORM, after, None) is (after >= FORM.high_at)
