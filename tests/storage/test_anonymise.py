"""Anonymising a closed case at its retention review (issue 20 §2): nothing of the victim in
the case file, a backup made afterwards, the index or an extract, the old file's copies
destroyed, and the case's Code and service report figures unchanged. Synthetic data only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.storage.advocate_data import ADVOCATE_EVENTS, SENSITIVE
from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.cli import main
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace, cipher, intents, retention_log
from vcop_desktop.storage.files import INDEX_FILE, case_path
from vcop_desktop.storage.recipient_choices import choose_recipient

CLOSED = date(2026, 3, 20)
TODAY = date(2032, 6, 1)  # past the six-year review of a case closed on CLOSED
PERIOD = ["--from", "2026-01-01", "--to", "2026-12-31", "--today", TODAY.isoformat()]

#: Everything of the victim the case holds, each a distinctive (synthetic) marker.
MARKERS = (
    *SENSITIVE,
    "1990-05-01",  # date of birth
    "Flat 9 Nowhere Mews",
    "07700 900123",
    "zq@example.org",
    "never ring after six",
    "Torvald-Umbridge",  # in a note
    "Dear Quillfeather",  # a letter
    "Inspector Grimsditch",  # an agency contact
    "CR-Thistlewood-77",  # a complaint reference (free text of an event)
    "Pemberton sickness",  # an agency's reason's words
    "Wrenfield refuge",  # an event's note
    "Helmsworth",  # the officer's name on the case
)


def _scenario() -> dict[str, Any]:
    events = [
        *SCENARIO["events"],  # type: ignore[misc]
        *ADVOCATE_EVENTS,
        {"id": "k1", "type": "complaint_made", "date": "2026-03-13", "against": "police",
         "reference": "CR-Thistlewood-77"},
        {"id": "z1", "type": "case_closed", "date": CLOSED.isoformat()},
    ]  # fmt: skip
    return {**SCENARIO, "events": events}


def _fill(ws: Workspace, case_id: str) -> None:
    """Every kind of personal detail a case can hold, into the case."""
    with ws.open_case(case_id) as h:
        h.update_victim(
            address="Flat 9 Nowhere Mews",
            phone="07700 900123",
            email="zq@example.org",
            contact_warnings="never ring after six",
            equality_consent=True,
            ethnicity="asian",
            sex="female",
            disability="yes",
        )
        h.update_case(officer_name="Helmsworth", status="closed")
        h.add_note("Spoke to Torvald-Umbridge (brother)")
        h.save_document("Letter", "Dear Quillfeather".encode("utf-16-le"))
        h.add_contact("police", name="Inspector Grimsditch", phone="01632 960001")
        h.edit_event("c1", note="Spoke at Marrowgate; new number 07700 900461")
        h.edit_event("i1", note="Wrenfield refuge")
        h.safety_plan.add("Locks at Brackenwood", "Advocate", date(2026, 4, 1))
        overdue = next(o for o in h.obligations(TODAY).obligations if o.status.is_breach)
        h.record_good_reason(overdue.duty, overdue.trigger, "Pemberton sickness", today=TODAY)
        choose_recipient(h, "police", "entry-7")


def _text_of(path: Path, key: bytes) -> str:
    """Every value of every table of an encrypted file, as text (blobs read every way)."""
    parts: list[str] = []
    conn = cipher.connect(path, key, readonly=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        parts += [value.decode("utf-8", "replace"),
                                  value.decode("utf-16-le", "replace")]  # fmt: skip
                    else:
                        parts.append(str(value))
    finally:
        conn.close()
    return "\n".join(parts)


def _found(text: str) -> list[str]:
    return [m for m in MARKERS if m.lower() in text.lower()]


def _reports(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> list[Any]:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    out: list[Any] = []
    breakdowns = ["--by", "under_18", "age_band", "ethnicity", "sex", "disability"]
    for extra in ([], ["--by", "agency", "flag"], breakdowns, ["--service"]):
        assert (
            main(["report", "--workspace", str(folder), *PERIOD, *extra, "--format", "json"]) == 0
        )
        out.append(json.loads(capsys.readouterr().out))
    return out


def test_anonymise_leaves_nothing_of_the_victim_and_the_figures_unchanged(
    ws: Workspace, ws_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    case = ws.import_scenario(_scenario())
    _fill(ws, case.case_id)
    ws.add_demo_cases(3, seed=7, today=CLOSED)
    old_key = ws._keystore.case_key(case.case_id)
    assert old_key is not None
    assert len(_found(_text_of(case_path(ws_dir, case.case_id), old_key))) == len(MARKERS)
    earlier = tmp_path / "backups"
    ws.backup(earlier)
    old_copies = list(earlier.rglob(f"{case.case_id}.vcop"))
    assert old_copies
    before = _reports(ws_dir, monkeypatch, capsys)

    new = ws.anonymise_case(case.case_code, TODAY)

    assert new.case_code == case.case_code and new.case_id != case.case_id
    assert new.victim_name == case.case_code  # the index's name is the case code
    new_key = ws._keystore.case_key(new.case_id)
    assert new_key is not None and new_key != old_key
    assert _found(_text_of(case_path(ws_dir, new.case_id), new_key)) == []
    with ws.open_case(new.case_id) as h:
        assert [a.action for a in h.audit_log()] == ["case anonymised at retention review"]
        contents = h.contents()
        assert contents.notes == [] and contents.documents == [] and h.contacts() == []
        assert len(contents.events) == len(_scenario()["events"])
    # The old case is gone everywhere: its file, its key, its copies in the backup folder.
    assert not case_path(ws_dir, case.case_id).exists()
    assert ws._keystore.case_key(case.case_id) is None
    assert not any(p.exists() for p in old_copies)
    # The index, and a backup made afterwards, hold nothing of the victim either.
    assert _found(_text_of(ws_dir / INDEX_FILE, ws._keystore.index_key())) == []
    later = tmp_path / "later"
    ws.backup(later)
    copies = list(later.rglob(f"{new.case_id}.vcop"))
    assert copies and all(_found(_text_of(c, new_key)) == [] for c in copies)
    assert not list(later.rglob(f"{case.case_id}.vcop"))
    # The figures: Code report (by agency and flag, by the victim's age and recorded
    # characteristics) and service report, unchanged.
    assert _reports(ws_dir, monkeypatch, capsys) == before
    extract = tmp_path / "x.json"
    args = ["report", "--workspace", str(ws_dir), *PERIOD, "--extract", "--out", str(extract)]
    assert main(args) == 0
    assert _found(extract.read_text(encoding="utf-8")) == []
    assert [(line.case_code, line.action) for line in retention_log.lines(ws._keystore)] == [
        (case.case_code, "anonymised at retention review")
    ]
    assert intents.pending(ws_dir) == []


def test_an_old_backup_cannot_bring_the_case_back_after_anonymising(
    ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    case = ws.import_scenario(_scenario())
    ws.backup(tmp_path / "backups")
    unregistered = tmp_path / "copy-made-by-hand"
    import shutil

    shutil.copytree(tmp_path / "backups", unregistered)  # a copy the purge cannot know of
    ws.anonymise_case(case.case_id, TODAY)
    (backup_set,) = [p for p in unregistered.iterdir() if p.is_dir()]
    report = ws.restore(backup_set, passphrase=PASSPHRASE)
    assert report.erased_left_out == 1
    assert [c.victim_name for c in ws.list_cases()] == [case.case_code]


def test_a_child_victims_date_of_birth_is_replaced_so_enhanced_rights_stay(
    ws: Workspace, ws_dir: Path
) -> None:
    scenario = _scenario()
    scenario["case"] = {**scenario["case"], "victim_dob": "2010-07-14"}  # 15 at the offence
    case = ws.import_scenario(scenario)
    assert ws.obligations(case.case_id, TODAY).enhanced
    before = ws.obligations(case.case_id, TODAY)
    new = ws.anonymise_case(case.case_id, TODAY)
    after = ws.obligations(new.case_id, TODAY)
    assert after.enhanced and "under_18" in after.enhanced_grounds
    key = ws._keystore.case_key(new.case_id)
    assert key is not None and "2010-07-14" not in _text_of(case_path(ws_dir, new.case_id), key)
    agency = [o for o in before.obligations if o.owed_by != "victim"]
    assert [o for o in after.obligations if o.owed_by != "victim"] == agency


def test_an_open_case_is_not_anonymised(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with pytest.raises(UserError, match="open or already anonymised"):
        ws.anonymise_case(case.case_id, TODAY)
    assert case_path(ws_dir, case.case_id).exists()
    assert intents.pending(ws_dir) == []


def test_a_crash_before_the_new_file_lands_leaves_the_old_case(ws_dir: Path) -> None:
    from vcop_desktop.storage import KdfParams

    with Workspace.create(ws_dir, PASSPHRASE, kdf=KdfParams.cheap(), actor="t") as ws:
        case = ws.import_scenario(_scenario())
        planned = "ab" * 16
        ws._keystore.add_case_key(planned)  # the new key was made; the file never landed
        intents.begin(ws_dir, "anonymise", case_id=case.case_id, new_case_id=planned)
    with Workspace.open(ws_dir, PASSPHRASE) as ws:
        assert ws.recovered is not None
        assert f"anonymise {case.case_id}" in ws.recovered.rolled_back
        assert ws._keystore.case_key(planned) is None
        assert [c.case_id for c in ws.list_cases()] == [case.case_id]
        assert ws.scenario(case.case_id).case.victim_name == "Zebediah Quillfeather"


def test_a_crash_after_the_new_file_landed_finishes_erasing_the_old_case(
    ws_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vcop_desktop.storage import KdfParams, recovery

    with Workspace.create(ws_dir, PASSPHRASE, kdf=KdfParams.cheap(), actor="t") as ws:
        case = ws.import_scenario(_scenario())

        def crash(*_args: object, **_kwargs: object) -> None:
            raise KeyboardInterrupt  # the power goes as the old case is about to be erased

        monkeypatch.setattr(recovery, "finish_erase", crash)
        with pytest.raises(KeyboardInterrupt):
            ws.anonymise_case(case.case_id, TODAY)
        monkeypatch.undo()
        assert len(intents.pending(ws_dir)) == 1
    with Workspace.open(ws_dir, PASSPHRASE) as ws:
        assert ws.recovered is not None
        assert f"anonymise {case.case_id}" in ws.recovered.finished
        (only,) = ws.list_cases()
        assert only.case_id != case.case_id and only.victim_name == case.case_code
        assert not case_path(ws_dir, case.case_id).exists()
        assert ws._keystore.case_key(case.case_id) is None


def test_a_case_whose_figures_would_change_is_not_anonymised_and_nothing_changes(
    ws: Workspace, ws_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vcop_desktop.storage import anonymise

    case = ws.import_scenario(_scenario())
    keys = set(ws._keystore.case_ids())
    monkeypatch.setattr(anonymise, "same_figures", lambda before, after: False)
    with pytest.raises(UserError, match="without changing its figures"):
        ws.anonymise_case(case.case_id, TODAY)
    assert set(ws._keystore.case_ids()) == keys
    assert [c.case_id for c in ws.list_cases()] == [case.case_id]
    assert sorted(p.name for p in (ws_dir / "cases").iterdir()) == [f"{case.case_id}.vcop"]
    assert intents.pending(ws_dir) == [] and retention_log.lines(ws._keystore) == []


def test_no_free_text_field_of_any_event_type_survives() -> None:
    from vcop_desktop.domain.retention import REMOVED, anonymised_fields
    from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FieldKind

    for event_type, specs in EVENT_FIELDS.items():
        fields = {s.name: "MARKER" if s.kind is FieldKind.TEXT else 1 for s in specs}
        kept = anonymised_fields(event_type, {**fields, "unknown": "MARKER"})
        for name, value in kept.items():
            if value == "MARKER":
                assert (event_type, name) == ("risk_assessment", "form")
        for spec in specs:
            if spec.kind is FieldKind.TEXT and spec.required and spec.name != "form":
                assert kept[spec.name] == REMOVED
            if spec.kind is FieldKind.ANSWERS:
                assert spec.name not in kept


def test_a_case_file_still_at_format_1_4_is_anonymised(ws: Workspace, ws_dir: Path) -> None:
    """A closed case untouched since before format 1.5 (no columns for the characteristics):
    the read-only look at it must not ask for columns it does not have."""
    from tests.storage.test_equality_monitoring import _make_1_4

    case = ws.import_scenario(_scenario())
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    _make_1_4(case_path(ws_dir, case.case_id), key)
    new = ws.anonymise_case(case.case_id, TODAY)
    assert new.case_code == case.case_code
    assert ws.obligations(new.case_id, TODAY).obligations
