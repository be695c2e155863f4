"""The presets in shapes others already read (issue 22 §1, §3): "MoJ quarterly return: five
areas" and "CPS victim letters", over a demo workspace, against a separate simple count made
here from the issue's definitions (the engine's obligations per case, counted by hand; never
the preset's own helpers), in every format, and under the old preset name.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.letters.pdftext import pdf_text
from vcop_desktop.cli import main
from vcop_desktop.domain.obligations import Status
from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "return presets fixture passphrase"
TODAY = date(2026, 6, 30)
START, END = date(2025, 7, 1), date(2026, 6, 30)
PERIOD = ["--from", START.isoformat(), "--to", END.isoformat(), "--today", TODAY.isoformat()]
NOT_OFFICIAL = "Recorded by the advocacy service; not official statistics."

#: The issue's five areas, each with its duties as the catalogue (shared/vcop/duties.md) has
#: them: written acknowledgement = Right 3's written confirmation; referral = Right 4's
#: referral; updates within the stated timeframes = Right 6's duties with a time limit or an
#: agreed interval; VPS = Right 7's offer; release notice = Right 11's referral to the Victim
#: Contact Scheme and the Victim Liaison Officer's contact.
AREAS = {
    "Right 3": {"police.written_confirmation"},
    "Right 4": {"police.refer_support"},
    "Right 6": {
        "police.inform_not_investigating", "police.inform_arrest", "police.inform_interview",
        "police.inform_release", "police.inform_bail", "police.inform_rui",
        "police.inform_bail_change", "police.inform_charge", "police.inform_no_charge",
        "police.inform_disposal", "police.update", "cps.inform_no_charge",
        "cps.inform_discontinued", "cps.inform_charge_altered", "cps.inform_no_evidence",
        "cps.inform_left_on_file",
    },
    "Right 7": {"police.offer_vps"},
    "Right 11": {"wcu.refer_vcs", "probation.vlo_contact"},
}  # fmt: skip
#: CPS decisions that need a letter to the victim (Right 6, 5 working days, 1 if enhanced).
CPS_LETTERS = {
    "cps.inform_no_charge", "cps.inform_discontinued", "cps.inform_charge_altered",
    "cps.inform_no_evidence", "cps.inform_left_on_file",
}  # fmt: skip


#: The forces the fixture gives its cases and their CPS Areas, from the CPS's list of Areas
#: (London's two Areas cannot be told apart by force); any other force: not known.
CPS_AREA_OF = {
    "Kent Police": "CPS South East",
    "Metropolitan Police Service": "CPS London (North or South)",
    "Devon & Cornwall": "CPS South West",
}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("returns") / "workspace"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        ws.add_demo_cases(80, seed=22, today=TODAY)
        # Real forces on most cases (the demo's are made up), as advocates type them.
        for n, case in enumerate(ws.list_cases()):
            if n % 4 < 3:
                with ws.open_case(case.case_id) as handle:
                    handle.update_case(police_force=list(CPS_AREA_OF)[n % 4])
    yield folder


@pytest.fixture
def ws(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    return str(demo_dir)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def hand_count(demo_dir: Path, duties: set[str], key: str) -> dict[str, dict[str, int]]:
    """Per area ("area") or police force ("force"): the obligations of `duties` placed in the
    period (by due date, or by clock start when there is no time limit), counted by hand."""
    counts: dict[str, dict[str, int]] = {}
    with Workspace.open(demo_dir, PASSPHRASE) as workspace:
        for case in workspace.list_cases():
            with workspace.open_case(case.case_id) as handle:  # the force is in the case file
                force = handle.case_record().police_force
            for o in workspace.obligations(case.case_id, TODAY).obligations:
                if o.duty not in duties or o.status is Status.NOT_APPLICABLE:
                    continue
                day = o.due or o.clock_start
                if day is None or not START <= day <= END:
                    continue
                if key == "force":
                    group = force or "(not recorded)"
                elif key == "cps_area":
                    group = CPS_AREA_OF.get(force or "", "CPS Area not known")
                else:
                    group = next(area for area, ds in AREAS.items() if o.duty in ds)
                c = counts.setdefault(group, dict.fromkeys(
                    ("due", "on_time", "late", "sent", "no_limit", "no_limit_met"), 0))  # fmt: skip
                met = o.status in (Status.MET, Status.MET_LATE) and o.met_on is not None
                if o.due is None:
                    c["no_limit"] += 1
                    c["no_limit_met"] += met
                    continue
                c["due"] += 1
                if met:
                    assert o.met_on is not None
                    c["sent"] += 1
                    c["on_time" if o.met_on <= o.due else "late"] += 1
    return counts


def test_every_area_duty_is_in_the_catalogue_under_its_right() -> None:
    pack = Path(__file__).parents[2] / "resources" / "rules" / "vcop-2020.toml"
    rights = {r["id"]: r.get("right") for r in tomllib.loads(pack.read_text("utf-8"))["rule"]}
    for area, duties in AREAS.items():
        for duty in duties:
            assert f"Right {rights[duty]}" == area, duty
    code_right_6 = {d for d, r in rights.items() if r == 6}
    assert code_right_6 - AREAS["Right 6"] == {"police.agree_updates"}  # no time limit
    assert {d for d, r in rights.items() if r == 11} == AREAS["Right 11"]


def test_moj_five_areas_match_a_count_by_hand(
    ws: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset",
                         "moj-five-areas", "--format", "json")  # fmt: skip
    assert status == 0
    doc = json.loads(out)
    assert doc["status"] == NOT_OFFICIAL and "Ministry of Justice quarterly return" in doc["origin"]
    by_area = {g["by"]["moj_area"]: g for g in doc["groups"] if "moj_area" in g["by"]}
    # Every area has its row, in the Code's order, whether anything was owed or not.
    assert [label.split(":")[0] for label in by_area] == list(AREAS)
    expected = hand_count(demo_dir, set().union(*AREAS.values()), "area")
    assert sum(c["due"] + c["no_limit"] for c in expected.values()) > 100  # a real test
    for label, group in by_area.items():
        c = expected.get(
            label.split(":")[0],
            dict.fromkeys(("due", "on_time", "late", "no_limit", "no_limit_met"), 0),
        )
        got = (group["due"], group["met_on_time"], group["met_late"], group["no_limit"],
               group["no_limit_met"])  # fmt: skip
        assert got == (c["due"], c["on_time"], c["late"], c["no_limit"], c["no_limit_met"]), label
    # Nothing outside the five areas counts (police.agree_updates, needs assessments...).
    agencies = [g for g in doc["groups"] if "agency" in g["by"]]
    assert sum(g["due"] + g["no_limit"] for g in agencies) == sum(
        c["due"] + c["no_limit"] for c in expected.values()
    )


def test_cps_victim_letters_match_a_count_by_hand(
    ws: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset",
                         "cps-victim-letters", "--format", "json")  # fmt: skip
    assert status == 0
    doc = json.loads(out)
    expected = hand_count(demo_dir, CPS_LETTERS, "force")
    assert sum(c["due"] for c in expected.values()) >= 5  # the demo has CPS decisions
    for key in ("cps_area",):
        expected = hand_count(demo_dir, CPS_LETTERS, key)
        groups = {g["by"][key]: g for g in doc["groups"] if key in g["by"]}
        assert set(groups) == set(expected)
        for name, c in expected.items():
            g = groups[name]
            # decisions needing a letter; letters sent; sent within the limit
            assert (g["due"], g["met_on_time"] + g["met_late"], g["met_on_time"]) == (
                c["due"], c["sent"], c["on_time"]), name  # fmt: skip
    areas = {g["by"]["cps_area"] for g in doc["groups"] if "cps_area" in g["by"]}
    assert len(areas) >= 3 and areas <= {*CPS_AREA_OF.values(), "CPS Area not known"}


def test_the_old_preset_name_still_works(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    old = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset", "key-entitlements",
              "--format", "json")  # fmt: skip
    new = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset", "moj-five-areas",
              "--format", "json")  # fmt: skip
    assert old[0] == new[0] == 0 and old[1] == new[1]
    status, _, err = run(capsys, "report", "--workspace", ws, "--preset", "nonsense")
    assert status == 2 and "unknown preset 'nonsense'" in err and "moj-five-areas" in err


@pytest.mark.parametrize(
    ("preset", "origin", "heading"),
    [
        ("moj-five-areas", "legacy Ministry of Justice quarterly return by Police and Crime",
         "Right 11: advance notice of the offender's release"),
        ("cps-victim-letters", "Victim Communication and Liaison", "Decisions needing a letter"),
    ],
)  # fmt: skip
def test_pdf_xlsx_csv_carry_origin_method_and_label(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, preset: str, origin: str,
    heading: str,
) -> None:  # fmt: skip
    files = {fmt: tmp_path / f"r.{fmt}" for fmt in ("pdf", "xlsx", "csv")}
    for fmt, path in files.items():
        assert run(capsys, "report", "--workspace", ws, *PERIOD, "--preset", preset,
                   "--format", fmt, "--out", str(path))[0] == 0  # fmt: skip
    text = " ".join(pdf_text(files["pdf"].read_bytes()).split())
    assert origin in text and heading in text and NOT_OFFICIAL in text
    assert "What is counted." in text and "Page 1 of" in text
    book = openpyxl.load_workbook(files["xlsx"])
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(values_only=True)}
    assert origin in str(notes["Origin"]) and notes["Status"] == NOT_OFFICIAL
    assert "cps.inform_left_on_file" in str(notes["What is counted"])
    assert book["Summary"]["A3"].value == NOT_OFFICIAL
    rows = list(csv.reader(io.StringIO(files["csv"].read_text("utf-8-sig"))))
    assert rows[0][-1] == "Status"
    assert all(r[-1] in (NOT_OFFICIAL, "Status") for r in rows[1:])  # a second table's heading


def test_letters_sent_is_hidden_when_either_part_is(ws: str) -> None:
    """ "Letters sent" (on time + late) never gives a suppressed count away: the same
    suppression as every cell, reused."""
    from vcop_desktop.domain.report import GroupFigures
    from vcop_desktop.reports.run import PRESETS, build_run

    run_ = build_run([], start=START, end=END, today=TODAY, preset=PRESETS["cps-victim-letters"])
    small = GroupFigures((("force", "A"),), 9, 6, 2, 1, 0, 0, 0, 3, 0, 0, 0, 9)
    assert run_.hidden(small)["met_late"] == "<5"
    assert run_.shown(small, "sent") == "x"
    big = GroupFigures((("force", "B"),), 20, 10, 10, 0, 0, 0, 0, 10, 0, 0, 0, 20)
    assert run_.shown(big, "sent") == "20"


def test_cps_letter_quality_is_counted_apart_and_matches_a_count_by_hand(
    ws: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Of the letters sent, those the advocate marked "reasons explained clearly" yes or no,
    by CPS Area: counted by hand from each case's duty_met records; the timeliness figures
    are the same with or without the marks (never merged)."""
    status, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset",
                         "cps-victim-letters", "--format", "json")  # fmt: skip
    assert status == 0
    doc = json.loads(out)
    expected: dict[str, list[int]] = {}
    with Workspace.open(demo_dir, PASSPHRASE) as workspace:
        for case in workspace.list_cases():
            with workspace.open_case(case.case_id) as handle:
                force = handle.case_record().police_force
            scenario = workspace.scenario(case.case_id)
            for o in workspace.obligations(case.case_id, TODAY).obligations:
                if o.duty not in CPS_LETTERS or o.due is None or not START <= o.due <= END:
                    continue
                if o.status not in (Status.MET, Status.MET_LATE) or o.met_on is None:
                    continue
                marks = [e.fields["reasons_clear"] for e in scenario.events
                         if e.type == "duty_met" and e.fields.get("duty") == o.duty
                         and e.fields.get("trigger") == o.trigger
                         and "reasons_clear" in e.fields]  # fmt: skip
                if not marks:
                    continue
                for key in ("", CPS_AREA_OF.get(force or "", "CPS Area not known")):
                    c = expected.setdefault(key, [0, 0, 0])
                    c[0] += 1
                    c[1 if marks[-1] == "yes" else 2] += 1
    assert expected[""][0] >= 3  # the demo marks letters (clear or not: test_letter_quality.py)
    got = {
        row["by"].get("cps_area", ""): [row["marked"], row["clear_yes"], row["clear_no"]]
        for row in doc["letter_quality"]
    }
    assert got == expected
    # Timeliness is counted on its own: the marked letters are some of those sent.
    total = next(g for g in doc["groups"] if "cps_area" in g["by"])  # any row has the keys
    assert "marked" not in total and "clear_yes" not in total
    sent = sum(g["met_on_time"] + g["met_late"] for g in doc["groups"] if "cps_area" in g["by"])
    assert expected[""][0] <= sent


