"""Kinds come from the obligations' own fields, so a rule pack that marks the police VRR
targets `statutory = false` (catalogue v2) moves them from Code figures to scheme targets
with no change of code; good practice and the victim's deadlines stay apart."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from vcop_desktop.domain.report import Kind
from vcop_desktop.domain.rules import RuleBook
from vcop_desktop.reports.source import workspace_facts
from vcop_desktop.rules import load_rulebook
from vcop_desktop.rules.loader import build_rulebook
from vcop_desktop.storage import KdfParams, Workspace

TARGETS = {"police.vrr_acknowledge", "police.vrr_outcome", "cps.complaint_stage1_reply"}
SCENARIO: dict[str, object] = {
    "case": {"offence_date": "2026-01-05", "flags": ["hate_crime"]},
    "events": [
        {"id": "e1", "type": "crime_reported", "date": "2026-01-05"},
        {"id": "e2", "type": "suspect_interviewed_under_caution", "date": "2026-01-12"},
        {"id": "e3", "type": "police_decision_no_charge", "date": "2026-02-02"},
        {"id": "e4", "type": "police_vrr_requested", "date": "2026-02-09", "decision": "e3"},
    ],
}


def _v2_rulebook() -> RuleBook:
    """The bundled packs with the three scheme targets marked as catalogue v2 says."""
    packs = []
    for pack in load_rulebook().packs:
        rules = tuple(
            dataclasses.replace(r, statutory=False, right=None) if r.id in TARGETS else r
            for r in pack.rules
        )
        packs.append(dataclasses.replace(pack, rules=rules))
    return build_rulebook(packs)


def test_kinds_follow_the_packs(tmp_path: Path) -> None:
    with Workspace.create(
        tmp_path / "ws",
        "kinds kinds kinds",
        kdf=KdfParams.cheap(),
        rulebook=_v2_rulebook(),  # type: ignore[arg-type]
    ) as ws:
        ws.import_scenario(SCENARIO)
        facts = workspace_facts(ws, date(2026, 1, 1), date(2026, 12, 31)).facts
    kinds = {f.duty: f.kind for f in facts}
    assert kinds["police.vrr_acknowledge"] is Kind.TARGETS
    assert kinds["police.vrr_outcome"] is Kind.TARGETS
    assert kinds["police.inform_no_charge"] is Kind.CODE
    assert kinds["practice.hate_crime_src"] is Kind.PRACTICE
    assert kinds["victim.police_vrr"] is Kind.VICTIM
