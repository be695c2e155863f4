"""Extracts and the advocate's own side of a case: no event, note, risk answer or sharing
text in them, and the service's `advocate.*` standards never counted as Code obligations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.storage.advocate_data import CONTACT_NOTE, SENSITIVE, advocate_scenario
from vcop_desktop.cli import main
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.domain.vocabulary import ADVOCATE_EVENT_TYPES
from vcop_desktop.errors import UserError
from vcop_desktop.reports.extract import _checksum, make_extract, read_extract
from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "extract fixture passphrase"


def test_an_extract_of_advocate_cases_holds_none_of_their_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        case = ws.import_scenario(advocate_scenario())
        with ws.open_case(case.case_id) as handle:
            handle.edit_event("c1", note=CONTACT_NOTE)
            handle.safety_plan.add("Locks at Brackenwood", "Advocate", date(2026, 4, 1))
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "x.json"
    period = ["--from", "2026-01-01", "--to", "2026-12-31", "--today", "2026-04-10"]
    status = main(["report", "--workspace", str(folder), *period, "--extract", "--out", str(out)])
    assert status == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert [w for w in SENSITIVE if w in text] == []
    assert [t for t in ADVOCATE_EVENT_TYPES if t in text] == []  # no event, not even a type
    rows = json.loads(text)["rows"]
    assert rows and "police.refer_support" in {r[1] for r in rows}  # the Code rows are there
    assert all(r[2] != "advocate" for r in rows)


def _fact(owed_by: str, duty: str) -> ObligationFact:
    return ObligationFact("case-1", duty, owed_by, None, Category.CODE, date(2026, 3, 4),
                          date(2026, 3, 2), "overdue", None)  # fmt: skip


def test_service_standards_are_left_out_of_an_extract_and_refused_in_one(tmp_path: Path) -> None:
    facts = [_fact("police", "police.refer_support"), _fact("advocate", "advocate.first_contact")]
    data = make_extract(facts, made_on=date(2026, 4, 10), start=None, end=None, packs=[])
    path = tmp_path / "x.json"
    path.write_bytes(data)
    assert [f.duty for f in read_extract(path).facts] == ["police.refer_support"]

    # An extract edited (or written by another tool) to carry one is refused, checksum and all.
    document = json.loads(data)
    document["rows"].append([*document["rows"][0][:1], "advocate.first_contact", "advocate",
                             *document["rows"][0][3:]])  # fmt: skip
    del document["sha256"]
    document["sha256"] = _checksum(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match="service standard"):
        read_extract(path)
