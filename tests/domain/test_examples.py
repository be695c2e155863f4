"""Every catalogue example matches exactly, compared as shared/README.md lays down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.risk import risk_summary
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import default_rulebook

SCENARIOS = sorted(
    p
    for p in (Path(__file__).parent.parent / "scenarios").glob("*.json")
    if not p.name.endswith(".expected.json")
)
COMPARED = ("owed_by", "right", "statutory", "due", "status", "met_on")


def comparable(obligations: list[dict[str, object]]) -> dict[tuple[object, object], dict]:
    out = {}
    for o in obligations:
        fields = {k: o[k] for k in COMPARED}
        if o["status"] == "not_applicable":
            del fields["due"], fields["met_on"]
        out[(o["duty"], o["trigger"])] = fields
    return out


def test_there_are_examples() -> None:
    assert len(SCENARIOS) >= 5


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_example_matches_expected(path: Path) -> None:
    data = json.loads(path.read_text())
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
    scenario = parse_scenario(data, default_rulebook().duty_ids)
    assert scenario.today is not None
    got = evaluate(scenario, scenario.today, default_rulebook()).to_dict()
    assert got["enhanced"] == expected["enhanced"]
    assert got["enhanced_grounds"] == expected["enhanced_grounds"]
    assert comparable(got["obligations"]) == comparable(expected["obligations"])  # type: ignore[arg-type]
    if "risk" in expected:
        assert risk_summary(scenario, default_rulebook().forms) == expected["risk"]


def test_there_are_hand_worked_advocate_examples() -> None:
    """Issue 19: at least 8 hand-worked scenarios of the advocate's own side."""
    assert len([p for p in SCENARIOS if "-advocate-" in p.name]) >= 8
