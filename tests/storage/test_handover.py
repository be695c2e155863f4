"""Handover: one case exported under a one-time transfer passphrase, imported elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop.errors import UserError
from vcop_desktop.storage import KdfParams, Workspace, cipher
from vcop_desktop.storage.workspace import generate_transfer_passphrase


def test_round_trip_into_another_workspace(ws: Workspace, tmp_path: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.add_note("handed over to the Eastvale service")
        handle.save_document("Complaint to the police", b"%PDF-1.7 synthetic")
    transfer = generate_transfer_passphrase()
    exported = ws.export_handover(case.case_id, tmp_path, transfer)
    assert exported.name == f"{case.case_code}.vcophandover"
    assert b"Quillfeather" not in exported.read_bytes()
    assert not cipher.looks_like_plain_sqlite(exported)

    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:
        imported = other.import_handover(exported, transfer)
        assert imported.case_id != case.case_id
        assert imported.case_code == case.case_code
        assert other.export_scenario(imported.case_id) == ws.export_scenario(case.case_id)
        with other.open_case(imported.case_id) as handle:
            assert [n.text for n in handle.notes()] == ["handed over to the Eastvale service"]
            doc, latest = handle.documents()[0]
            assert latest == 1
            assert handle.document_version(doc.id or 0).content == b"%PDF-1.7 synthetic"
            actions = [a.action for a in handle.audit_log()]
            assert "case exported for handover" in actions
            assert actions[-1] == "case received by handover"
        # importing twice gives a second case with a fresh code
        again = other.import_handover(exported, transfer)
        assert again.case_code != imported.case_code
        assert other.check().ok


def test_wrong_transfer_passphrase_is_a_clear_error(ws: Workspace, tmp_path: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    exported = ws.export_handover(case.case_id, tmp_path / "case.vcophandover", "X" * 20)
    before = exported.read_bytes()
    with pytest.raises(UserError, match="wrong transfer passphrase"):
        ws.import_handover(exported, "Y" * 20)
    assert exported.read_bytes() == before
    assert len(ws.list_cases()) == 1


def test_transfer_passphrases_are_long_and_one_time() -> None:
    seen = {generate_transfer_passphrase() for _ in range(50)}
    assert len(seen) == 50
    assert all(len(p) == 29 for p in seen)


def test_short_transfer_passphrase_is_refused(ws: Workspace, tmp_path: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with pytest.raises(UserError, match="12 characters"):
        ws.export_handover(case.case_id, tmp_path, "short")


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("case_code", "../../x", "case code"),
        ("case_code", "VC-2026-0001\n", "case code"),
        ("crime_reference", "QX/1\x1b[2J", "control characters"),
        ("crime_reference", "Q" * 200_000, "too long"),
    ],
)
def test_a_handover_file_is_untrusted_input(
    ws: Workspace, tmp_path: Path, column: str, value: str, why: str
) -> None:
    case = ws.import_scenario(SCENARIO)
    transfer = generate_transfer_passphrase()
    exported = ws.export_handover(case.case_id, tmp_path / "out.vcophandover", transfer)
    conn = cipher.connect(exported, transfer)
    try:
        conn.execute(f"UPDATE case_details SET {column} = ?", (value,))
    finally:
        conn.close()
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:
        with pytest.raises(UserError, match=why):
            other.import_handover(exported, transfer)
        assert list((tmp_path / "other" / "cases").iterdir()) == []
        assert other._keystore.case_ids() == []
    assert not (tmp_path / "x").exists()


def test_handover_and_export_refuse_to_write_into_the_workspace(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with pytest.raises(UserError, match="inside the workspace"):
        ws.export_handover(case.case_id, ws.folder / "cases", generate_transfer_passphrase())
    with pytest.raises(UserError, match="inside the workspace"):
        ws.backup(ws.folder / "backups")


def test_an_erased_case_never_comes_back_through_its_old_handover_file(
    ws: Workspace, tmp_path: Path
) -> None:
    """Erased means erased: an export made before the erase is refused by this workspace (it
    would have come back under a fresh id), and nothing is left behind."""
    case = ws.import_scenario(SCENARIO)
    transfer = generate_transfer_passphrase()
    exported = ws.export_handover(case.case_id, tmp_path, transfer)
    ws.erase_case(case.case_id)
    before = sorted(p.name for p in (ws.folder / "cases").iterdir())
    with pytest.raises(UserError, match="erased from this workspace"):
        ws.import_handover(exported, transfer)
    assert ws.list_cases() == []
    assert sorted(p.name for p in (ws.folder / "cases").iterdir()) == before
    assert ws.check().ok
    other = Workspace.create(tmp_path / "other", "another passphrase", kdf=KdfParams.cheap())
    with other:  # another service, which never held the case, may take it
        assert other.import_handover(exported, transfer).case_code == case.case_code
