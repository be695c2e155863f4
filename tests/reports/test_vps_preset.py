"""The "Victim Personal Statement (Victims' Commissioner's standard)" preset (issue 22 §1):
over a demo workspace with VPS events, its figures equal a separate simple count made here
from each case's events (never the report's own helpers); every format carries the origin and
the label; small numbers are hidden; the demo's VPS events leave the other draws as they were.
"""

from __future__ import annotations

import csv
import io
import json
import random
import statistics
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.letters.pdftext import pdf_text
from vcop_desktop.cli import main
from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.vocabulary import VPS_EVENT_TYPES
from vcop_desktop.domain.vps_report import VpsCase, compute, rows
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.demo import demo_case, demo_cases

PASSPHRASE = "vps preset fixture passphrase"
TODAY = date(2026, 6, 30)
START, END = date(2025, 5, 1), date(2026, 6, 30)  # every demo case reported in it
PERIOD = ["--from", START.isoformat(), "--to", END.isoformat(), "--today", TODAY.isoformat()]
NOT_OFFICIAL = "Recorded by the advocacy service; not official statistics."


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("vps") / "workspace"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        ws.add_demo_cases(240, seed=22, today=TODAY)
    yield folder


@pytest.fixture
def ws(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    return str(demo_dir)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def by_hand(demo_dir: Path) -> dict[str, Any]:
    """The issue's figures, counted case by case from the events alone."""
    c: dict[str, Any] = {"reported": 0, "offered": 0, "by": {}, "days": [], "not_offered": {},
                         "not_taken_up": {}, "made": 0, "update_offered": 0, "updated": 0,
                         "sentenced": 0, "with_vps": 0, "asked": 0, "answered": 0,
                         "granted": 0, "refused": {}, "considered": 0, "told": 0}  # fmt: skip
    with Workspace.open(demo_dir, PASSPHRASE) as workspace:
        for summary in workspace.list_cases():
            events = [e for e in workspace.scenario(summary.case_id).events if e.date <= TODAY]
            events.sort(key=lambda e: (e.date, e.position))

            def of(kind: str, events: list[Event] = events) -> list[Event]:
                return [e for e in events if e.type == kind]

            reported = of("crime_reported")[0].date
            if START <= reported <= END:
                c["reported"] += 1
                offers = [e for e in events if e.type == "vps_offered" or (
                    e.type == "duty_met" and e.fields["duty"] == "police.offer_vps")]  # fmt: skip
                if offers:
                    first = offers[0]
                    c["offered"] += 1
                    by = str(first.fields.get("by", "police"))
                    c["by"][by] = c["by"].get(by, 0) + 1
                    c["days"].append((first.date - reported).days)
                if of("vps_not_made"):
                    last = of("vps_not_made")[-1]
                    key = str(last.fields["outcome"])
                    reason = str(last.fields["reason"])
                    c[key][reason] = c[key].get(reason, 0) + 1
                if of("vps_made"):
                    c["made"] += 1
                    c["update_offered"] += bool(of("vps_update_offered"))
                    c["updated"] += bool(of("vps_updated"))
            sentences = of("sentence")
            if not sentences or not START <= sentences[0].date <= END:
                continue
            c["sentenced"] += 1
            if not any(e.date <= sentences[0].date for e in of("vps_made")):
                continue
            c["with_vps"] += 1
            decisions = of("vps_read_aloud_decision")
            c["asked"] += bool(decisions or of("vps_read_aloud_requested"))
            if decisions:
                c["answered"] += 1
                if decisions[-1].fields["decision"] == "granted":
                    c["granted"] += 1
                else:
                    why = str(decisions[-1].fields.get("reason", "not_recorded"))
                    c["refused"][why] = c["refused"].get(why, 0) + 1
            c["considered"] += bool(of("vps_considered_at_sentence"))
            c["told"] += bool(of("vps_use_explained"))
    return c


def test_vps_preset_matches_a_count_by_hand(
    ws: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset", "vps",
                           "--format", "json")  # fmt: skip
    assert status == 0, err
    doc = json.loads(out)
    assert doc["status"] == NOT_OFFICIAL and "Victims' Commissioner" in doc["origin"]
    c = by_hand(demo_dir)
    # A real test: the demo has offers, refusals, sentences and read-aloud requests.
    assert c["offered"] >= 20 and c["not_offered"] and c["not_taken_up"]
    assert c["with_vps"] >= 3 and c["answered"] >= 1
    r, s = doc["reported"], doc["sentenced"]
    assert r["cases"] == c["reported"]
    assert (r["offered"]["yes"], r["offered"]["of"]) == (c["offered"], c["reported"])
    assert {k: v for k, v in r["offered_by"].items() if v} == c["by"]
    assert r["days_to_offer"] == {
        "median": statistics.median(c["days"]),
        "min": min(c["days"]),
        "max": max(c["days"]),
    }
    assert {k: v for k, v in r["not_offered"].items() if v} == c["not_offered"]
    assert {k: v for k, v in r["not_taken_up"].items() if v} == c["not_taken_up"]
    assert (r["made"]["yes"], r["update_offered"]["yes"], r["updated"]["yes"]) == (
        c["made"], c["update_offered"], c["updated"])  # fmt: skip
    assert r["update_offered"]["of"] == c["made"]
    assert (s["cases"], s["with_vps"]["yes"]) == (c["sentenced"], c["with_vps"])
    assert (s["read_aloud_asked"]["yes"], s["read_aloud_asked"]["of"]) == (
        c["asked"],
        c["with_vps"],
    )
    assert (s["read_aloud_granted"]["yes"], s["read_aloud_granted"]["of"]) == (
        c["granted"], c["answered"])  # fmt: skip
    assert {k: v for k, v in s["refusal_reasons"].items() if v} == c["refused"]
    assert (s["considered"]["yes"], s["told_how_used"]["yes"]) == (c["considered"], c["told"])


def test_vps_pdf_xlsx_csv_carry_origin_method_and_label(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {fmt: tmp_path / f"vps.{fmt}" for fmt in ("pdf", "xlsx", "csv")}
    for fmt, path in files.items():
        status, _out, err = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset", "vps",
                                "--format", fmt, "--out", str(path))  # fmt: skip
        assert status == 0, err
    text = " ".join(pdf_text(files["pdf"].read_bytes()).split())
    assert "Victim Personal Statement (Victims' Commissioner's standard)" in text
    assert NOT_OFFICIAL in text and "Origin." in text and "Method." in text
    assert "Offered a VPS" in text and "Refused" in text and "Page 1 of" in text
    book = openpyxl.load_workbook(files["xlsx"])
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(values_only=True)}
    assert "Victims' Commissioner" in str(notes["Origin"]) and notes["Status"] == NOT_OFFICIAL
    sheet = list(book["VPS report"].iter_rows(min_row=6, values_only=True))
    assert sheet and all(row[-1] == NOT_OFFICIAL for row in sheet)
    rows_ = list(csv.reader(io.StringIO(files["csv"].read_text("utf-8-sig"))))
    assert rows_[3] == ["Section", "Measure", "Value", "Status"]
    assert all(r[-1] == NOT_OFFICIAL for r in rows_[4:])