def test_cps_letter_quality_on_the_pdf_and_xlsx(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for fmt in ("pdf", "xlsx"):
        assert run(capsys, "report", "--workspace", ws, *PERIOD, "--preset",
                   "cps-victim-letters", "--format", fmt, "--out",
                   str(tmp_path / f"cps.{fmt}"))[0] == 0  # fmt: skip
    text = " ".join(pdf_text((tmp_path / "cps.pdf").read_bytes()).split())
    assert "Letter quality: reasons explained clearly" in text and "By CPS Area" in text
    assert "not part of, the timeliness figures" in text
    sheet = openpyxl.load_workbook(tmp_path / "cps.xlsx")["Letter quality"]
    assert [c.value for c in sheet[4]] == [
        "CPS Area", "Letters sent with a mark", "Clear: yes", "Clear: no"]  # fmt: skip
    assert sheet["A5"].value == "All"


def test_cps_letter_quality_is_in_the_csv_as_a_table_of_its_own(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The CSV, like the PDF and XLSX, carries the quality mark: below the timeliness rows, in
    its own columns (never merged with them), each row labelled not official."""
    import csv

    out = tmp_path / "cps.csv"
    assert run(capsys, "report", "--workspace", ws, *PERIOD, "--preset",
               "cps-victim-letters", "--format", "csv", "--out", str(out))[0] == 0  # fmt: skip
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    title = "Letter quality: reasons explained clearly (the advocate's mark)"
    start = next(n for n, r in enumerate(rows) if r[0] == title)
    heads = ["Grouping", "Group", "Letters sent with a mark", "Clear: yes", "Clear: no"]
    assert rows[start + 1] == [*heads, "Status"]
    assert all(len(r) == len(rows[0]) for r in rows[:start])  # the timeliness table above
    quality = rows[start + 2 :]
    assert quality[0][:2] == ["All", "All"]
    assert {r[0] for r in quality[1:]} == {"CPS Area"}
    label = "Recorded by the advocacy service; not official statistics."
    assert all(r[-1] == label for r in quality)
    assert all(len(r) == 6 for r in rows[start:])
