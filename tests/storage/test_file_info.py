"""What a read-only look at a case file found (`rawfile.FileInfo`) carries the tables and
`vcop_meta` rows read on the way (the index refill does not ask again), yet still compares
and hashes by the case and the file format alone, as it did."""

from __future__ import annotations

from vcop_desktop.storage import migrations
from vcop_desktop.storage.rawfile import FileInfo


def test_what_a_look_found_compares_and_hashes_by_the_case_and_the_format() -> None:
    found = FileInfo("c" * 32, migrations.LATEST, frozenset({"vcop_meta"}), {"format": "x"})
    bare = FileInfo("c" * 32, migrations.LATEST)
    assert found == bare and hash(found) == hash(bare)
    assert found != FileInfo("d" * 32, migrations.LATEST)
    assert found.meta == {"format": "x"} and found.tables == {"vcop_meta"}
