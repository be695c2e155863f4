"""Fixtures for storage tests: cheap-KDF workspaces in temporary folders, synthetic data only."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 3, 20)

#: A scenario from the contract, with a distinctive (synthetic) victim name.
SCENARIO: dict[str, object] = {
    "case": {
        "offence_date": "2026-02-27",
        "victim_dob": "1990-05-01",
        "flags": ["domestic_abuse"],
        "victim_name": "Zebediah Quillfeather",
        "crime_reference": "QX/55501/26",
    },
    "events": [
        {"id": "e1", "type": "crime_reported", "date": "2026-03-02"},
        {"id": "e2", "type": "suspect_arrested", "date": "2026-03-05"},
        {
            "id": "e3",
            "type": "duty_met",
            "date": "2026-03-06",
            "duty": "police.inform_arrest",
            "trigger": "e2",
        },
    ],
}


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (to prove nothing changed)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def ws_dir(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def ws(ws_dir: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(ws_dir, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester")
    try:
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def demo_ws(ws: Workspace) -> Workspace:
    ws.add_demo_cases(6, seed=7, today=TODAY)
    return ws
