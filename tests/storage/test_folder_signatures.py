"""The refresh's one listing of the cases folder gives every case file the signature that
`file_signature` gives it one by one: a difference would re-read every case at each refresh,
or worse, miss a changed one."""

from __future__ import annotations

import os
from pathlib import Path

from vcop_desktop.storage.index import case_signatures, file_signature


def test_one_listing_gives_each_case_file_its_own_signature(tmp_path: Path) -> None:
    files = {}
    for n, wal in enumerate([None, b"", b"x" * 4096, None]):
        path = tmp_path / f"case{n}.vcop"
        path.write_bytes(b"\0" * (4096 * (n + 1)))
        os.utime(path, ns=(1_700_000_000_000_000_000 + n, 1_700_000_000_000_000_000 + n))
        if wal is not None:
            (tmp_path / f"case{n}.vcop-wal").write_bytes(wal)
        files[f"case{n}"] = path
    (tmp_path / "folder.vcop").mkdir()  # a folder named like one: listed, refused when read
    files["folder"] = tmp_path / "folder.vcop"
    (tmp_path / ".hidden.vcop").write_bytes(b"\0")  # a temporary file: not a case
    (tmp_path / "notes.txt").write_bytes(b"\0")
    (tmp_path / "orphan.vcop-wal").write_bytes(b"\0")  # a WAL without its file: no case
    expected = {case_id: file_signature(path) for case_id, path in files.items()}
    assert case_signatures(tmp_path, ".vcop") == expected
    assert expected["case2"].endswith(
        "/4096:" + str((tmp_path / "case2.vcop-wal").stat().st_mtime_ns)
    )
    assert expected["case0"].endswith("/-") and not expected["case1"].endswith("/-")
