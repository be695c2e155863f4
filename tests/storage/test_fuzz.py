"""Fuzzing (hypothesis): malformed scenarios and malformed files end in a clear `UserError`,
never a traceback, and never a changed file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storage.conftest import PASSPHRASE, SCENARIO, file_hashes
from vcop_desktop.errors import UserError
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.files import case_path

_FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["2026-03-02", "2026-02-30", "crime_reported", "duty_met", "e1", "police.inform_arrest"]
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "date",
                    "case",
                    "events",
                    "flags",
                    "duty",
                    "trigger",
                    "offence_date",
                    "victim_dob",
                    "interval_days",
                    "from",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


def _mutations() -> st.SearchStrategy[dict[str, Any]]:
    """A valid scenario with one part replaced by something arbitrary."""

    def mutate(data: Any, path: list[str | int], value: Any) -> dict[str, Any]:
        copy = json.loads(json.dumps(SCENARIO))
        target = copy
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        return copy

    paths = st.sampled_from(
        [
            ["case"],
            ["events"],
            ["case", "flags"],
            ["case", "offence_date"],
            ["events", 0],
            ["events", 1, "date"],
            ["events", 2, "trigger"],
            ["events", 2, "duty"],
            ["events", 0, "type"],
            ["events", 1, "id"],
        ]
    )
    return st.builds(mutate, st.just(None), paths, _json)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    """One workspace for all examples (module-scoped, so hypothesis may share it)."""
    folder = tmp_path_factory.mktemp("fuzz") / "ws"
    ws = Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap())
    ws.import_scenario(SCENARIO)
    yield ws, folder
    ws.close()


@_FUZZ
@given(st.one_of(_json, _mutations()))
def test_scenario_import_never_crashes(shared: tuple[Workspace, Path], data: Any) -> None:
    ws, _folder = shared
    before = len(ws.list_cases())
    try:
        made = ws.import_scenario(data, source="fuzz.json")
    except UserError as error:
        assert "\n" not in str(error) and str(error)
        assert len(ws.list_cases()) == before
    else:
        assert made.case_id in {c.case_id for c in ws.list_cases()}
        ws.erase_case(made.case_id)


@_FUZZ
@given(
    st.one_of(
        st.binary(max_size=9000),
        st.tuples(st.integers(0, 12287), st.binary(min_size=1, max_size=64)),
        st.integers(0, 12287),
    )
)
def test_file_opener_never_crashes_or_writes(shared: tuple[Workspace, Path], damage: Any) -> None:
    ws, folder = shared
    victim = ws.list_cases()[0]
    path = case_path(folder, victim.case_id)
    original = path.read_bytes()
    try:
        if isinstance(damage, bytes):
            data = damage  # random bytes instead of the file
        elif isinstance(damage, int):
            data = original[:damage]  # truncated
        else:
            offset, patch = damage  # overwritten in place
            data = original[:offset] + patch + original[offset + len(patch) :]
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        around = file_hashes(folder / "cases")
        for attempt in (
            ws.problems,
            ws.check,
            lambda: ws.dashboard(30),
            lambda: ws.obligations(victim.case_id),
        ):
            try:
                attempt()
            except UserError as error:
                assert str(error) and "\n" not in str(error)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
        assert file_hashes(folder / "cases") == around
    finally:
        path.write_bytes(original)
        ws.problems()
