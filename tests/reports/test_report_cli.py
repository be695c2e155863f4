"""`vcop-desktop report` over the hand-worked workspace (conftest.py), in every format.

Code duties due in March 2026 (all police), judged on 10 April 2026:
- refer_support: on time in cases 1, 4, 5, 6; late 2 days (case 2); overdue 37 days (case 3)
- inform_arrest: on time in cases 1, 3, 6; late 3 (case 2) and 11 days (case 5, reason given);
  overdue 32 days (case 4)
So 12 due: 7 on time, 3 late, 2 overdue; rate 7/12; Wilson 95% (by hand: centre 0.5631,
half-width 0.2436) 0.3195 to 0.8067; days late 2, 3, 11, 32, 37: median 11, p90 37.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from tests.letters.pdftext import pdf_text
from tests.reports.conftest import BIRTH_DATES, CRIME_REFERENCES, NAMES, PASSPHRASE
from vcop_desktop.cli import main

PERIOD = ["--from", "2026-03-01", "--to", "2026-03-31", "--today", "2026-04-10"]


@pytest.fixture
def ws(report_ws_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    return str(report_ws_dir)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_figures_by_hand(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "agency",
                         "--format", "json")  # fmt: skip
    assert status == 0
    doc = json.loads(out)
    assert doc["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert (doc["today"], doc["kind"]) == ("2026-04-10", "code")
    (police,) = doc["groups"]
    assert police["by"] == {"agency": "police"}
    counts = [police[k] for k in ("due", "met_on_time", "met_late", "overdue", "open", "waived")]
    assert counts == [12, 7, 3, 2, 0, 0]
    assert police["on_time_rate"] == pytest.approx(7 / 12, abs=1e-4)
    assert police["ci95"] == pytest.approx([0.3195, 0.8067], abs=2e-4)
    assert (police["median_days_late"], police["p90_days_late"]) == (11, 37)
    assert (police["late_reason_given"], police["late_no_reason"]) == (1, 4)
    assert police["cases"] == 6
    assert police["no_limit"] == 36  # six duties with no time limit from each report


def test_groupings_by_force_and_duty(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "force", "duty",
                    "--format", "json")  # fmt: skip
    groups = {tuple(g["by"].values()): g for g in json.loads(out)["groups"]}
    east, west = groups[("Eastvale Police",)], groups[("Westmoor Constabulary",)]
    assert (east["met_on_time"], east["met_late"], east["overdue"]) == (3, 2, 1)
    assert (west["met_on_time"], west["met_late"], west["overdue"]) == (4, 1, 1)
    refer = groups[("police.refer_support",)]
    assert (refer["met_on_time"], refer["met_late"], refer["overdue"]) == (4, 1, 1)
    assert (refer["median_days_late"], refer["p90_days_late"]) == (19.5, 37)


def test_csv_has_bom_and_suppresses_small_counts(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "r.csv"
    status, _, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "duty",
                       "--format", "csv", "--out", str(out))  # fmt: skip
    assert status == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    total = rows[0]
    assert (total["Group"], total["Due in period"], total["Met on time"]) == ("All", "12", "7")
    assert (total["Met late"], total["Overdue"]) == ("<5", "<5")
    # 7/12 with late and overdue hidden: the rate (and its base) would give them away
    assert total["On-time rate (%)"] == total["95% CI low (%)"] == ""
    refer = next(r for r in rows if r["Group"] == "police.refer_support")
    # 4 on time, 1 late, 1 overdue of 6: all three small, the 6 shown
    assert [refer[k] for k in ("Due in period", "Met on time", "Met late", "Overdue")] == [
        "6", "<5", "<5", "<5"]  # fmt: skip

    status, _, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "duty",
                       "--format", "csv", "--out", str(out), "--min-count", "2")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    total = rows[0]
    assert (total["Met late"], total["Overdue"]) == ("3", "2")
    assert total["On-time rate (%)"] == "58.3"
    assert (total["95% CI low (%)"], total["95% CI high (%)"]) == ("32.0", "80.7")  # 31.95%, 80.67%
    arrest = next(r for r in rows if r["Group"] == "police.inform_arrest")
    # 3 on time, 2 late, 1 overdue: the 1 is hidden, and so is its smallest partner (x), or
    # 6 - 3 - 2 would give it away; 1 late with a reason (hidden) and 2 without (x: late or
    # missed is still 6 - 3 - 0 - 0 = 3, so 3 - 2 would give the 1 away)
    assert [arrest[k] for k in ("Met on time", "Met late", "Overdue")] == ["3", "x", "<2"]
    assert (arrest["Late/missed, reason given"], arrest["Late/missed, no reason given"]) == (
        "<2", "x")  # fmt: skip
    assert arrest["On-time rate (%)"] == ""  # overdue hidden: no rate


def test_xlsx_reads_back(ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    status, _, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "agency",
                       "--by", "force", "--format", "xlsx", "--out", str(out))  # fmt: skip
    assert status == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "By agency", "By police force", "Notes"]
    rows = list(book["By police force"].iter_rows(min_row=4, values_only=True))
    header, east = rows[0], rows[1]
    assert header[1] == "Group" and east[1] == "Eastvale Police"
    assert east[header.index("Due in period")] == 6
    assert east[header.index("Met on time")] == "<5"
    notes = {r[0]: r[1] for r in book["Notes"].iter_rows(values_only=True)}
    assert "2026-03-01 to 2026-03-31" in notes["Period"]
    assert "<5" in notes["Suppression"] and "vcop-2020" in notes["Rule packs"]
    assert "Wilson" in notes["Definitions"]


def test_pdf_says_what_it_counts(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    status, _, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "agency",
                       "--format", "pdf", "--out", str(out), "--min-count", "2")  # fmt: skip
    assert status == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Victims' Code duties: compliance report" in text
    assert "obligations due from 1 March 2026 to 31 March 2026" in text
    assert "58% were met on time (95% CI 32–81%)" in text
    assert "median of 11 days late" in text
    assert "On-time rate by agency" in text and "Monthly trend" in text
    assert "Wilson" in text and "Page 1 of" in text


def test_case_appendix_is_opt_in_and_by_case_code(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plain, appendix = tmp_path / "plain.xlsx", tmp_path / "appendix.xlsx"
    assert run(capsys, "report", "--workspace", ws, *PERIOD, "--format", "xlsx", "--out",
               str(plain))[0] == 0  # fmt: skip
    assert "Case appendix" not in openpyxl.load_workbook(plain).sheetnames
    assert run(capsys, "report", "--workspace", ws, *PERIOD, "--format", "xlsx", "--appendix",
               "--out", str(appendix))[0] == 0  # fmt: skip
    sheet = openpyxl.load_workbook(appendix)["Case appendix"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    # late: case 2 (both duties), case 5 (arrest, reason given); overdue: case 3, case 4
    assert [(r[0][-4:], r[2], r[5], r[7], r[8]) for r in rows] == [
        ("0002", "police.refer_support", "met late", "2", "no"),
        ("0002", "police.inform_arrest", "met late", "3", "no"),
        ("0003", "police.refer_support", "overdue", "37", "no"),
        ("0004", "police.inform_arrest", "overdue", "32", "no"),
        ("0005", "police.inform_arrest", "met late", "11", "yes"),
    ]
    # "Met on" is the day it was met (due + days late), never the due date; empty when overdue.
    for r in rows:
        due, outcome, met_on, late = r[4], r[5], r[6], int(r[7])
        if outcome == "overdue":
            assert met_on in (None, "")
        else:
            assert date.fromisoformat(met_on) - date.fromisoformat(due) == timedelta(days=late)
    status, _, err = run(capsys, "report", "--workspace", ws, "--appendix", "--format", "csv")
    assert status == 2 and "--appendix goes with" in err


def test_table_and_presets(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--preset",
                         "key-entitlements")  # fmt: skip
    assert status == 0
    # The old name of the MoJ return's five areas (issue 22): the same report, still accepted.
    assert "By MoJ return area" in out and "Right 4: referred" in out and "Right 6: upd" in out
    status, out, _ = run(capsys, "report", "--workspace", ws, "--today", "2026-04-10",
                         "--preset", "trend-by-month", "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert doc["period"] == {"from": "2025-05-01", "to": "2026-04-30"}
    assert [g["by"] for g in doc["groups"]] == [{"month": "2026-03"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-04-01", "--to", "2026-03-01"], "starts (2026-04-01) after it ends"),
        (["--by", "colour"], "unknown grouping 'colour'"),
        (["--from", "1 March"], "not a date"),
        (["--format", "docx"], "unknown format"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "r.csv"
    status, stdout, err = run(capsys, "report", "--workspace", ws, *args, "--out", str(out))
    assert status == 2 and stdout == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == [Path(ws)]


def test_extracts_merge_and_refuse_duplicates_and_tampering(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "report", "--workspace", ws, "--extract", "--out", str(a))[0] == 0
    assert run(capsys, "report", "--workspace", ws, "--extract", "--out", str(b))[0] == 0
    extract = json.loads(a.read_text())
    assert {r[0] for r in extract["rows"]}.isdisjoint(
        {r[0] for r in json.loads(b.read_text())["rows"]}
    )
    status, out, _ = run(capsys, "report", "--merge", str(a), str(b), *PERIOD, "--format", "json")
    assert status == 0
    (total,) = json.loads(out)["groups"]
    assert (total["due"], total["met_on_time"], total["cases"]) == (24, 14, 12)
    assert total["late_reason_given"] == 2

    report = tmp_path / "merged.csv"
    status, _, err = run(capsys, "report", "--merge", str(a), str(a), "--out", str(report),
                         "--format", "csv")  # fmt: skip
    assert status == 2 and "same extract as a.json" in err and not report.exists()

    tampered = tmp_path / "t.json"
    extract["rows"][0][7] = "met"
    tampered.write_text(json.dumps(extract))
    status, _, err = run(capsys, "report", "--merge", str(tampered), "--out", str(report))
    assert status == 2 and "checksum does not match" in err and not report.exists()

    newer = tmp_path / "n.json"
    newer.write_text(json.dumps({**json.loads(a.read_text()), "version": 99}))
    status, _, err = run(capsys, "report", "--merge", str(newer), "--out", str(report))
    assert status == 2 and "newer version" in err and len(err.strip().splitlines()) == 1
    assert not report.exists()

    garbage = tmp_path / "g.json"
    garbage.write_bytes(b"\x00\xffnot json")
    status, _, err = run(capsys, "report", "--merge", str(garbage))
    assert status == 2 and "not JSON" in err


def _forbidden() -> list[bytes]:
    out: list[bytes] = []
    for name in NAMES:
        out += [name.encode(), name.split()[1].encode(), name.encode("utf-16-le")]
    for ref in CRIME_REFERENCES:
        out += [ref.encode(), ref.encode("utf-16-le")]
    for born in BIRTH_DATES:
        for text in (born.isoformat(), born.strftime("%d/%m/%Y"), born.strftime("%-d %B %Y")):
            out += [text.encode(), text.encode("utf-16-le")]
    return out


def test_no_personal_data_in_any_export_or_extract(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import zipfile

    blobs: dict[str, bytes] = {}
    groupings = ["agency", "force", "right", "duty", "month", "quarter", "enhanced", "flag"]
    for fmt in ("csv", "xlsx", "pdf", "json", "table"):
        out = tmp_path / f"r.{fmt}"
        args = ["--from", "1900-01-01", "--to", "2100-01-01", "--by", *groupings]
        if fmt in ("xlsx", "pdf"):
            args.append("--appendix")
        status = run(capsys, "report", "--workspace", ws, *args, "--format", fmt, "--out", str(out))
        assert status[0] == 0
        blobs[fmt] = out.read_bytes()
    extract = tmp_path / "x.json"
    assert run(capsys, "report", "--workspace", ws, "--extract", "--out", str(extract))[0] == 0
    blobs["extract"] = extract.read_bytes()
    with zipfile.ZipFile(tmp_path / "r.xlsx") as book:  # the XLSX's XML, uncompressed
        blobs["xlsx-xml"] = b"".join(book.read(n) for n in book.namelist())
    blobs["pdf-text"] = pdf_text(blobs["pdf"]).encode()
    for kind, data in blobs.items():
        for needle in _forbidden():
            assert needle not in data, (kind, needle)
    assert b"police.inform_arrest" in blobs["extract"]  # the scan does see the content


def test_the_terminal_table_shows_the_hand_worked_figures(
    ws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI's own table (the advocate's screen, exact counts): 12 due, 7 on time, 3 late,
    2 overdue, rate 7/12 = 58%, Wilson 32%-81%, days late median 11 and p90 37, 1 reason."""
    status, out, _ = run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "agency")
    assert status == 0
    lines = out.splitlines()
    assert lines[1] == "Period 2026-03-01 to 2026-03-31, judged on 2026-04-10 (one workspace)"
    header = next(line for line in lines if line.startswith("Group"))
    assert header.split() == [
        "Group", "due", "on", "time", "late", "overdue", "open", "waived", "rate", "95%", "CI",
        "median", "p90", "reason",
    ]  # fmt: skip
    rows = [line.split() for line in lines if line.startswith(("All  ", "Police"))]
    figures = ["12", "7", "3", "2", "0", "0", "58%", "32%-81%", "11", "37", "1"]
    assert rows == [["All", *figures], ["Police", *figures]]
    assert lines[2:4] == ["", "All obligations"] and "By agency" in lines
    assert lines[lines.index("By agency") - 1] == ""  # a blank line between the sections
    assert lines[-1] == (
        "Not applicable: 0; no time limit: 36 (0 met). 'reason': late or missed with the "
        "agency's reason on record."
    )


def test_the_terminal_table_of_a_period_with_nothing_due_shows_dashes(
    ws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "report", "--workspace", ws, "--from", "2025-01-01",
                         "--to", "2025-01-31", "--today", "2026-04-10")  # fmt: skip
    assert status == 0
    (total,) = [line.split() for line in out.splitlines() if line.startswith("All  ")]
    assert total == ["All", "0", "0", "0", "0", "0", "0", "-", "-", "-", "-", "0"]