def test_vps_options_that_mean_nothing_to_it_are_refused_in_one_line(
    ws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "report", "--workspace", ws, "--preset", "vps", "--by", "force")
    assert status == 2 and out == ""
    assert err.strip().endswith("--by does not go with --preset vps (the VPS report)")


def _case(key: str, *events: tuple[str, str, dict[str, Any]]) -> VpsCase:
    made = tuple(
        Event(f"e{n}", kind, date.fromisoformat(day), fields, position=n)
        for n, (kind, day, fields) in enumerate(events)
    )
    return VpsCase(key, Scenario(case=CaseFacts(), events=made))


def test_small_numbers_are_hidden_as_everywhere() -> None:
    """Three cases offered of eight: the count shows as <5 and the share is not given; the
    breakdown by agency hides its small cells (one more where subtraction would tell)."""
    report = ("crime_reported", "2026-01-05", {})
    offers = [("vps_offered", "2026-01-06", {"by": "police" if n else "wcu"}) for n in range(3)]
    cases = [_case(str(n), report, *offers[n : n + 1]) for n in range(8)]
    figures = compute(cases, start=START, end=END, today=TODAY)
    assert (figures.offered.yes, figures.offered.of) == (3, 8)
    shown = {measure: value for _section, measure, value in rows(figures, 5)}
    assert shown["Offered a VPS"] == "–"
    assert shown["Cases whose crime was reported in the period"] == "8"
    assert shown["First offered by: Police"] == "<5"
    assert shown["First offered by: Witness Care Unit"] == "<5"
    assert shown["Days from report to first offer: median"] == "–"
    exact = {measure: value for _section, measure, value in rows(figures, None)}
    assert exact["First offered by: Police"] == "2"
    assert exact["Days from report to first offer: range"] == "1 day to 1 day"


