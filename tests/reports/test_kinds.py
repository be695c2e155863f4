"""A report counts each obligation under the category its rule pack gives it (the same
`category` letters, the dashboard and the annex read), never under a classification of its own:
a pack that moves a duty to another category moves it in reports with no change of code."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.rules import RuleBook
from vcop_desktop.reports.source import workspace_facts
from vcop_desktop.rules import load_rulebook
from vcop_desktop.rules.loader import build_rulebook
from vcop_desktop.storage import KdfParams, Workspace

SCENARIO: dict[str, object] = {
    "case": {"offence_date": "2026-01-05", "flags": ["hate_crime"]},
    "events": [
        {"id": "e1", "type": "crime_reported", "date": "2026-01-05"},
        {"id": "e2", "type": "suspect_interviewed_under_caution", "date": "2026-01-12"},
        {"id": "e3", "type": "police_decision_no_charge", "date": "2026-02-02"},
        {"id": "e4", "type": "police_vrr_requested", "date": "2026-02-09", "decision": "e3"},
    ],
}
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _report_and_engine(tmp_path: Path, rulebook: RuleBook) -> tuple[dict[str, Category], ...]:
    with Workspace.create(
        tmp_path / "ws", "kinds kinds kinds", kdf=KdfParams.cheap(), rulebook=rulebook
    ) as ws:
        summary = ws.import_scenario(SCENARIO)
        facts = workspace_facts(ws, *YEAR).facts
        with ws.open_case(summary.case_id) as case:
            obligations = case.obligations(date(2026, 6, 1)).obligations
    in_report = {f.duty: f.kind for f in facts}
    from_engine = {o.duty: o.category for o in obligations if o.duty in in_report}
    return in_report, from_engine


def test_report_kinds_are_the_packs_categories(tmp_path: Path) -> None:
    in_report, from_engine = _report_and_engine(tmp_path, load_rulebook())
    assert in_report == from_engine
    assert in_report["police.vrr_acknowledge"] is Category.TARGET
    assert in_report["police.vrr_outcome"] is Category.TARGET
    assert in_report["police.inform_no_charge"] is Category.CODE
    assert in_report["practice.hate_crime_src"] is Category.PRACTICE
    assert in_report["victim.police_vrr"] is Category.VICTIM


def test_a_pack_that_recategorises_a_duty_moves_it_in_reports(tmp_path: Path) -> None:
    moved = "police.inform_no_charge"
    packs = [
        dataclasses.replace(
            pack,
            rules=tuple(
                dataclasses.replace(r, category=Category.PRACTICE) if r.id == moved else r
                for r in pack.rules
            ),
        )
        for pack in load_rulebook().packs
    ]
    in_report, from_engine = _report_and_engine(tmp_path, build_rulebook(packs))
    assert in_report[moved] is Category.PRACTICE
    assert in_report == from_engine
