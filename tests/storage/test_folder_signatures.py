"""The refresh's one listing of the cases folder gives every file the signature that
`file_signature` gives it one by one: a difference would re-read every case at each refresh,
or worse, miss a changed one."""

from __future__ import annotations

import os
from pathlib import Path

from vcop_desktop.storage.index import file_signature, folder_signatures


def test_one_listing_gives_each_file_its_own_signature(tmp_path: Path) -> None:
    files = {}
    for n, wal in enumerate([None, b"", b"x" * 4096, None]):
        path = tmp_path / f"case{n}.vcop"
        path.write_bytes(b"\0" * (4096 * (n + 1)))
        os.utime(path, ns=(1_700_000_000_000_000_000 + n, 1_700_000_000_000_000_000 + n))
        if wal is not None:
            (tmp_path / f"case{n}.vcop-wal").write_bytes(wal)
        files[f"case{n}"] = path
    files["gone"] = tmp_path / "gone.vcop"  # listed by the caller, removed since
    expected = {case_id: file_signature(path) for case_id, path in files.items()}
    assert folder_signatures(files) == expected
    assert expected["case2"].endswith(
        "/4096:" + str((tmp_path / "case2.vcop-wal").stat().st_mtime_ns)
    )
    assert expected["gone"] == "-/-"


def test_files_in_two_folders_each_get_their_own_signature(tmp_path: Path) -> None:
    """One listing serves one folder only: a file elsewhere must not be looked up in it (it
    would read as absent, "-/-", and its case be read again at every refresh)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = {"one": tmp_path / "a" / "one.vcop", "two": tmp_path / "b" / "two.vcop"}
    for n, path in enumerate(files.values()):
        path.write_bytes(b"\0" * 4096 * (n + 1))
    signatures = folder_signatures(files)
    assert signatures == {case_id: file_signature(path) for case_id, path in files.items()}
    assert "-/-" not in signatures.values()
