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


# -- the advocate's own side (issue 19, protection.md "Output additions") -------------------------

SCENARIOS = Path(__file__).parent / "scenarios"


def assessment(**over: object) -> dict[str, object]:
    return {"id": "a1", "type": "risk_assessment", "date": "2026-03-04",
            "form": "risk-factors-v1", "score": 15, **over}  # fmt: skip


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([assessment(form="dash-ric")],
         "events[0].form: 'dash-ric' is not a known risk form (known: risk-factors-v1)"),
        ([assessment(score="fifteen")], "events[0].score: expected a whole number, got 'fifteen'"),
        ([assessment(score=14.5)], "events[0].score: expected a whole number, got 14.5"),
        ([{"id": "m", "type": "marac_meeting", "date": "2026-03-10"}],
         "events[0].referral: missing"),
        ([{"id": "m", "type": "marac_meeting", "date": "2026-03-10", "referral": "e9"}],
         "events[0].referral: 'e9' is not the id of an event"),
        ([assessment(score=None, answers={"not_on_the_form": True})],
         "events[0].answers.not_on_the_form: not a question of risk form 'risk-factors-v1'"),
        ([assessment(form_version=7)],
         "events[0].form_version: risk form 'risk-factors-v1' has no version 7"),
    ],
)  # fmt: skip
def test_malformed_advocate_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], events: list[object], expected: str
) -> None:
    path = scenario_file(tmp_path, {"events": events})
    status, out, err = run_cli(capsys, "duties", str(path))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert expected in err and "case.json" in err


def test_prints_the_risk_block_and_the_advocate_obligations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = SCENARIOS / "10-advocate-assessment-at-14.json"
    status, out, err = run_cli(capsys, "duties", str(path))
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["risk"] == {
        "latest": {"assessment": "a1", "date": "2026-03-04", "form": "risk-factors-v1",
                   "score": 14, "high_risk": True},
        "marac": [{"referral": "m1", "date": "2026-03-06", "repeat": False}],
    }  # fmt: skip
    marac = next(o for o in result["obligations"] if o["duty"] == "advocate.marac_referral")
    assert marac == {**marac, "owed_by": "advocate", "statutory": False, "right": None,
                     "source": "service standard (organisation default)",
                     "due": "2026-03-05", "status": "met_late"}  # fmt: skip


def test_a_case_without_assessments_prints_an_empty_risk_block(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "duties", str(EXAMPLE))
    assert (status, json.loads(out)["risk"]) == (0, {"latest": None, "marac": []})


def test_the_organisations_figures_change_the_due_date_and_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "service-standards.toml").write_text(
        '[standards."advocate.first_contact"]\nhigh_risk = 2\n', encoding="utf-8"
    )
    path = SCENARIOS / "06-advocate-first-contact-high-met-over-easter.json"
    status, out, _ = run_cli(capsys, "duties", str(path), "--rules-dir", str(tmp_path))
    first = next(o for o in json.loads(out)["obligations"] if o["duty"] == "advocate.first_contact")
    # Thu 2 Apr 2026 + 2 working days (Good Friday and Easter Monday skipped): Wed 8 Apr.
    assert (status, first["due"], first["limit"]) == (0, "2026-04-08", "2 working days")
    assert first["source"] == "service standard (set by the organisation)"


def test_a_wrong_figures_file_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "service-standards.toml").write_text(
        '[standards."police.inform_arrest"]\nlimit = 9\n', encoding="utf-8"
    )
    status, out, err = run_cli(capsys, "duties", str(EXAMPLE), "--rules-dir", str(tmp_path))
    assert (status, out) == (2, "")
    assert "service-standards.toml" in err and "police.inform_arrest" in err
