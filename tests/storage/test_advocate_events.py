"""The advocate's events (protection.md) through the existing event API and the case file:
every type round-trips (a risk form's `answers` object, a contact's `time`), and handover and
backup/restore carry them, their notes and the safety-plan items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.storage.advocate_data import ADVOCATE_EVENTS, CONTACT_NOTE, advocate_scenario
from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.domain.events import Event
from vcop_desktop.domain.vocabulary import ADVOCATE_EVENT_TYPES
from vcop_desktop.errors import UserError
from vcop_desktop.storage import KdfParams, Workspace, cipher
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.rawfile import read_case_checked
from vcop_desktop.storage.workspace import generate_transfer_passphrase


def _fields(raw: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in raw.items() if k not in ("id", "type", "date")}


def _plain(event: Event) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in event.fields.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif name == "answers":
            out[name] = dict(event.get_answers(name))
        else:
            out[name] = value
    return out


def test_the_data_has_every_advocate_type() -> None:
    assert {e["type"] for e in ADVOCATE_EVENTS} >= ADVOCATE_EVENT_TYPES


def test_every_advocate_type_round_trips_through_add_event(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        for raw in ADVOCATE_EVENTS:
            note = CONTACT_NOTE if raw["type"] == "contact" else None
            handle.add_event(
                str(raw["type"]),
                date.fromisoformat(str(raw["date"])),
                _fields(raw),
                note=note,
                event_id=str(raw["id"]),
            )
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    _info, _summary, raw_read = read_case_checked(
        case_path(ws_dir, case.case_id), key, case.case_id
    )
    with ws.open_case(case.case_id) as handle:  # read back from the file, reopened
        records = {r.event.id: r for r in handle.events()}
        orm_read = handle.scenario()
    for raw in ADVOCATE_EVENTS:
        event = records[str(raw["id"])].event
        assert (event.type, event.date.isoformat()) == (raw["type"], raw["date"])
        assert _plain(event) == _fields(raw), raw["id"]
    assert records["c1"].note == CONTACT_NOTE and records["c1"].recorded_by == "tester"
    assert records["c1"].event.get_str("time") == "14:30"
    answers = records["a1"].event.get_answers("answers")
    assert dict(answers) == {
        "threatened_to_kill": True,
        "separation": True,
        "pregnant_or_new_baby": False,
    }
    assert raw_read.events == orm_read.events  # the light path reads them the same way


def test_import_and_export_keep_every_advocate_field(ws: Workspace) -> None:
    data = advocate_scenario()
    case = ws.import_scenario(data)
    exported = ws.export_scenario(case.case_id)
    assert exported["events"] == data["events"]


def _with_plan_and_note(ws: Workspace) -> str:
    case = ws.import_scenario(advocate_scenario())
    with ws.open_case(case.case_id) as handle:
        handle.edit_event("c1", note=CONTACT_NOTE)
        handle.safety_plan.add("Change the locks", "Advocate", date(2026, 4, 1))
    return case.case_id


def _plan(ws: Workspace, case_id: str) -> list[tuple[str, str, date, date | None]]:
    with ws.open_case(case_id) as handle:
        return [
            (i.what, i.responsible, i.review_on, i.closed_on) for i in handle.safety_plan.items()
        ]


def _contact_note(ws: Workspace, case_id: str) -> str | None:
    with ws.open_case(case_id) as handle:
        return next(r.note for r in handle.events() if r.event.id == "c1")


def test_handover_carries_advocate_events_notes_and_plan(ws: Workspace, tmp_path: Path) -> None:
    case_id = _with_plan_and_note(ws)
    transfer = generate_transfer_passphrase()
    exported = ws.export_handover(case_id, tmp_path, transfer)
    assert b"Marrowgate" not in exported.read_bytes()  # encrypted on the way
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:
        imported = other.import_handover(exported, transfer)
        assert other.export_scenario(imported.case_id) == ws.export_scenario(case_id)
        assert _plan(other, imported.case_id) == _plan(ws, case_id)
        assert _contact_note(other, imported.case_id) == CONTACT_NOTE
        assert other.check().ok


def test_backup_and_restore_carry_advocate_events_and_plan(
    ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    case_id = _with_plan_and_note(ws)
    expected = (ws.export_scenario(case_id), _plan(ws, case_id))
    report = ws.backup(tmp_path / "backups")
    path = case_path(ws_dir, case_id)
    path.write_bytes(path.read_bytes()[:5000])  # damaged after the backup
    assert [p.kind for p in ws.problems()] == ["truncated"]
    restored = ws.restore(report.set_dir, passphrase=PASSPHRASE, cases=[case_id])
    assert restored.restored == (case_id,)
    assert (ws.export_scenario(case_id), _plan(ws, case_id)) == expected
    assert _contact_note(ws, case_id) == CONTACT_NOTE


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("what", "Locks\nand more", "line break"),
        ("responsible", "Ann\x1b[2J", "control characters"),
        ("review_on", "9999-01-01", "out of range"),
    ],
)
def test_a_handed_over_plan_item_is_checked_like_the_rest(
    ws: Workspace, tmp_path: Path, column: str, value: str, message: str
) -> None:
    case_id = _with_plan_and_note(ws)
    transfer = generate_transfer_passphrase()
    exported = ws.export_handover(case_id, tmp_path, transfer)
    conn = cipher.connect(exported, transfer)
    try:
        conn.execute(f"UPDATE safety_plan_item SET {column} = ?", (value,))
    finally:
        conn.close()
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:
        with pytest.raises(UserError, match=message) as refused:
            other.import_handover(exported, transfer)
        assert f"safety_plan_item.{column}" in str(refused.value)
        assert "Ann" not in str(refused.value) and "Locks" not in str(refused.value)
        assert other.list_cases() == []


def test_a_scenario_with_an_assessment_on_an_unknown_form_is_refused_on_import(
    tmp_path: Path,
) -> None:
    """Its threshold unknown, the MARAC duty a high score brings would be dropped without a
    word: import refuses it in one line, as `duties` does."""
    workspace = Workspace.create(tmp_path / "ws", PASSPHRASE, kdf=KdfParams.cheap())
    data = {"case": {"victim_name": "Una Knownform"}, "events": [
        {"id": "a", "type": "risk_assessment", "date": "2026-03-03",
         "form": "no-such-form", "score": 20},
    ]}  # fmt: skip
    with pytest.raises(UserError, match="'no-such-form' is not a known risk form"):
        workspace.import_scenario(data)
    assert workspace.list_cases() == []
    data["events"][0]["form"] = "risk-factors-v1"  # type: ignore[index]
    assert workspace.import_scenario(data).case_id
    workspace.close()
