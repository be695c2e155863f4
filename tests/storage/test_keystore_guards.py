"""The keystore's guards an advocate meets when something goes wrong: a keystore that cannot be
written leaves nothing behind, an empty passphrase is refused with a reason, and a backup set's
key file is judged and edited only when it truly belongs to this workspace (issue 21: survivors
of the mutation run in `storage/keystore.py`)."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE
from vcop_desktop.storage import KdfParams, keystore
from vcop_desktop.storage.errors import StorageEnvironmentError, WrongPassphraseError
from vcop_desktop.storage.keystore import Keystore


def _store(folder: Path, passphrase: str = PASSPHRASE) -> Keystore:
    folder.mkdir(parents=True, exist_ok=True)
    return Keystore.create(folder, passphrase, KdfParams.cheap())


def test_an_empty_passphrase_is_refused_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(WrongPassphraseError) as made:
        Keystore.create(tmp_path, "", KdfParams.cheap())
    assert str(made.value) == "The passphrase must not be empty."
    store = _store(tmp_path / "ws")
    with pytest.raises(WrongPassphraseError) as changed:
        store.change_passphrase("")
    assert str(changed.value) == "The new passphrase must not be empty."
    store.close()


def test_a_keystore_that_cannot_be_written_leaves_no_key_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk at `init`: the half-made key file goes, so the next try starts clean."""

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(keystore, "atomic_write", full)
    with pytest.raises(StorageEnvironmentError) as refused:
        Keystore.create(tmp_path, PASSPHRASE, KdfParams.cheap())
    assert str(refused.value) == (
        "Could not create the keystore: the disk is full (or a file size limit was reached); "
        "free some space and try again. Nothing was changed."
    )
    assert list(tmp_path.iterdir()) == []


def test_the_time_a_key_derivation_took_is_reported_as_a_duration(tmp_path: Path) -> None:
    """`init` and `passwd` tell the advocate how long unlocking takes: a duration, not a clock
    reading."""
    store = _store(tmp_path)
    assert 0 <= store.unlock_seconds < 60
    store.close()
    assert 0 <= _unlock(tmp_path).unlock_seconds < 60


def _unlock(folder: Path) -> Keystore:
    return Keystore.unlock(folder, PASSPHRASE)


def _edit_meta(folder: Path, **fields: object) -> None:
    path = folder / "keystore.json"
    path.write_text(json.dumps({**json.loads(path.read_text("utf-8")), **fields}), "utf-8")


@pytest.mark.parametrize("name", ["../keys-elsewhere.vcopkeys", "keys-a/b.vcopkeys",
                                  "keys-a\\b.vcopkeys", "other.vcopkeys", ""])  # fmt: skip
def test_a_keystore_naming_a_key_file_outside_the_workspace_is_called_damaged(
    tmp_path: Path, name: str
) -> None:
    """A hand-edited keystore.json must never send the unlock to another folder's file."""
    _store(tmp_path).close()
    _edit_meta(tmp_path, keys_file=name)
    with pytest.raises(StorageEnvironmentError) as refused:
        _unlock(tmp_path)
    assert str(refused.value) == "keystore.json is damaged. Restore from a backup."


def test_a_missing_key_file_is_named_at_unlock(tmp_path: Path) -> None:
    store = _store(tmp_path)
    name = store.keys_path.name
    store.close()
    (tmp_path / name).unlink()
    with pytest.raises(StorageEnvironmentError) as refused:
        _unlock(tmp_path)
    assert str(refused.value) == (
        f"The key file {name} is missing from the workspace. Restore the workspace from a backup."
    )


@pytest.mark.parametrize("size", [0, 100, 4096 + 1])
def test_an_empty_or_cut_short_key_file_is_called_damaged_at_unlock(
    tmp_path: Path, size: int
) -> None:
    store = _store(tmp_path)
    path = store.keys_path
    store.close()
    path.write_bytes(path.read_bytes()[:size] if size <= 4096 else path.read_bytes() + b"\0")
    with pytest.raises(StorageEnvironmentError) as refused:
        _unlock(tmp_path)
    assert str(refused.value) == (
        f"The key file {path.name} is damaged (empty or cut short). Restore the workspace "
        "from a backup."
    )


