"""`vcop-desktop import-cases`: the dry run writes nothing, the import creates once, an
unreadable file is one line with status 2, the template is the app's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.caseload_import.conftest import PASSPHRASE, TIDY_HEADERS, TIDY_ROWS, write_xlsx
from vcop_desktop.cli import main
from vcop_desktop.storage import Workspace


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    assert main(["init", "--workspace", str(tmp_path / "ws"), "--kdf-time", "1",
                 "--kdf-memory", "8"]) == 0  # fmt: skip
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def _codes(folder: Path) -> list[str | None]:
    with Workspace.open(folder, PASSPHRASE) as ws:
        return sorted(str(c.crime_reference) for c in ws.list_cases())


def test_dry_run_then_import_then_again(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(env / "tidy.xlsx", TIDY_HEADERS, TIDY_ROWS)
    common = ("--workspace", str(env / "ws"), "--config-dir", str(env / "cfg"), "--today",
              "2026-03-20")  # fmt: skip
    status, out, err = run(capsys, "import-cases", str(path), "--dry-run", *common)
    assert status == 0 and err == ""
    assert "will create: row 2: crime reference QZ/10001/26; 4 events" in out
    assert out.splitlines()[-1] == (
        "Dry run: 3 cases to create, 0 already present (skipped), 0 rows with problems "
        "(not imported). Nothing was written."
    )
    assert "Quentin" not in out  # cases are named by crime reference, never by name
    assert _codes(env / "ws") == []
    assert not (env / "cfg").exists()  # a dry run remembers nothing either

    status, out, _ = run(capsys, "import-cases", str(path), *common)
    assert status == 0
    assert out.splitlines()[-1] == ("3 cases created, 0 skipped as already present, 0 rows failed.")
    assert _codes(env / "ws") == ["QZ/10001/26", "QZ/10002/26", "QZ/10003/26"]
    status, out, _ = run(capsys, "import-cases", str(path), *common)
    assert out.splitlines()[-1] == "0 cases created, 3 skipped as already present, 0 rows failed."
    assert len(_codes(env / "ws")) == 3


def test_failed_rows_give_status_1_and_their_file(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = env / "in.csv"
    path.write_text("Name,Crime ref,Date charged\nAda Pinkerton,QZ/9,31/11/25\n", encoding="utf-8")
    out_dir = env / "failed"
    out_dir.mkdir()
    status, out, _ = run(capsys, "import-cases", str(path), "--workspace", str(env / "ws"),
                         "--config-dir", str(env / "cfg"), "--failed-dir", str(out_dir),
                         "--key", "crime_reference")  # fmt: skip
    assert status == 1
    assert "problem: row 2, Date charged: '31/11/25' is not a date" in out
    assert [p.name.startswith("vcop-import-failed-rows-") for p in out_dir.iterdir()] == [True]


def test_a_mapping_given_on_the_command_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = env / "in.csv"
    path.write_text("Person,Ref,When\nAda Pinkerton,QZ/9,2/1/26\n", encoding="utf-8")
    mapping = json.dumps(
        {"Person": "Victim name", "Ref": "crime_reference", "When": "Date reported"}
    )
    status, out, _ = run(capsys, "import-cases", str(path), "--workspace", str(env / "ws"),
                         "--config-dir", str(env / "cfg"), "--mapping", mapping,
                         "--key", "crime_reference")  # fmt: skip
    assert status == 0, out
    assert _codes(env / "ws") == ["QZ/9"]
    # Remembered for the next file with these headers: no --mapping needed.
    path.write_text("Person,Ref,When\nBo Pinkerton,QZ/10,3/1/26\n", encoding="utf-8")
    status, out, _ = run(capsys, "import-cases", str(path), "--workspace", str(env / "ws"),
                         "--config-dir", str(env / "cfg"), "--key", "crime_reference")  # fmt: skip
    assert status == 0, out
    assert _codes(env / "ws") == ["QZ/10", "QZ/9"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.csv"], "nowhere.csv: no such file."),
        (["bad.xlsx"], "bad.xlsx: not a readable Excel workbook (BadZipFile)."),
        (["in.csv", "--mapping", "{not json"], "--mapping: not valid JSON"),
        (["in.csv", "--mapping", '{"Nope": "offence"}'], "--mapping: the file has no column"),
        (["in.csv", "--key", "offence"], "'offence' cannot be a key"),
        ([], "import-cases: give the FILE to import"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (env / "bad.xlsx").write_bytes(b"garbage")
    (env / "in.csv").write_text("Name,Crime ref\nAda Pinkerton,QZ/9\n", encoding="utf-8")
    args = [str(env / a) if a.endswith((".csv", ".xlsx")) else a for a in args]
    status, _out, err = run(capsys, "import-cases", *args, "--workspace", str(env / "ws"),
                           "--config-dir", str(env / "cfg"))  # fmt: skip
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert _codes(env / "ws") == []


def test_the_template_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "template.xlsx"
    status, _out, _ = run(capsys, "import-cases", "--template", str(target))
    assert status == 0 and target.read_bytes()[:2] == b"PK"
    from vcop_desktop.caseload_import.reader import read_table

    assert read_table(target).headers == TIDY_HEADERS
