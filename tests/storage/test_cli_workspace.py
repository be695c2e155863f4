"""The workspace commands end to end, through `vcop_desktop.cli.main` and one real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.cli import main
from vcop_desktop.commands.workspace import json_list_chunks
from vcop_desktop.storage.backup import backup_sets

CHEAP = ["--kdf-time", "1", "--kdf-memory", "8"]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_whole_cycle(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = str(env / "ws")
    scenario = env / "case.json"
    scenario.write_text(json.dumps(SCENARIO))
    assert run(capsys, "init", "--workspace", ws, *CHEAP)[0] == 0
    status, out, _ = run(capsys, "import-scenario", "--workspace", ws, str(scenario))
    case_id = out.strip()
    assert status == 0 and len(case_id) == 32

    status, out, _ = run(capsys, "export-scenario", "--workspace", ws, "--case", case_id)
    assert status == 0 and json.loads(out) == SCENARIO

    status, out, _ = run(capsys, "due", "--workspace", ws, "--today", "2026-03-20", "--json")
    items = json.loads(out)
    assert status == 0 and items
    assert {
        "case_id",
        "case_code",
        "duty",
        "trigger",
        "owed_by",
        "right",
        "statutory",
        "due",
        "status",
        "met_on",
    } <= set(items[0])
    assert [i["due"] for i in items] == sorted(i["due"] for i in items)
    assert all(i["case_id"] == case_id for i in items)

    status, out, _ = run(capsys, "due", "--workspace", ws, "--today", "2026-03-20", "--within", "0")
    assert status == 0 and "overdue" in out and "Quillfeather" not in out

    assert run(capsys, "demo", "--workspace", ws, "--cases", "3", "--seed", "5")[0] == 0
    status, out, _ = run(capsys, "cases", "--workspace", ws)
    assert status == 0 and len(out.strip().splitlines()) == 4

    status, out, _ = run(capsys, "check", "--workspace", ws)
    assert status == 0 and "4 ok, 0 with problems" in out

    (Path(ws) / "letters").mkdir()
    (Path(ws) / "letters" / "address-book.toml").write_text("# agencies\n", encoding="utf-8")
    status, out, _ = run(capsys, "backup", "--workspace", ws, "--to", str(env / "bk"))
    assert status == 0 and "Backed up 4 cases" in out
    (set_dir,) = backup_sets(env / "bk")
    (Path(ws) / "letters" / "address-book.toml").unlink()

    monkeypatch.setenv("VCOP_TRANSFER_PASSPHRASE", "a long transfer phrase")
    status, out, _ = run(
        capsys,
        "handover-export",
        "--workspace",
        ws,
        "--case",
        case_id,
        "--to",
        str(env / "out.vcophandover"),
    )
    assert status == 0
    other = str(env / "other")
    assert run(capsys, "init", "--workspace", other, *CHEAP)[0] == 0
    status, out, _ = run(
        capsys, "handover-import", "--workspace", other, str(env / "out.vcophandover")
    )
    assert status == 0 and len(out.strip()) == 32

    status, out, _ = run(capsys, "erase", "--workspace", ws, "--case", case_id, "--yes")
    assert status == 0 and "1 copies in backup folders" in out
    status, out, _ = run(capsys, "restore", "--workspace", ws, "--from", str(set_dir))
    assert status == 0 and "Restored 3 case files" in out  # the erased case left the backup
    assert "Letter settings brought back (they were missing): address-book.toml." in out
    assert (Path(ws) / "letters" / "address-book.toml").read_text(
        encoding="utf-8"
    ) == "# agencies\n"

    monkeypatch.setenv("VCOP_NEW_PASSPHRASE", "new passphrase")
    assert run(capsys, "passwd", "--workspace", ws)[0] == 0
    status, _, err = run(capsys, "cases", "--workspace", ws)
    assert status == 2 and "Wrong passphrase" in err
    monkeypatch.setenv("VCOP_PASSPHRASE", "new passphrase")
    assert run(capsys, "cases", "--workspace", ws)[0] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (
            json.dumps({"events": [{"id": "a", "type": "nope", "date": "2026-01-01"}]}),
            "unknown event type",
        ),
        (
            json.dumps({"events": [{"id": "a", "type": "crime_reported", "date": "2026-02-30"}]}),
            "events[0].date",
        ),
    ],
)
def test_bad_scenarios_are_one_line_errors(
    env: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    ws = str(env / "ws")
    run(capsys, "init", "--workspace", ws, *CHEAP)
    bad = env / "bad.json"
    bad.write_text(content)
    status, out, err = run(capsys, "import-scenario", "--workspace", ws, str(bad))
    assert status == 2 and message in err and len(err.strip().splitlines()) == 1
    assert out == ""


def test_user_mistakes_are_one_line_errors(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = str(env / "ws")
    status, _, err = run(capsys, "due", "--workspace", ws)
    assert status == 2 and "no workspace" in err
    run(capsys, "init", "--workspace", ws, *CHEAP)
    for args, message in [
        (("init", "--workspace", ws), "already holds a workspace"),
        (("erase", "--workspace", ws, "--case", "VC-1999-0001", "--yes"), "no case"),
        (("import-scenario", "--workspace", ws, str(env / "missing.json")), "no such file"),
        (("due", "--workspace", ws, "--within", "-1"), "--within"),
        (("restore", "--workspace", ws, "--from", str(env)), "not a complete backup"),
    ]:
        status, _, err = run(capsys, *args)
        assert status == 2 and message in err, (args, err)
        assert len(err.strip().splitlines()) == 1
    monkeypatch.delenv("VCOP_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    status, _, err = run(capsys, "due", "--workspace", ws)
    assert status == 2 and "VCOP_PASSPHRASE" in err


def test_erase_asks_for_confirmation_when_not_told_yes(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = str(env / "ws")
    run(capsys, "demo", "--workspace", ws, "--cases", "1", *CHEAP)
    case_id = run(capsys, "cases", "--workspace", ws)[1].split()[1]
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    status, _, err = run(capsys, "erase", "--workspace", ws, "--case", case_id)
    assert status == 2 and "--yes" in err


def test_as_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "VCOP_PASSPHRASE": PASSPHRASE}
    ws = str(tmp_path / "ws")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vcop_desktop", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert cli("demo", "--workspace", ws, "--cases", "4", "--seed", "9", *CHEAP).returncode == 0
    done = cli("due", "--workspace", ws, "--json", "--within", "30")
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout), list)
    done = cli("check", "--workspace", ws)
    assert done.returncode == 0 and "4 ok" in done.stdout
    bad = cli("due", "--workspace", str(tmp_path / "nope"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_restore_never_brings_back_an_erased_case_by_id(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(env / "ws")
    run(capsys, "demo", "--workspace", ws, "--cases", "2", *CHEAP)
    case_id = run(capsys, "cases", "--workspace", ws)[1].split()[1]
    run(capsys, "backup", "--workspace", ws, "--to", str(env / "bk"))
    (set_dir,) = backup_sets(env / "bk")
    # erase, which also strips managed backups: keep a copy of the set made beforehand
    import shutil

    shutil.copytree(set_dir, env / "kept" / set_dir.name)
    assert run(capsys, "erase", "--workspace", ws, "--case", case_id, "--yes")[0] == 0
    kept = str(env / "kept" / set_dir.name)
    status, _, err = run(capsys, "restore", "--workspace", ws, "--from", kept, "--case", case_id)
    assert status == 2 and "erased" in err
    status, out, _ = run(capsys, "restore", "--workspace", ws, "--from", kept)
    assert status == 0 and "Restored 1 case files" in out and "Left out 1 erased" in out
    assert case_id not in run(capsys, "cases", "--workspace", ws)[1]


def test_storage_does_not_import_qt() -> None:
    code = (
        "import sys, vcop_desktop.storage, vcop_desktop.commands.workspace; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@given(
    values=st.lists(
        st.dictionaries(st.text(max_size=3), st.one_of(st.none(), st.integers(), st.text())),
        max_size=9,
    ),
    batch=st.integers(min_value=1, max_value=4),
)
def test_json_is_written_in_batches_exactly_as_in_one_piece(
    values: list[dict[str, object]], batch: int
) -> None:
    chunks = list(json_list_chunks(values, dict, batch))
    assert "".join(chunks) == json.dumps(values, indent=2) + "\n"
    assert len(chunks) == (1 if not values else -(-len(values) // batch) + 1)
