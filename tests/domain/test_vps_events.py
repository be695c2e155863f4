"""The Victim Personal Statement's events (issue 22): they parse, are checked, go back to the
scenario JSON unchanged, and the police's own offer meets police.offer_vps (Right 7)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.obligations import Status
from vcop_desktop.domain.scenario import ScenarioError, parse_scenario, scenario_to_dict
from vcop_desktop.domain.vocabulary import VPS_EVENT_TYPES
from vcop_desktop.rules import load_rulebook

REPORTED = {"id": "e1", "type": "crime_reported", "date": "2026-01-05"}

EVERY_VPS_EVENT: list[dict[str, Any]] = [
    REPORTED,
    {"id": "v1", "type": "vps_offered", "date": "2026-01-06", "by": "police"},
    {
        "id": "v2", "type": "vps_not_made", "date": "2026-01-07", "outcome": "not_taken_up",
        "reason": "victim_wanted_to_wait", "details": "Wants to wait until after the hearing.",
    },
    {"id": "v3", "type": "vps_made", "date": "2026-02-02"},
    {"id": "v4", "type": "vps_update_offered", "date": "2026-03-02", "by": "wcu"},
    {"id": "v5", "type": "vps_updated", "date": "2026-03-09"},
    {"id": "v6", "type": "vps_read_aloud_requested", "date": "2026-03-10"},
    {
        "id": "v7", "type": "vps_read_aloud_decision", "date": "2026-03-20",
        "decision": "refused", "reason": "asked_too_late",
    },
    {"id": "v8", "type": "vps_considered_at_sentence", "date": "2026-04-01"},
    {"id": "v9", "type": "vps_use_explained", "date": "2026-04-02", "by": "cps"},
]  # fmt: skip


def test_every_vps_event_type_parses_and_goes_back_to_the_same_json() -> None:
    data = {"case": {"flags": []}, "events": EVERY_VPS_EVENT}
    scenario = parse_scenario(json.loads(json.dumps(data)))
    assert {e.type for e in scenario.events} == {"crime_reported", *VPS_EVENT_TYPES}
    assert scenario_to_dict(scenario) == data


@pytest.mark.parametrize(
    ("event", "where"),
    [
        ({"type": "vps_offered", "by": "probation"}, "events[1].by"),
        ({"type": "vps_offered"}, "events[1].by"),
        ({"type": "vps_not_made", "outcome": "not_offered"}, "events[1].reason"),
        ({"type": "vps_not_made", "outcome": "lost", "reason": "other"}, "events[1].outcome"),
        ({"type": "vps_read_aloud_decision", "decision": "granted", "reason": "other"},
         "events[1].reason"),
    ],
)  # fmt: skip
def test_a_vps_event_with_a_wrong_or_missing_field_is_refused_naming_it(
    event: dict[str, Any], where: str
) -> None:
    raw = {"id": "v1", "date": "2026-01-06", **event}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({"events": [REPORTED, raw]})
    assert caught.value.where == where


def _offer_vps(by: str) -> Any:
    scenario = parse_scenario(
        {"events": [REPORTED, {"id": "v1", "type": "vps_offered", "date": "2026-01-09", "by": by}]}
    )
    found = evaluate(scenario, date(2026, 2, 1), load_rulebook())
    return next(o for o in found.obligations if o.duty == "police.offer_vps")


def test_the_polices_own_vps_offer_meets_police_offer_vps() -> None:
    obligation = _offer_vps("police")
    assert obligation.status is Status.MET
    assert obligation.met_on == date(2026, 1, 9)


@pytest.mark.parametrize("by", ["cps", "wcu"])
def test_an_offer_by_another_agency_does_not_meet_the_polices_duty(by: str) -> None:
    assert _offer_vps(by).status is Status.OPEN


def test_the_cps_letter_quality_mark_goes_only_on_a_cps_decision_letter() -> None:
    decision = {"id": "e2", "type": "cps_discontinued", "date": "2026-02-02"}
    met = {
        "id": "e3", "type": "duty_met", "date": "2026-02-04", "duty": "cps.inform_discontinued",
        "trigger": "e2", "reasons_clear": "no",
    }  # fmt: skip
    scenario = parse_scenario({"events": [REPORTED, decision, met]})
    assert scenario.events[2].fields["reasons_clear"] == "no"
    wrong = {**met, "duty": "police.offer_vps", "trigger": "e1"}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({"events": [REPORTED, decision, wrong]})
    assert caught.value.where == "events[2].reasons_clear"


def test_the_examples_use_no_vps_event_so_their_outputs_stand() -> None:
    """police.offer_vps now has a met_by; the examples (the shared ones among them, each
    checked in test_examples.py) record no VPS event, so no expected output moves."""
    texts = [p.read_text() for p in (Path(__file__).parents[1] / "scenarios").glob("*.json")]
    assert len(texts) >= 10
    assert not any('"vps_' in text for text in texts)
