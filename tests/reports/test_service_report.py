"""The service report over a demo workspace (issue 19, "Done when"): its figures match a count
made here by a plain loop from the contract (protection.md), not by the report's helpers;
small numbers are hidden by the Code report's rules; and the advocate's events leave every
Code compliance figure as it was."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Category, Status
from vcop_desktop.domain.service_report import ServiceCase, ServiceFigures, compute, rows
from vcop_desktop.domain.vocabulary import ADVOCATE_EVENT_TYPES, VPS_EVENT_TYPES
from vcop_desktop.reports.flat_formats import to_json
from vcop_desktop.reports.run import build_run
from vcop_desktop.reports.service import build_service_run, to_csv, workspace_service_cases
from vcop_desktop.reports.source import workspace_facts
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.demo import demo_cases

PASSPHRASE = "service report fixture passphrase"
TODAY = date(2026, 11, 24)
START, END = date(2026, 1, 1), date(2026, 11, 30)
HIGH_AT = 14  # the built-in form's threshold; every question weighs 1 (risk-factors-v1.toml)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, list[ServiceCase]]]:
    folder = tmp_path_factory.mktemp("service") / "workspace"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        ws.add_demo_cases(40, seed=1, today=TODAY)
        cases, _forms, unread = workspace_service_cases(ws, TODAY)
        assert unread == 0 and len(cases) == 40
        yield ws, cases


def _in(day: date) -> bool:
    return START <= day <= min(END, TODAY)


def _twelve_months_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _score(event: Event) -> int:
    return sum(1 for yes in event.get_answers("answers").values() if yes)


def _high(event: Event) -> bool:
    return _score(event) >= HIGH_AT or event.get_str("judgement") == "high"


def _by_hand(cases: list[ServiceCase]) -> dict[str, object]:
    """Every figure counted straight from the events (and the engine's due dates), as the
    contract defines it."""
    n: dict[str, object] = {}
    referrals = [(c, e) for c in cases for e in c.scenario.events if e.type == "referral_received"]
    referrals = [(c, e) for c, e in referrals if _in(e.date)]
    n["referrals"] = len(referrals)
    n["police"] = sum(1 for _, e in referrals if e.get_str("from") == "police")
    n["self"] = sum(1 for _, e in referrals if e.get_str("from") == "self")
    n["referred high"] = sum(1 for _, e in referrals if e.get_str("risk") == "high")
    n["risk not given"] = sum(1 for _, e in referrals if e.get_str("risk") is None)
    days, on_time, judged = [], 0, 0
    for case, referral in referrals:
        reached = [
            e.date
            for e in case.scenario.events
            if e.type == "contact" and e.get_str("outcome") == "reached" and e.date >= referral.date
        ]
        first = min(reached) if reached and min(reached) <= TODAY else None
        (due,) = [
            o.due
            for o in case.evaluation.obligations
            if o.duty == "advocate.first_contact" and o.trigger == referral.id
        ]
        assert due is not None
        if first is not None:
            days.append((first - referral.date).days)
        if first is not None and first <= due:
            on_time += 1
            judged += 1
        elif first is not None or due < TODAY:
            judged += 1
    n["median days"] = statistics.median(days) if days else None
    n["contact within"] = (on_time, judged)
    assessments = [
        e for c in cases for e in c.scenario.events if e.type == "risk_assessment" and _in(e.date)
    ]
    n["assessments"] = (sum(1 for e in assessments if _high(e)), len(assessments))
    maracs, repeats = 0, 0
    for case in cases:
        mine = [e for e in case.scenario.events if e.type == "marac_referral"]
        for r in mine:
            if _in(r.date):
                maracs += 1
                repeats += any(o.date < r.date <= _twelve_months_after(o.date) for o in mine)
    n["marac"] = (repeats, maracs)
    events = [e for c in cases for e in c.scenario.events if _in(e.date)]
    n["plans"] = sum(1 for e in events if e.type == "safety_plan_agreed")
    n["shared"] = sum(1 for e in events if e.type == "info_shared_without_consent")
    for duty, key in (("advocate.safety_plan_review", "plan"), ("advocate.sharing_review", "sh")):
        yes = of = 0
        for case in cases:
            for o in case.evaluation.obligations:
                if o.duty != duty or o.due is None or not START <= o.due <= END:
                    continue
                if o.status in (Status.WAIVED, Status.NOT_APPLICABLE):
                    continue
                met = o.met_on if o.met_on is not None and o.met_on <= TODAY else None
                if met is not None or o.due < TODAY:
                    of += 1
                    yes += met is not None and met <= o.due
        n[key] = (yes, of)
    closed = fell = compared = 0
    for case in cases:
        if not any(e.type == "case_closed" and _in(e.date) for e in case.scenario.events):
            continue
        closed += 1
        scored = sorted(
            (e for e in case.scenario.events if e.type == "risk_assessment" and e.date <= TODAY),
            key=lambda e: (e.date, e.position),
        )
        if len(scored) >= 2:
            compared += 1
            fell += _score(scored[-1]) < _score(scored[0])
    n["closed"] = closed
    n["fell"] = (fell, compared)
    return n


def _figures(f: ServiceFigures) -> dict[str, object]:
    by_source, by_risk = dict(f.by_source), dict(f.by_risk)
    return {
        "referrals": f.referrals,
        "police": by_source["police"],
        "self": by_source["self"],
        "referred high": by_risk["high"],
        "risk not given": by_risk.get("(not recorded)", 0),
        "median days": f.median_days_to_contact,
        "contact within": (f.contact_within.yes, f.contact_within.of),
        "assessments": (f.high_risk.yes, f.high_risk.of),
        "marac": (f.repeats.yes, f.repeats.of),
        "plans": f.safety_plans,
        "shared": f.shared_without_consent,
        "plan": (f.plan_reviews.yes, f.plan_reviews.of),
        "sh": (f.sharing_reviews.yes, f.sharing_reviews.of),
        "closed": f.closed_cases,
        "fell": (f.risk_fell.yes, f.risk_fell.of),
    }


def test_service_report_over_the_demo_matches_a_count_by_hand(
    demo: tuple[Workspace, list[ServiceCase]],
) -> None:
    ws, cases = demo
    figures = compute(cases, ws.rulebook().forms, start=START, end=END, today=TODAY)
    expected = _by_hand(cases)
    assert _figures(figures) == expected
    # The demo exercises every part of the report (else the comparison proves little).
    assert figures.referrals >= 20 and figures.high_risk.yes >= 5
    assert figures.marac_referrals >= 5 and figures.safety_plans >= 5
    assert figures.plan_reviews.of > figures.plan_reviews.yes > 0  # some reviews late
    assert figures.shared_without_consent >= 1 and figures.closed_cases >= 3
    assert 0 < figures.contact_within.yes < figures.contact_within.of


def test_the_demo_gives_most_cases_the_advocates_side(
    demo: tuple[Workspace, list[ServiceCase]],
) -> None:
    _ws, cases = demo
    referred = [c for c in cases if any(e.type == "referral_received" for e in c.scenario.events)]
    assert len(referred) >= 28  # most of 40
    contacts = [e for c in cases for e in c.scenario.events if e.type == "contact"]
    assert {e.get_str("outcome") for e in contacts} >= {"reached", "no_answer"}
    assert any((e.get_str("time") or "") >= "19:00" for e in contacts)  # some in the evening
    assessments = [e for c in cases for e in c.scenario.events if e.type == "risk_assessment"]
    assert all(
        e.get_str("form") == "risk-factors-v1"
        and e.get_int("form_version") == 1
        and e.get_int("score") == _score(e)
        for e in assessments
    )
    assert any(_score(e) >= HIGH_AT for e in assessments)


def test_demo_agency_side_is_as_before_the_advocate_side_was_added() -> None:
    """The advocate's draws come from a second generator: every case's agency events, victim
    and case details are what one generator alone makes (the demo before this change)."""
    import random

    from vcop_desktop.storage.demo import demo_case

    known = frozenset({"police.refer_support", "police.inform_arrest", "wcu.inform_hearing"})
    alone = random.Random(1)
    for number, case in enumerate(demo_cases(12, 1, TODAY, known), start=1):
        before = demo_case(alone, TODAY, number, known)  # no second generator
        agency = [
            (e.type, e.date, dict(e.fields))
            for e in case.events
            if e.type not in ADVOCATE_EVENT_TYPES
            and e.type != "case_closed"
            and e.type not in VPS_EVENT_TYPES  # their own generator too (issue 22)
        ]
        assert agency == [(e.type, e.date, dict(e.fields)) for e in before.events]
        assert (case.victim, case.case, case.victim_name) == (
            before.victim, before.case, before.victim_name)  # fmt: skip


def test_small_numbers_hide_every_rate(demo: tuple[Workspace, list[ServiceCase]]) -> None:
    ws, cases = demo
    three = [c for c in cases if any(e.type == "risk_assessment" for e in c.scenario.events)][:3]
    figures = compute(three, ws.rulebook().forms, start=START, end=END, today=TODAY)
    exact = {(s, m): v for s, m, v in rows(figures, None)}
    shown = {(s, m): v for s, m, v in rows(figures, 5)}
    assert "%" in exact[("Risk assessments", "Share high risk")]
    assert not any("%" in value for value in shown.values())
    assert shown[("First contact", "Median days from referral to first contact")] == "–"
    assert shown[("Referrals", "Referrals received")] == "<5"
    run = build_service_run(three, ws.rulebook().forms, start=START, end=END, today=TODAY)
    assert "%" not in to_csv(run).decode("utf-8-sig").split("Section,Measure,Value")[1]


def test_advocate_events_change_no_code_compliance_figure(tmp_path: Path) -> None:
    made = demo_cases(25, 4, TODAY, frozenset())
    outputs = []
    for strip in (False, True):
        folder = tmp_path / ("without" if strip else "with")
        with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="t") as ws:
            for case in demo_cases(25, 4, TODAY, ws.rulebook().duty_ids):
                events = case.events
                if strip:
                    kept = [e for e in events if e.type not in ADVOCATE_EVENT_TYPES]
                    events = [replace(e, position=i) for i, e in enumerate(kept)]
                ws.add_demo_case(case, events=events)
            per_kind = []
            for kind in Category:
                found = workspace_facts(ws, START, END, kind, today=TODAY)
                run = build_run(found.facts, start=START, end=END, today=TODAY, kind=kind,
                                groupings=[("agency",), ("duty",)])  # fmt: skip
                per_kind.append(to_json(run))
            outputs.append(per_kind)
    assert any(e.type in ADVOCATE_EVENT_TYPES for c in made for e in c.events)
    assert outputs[0] == outputs[1]
