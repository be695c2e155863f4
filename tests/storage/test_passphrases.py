"""Passphrases: NFC-normalised (old workspaces keep opening and are re-wrapped), and the
command line refuses the passphrases the window refuses; outputs never go into the workspace."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.cli import main
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.keystore import _check_value

COMPOSED = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_composed_and_decomposed_forms_open_the_same_workspace(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", DECOMPOSED, kdf=KdfParams.cheap()).close()
    Workspace.open(tmp_path / "ws", COMPOSED).close()
    Workspace.open(tmp_path / "ws", DECOMPOSED).close()


def test_a_workspace_made_before_normalisation_opens_and_is_re_wrapped(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    ws = Workspace.create(folder, COMPOSED, kdf=KdfParams.cheap())
    ws.import_scenario(SCENARIO)
    ws.close()
    # Rewrite it as an older version would have made it from the raw (decomposed) form.
    params = KdfParams.cheap()
    meta = json.loads((folder / "keystore.json").read_text())
    salt = bytes.fromhex(meta["kdf"]["salt"])
    raw_master = params.derive(DECOMPOSED, salt)
    nfc_master = params.derive(COMPOSED, salt)
    assert meta["check"] == _check_value(nfc_master)
    from vcop_desktop.storage import cipher
    from vcop_desktop.storage.keystore import _subkey

    keys = folder / meta["keys_file"]
    conn = cipher.connect(keys, _subkey(nfc_master, "key-file"))
    conn.execute(f"PRAGMA rekey = {cipher.key_pragma_value(_subkey(raw_master, 'key-file'))}")
    conn.close()
    meta["check"] = _check_value(raw_master)
    (folder / "keystore.json").write_text(json.dumps(meta))

    with Workspace.open(folder, DECOMPOSED) as opened:  # NFC fails, the raw form works
        assert len(opened.list_cases()) == 1
    assert json.loads((folder / "keystore.json").read_text())["check"] != _check_value(raw_master)
    with Workspace.open(folder, COMPOSED) as reopened:  # re-wrapped under the NFC form
        assert len(reopened.list_cases()) == 1


@pytest.mark.parametrize("weak", ["short", "password123456", "aaaaaaaaaaaaaaaa"])
def test_the_command_line_refuses_what_the_window_refuses(
    weak: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VCOP_PASSPHRASE", weak)
    assert main(["init", "--workspace", str(tmp_path / "ws"), "--kdf-time", "1"]) == 2
    assert "weak" in capsys.readouterr().err
    assert not (tmp_path / "ws" / "keystore.json").exists()
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    assert main(["init", "--workspace", str(tmp_path / "ws"), "--kdf-time", "1"]) == 0
    monkeypatch.setenv("VCOP_NEW_PASSPHRASE", weak)
    assert main(["passwd", "--workspace", str(tmp_path / "ws")]) == 2
    Workspace.open(tmp_path / "ws", PASSPHRASE).close()


def test_output_options_refuse_the_workspace(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = ws.import_scenario(SCENARIO)
    ws.close()
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    keystore = ws.folder / "keystore.json"
    before = keystore.read_bytes()
    for args in (
        ["export-scenario", "--case", case.case_id, "-o", str(keystore)],
        ["backup", "--to", str(ws.folder / "cases")],
        ["handover-export", "--case", case.case_id, "--to", str(ws.folder)],
    ):
        assert main([*args, "--workspace", str(ws.folder)]) == 2, args
        assert "inside the workspace" in capsys.readouterr().err
    assert keystore.read_bytes() == before
