"""Law updates reaching an offline laptop: a signed file, shown before it is accepted, installed
atomically with an audit record, rolled back; anything broken or older refused, nothing changed.

Signed with a throwaway key made here; the app is made to trust its public key for the test.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.storage.conftest import PASSPHRASE, file_hashes
from vcop_desktop.cli import main
from vcop_desktop.errors import UserError
from vcop_desktop.rules import bundled_rules_dir
from vcop_desktop.rules import update as update_module
from vcop_desktop.rules.update import sign_update
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.law import audit_records, installed_files, workspace_rulebook

CHEAP = ["--kdf-time", "1", "--kdf-memory", "8"]
TODAY = "2026-09-30"
#: A Crown Court sentence on 4 Sep 2026: the ULS request is due 2 Oct 2026 (28 days).
CROWN = {
    "case": {"offence_date": "2025-12-01", "flags": ["violent_or_sexual_offence"]},
    "events": [
        {"id": "s", "type": "sentence", "date": "2026-09-04", "court": "crown"},
    ],
}
#: No sentence: nothing in it touches the ULS limit.
OTHER = {
    "case": {"offence_date": "2026-02-27", "flags": []},
    "events": [{"id": "e1", "type": "crime_reported", "date": "2026-03-02"}],
}


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> Ed25519PrivateKey:
    """A throwaway publisher key the app trusts for this test only."""
    private = Ed25519PrivateKey.generate()
    monkeypatch.setattr(update_module, "trusted_keys", lambda: [private.public_key()])
    return private


def six_month_pack(version: int = 2) -> str:
    """The victim's deadlines pack with the ULS limit at six months and the pending change
    ended, as a publisher would issue it once the change is verified in force."""
    text = (bundled_rules_dir() / "victim-deadlines.toml").read_text(encoding="utf-8")
    text = text.replace("version = 1", f"version = {version}", 1)
    head, sep, tail = text.partition('id = "victim.uls_request"')
    tail = tail.replace("limit = { days = 28 }", "limit = { months = 6 }", 1)
    text = head + sep + tail
    return text.split("# --- Pending changes")[0]


def signed(key: Ed25519PrivateKey, version: int = 2) -> bytes:
    return sign_update(
        [("victim-deadlines.toml", six_month_pack(version))], key, published=date(2027, 1, 15)
    )


@pytest.fixture
def workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Path]:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "ws"
    assert main(["init", "--workspace", str(folder), *CHEAP]) == 0
    for name, scenario in (("crown", CROWN), ("other", OTHER)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(scenario))
        assert main(["import-scenario", "--workspace", str(folder), str(path)]) == 0
    capsys.readouterr()
    yield folder


def law(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["law", *args])
    out, err = capsys.readouterr()
    return status, out, err


def uls_due(folder: Path) -> str:
    with Workspace.open(folder, PASSPHRASE) as ws:
        for summary in ws.list_cases():
            for o in ws.obligations(summary.case_id, date.fromisoformat(TODAY)).obligations:
                if o.duty == "victim.uls_request":
                    return f"{o.due.isoformat() if o.due else None} {o.pack} v{o.pack_version}"
    raise AssertionError("no ULS obligation")


def crown_code(folder: Path) -> str:
    with Workspace.open(folder, PASSPHRASE) as ws:
        (code,) = [
            s.case_code
            for s in ws.list_cases()
            if any(e.type == "sentence" for e in ws.scenario(s.case_id).events)
        ]
    return code


def test_a_signed_update_lists_exactly_what_moves_installs_and_rolls_back(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    update = tmp_path / "law-2027-01.vcoplaw"
    update.write_bytes(signed(key))
    assert uls_due(workspace) == "2026-10-02 victim-deadlines-2015 v1"
    code = crown_code(workspace)

    status, out, err = law(capsys, "update", str(update), "--workspace", str(workspace),
                           "--yes", "--today", TODAY)  # fmt: skip
    assert status == 0, err
    listed = [line.strip() for line in out.splitlines()]
    # Exactly one obligation moves, in the one case with a Crown Court sentence.
    moved = [line for line in listed if line.startswith("VC-")]
    assert moved == [
        f"{code}: victim.uls_request (trigger s): due 2026-10-02 -> 2027-03-04; "
        "pending change ended: pending.uls_six_months"
    ]
    assert "Rule packs: victim-deadlines-2015: version 1 -> version 2" in listed
    assert "Pending change ended: pending.uls_six_months" in listed
    assert uls_due(workspace) == "2027-03-04 victim-deadlines-2015 v2"
    assert [r["action"] for r in audit_records(workspace)] == ["law update"]
    assert len(installed_files(workspace)) == 1
    assert not [p for p in (workspace / "law").rglob("*") if p.name.endswith(".tmp")]

    status, out, err = law(capsys, "rollback", "--workspace", str(workspace), "--yes",
                           "--today", TODAY)  # fmt: skip
    assert status == 0, err
    assert f"{code}: victim.uls_request (trigger s): due 2027-03-04 -> 2026-10-02" in out
    assert uls_due(workspace) == "2026-10-02 victim-deadlines-2015 v1"
    assert [r["action"] for r in audit_records(workspace)] == ["law update", "law rollback"]
    assert installed_files(workspace) == []


def test_the_update_is_shown_and_not_installed_without_yes(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    update = tmp_path / "u.vcoplaw"
    update.write_bytes(signed(key))
    before = file_hashes(workspace)
    status, out, _ = law(capsys, "update", str(update), "--workspace", str(workspace),
                         "--today", TODAY)  # fmt: skip
    assert status == 1
    assert "victim.uls_request (trigger s): due 2026-10-02 -> 2027-03-04" in out
    assert "nothing was changed" in out
    assert file_hashes(workspace) == before


def _tampered(raw: bytes) -> bytes:
    envelope = json.loads(raw)
    payload = base64.b64decode(envelope["payload"]).replace(b"months = 6", b"months = 9")
    envelope["payload"] = base64.b64encode(payload).decode()
    return json.dumps(envelope).encode()


def _unsigned(raw: bytes) -> bytes:
    envelope = json.loads(raw)
    del envelope["signature"]
    return json.dumps(envelope).encode()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_tampered, "signature does not match"),
        (lambda raw: raw[: len(raw) // 2], "cut short"),
        (_unsigned, "not signed"),
        (lambda raw: b"\xff\xfe\x00 not a law file", "not text"),
        (lambda raw: b'{"format": "something else"}', "not a VCOP law update"),
    ],
    ids=["tampered", "truncated", "unsigned", "binary", "foreign"],
)
def test_a_broken_update_is_refused_in_one_line_and_nothing_changes(
    workspace: Path,
    key: Ed25519PrivateKey,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    make: object,
    message: str,
) -> None:
    update = tmp_path / "bad.vcoplaw"
    update.write_bytes(make(signed(key)))  # type: ignore[operator]
    before = file_hashes(workspace)
    status, _, err = law(capsys, "update", str(update), "--workspace", str(workspace), "--yes")
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert file_hashes(workspace) == before


def test_an_update_signed_by_another_key_is_refused(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    update = tmp_path / "other.vcoplaw"
    update.write_bytes(signed(Ed25519PrivateKey.generate()))
    status, _, err = law(capsys, "update", str(update), "--workspace", str(workspace), "--yes")
    assert status == 2 and "signature does not match" in err


def test_an_older_or_same_version_is_refused_and_nothing_changes(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    newer, older = tmp_path / "v3.vcoplaw", tmp_path / "v2.vcoplaw"
    newer.write_bytes(signed(key, version=3))
    older.write_bytes(signed(key, version=2))
    assert law(capsys, "update", str(newer), "--workspace", str(workspace), "--yes")[0] == 0
    before = file_hashes(workspace)
    for path in (older, newer):
        status, _, err = law(capsys, "update", str(path), "--workspace", str(workspace), "--yes")
        assert status == 2 and "already in force" in err and len(err.strip().splitlines()) == 1
    assert file_hashes(workspace) == before


def test_an_installed_update_altered_on_disk_is_refused_by_name(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    update = tmp_path / "u.vcoplaw"
    update.write_bytes(signed(key))
    assert law(capsys, "update", str(update), "--workspace", str(workspace), "--yes")[0] == 0
    (installed,) = installed_files(workspace)
    installed.write_bytes(_tampered(installed.read_bytes()))
    status, _, err = law(capsys, "status", "--workspace", str(workspace))
    assert status == 2 and installed.name in err and "move that file out" in err


def test_status_names_the_packs_in_force_and_what_is_pending(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = law(capsys, "status", "--workspace", str(workspace), "--today", TODAY)
    assert status == 0
    assert "vcop-2020 version 1, in force from 2021-04-01 (in force today" in out
    assert "pending.uls_six_months (announced 2026-04-09; touches victim.uls_request)" in out
    assert "Law updates installed: none" in out
    update = tmp_path / "u.vcoplaw"
    update.write_bytes(signed(key))
    assert law(capsys, "update", str(update), "--workspace", str(workspace), "--yes")[0] == 0
    status, out, _ = law(capsys, "status", "--workspace", str(workspace), "--today", TODAY)
    assert "victim-deadlines-2015 version 2" in out and "from law update 0001.vcoplaw" in out
    assert "Pending changes: none." in out
    assert workspace_rulebook(workspace).pending == ()


def test_a_backup_carries_the_law_and_a_restore_brings_it_back(
    workspace: Path, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A workspace whose law folder is lost gets its installed update back from the backup, so
    its dates stay those of the law it worked under; a set's tampered update is refused, and a
    deliberate rollback is never undone by a restore."""
    import shutil

    from vcop_desktop.storage.backup import backup_sets

    update = tmp_path / "law-2027-01.vcoplaw"
    update.write_bytes(signed(key))
    assert law(capsys, "update", str(update), "--workspace", str(workspace), "--yes")[0] == 0
    backups = tmp_path / "backups"
    assert main(["backup", "--workspace", str(workspace), "--to", str(backups)]) == 0
    (made,) = backup_sets(backups)
    shutil.rmtree(workspace / "law")
    assert uls_due(workspace) == "2026-10-02 victim-deadlines-2015 v1"  # fell back

    status = main(["restore", "--workspace", str(workspace), "--from", str(made)])
    assert status == 0, capsys.readouterr().err
    assert "Law updates brought back (they were missing): 0001.vcoplaw." in capsys.readouterr().out
    assert uls_due(workspace) == "2027-03-04 victim-deadlines-2015 v2"
    assert audit_records(workspace)[-1]["action"] == "law update restored from a backup"

    # Rolled back on purpose: a restore leaves it rolled back.
    assert law(capsys, "rollback", "--workspace", str(workspace), "--yes")[0] == 0
    with Workspace.open(workspace, PASSPHRASE) as ws:
        assert ws.restore_law_updates(made) == []
    assert uls_due(workspace) == "2026-10-02 victim-deadlines-2015 v1"

    # A set whose copy was changed is refused, and nothing is placed.
    shutil.rmtree(workspace / "law")
    copy = made / "law" / "updates" / "0001.vcoplaw"
    changed = bytearray(copy.read_bytes())
    changed[len(changed) // 2] ^= 1
    copy.write_bytes(bytes(changed))
    with Workspace.open(workspace, PASSPHRASE) as ws, pytest.raises(UserError, match="manifest"):
        ws.restore_law_updates(made)
    assert installed_files(workspace) == []