def test_a_later_vps_event_than_the_report_day_does_not_count() -> None:
    case = _case("a", ("crime_reported", "2026-01-05", {}),
                 ("vps_offered", "2026-07-02", {"by": "police"}))  # fmt: skip
    figures = compute([case], start=START, end=END, today=TODAY)
    assert figures.reported == 1 and figures.offered.yes == 0


def test_the_demos_vps_events_come_from_their_own_generator() -> None:
    """Every case is, apart from its VPS events, what the demo made before they were added."""
    known = frozenset({"police.refer_support", "police.inform_arrest", "wcu.inform_hearing"})
    agency, side = random.Random(3), random.Random("advocate-3")
    cases = demo_cases(40, 3, TODAY, known)
    assert any(e.type in VPS_EVENT_TYPES for case in cases for e in case.events)
    for number, case in enumerate(cases, start=1):
        before = demo_case(agency, TODAY, number, known, side)  # no VPS generator
        kept = [(e.type, e.date, dict(e.fields)) for e in case.events
                if e.type not in VPS_EVENT_TYPES]  # fmt: skip
        assert kept == [(e.type, e.date, dict(e.fields)) for e in before.events]
        assert (case.victim, case.case) == (before.victim, before.case)


def test_the_polices_duty_recorded_met_counts_as_their_offer() -> None:
    """Before VPS events existed an advocate recorded the offer as police.offer_vps met: the
    report counts it as the police's offer, on that day."""
    case = _case("a", ("crime_reported", "2026-01-05", {}),
                 ("duty_met", "2026-01-08", {"duty": "police.offer_vps", "trigger": "e0"}),
                 ("vps_offered", "2026-02-01", {"by": "wcu"}))  # fmt: skip
    figures = compute([case], start=START, end=END, today=TODAY)
    assert figures.offered.yes == 1 and figures.days_to_offer == (3,)
    assert dict(figures.offered_by)["police"] == 1


def test_the_agencies_counts_never_give_away_a_small_number_not_offered() -> None:
    """Nine cases reported, seven offered by the police: showing 7 beside the 9 would tell
    that 2 were not offered, so the agencies' counts are hidden too."""
    report = ("crime_reported", "2026-01-05", {})
    offer = ("vps_offered", "2026-01-06", {"by": "police"})
    cases = [_case(str(n), report, *([offer] if n < 7 else [])) for n in range(9)]
    shown = {m: v for _s, m, v in rows(compute(cases, start=START, end=END, today=TODAY), 5)}
    assert shown["Cases whose crime was reported in the period"] == "9"
    assert shown["Offered a VPS"] == "–"
    assert shown["First offered by: Police"] == "x"
