"""`vcop-desktop duties`: the contract's JSON out, one clear line and status 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vcop_desktop.cli import main

EXAMPLE = Path(__file__).parent / "scenarios" / "01-standard-burglary.json"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_prints_the_contract_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "duties", str(EXAMPLE))
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["enhanced"] is False
    arrest = next(o for o in result["obligations"] if o["duty"] == "police.inform_arrest")
    assert arrest == {**arrest, "trigger": "e5", "due": "2026-03-13", "status": "met_late",
                      "met_on": "2026-03-16", "right": 6, "statutory": True}  # fmt: skip


def test_today_option_overrides_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "duties", str(EXAMPLE), "--today", "2026-03-10")
    rui = next(o for o in json.loads(out)["obligations"] if o["duty"] == "police.inform_rui")
    assert (status, rui["status"]) == (0, "open")


def scenario_file(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "case.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def ok_event(**over: object) -> dict[str, object]:
    return {"id": "e1", "type": "crime_reported", "date": "2026-03-02", **over}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"events": [', "not valid JSON"),
        ({"events": [ok_event(type="crime_reportd")]},
         "events[0].type: unknown event type 'crime_reportd'"),
        ({"events": [ok_event(date="2026-02-30")]},
         "events[0].date: '2026-02-30' is not a valid date"),
        ({"events": [ok_event(date="02/03/2026")]}, "events[0].date: '02/03/2026' is not a date"),
        ({"events": [{"id": "e1", "type": "crime_reported"}]}, "events[0].date: missing"),
        ({"events": [ok_event(), ok_event()]}, "events[1].id: duplicate id 'e1'"),
        ({"events": [ok_event(), {"id": "m", "type": "duty_met", "date": "2026-03-03",
                                  "duty": "police.record_crime", "trigger": "e9"}]},
         "events[1].trigger: 'e9' is not the id of an event"),
        ({"events": [ok_event(), {"id": "m", "type": "duty_met", "date": "2026-03-03",
                                  "duty": "police.record_crim", "trigger": "e1"}]},
         "events[1].duty: 'police.record_crim' is not a known duty id"),
        ({"case": {"flags": ["domestic_abuse", "grumpy"]}, "events": []},
         "case.flags[1]: unknown flag 'grumpy'"),
        ({"case": {"offence_date": "yesterday"}, "events": []}, "case.offence_date:"),
        ({"events": [{"id": "u", "type": "update_frequency_agreed", "date": "2026-03-02"}]},
         "events[0].interval_days: missing"),
        ({"events": {}}, "events: expected a list"),
        ([1, 2], "a scenario must be a JSON object"),
        ({"events": [ok_event(type=["crime_reported"])]}, "events[0].type: unknown event type"),
        ({"case": {"flags": [{"a": 1}]}, "events": []}, "case.flags[0]: unknown flag"),
    ],
)  # fmt: skip
def test_malformed_input_exits_2_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, expected: str
) -> None:
    status, out, err = run_cli(capsys, "duties", str(scenario_file(tmp_path, data)))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert expected in err
    assert "case.json" in err


def test_missing_file_and_bad_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(capsys, "duties", str(tmp_path / "nope.json"))
    assert status == 2 and "no such file" in err
    status, _, err = run_cli(capsys, "duties", str(EXAMPLE), "--today", "2026-13-01")
    assert status == 2 and "--today" in err


def test_real_process_never_prints_a_traceback(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, {"events": [ok_event(date=20260302)]})
    proc = subprocess.run(
        [sys.executable, "-m", "vcop_desktop", "duties", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().endswith(
        "events[0].date: expected a date as 'YYYY-MM-DD', got 20260302"
    )
