"""The advocate's own service standards never reach a letter to an agency (protection.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.obligations import Status
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.letters.breach_facts import annex_of, breaches_of
from vcop_desktop.rules import default_rulebook

SCENARIOS = Path(__file__).parent.parent / "scenarios"


def missed_advocate_case() -> tuple[object, object]:
    data = json.loads((SCENARIOS / "08-advocate-first-contact-high-missed-over-christmas.json")
                      .read_text())  # fmt: skip
    data["events"].append({"id": "x", "type": "suspect_arrested", "date": "2026-12-01"})
    scenario = parse_scenario(data, default_rulebook().duty_ids)
    return scenario, evaluate(scenario, date(2027, 2, 1), default_rulebook())


def test_missed_advocate_standards_give_no_letter_breach_and_no_annex_line() -> None:
    scenario, evaluation = missed_advocate_case()
    missed = [o for o in evaluation.obligations if o.owed_by == "advocate"]  # type: ignore[attr-defined]
    assert missed and all(o.status is Status.OVERDUE for o in missed)
    # Even addressed to "advocate" (never a real addressee), none is a breach or in the annex.
    agencies = frozenset({"advocate", "police"})
    breaches = breaches_of(agencies, scenario.events, evaluation)  # type: ignore[attr-defined,arg-type]
    assert [b.duty for b in breaches] == ["police.inform_arrest"]
    assert all(o.owed_by == "police" for o in annex_of(agencies, evaluation))  # type: ignore[arg-type]
