"""`vcop-desktop report --service`: the service report from the command line, in every format,
never with Code compliance figures or personal data in it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.letters.pdftext import pdf_text
from vcop_desktop.cli import main
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.demo import demo_cases

PASSPHRASE = "service cli fixture passphrase"
PERIOD = ["--from", "2026-01-01", "--to", "2026-11-30", "--today", "2026-11-24"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("service-cli") / "workspace"
    with Workspace.create(path, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        ws.add_demo_cases(20, seed=2, today=date(2026, 11, 24))
    return path


@pytest.fixture
def ws(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    return str(folder)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_service_table_json_and_csv(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "report", "--service", "--workspace", ws, *PERIOD)
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Service report")
    assert lines[1] == "Recorded by the advocacy service; not official statistics."
    for section in ("Referrals", "First contact", "Risk assessments", "MARAC", "Safety plans",
                    "Sharing without consent", "Closed cases"):  # fmt: skip
        assert section in lines
    assert "on-time rate" not in out.lower() and "Code duties" not in out

    status, out, _ = _run(capsys, "report", "--service", "--workspace", ws, *PERIOD,
                          "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 0 and doc["report"] == "service"
    assert doc["period"] == {"from": "2026-01-01", "to": "2026-11-30"}
    assert doc["referrals"]["received"] == sum(doc["referrals"]["by_source"].values())
    assert set(doc) >= {"first_contact", "assessments", "marac", "safety_plans",
                        "sharing_without_consent", "closed_cases"}  # fmt: skip

    status, out, _ = _run(capsys, "report", "--service", "--workspace", ws, *PERIOD,
                          "--format", "csv")  # fmt: skip
    table = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert status == 0 and ["Section", "Measure", "Value"] in table


def test_service_pdf_and_xlsx_carry_no_names(
    ws: str, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [c.victim_name for c in demo_cases(20, 2, date(2026, 11, 24), frozenset())]
    pdf, xlsx = tmp_path / "service.pdf", tmp_path / "service.xlsx"
    for path, fmt in ((pdf, "pdf"), (xlsx, "xlsx")):
        status, _, err = _run(capsys, "report", "--service", "--workspace", ws, *PERIOD,
                              "--format", fmt, "--out", str(path))  # fmt: skip
        assert status == 0 and err == ""
    text = pdf_text(pdf.read_bytes())
    assert "not official statistics" in text and "Service report" in text
    with zipfile.ZipFile(xlsx) as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "not official statistics" in strings
    for name in names:
        surname = name.split()[-1]
        assert surname not in text and surname not in strings


@pytest.mark.parametrize(
    ("option", "says"),
    [
        (["--by", "agency"], "--by does not go with --service"),
        (["--preset", "by-force"], "--preset does not go with --service"),
        (["--kind", "practice"], "--kind does not go with --service"),
        (["--from", "2026-05-01", "--to", "2026-04-01"], "the period starts"),
    ],
)
def test_service_refuses_options_of_the_code_report(
    ws: str, capsys: pytest.CaptureFixture[str], option: list[str], says: str
) -> None:
    status, out, err = _run(capsys, "report", "--service", "--workspace", ws, *option)
    assert status == 2 and out == "" and says in err and len(err.strip().splitlines()) == 1
