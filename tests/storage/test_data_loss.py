"""Ways a case used to be lost, each reproduced: a bad case abandoning a whole backup, a backup
changed by restoring from it, one impossible date breaking every command, a failed import
leaving a case behind, erase leaving the key in backup key files."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO, TODAY, file_hashes
from vcop_desktop.cli import main
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.backup import backup_sets
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.intents import INTENTS_DIR
from vcop_desktop.storage.rawfile import open_raw


def _damage_a_page(path: Path) -> None:
    """A bad page in the middle of the file (the header and schema stay readable)."""
    data = bytearray(path.read_bytes())
    offset = len(data) - cipher.PAGE_SIZE + 200  # inside the last page
    for i in range(offset, offset + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _grow(ws: Workspace, case_id: str) -> None:
    with ws.open_case(case_id) as handle:
        for n in range(12):
            handle.add_note(f"padding {n} " + "z" * 3000)


def test_one_bad_case_is_skipped_and_the_rest_backed_up(demo_ws: Workspace, tmp_path: Path) -> None:
    cases = demo_ws.list_cases()
    bad = cases[0].case_id
    _grow(demo_ws, bad)
    demo_ws.close()
    _damage_a_page(case_path(demo_ws.folder, bad))
    with Workspace.open(demo_ws.folder, PASSPHRASE) as ws:
        report = ws.backup(tmp_path / "backups")
    assert [c for c, _why in report.skipped] == [bad]
    assert len(report.copied) == len(cases) - 1
    assert backup_sets(tmp_path / "backups") == [report.set_dir]


def test_cli_backup_exits_non_zero_when_it_skipped_a_case(
    demo_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = demo_ws.list_cases()[0].case_id
    _grow(demo_ws, bad)
    demo_ws.close()
    _damage_a_page(case_path(demo_ws.folder, bad))
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    status = main(["backup", "--workspace", str(demo_ws.folder), "--to", str(tmp_path / "b")])
    out, err = capsys.readouterr()
    assert status == 1
    assert "not backed up" in err and "skipped 1" in out


def test_restore_never_modifies_the_backup(demo_ws: Workspace, tmp_path: Path) -> None:
    set_dir = demo_ws.backup(tmp_path / "backups").set_dir
    before = file_hashes(set_dir)
    names = sorted(p.name for p in set_dir.rglob("*"))
    demo_ws.restore(set_dir, passphrase=PASSPHRASE)
    assert file_hashes(set_dir) == before
    assert sorted(p.name for p in set_dir.rglob("*")) == names  # no -wal, -shm, journal


def test_wrong_backup_passphrase_says_so(demo_ws: Workspace, tmp_path: Path) -> None:
    set_dir = demo_ws.backup(tmp_path / "backups").set_dir
    with pytest.raises(UserError) as info:
        demo_ws.restore(set_dir, passphrase="not it")
    assert "backup" in str(info.value) and "still locked" not in str(info.value)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("date", "9999-12-20"),
        ("date", "1066-10-14"),
        ("interval_days", 10_000_000),
    ],
)
def test_impossible_values_are_refused_at_the_parser(
    ws: Workspace, ws_dir: Path, where: str, value: object
) -> None:
    scenario = copy.deepcopy(SCENARIO)
    events = scenario["events"]
    assert isinstance(events, list)
    if where == "date":
        events[1]["date"] = value
    else:
        events.append(
            {"id": "u1", "type": "update_frequency_agreed", "date": "2026-03-07", where: value}
        )
    with pytest.raises(UserError, match="out of range"):
        ws.import_scenario(scenario)
    assert list((ws_dir / "cases").iterdir()) == []
    assert ws._keystore.case_ids() == []


def test_a_case_that_cannot_be_evaluated_is_its_own_problem(
    demo_ws: Workspace, ws_dir: Path
) -> None:
    victim = demo_ws.list_cases()[0].case_id
    key = demo_ws._keystore.case_key(victim)
    assert key is not None
    with open_raw(case_path(ws_dir, victim), key) as conn:  # as an old version let in
        conn.execute("UPDATE case_event SET date = '9999-12-30'")
    demo_ws.rebuild_index()
    board = demo_ws.dashboard(30, TODAY)
    assert [p.path.name for p in board.problems] == [f"{victim}.vcop"]
    assert board.items  # the other cases still work
    assert len(demo_ws.list_cases()) == 5
    demo_ws.erase_case(victim)  # and the bad one can still be erased
    assert demo_ws.check().ok


def test_a_failed_import_leaves_nothing(
    ws: Workspace, ws_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(case_id: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(ws, "_refresh_entry", broken)
    with pytest.raises(UserError) as info:
        ws.import_scenario(SCENARIO)
    assert "disk is full" not in str(info.value)
    assert list((ws_dir / "cases").iterdir()) == []
    assert ws._keystore.case_ids() == []
    assert list((ws_dir / INTENTS_DIR).iterdir()) == []


def test_erase_removes_the_key_from_backup_key_files_and_names_unreachable_folders(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    victim = demo_ws.list_cases()[0].case_id
    set_dir = demo_ws.backup(tmp_path / "backups").set_dir
    gone = demo_ws.backup(tmp_path / "usb").set_dir
    (tmp_path / "usb").rename(tmp_path / "usb-unplugged")
    report = demo_ws.erase_case(victim)
    assert report.unreachable_backup_folders == ((tmp_path / "usb").resolve(),)
    from vcop_desktop.storage.keystore import Keystore

    copy_keys = Keystore.unlock(set_dir, PASSPHRASE, readonly=True)
    try:
        assert copy_keys.case_key(victim) is None
        assert len(copy_keys.case_ids()) == 5
    finally:
        copy_keys.close()
    assert gone.name  # the unreachable set was left as it was


def test_garbage_settings_and_a_missing_cases_folder_are_reported(
    ws: Workspace, ws_dir: Path, tmp_path: Path
) -> None:
    ws.import_scenario(SCENARIO)
    (ws_dir / "workspace.json").write_text("{not json")
    with pytest.raises(UserError, match=r"workspace\.json .* damaged"):
        ws.backup(tmp_path / "b")
    (ws_dir / "workspace.json").write_text(json.dumps({"backup_folders": []}))
    (ws_dir / "cases").rename(ws_dir / "cases-moved")
    with pytest.raises(UserError, match="cases folder is missing"):
        ws.list_cases()


def test_case_and_victim_dates_are_bounded_in_every_form(ws: Workspace) -> None:
    from datetime import date

    with pytest.raises(UserError, match="between 1900 and 2200"):
        ws.create_case(victim_name="Test Person", offence_date=date(9999, 12, 30))
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        with pytest.raises(UserError, match="between 1900 and 2200"):
            handle.update_case(offence_date=date(9999, 12, 30))
        with pytest.raises(UserError, match="between 1900 and 2200"):
            handle.update_victim(date_of_birth=date(1066, 10, 14))
    assert ws.check().ok and not ws.problems()


@pytest.mark.parametrize("born", [date(202, 1, 1), date(1066, 10, 14), date(1899, 12, 31)])
def test_a_new_case_refuses_a_date_of_birth_before_1900(ws: Workspace, born: date) -> None:
    with pytest.raises(UserError, match=r"date of birth .* between 1900 and 2200"):
        ws.create_case(victim_name="Test Person", victim_dob=born)
    scenario = {**SCENARIO, "case": {**SCENARIO["case"], "victim_dob": born.isoformat()}}  # type: ignore[dict-item]
    with pytest.raises(UserError):
        ws.import_scenario(scenario)
    assert ws.list_cases() == []
    ok = ws.create_case(victim_name="Test Person", victim_dob=date(1900, 1, 1))
    assert [c.case_id for c in ws.list_cases()] == [ok.case_id]