def test_a_key_file_of_whole_pages_that_does_not_decrypt_is_called_damaged(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    path = store.keys_path
    store.close()
    path.write_bytes(b"\x5a" * 8192)
    with pytest.raises(StorageEnvironmentError) as refused:
        _unlock(tmp_path)
    assert str(refused.value) == (
        f"The key file {path.name} is damaged. Restore the workspace from a backup."
    )


def test_a_closed_keystore_gives_no_key(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.close()
    assert not store.is_open
    with pytest.raises(RuntimeError, match=r"^the keystore is locked$"):
        store.derived_key("anything")


def test_case_codes_count_up_one_at_a_time_per_name(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert [store.next_number("case"), store.next_number("case")] == [1, 2]
    assert store.next_number("other") == 1
    store.close()
    assert _unlock(tmp_path).next_number("case") == 3


def test_a_keystore_made_stale_by_another_programs_passwd_refuses_to_write(
    tmp_path: Path,
) -> None:
    """A key written into the old key file after another program's `passwd` would be lost."""
    mine = _store(tmp_path)
    mine.ensure_current()
    theirs = _unlock(tmp_path)
    theirs.change_passphrase("a new passphrase")
    with pytest.raises(StorageEnvironmentError) as stale:
        mine.ensure_current()
    assert str(stale.value) == (
        "The passphrase of this workspace was changed by another program. Lock the workspace "
        "and unlock it with the new passphrase; nothing was changed."
    )
    assert mine.remove_orphan_key_files() == []  # stale: it must not judge which file is current
    assert theirs.keys_path.is_file()


def test_only_key_files_keystore_json_does_not_name_are_removed_as_orphans(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    orphan = tmp_path / "keys-00000000deadbeef.vcopkeys"
    orphan.write_bytes(b"\0" * 4096)
    journal = tmp_path / "keys-00000000deadbeef.vcopkeys-journal"
    journal.write_bytes(b"\0")
    assert sorted(store.remove_orphan_key_files()) == sorted([orphan, journal])
    assert store.keys_path.is_file() and not orphan.exists() and not journal.exists()
    assert store.case_ids() == []


def test_pending_keys_are_kept_beside_the_current_ones_until_settled(tmp_path: Path) -> None:
    """Re-keying and restore: until its file is swapped in, a case opens with its old key."""
    store = _store(tmp_path)
    assert store.pending_keys() == {}
    old_a, old_b = store.add_case_key("a"), store.add_case_key("b")
    new = {"a": b"A" * 32, "b": b"B" * 32, "c": b"C" * 32}
    store.set_pending(new)
    assert store.pending_keys() == new
    assert (store.case_key("a"), store.case_key("b")) == (old_a, old_b)
    store.settle_pending(promote=["a"], drop=["b"])
    assert store.case_key("a") == new["a"]
    assert store.case_key("b") == old_b
    assert store.pending_keys() == {"c": new["c"]}
    store.set_pending({"d": b"D" * 32})
    assert store.pending_keys() == {"d": b"D" * 32}  # a new set replaces what was waiting


def test_case_ids_leave_out_the_workspaces_own_keys(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add_case_key("case-b")
    store.add_case_key("case-a")
    index_key = store.index_key()
    assert store.index_key() == index_key
    assert store.erasure_key(create=False) is None
    erasure_key = store.erasure_key()
    assert erasure_key is not None and store.erasure_key(create=False) == erasure_key
    assert store.case_ids() == ["case-a", "case-b"]
    store.forget_index_key()
    assert store.case_key("workspace-index") is None
    assert store.index_key() != index_key


def _copy_into(store: Keystore, set_dir: Path) -> Path:
    """A backup set's keystore part: keystore.json and the key file, as backup.py writes them."""
    set_dir.mkdir()
    (set_dir / "keystore.json").write_bytes((store.folder / "keystore.json").read_bytes())
    store.backup_key_file(set_dir / store.keys_path.name)
    return set_dir / store.keys_path.name


def test_a_sound_copy_of_the_keys_verifies(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    store.add_case_key("case-a")
    _copy_into(store, tmp_path / "set")
    before = {p.name: p.read_bytes() for p in (tmp_path / "set").iterdir()}
    assert store.verify_copy(tmp_path / "set") is None
    assert store.made_copy(tmp_path / "set")
    # Checking a set reads it only: a set on a write-protected stick, or one being restored
    # from, is left exactly as it was.
    assert {p.name: p.read_bytes() for p in (tmp_path / "set").iterdir()} == before


def test_a_copy_without_a_keystore_does_not_verify(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    (tmp_path / "set").mkdir()
    assert "There is no workspace in" in (store.verify_copy(tmp_path / "set") or "")
    assert not store.made_copy(tmp_path / "set")


def test_another_workspaces_keys_do_not_verify_as_this_ones(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    other = _store(tmp_path / "other")
    _copy_into(other, tmp_path / "set")
    assert store.verify_copy(tmp_path / "set") == "its keystore does not match this workspace's"
    assert not store.made_copy(tmp_path / "set")


def test_a_copy_missing_its_key_file_does_not_verify(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    _copy_into(store, tmp_path / "set").unlink()
    assert store.verify_copy(tmp_path / "set") == "its key file is missing"


def test_a_copy_whose_key_file_is_damaged_does_not_verify(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    store.add_case_key("case-a")
    keys = _copy_into(store, tmp_path / "set")
    keys.write_bytes(b"\x5a" * keys.stat().st_size)
    assert store.verify_copy(tmp_path / "set") == "its key file cannot be opened (DatabaseError)"


def test_a_copy_lacking_a_key_does_not_verify(tmp_path: Path) -> None:
    """A set that looks complete but cannot open a case it holds is no backup."""
    store = _store(tmp_path / "ws")
    store.add_case_key("case-a")
    _copy_into(store, tmp_path / "set")
    store.add_case_key("case-b")
    assert store.verify_copy(tmp_path / "set") == "its key file lacks keys"
    store.add_case_key("case-b", b"\1" * 32)
    _copy_into(store, tmp_path / "set2")
    store.add_case_key("case-b", b"\2" * 32)
    assert store.verify_copy(tmp_path / "set2") == "its key file lacks keys"


def test_a_set_made_before_a_passwd_is_not_this_passphrases_copy(tmp_path: Path) -> None:
    """Erasure edits only the sets this passphrase opens; an older one is left as it is."""
    store = _store(tmp_path / "ws")
    store.add_case_key("case-a")
    _copy_into(store, tmp_path / "set")
    store.change_passphrase("a new passphrase")
    assert not store.made_copy(tmp_path / "set")
    assert store.remove_keys_from_copy(tmp_path / "set", lambda c: True) == []


def test_an_erased_cases_key_is_removed_from_a_set_and_the_others_stay(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    for case_id in ("case-a", "case-b", "case-c"):
        store.add_case_key(case_id)
    keys = _copy_into(store, tmp_path / "set")
    assert store.remove_keys_from_copy(tmp_path / "set", lambda c: c == "case-b") == ["case-b"]
    assert store.remove_keys_from_copy(tmp_path / "set", lambda c: c == "case-b") == []  # gone
    assert store.remove_keys_from_copy(tmp_path / "set", lambda c: c == "case-c") == ["case-c"]
    assert not any(p.name.endswith(("-wal", "-journal")) for p in keys.parent.iterdir())
    store.remove_case_key("case-b")
    store.remove_case_key("case-c")
    assert store.verify_copy(tmp_path / "set") is None  # case-a's key is still in the set


def test_a_set_naming_a_key_file_outside_itself_is_not_edited(tmp_path: Path) -> None:
    store = _store(tmp_path / "ws")
    store.add_case_key("case-a")
    keys = _copy_into(store, tmp_path / "set")
    (tmp_path / "set" / "keys-a").mkdir()
    for name in ("../ws/" + store.keys_path.name, "other.vcopkeys", "keys-missing.vcopkeys",
                 f"keys-a/../{keys.name}"):  # fmt: skip
        _edit_meta(tmp_path / "set", keys_file=name)
        assert store.remove_keys_from_copy(tmp_path / "set", lambda c: True) == []
    assert store.case_ids() == ["case-a"]
    _edit_meta(tmp_path / "set", keys_file=keys.name)
    assert store.remove_keys_from_copy(tmp_path / "set", lambda c: True) == ["case-a"]


def test_a_wrong_passphrase_is_refused_saying_nothing_changed(tmp_path: Path) -> None:
    _store(tmp_path).close()
    with pytest.raises(WrongPassphraseError) as refused:
        Keystore.unlock(tmp_path, "not the passphrase")
    assert str(refused.value) == (
        "Wrong passphrase: the workspace is still locked and nothing was changed. "
        "Check Caps Lock and try again."
    )


def test_a_passphrase_change_whose_new_key_file_does_not_verify_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    key = store.add_case_key("case-a")
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.setattr(keystore.cipher, "integrity_problem", lambda conn: "page 3 is bad")
    with pytest.raises(StorageEnvironmentError) as refused:
        store.change_passphrase("a new passphrase")
    # The unverified new key file is removed too (it was left in the workspace before).
    assert str(refused.value) == "The new key file did not verify; nothing changed."
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    monkeypatch.undo()
    store.close()
    assert _unlock(tmp_path).case_key("case-a") == key


def test_a_passphrase_change_on_a_full_disk_leaves_the_old_passphrase_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    key = store.add_case_key("case-a")
    before = sorted(p.name for p in tmp_path.iterdir())

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(keystore, "atomic_write", full)
    with pytest.raises(StorageEnvironmentError) as refused:
        store.change_passphrase("a new passphrase")
    assert str(refused.value).startswith("Could not change the passphrase: the disk is full")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    monkeypatch.undo()
    store.close()
    assert _unlock(tmp_path).case_key("case-a") == key


def test_a_passphrase_change_removes_the_old_key_file_and_keeps_every_key(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    key = store.add_case_key("case-a")
    old = store.keys_path
    store.change_passphrase("a new passphrase", KdfParams(time_cost=2, memory_cost_kib=16))
    assert not old.exists() and store.keys_path.is_file() and store.is_open
    assert store.params == KdfParams(time_cost=2, memory_cost_kib=16)
    assert store.case_key("case-a") == key
    assert not any(p.name.startswith(old.name) for p in tmp_path.iterdir())  # nor its WAL
    store.close()
    again = Keystore.unlock(tmp_path, "a new passphrase")
    assert again.case_key("case-a") == key and again.params.time_cost == 2


def test_the_key_files_health_check_says_no_when_it_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    assert store.integrity_ok()
    monkeypatch.setattr(keystore.cipher, "integrity_problem", lambda conn: "page 3 is bad")
    assert not store.integrity_ok()

    def unreadable(conn: object) -> None:
        raise keystore.cipher.DatabaseError("file is not a database")

    monkeypatch.setattr(keystore.cipher, "integrity_problem", unreadable)
    assert not store.integrity_ok()


def test_a_keystore_unlocked_read_only_writes_nothing_into_its_folder(tmp_path: Path) -> None:
    """A backup set being restored from is opened read-only: reading its keys leaves the set
    exactly as it was (no journal, no WAL), and no key can be written into it."""
    store = _store(tmp_path)
    key = store.add_case_key("case-a")
    store.close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    copy = Keystore.unlock(tmp_path, PASSPHRASE, readonly=True)
    assert copy.case_key("case-a") == key
    with pytest.raises(keystore.cipher.Error):
        copy.add_case_key("case-b")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    copy.close()


def test_keystore_json_is_indented_json_naming_its_algorithm(tmp_path: Path) -> None:
    """A person restoring by hand reads keystore.json: plain, indented, saying it is Argon2id."""
    store = _store(tmp_path)
    text = (tmp_path / "keystore.json").read_text(encoding="utf-8")
    meta = json.loads(text)
    assert text == json.dumps(meta, indent=2) + "\n"
    assert meta["kdf"]["algorithm"] == "argon2id"
    assert list(meta) == ["format", "version", "kdf", "check", "keys_file"]
    assert meta["keys_file"] == store.keys_path.name


def _refuse_writes_for(store: Keystore, table: str, column: str) -> None:
    """A trigger in the key file that refuses one row: a write that fails half-way."""
    store.connection(write=True).execute(
        f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
        f"WHEN NEW.{column} = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )


def test_a_key_write_that_fails_is_rolled_back_and_the_next_one_works(tmp_path: Path) -> None:
    """A failed write must not leave the key file inside a transaction: every later key (a
    new case, a case code) would then fail too."""
    store = _store(tmp_path)
    store.set_pending({"x": b"X" * 32})
    for table, column in [("case_key", "case_id"), ("counter", "name"),
                          ("pending_key", "case_id")]:  # fmt: skip
        _refuse_writes_for(store, table, column)
    with pytest.raises(keystore.cipher.Error, match="refused"):
        store.add_case_key("refused")
    assert store.case_key("refused") is None
    assert store.case_key("case-a") is None and store.add_case_key("case-a")
    with pytest.raises(keystore.cipher.Error, match="refused"):
        store.next_number("refused")
    assert store.next_number("case") == 1
    with pytest.raises(keystore.cipher.Error, match="refused"):
        store.set_pending({"a": b"A" * 32, "refused": b"R" * 32})
    assert store.pending_keys() == {"x": b"X" * 32}  # the earlier set is kept whole
    store.set_pending({"refused-not": b"N" * 32})
    assert store.pending_keys() == {"refused-not": b"N" * 32}
    store.connection(write=True).execute(
        "CREATE TRIGGER refuse_promote BEFORE INSERT ON case_key "
        "WHEN NEW.case_id = 'refused-not' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(keystore.cipher.Error, match="refused"):
        store.settle_pending(promote=["refused-not"], drop=[])
    assert store.pending_keys() == {"refused-not": b"N" * 32}
    store.settle_pending(promote=[], drop=["refused-not"])
    assert store.pending_keys() == {}


def _full_disk_at_unlock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read-write open of the key file fails as on a full disk (no room for the WAL's
    files); read-only opens work."""
    real = keystore.cipher.connect

    def connect(path: Path, key: bytes, *, readonly: bool = False, **options: bool) -> object:
        if not readonly:
            raise keystore.cipher.OperationalError("database or disk is full")
        return real(path, key, readonly=readonly, **options)

    monkeypatch.setattr(keystore.cipher, "connect", connect)


def test_a_keystore_unlocked_on_a_full_disk_reads_and_writes_once_space_is_freed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    key = store.add_case_key("case-a")
    store.close()
    _full_disk_at_unlock(monkeypatch)
    full = _unlock(tmp_path)
    assert full.case_key("case-a") == key  # the advocate can still read
    with pytest.raises(keystore.cipher.OperationalError):
        full.add_case_key("case-b")  # a change fails (the disk is still full)
    monkeypatch.undo()  # space freed
    assert full.case_key("case-a") == key
    full.connection(write=True).execute("CREATE TABLE erased (id TEXT)")  # opened for writing
    assert full.add_case_key("case-b") and full.case_key("case-b") is not None
    assert full.next_number("case") == 1


@pytest.mark.parametrize(
    ("message", "why"),
    [("an unexpected failure (injected)", "it could not be opened"),
     ("database or disk is full", "the disk is full; free some space and try again")],
)  # fmt: skip
def test_a_key_file_that_cannot_be_opened_read_only_is_reported_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message: str, why: str
) -> None:
    """Opened read-only on purpose (a set being restored from), a failure is reported in
    plain words, not retried; a failure that is not the disk's is never taken for a full one."""
    store = _store(tmp_path)
    store.close()

    def refused(path: Path, key: bytes, **options: bool) -> object:
        raise keystore.cipher.OperationalError(message)

    monkeypatch.setattr(keystore.cipher, "connect", refused)
    readonly_choices = (True, False) if why == "it could not be opened" else (True,)
    for readonly in readonly_choices:
        with pytest.raises(StorageEnvironmentError) as failed:
            Keystore.unlock(tmp_path, PASSPHRASE, readonly=readonly)
        assert str(failed.value) == f"Could not open the workspace in {tmp_path}: {why}."


def test_a_copy_whose_key_file_fails_its_integrity_check_does_not_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key file that still opens but has a bad page is no backup: its keys may be gone."""
    store = _store(tmp_path / "ws")
    store.add_case_key("case-a")
    _copy_into(store, tmp_path / "set")
    monkeypatch.setattr(keystore.cipher, "integrity_problem", lambda conn: "page 2 is bad")
    assert store.verify_copy(tmp_path / "set") == "its key file is damaged (page 2 is bad)"


def test_a_case_key_given_is_the_key_stored(tmp_path: Path) -> None:
    """Restore and re-keying store the key the case file was written with: a random one in
    its place would lock the case away for good."""
    store = _store(tmp_path)
    given = bytes(range(32))
    assert store.add_case_key("case-a", given) == given
    assert store.case_key("case-a") == given
    made = store.add_case_key("case-b")
    assert len(made) == 32 and made != given and store.case_key("case-b") == made


def test_a_failure_that_is_not_the_disks_is_reported_not_hidden_behind_a_read_only_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    store.close()
    real = keystore.cipher.connect

    def connect(path: Path, key: bytes, *, readonly: bool = False, **options: bool) -> object:
        if not readonly:
            raise keystore.cipher.OperationalError("an unexpected failure (injected)")
        return real(path, key, readonly=readonly, **options)

    monkeypatch.setattr(keystore.cipher, "connect", connect)
    with pytest.raises(StorageEnvironmentError) as failed:
        _unlock(tmp_path)
    assert (
        str(failed.value) == f"Could not open the workspace in {tmp_path}: it could not be opened."
    )
