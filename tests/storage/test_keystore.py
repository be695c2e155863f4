"""The keystore: Argon2id parameters recorded, wrong passphrase refused with nothing changed,
passphrase change re-keys every case file and re-wraps the keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO, file_hashes
from vcop_desktop.storage import CaseFileError, KdfParams, Workspace, WrongPassphraseError
from vcop_desktop.storage.keystore import Keystore
from vcop_desktop.storage.rawfile import probe


def test_kdf_parameters_and_salt_are_recorded(ws: Workspace, ws_dir: Path) -> None:
    meta = json.loads((ws_dir / "keystore.json").read_text())
    assert meta["kdf"]["algorithm"] == "argon2id"
    assert meta["kdf"]["time_cost"] == 1 and meta["kdf"]["memory_cost_kib"] == 8
    assert len(bytes.fromhex(meta["kdf"]["salt"])) == 16
    assert PASSPHRASE not in (ws_dir / "keystore.json").read_text()


def test_default_cost_is_the_strong_one() -> None:
    assert KdfParams() == KdfParams(time_cost=4, memory_cost_kib=65536, parallelism=1)


def test_wrong_passphrase_is_refused_and_nothing_changes(ws: Workspace, ws_dir: Path) -> None:
    ws.import_scenario(SCENARIO)
    ws.close()
    before = file_hashes(ws_dir)
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        Workspace.open(ws_dir, "not the passphrase")
    assert file_hashes(ws_dir) == before


def test_passwd_rekeys_every_case_file_and_reports_the_time(ws: Workspace, ws_dir: Path) -> None:
    """Old passphrase + an old copy of the key file must open none of today's case files."""
    case = ws.import_scenario(SCENARIO)
    old_key = ws._keystore.case_key(case.case_id)
    ws.close()
    case_files = {k: v for k, v in file_hashes(ws_dir).items() if k.startswith("cases/")}
    with Workspace.open(ws_dir, PASSPHRASE) as opened:
        report = opened.change_passphrase("a brand new passphrase")
    assert report.rekeyed == 1 and report.seconds > 0
    after = {k: v for k, v in file_hashes(ws_dir).items() if k.startswith("cases/")}
    assert after.keys() == case_files.keys() and after != case_files
    assert len(list(ws_dir.glob("keys-*.vcopkeys"))) == 1
    assert old_key is not None
    with pytest.raises(CaseFileError):
        probe(ws_dir / "cases" / f"{case.case_id}.vcop", old_key)
    with pytest.raises(WrongPassphraseError):
        Workspace.open(ws_dir, PASSPHRASE)
    with Workspace.open(ws_dir, "a brand new passphrase") as reopened:
        assert reopened.scenario(case.case_id).case.victim_name == "Zebediah Quillfeather"
        assert reopened.check().ok


def test_interrupted_passwd_leaves_the_old_passphrase_working(ws: Workspace, ws_dir: Path) -> None:
    """A key file written by a passphrase change that crashed before the switch is ignored
    and cleaned up; the old passphrase still opens everything."""
    case = ws.import_scenario(SCENARIO)
    ws.close()
    orphan = ws_dir / "keys-00000000deadbeef.vcopkeys"
    orphan.write_bytes(b"\0" * 4096)
    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        assert reopened.scenario(case.case_id).events
    assert not orphan.exists()


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WrongPassphraseError):
        Keystore.create(tmp_path, "", KdfParams.cheap())


def test_no_workspace_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no workspace") as info:
        Workspace.open(tmp_path / "nothing-here", PASSPHRASE)
    assert "init" in str(info.value)


def test_a_second_workspace_in_the_same_folder_is_refused(ws: Workspace, ws_dir: Path) -> None:
    with pytest.raises(Exception, match="already holds a workspace"):
        Workspace.create(ws_dir, PASSPHRASE, kdf=KdfParams.cheap())
