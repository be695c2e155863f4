"""The keystore an advocate's workspace depends on for years: the key derivation never changes
under it (a workspace made today must unlock after every update), and a keystore.json changed
by hand or by another program is refused before Argon2 is asked for anything (issue 21: the
derivation's inputs and the bounds on the recorded cost had no test that could fail)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.errors import StorageEnvironmentError
from vcop_desktop.storage.keystore import _check_value, _params_from, _read_meta, _subkey

SALT = bytes(range(16))


def test_the_master_key_and_its_subkeys_are_derived_as_they_always_were() -> None:
    """Known answers (Argon2id, the cheap test cost): a change here locks every advocate out
    of every workspace made before it."""
    master = KdfParams.cheap().derive("correct horse battery staple", SALT)
    assert master.hex() == "d17ea6341ca93da6079ea2f64dc4aa31dd1aaf9caa67fb42ac4afd0714706f26"
    assert _subkey(master, "key-file").hex() == (
        "302b31f263dba11d04d359dea31362b5b957a6c61ac22b9b46115fc07a285173"
    )
    assert _check_value(master) == (
        "f121cdc2fe5e222564b5d0fe04e6227de71a456e756565ebf2f1caf9a7ab5b92"
    )
    costly = KdfParams(time_cost=2, memory_cost_kib=16, parallelism=2).derive("café", SALT)
    assert costly.hex() == "19585abeecb5871c6dee39bc7a301d2c3a0191469a15983a55fdcb3f6755acba"


def _kdf(**change: object) -> dict[str, object]:
    kdf: dict[str, object] = {"time_cost": 4, "memory_cost_kib": 65536, "parallelism": 1,
                              "salt": SALT.hex()}  # fmt: skip
    return {"kdf": {**kdf, **change}}


@pytest.mark.parametrize(
    "change",
    [{"time_cost": 1}, {"time_cost": 64}, {"memory_cost_kib": 8},
     {"memory_cost_kib": 4 * 1024 * 1024}, {"parallelism": 1}, {"parallelism": 16}],
)  # fmt: skip
def test_every_cost_within_the_limits_is_accepted(change: dict[str, int]) -> None:
    params, salt = _params_from(_kdf(**change))
    assert salt == SALT
    key, value = next(iter(change.items()))
    assert getattr(params, key) == value
    assert params == KdfParams(**{**{"time_cost": 4, "memory_cost_kib": 65536, "parallelism": 1},
                                  **change})  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [{"time_cost": 0}, {"time_cost": 65}, {"memory_cost_kib": 7},
     {"memory_cost_kib": 4 * 1024 * 1024 + 1}, {"parallelism": 0}, {"parallelism": 17},
     {"salt": SALT[:15].hex()}, {"salt": (SALT + b"!").hex()}, {"salt": "not hex"},
     {"time_cost": None}],
)  # fmt: skip
def test_a_tampered_cost_or_salt_is_refused_before_argon2_runs(change: dict[str, object]) -> None:
    with pytest.raises(StorageEnvironmentError) as info:
        _params_from(_kdf(**change))
    assert str(info.value) == (
        "keystore.json is damaged (its key settings cannot be read). Restore it from a backup."
    )


def test_a_keystore_without_key_settings_is_refused_the_same_way() -> None:
    with pytest.raises(StorageEnvironmentError, match="its key settings cannot be read"):
        _params_from({})


def _edit(ws_dir: Path, **fields: object) -> None:
    path = ws_dir / "keystore.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**meta, **fields}), encoding="utf-8")


def test_a_keystore_from_a_newer_version_asks_for_an_update(ws: Workspace, ws_dir: Path) -> None:
    ws.close()
    _edit(ws_dir, version=2)
    with pytest.raises(StorageEnvironmentError) as info:
        _read_meta(ws_dir)
    assert "was written by a newer version of VCOP Desktop; update the app" in str(info.value)
    assert str(ws_dir) in str(info.value)


@pytest.mark.parametrize(
    ("fields", "said"),
    [({"format": "another program"}, "is not a VCOP keystore"), ({"version": None}, "newer")],
)
def test_another_programs_file_is_not_taken_for_a_keystore(
    ws: Workspace, ws_dir: Path, fields: dict[str, object], said: str
) -> None:
    ws.close()
    _edit(ws_dir, **fields)
    with pytest.raises(Exception, match=said):
        Workspace.open(ws_dir, PASSPHRASE)


def test_a_keystore_that_is_not_json_is_called_damaged(ws: Workspace, ws_dir: Path) -> None:
    ws.close()
    (ws_dir / "keystore.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(StorageEnvironmentError) as info:
        _read_meta(ws_dir)
    assert str(info.value) == (
        f"keystore.json in {ws_dir} is damaged. Restore the workspace from a backup."
    )


def test_a_list_in_place_of_the_keystore_is_not_a_keystore(ws: Workspace, ws_dir: Path) -> None:
    ws.close()
    (ws_dir / "keystore.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(StorageEnvironmentError) as info:
        _read_meta(ws_dir)
    assert str(info.value) == f"keystore.json in {ws_dir} is not a VCOP keystore."


def test_a_folder_without_a_workspace_says_how_to_make_one_or_to_choose_another(
    tmp_path: Path,
) -> None:
    with pytest.raises(StorageEnvironmentError) as info:
        _read_meta(tmp_path)
    assert str(info.value) == (
        f"There is no workspace in {tmp_path}: run 'vcop-desktop init --workspace {tmp_path}' "
        "first, or choose the right folder."
    )


def test_each_purpose_gets_its_own_key_from_the_master_key(ws: Workspace) -> None:
    """The backup sets' signing key must not be the key of any other purpose (nor one key
    for all): whoever learns one must learn nothing of the others."""
    from vcop_desktop.storage.set_letters import KEY_LABEL

    keystore = ws._keystore
    signing = keystore.derived_key(KEY_LABEL)
    assert signing == _subkey(keystore._master_key(), KEY_LABEL)
    assert signing != keystore.derived_key("another purpose")
