"""A report judged on a past day re-reads the cases with later events: each with every check
the index refill makes (`rawfile.read_case_checked`), so a file that has become unusable since
the index was filled keeps its index rows (the refresh reports it) and is never read as if it
were sound. Synthetic data only."""

from __future__ import annotations

from datetime import date

import pytest

from tests.storage.conftest import SCENARIO
from tests.storage.test_bad_files import _newer_major, _plain_sqlite
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.files import case_path

START, END, AS_OF = date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 5)


def _rows(ws: Workspace, as_of: date | None) -> list[object]:
    return sorted(ws.report_rows(START, END, refresh=False, as_of=as_of)[1], key=repr)


@pytest.mark.parametrize("damage", ["newer version", "plain sqlite", "key gone"])
def test_a_case_file_unusable_since_the_index_was_filled_keeps_its_index_rows(
    ws: Workspace, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = ws.import_scenario(SCENARIO)  # the arrest was told on 6 March, after AS_OF
    ws.refresh_index()
    as_it_stands = _rows(ws, None)
    assert _rows(ws, AS_OF) != as_it_stands  # judged on 5 March: not yet told
    path = case_path(ws.folder, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    if damage == "newer version":
        _newer_major(path, key)
    elif damage == "plain sqlite":
        _plain_sqlite(path)
    else:
        monkeypatch.setattr(ws._keystore, "case_key", lambda _case_id: None)
    assert _rows(ws, AS_OF) == as_it_stands
