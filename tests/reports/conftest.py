"""A workspace whose report figures are worked out by hand (see test_report_cli.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "report fixture passphrase"
TODAY = date(2026, 4, 10)

#: Every case: crime reported and a suspect arrested on Monday 2 March 2026, so
#: police.refer_support is due Wednesday 4 March (2 working days) and police.inform_arrest
#: Monday 9 March (5 working days); standard (not enhanced) victims.
#: Per case: (day refer_support met or None, day inform_arrest met or None, force).
CASES: list[tuple[str | None, str | None, str]] = [
    ("2026-03-03", "2026-03-09", "Eastvale Police"),  # both on time
    ("2026-03-06", "2026-03-12", "Eastvale Police"),  # late 2 days; late 3 days
    (None, "2026-03-09", "Eastvale Police"),  # overdue 37 days on 10 April; on time
    ("2026-03-04", None, "Westmoor Constabulary"),  # on time; overdue 32 days
    ("2026-03-04", "2026-03-20", "Westmoor Constabulary"),  # on time; late 11 (reason given)
    ("2026-03-02", "2026-03-05", "Westmoor Constabulary"),  # both on time
]

#: Personal data that must never appear in any export or extract.
NAMES = [f"Zebediah Quillfeather-{n}" for n in range(1, 7)]
CRIME_REFERENCES = [f"QX/5550{n}/26" for n in range(1, 7)]
BIRTH_DATES = [date(1971, n, 10 + n) for n in range(1, 7)]


def scenario(number: int) -> dict[str, object]:
    refer, arrest, _force = CASES[number]
    events: list[dict[str, object]] = [
        {"id": "e1", "type": "crime_reported", "date": "2026-03-02"},
        {"id": "e2", "type": "suspect_arrested", "date": "2026-03-02"},
    ]
    if refer:
        events.append(
            {"id": "e3", "type": "duty_met", "date": refer, "duty": "police.refer_support",
             "trigger": "e1"}
        )  # fmt: skip
    if arrest:
        events.append(
            {"id": "e4", "type": "duty_met", "date": arrest, "duty": "police.inform_arrest",
             "trigger": "e2"}
        )  # fmt: skip
    return {
        "case": {
            "offence_date": "2026-03-01",
            "victim_dob": BIRTH_DATES[number].isoformat(),
            "flags": [],
            "victim_name": NAMES[number],
            "crime_reference": CRIME_REFERENCES[number],
        },
        "events": events,
    }


@pytest.fixture
def report_ws_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "workspace"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        for number in range(len(CASES)):
            summary = ws.import_scenario(scenario(number))
            with ws.open_case(summary.case_id) as case:
                case.update_case(police_force=CASES[number][2])
                if number == 4:
                    case.record_good_reason(
                        "police.inform_arrest", "e2", "Officer off sick", date(2026, 3, 25),
                        today=TODAY,
                    )  # fmt: skip
    yield folder
