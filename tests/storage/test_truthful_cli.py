"""Issue 17 §4 through the real command line (one process per run): one clear line for bad
input, never a traceback, nothing overwritten, nothing left behind by a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, SCENARIO
from vcop_desktop.errors import UserError
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.files import case_path

TRANSFER = "HANDOVER-TEST-PASSPHRASE-1"


@pytest.fixture
def ws_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap()) as ws:
        ws.import_scenario(SCENARIO)
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VCOP_PASSPHRASE": PASSPHRASE,
        "VCOP_TRANSFER_PASSPHRASE": TRANSFER,
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
    }


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vcop_desktop", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


def _killed_at(tmp_path: Path, patch: str, *args: str) -> None:
    """Run the CLI in a process that SIGKILLs itself at the point `patch` sets up."""
    code = textwrap.dedent(patch) + textwrap.dedent(f"""
        from vcop_desktop.cli import main
        main({list(args)!r})
    """)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr


# -- tracebacks ------------------------------------------------------------------------------


def test_cases_into_a_closed_pipe_ends_without_a_traceback(tmp_path: Path, ws_dir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "vcop_desktop", "cases", "--workspace", str(ws_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head -0`: the reader is gone before the first line
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) != 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_cases_piped_into_head_prints_one_line_and_no_traceback(
    tmp_path: Path, ws_dir: Path
) -> None:
    command = f"{sys.executable} -m vcop_desktop cases --workspace {ws_dir} | head -1"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=_env(tmp_path), check=False
    )
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, ("nested too deeply",)),
        ('{"case": {}, "events": [], "x": NaN}', ("NaN",)),
        ('{"case": {}, "events": [], "x": -Infinity}', ("Infinity",)),
    ],
    ids=["nested", "NaN", "Infinity"],
)
def test_a_bad_scenario_file_is_one_line(
    tmp_path: Path, ws_dir: Path, text: str, words: tuple[str, ...]
) -> None:
    (tmp_path / "bad.json").write_text(text, encoding="utf-8")
    result = cli(tmp_path, "import-scenario", "--workspace", str(ws_dir), "bad.json")
    one_clear_line(result, "bad.json", *words)


def test_a_lone_surrogate_in_a_name_is_refused_and_burns_no_case_number(
    tmp_path: Path, ws_dir: Path
) -> None:
    bad = {**SCENARIO, "case": {**SCENARIO["case"], "victim_name": "Ann\ud800"}}  # type: ignore[dict-item]
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    result = cli(tmp_path, "import-scenario", "--workspace", str(ws_dir), "bad.json")
    one_clear_line(result, "case.victim_name", "surrogate")
    with Workspace.open(ws_dir, PASSPHRASE) as ws:
        with pytest.raises(UserError, match="surrogate"):
            ws.create_case(victim_name="Ann\udcff")  # from a command-line argument, say
        after = ws.import_scenario(SCENARIO)
        assert after.case_code.endswith("-0002")  # the next number: none was used up


def test_a_deeply_nested_keystore_is_reported_as_damaged(tmp_path: Path, ws_dir: Path) -> None:
    keystore = ws_dir / "keystore.json"
    keystore.write_text('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    one_clear_line(cli(tmp_path, "cases", "--workspace", str(ws_dir)), "damaged")


@pytest.mark.parametrize("name", ["sender.toml", "address-book.toml"])
def test_deeply_nested_letter_settings_are_one_error(tmp_path: Path, name: str) -> None:
    from vcop_desktop.letters.profile import load_profile
    from vcop_desktop.storage.address_book import load_book

    (tmp_path / name).write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    with pytest.raises(UserError, match=rf"{name}: not valid TOML: .*nested too deeply"):
        (load_profile if name == "sender.toml" else load_book)(tmp_path)


# -- handover --------------------------------------------------------------------------------


def test_handover_import_of_a_folder_a_device_or_a_pipe_says_what_it_is(
    tmp_path: Path, ws_dir: Path
) -> None:
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    for target, words in (
        ("folder", ("is a folder",)),
        ("/dev/zero", ("/dev/zero", "device")),
        ("pipe", ("is a pipe",)),
        ("missing.vcophandover", ("does not exist",)),
    ):
        result = cli(tmp_path, "handover-import", "--workspace", str(ws_dir), target)
        line = one_clear_line(result, *words)
        assert target == "missing.vcophandover" or "does not exist" not in line


def test_handover_export_to_a_folder_with_a_slash_never_writes_a_file_named_after_it(
    tmp_path: Path, ws_dir: Path
) -> None:
    export = ("handover-export", "--workspace", str(ws_dir), "--case", "VC-2026-0001")
    result = cli(tmp_path, *export, "--to", "out/")
    one_clear_line(result, "out/", "no such folder")
    assert not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    result = cli(tmp_path, *export, "--to", "out/")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["VC-2026-0001.vcophandover"]


def test_a_handover_export_killed_before_its_rename_does_not_break_the_retry(
    tmp_path: Path, ws_dir: Path
) -> None:
    kill_at_rename = """
        import os, signal, pathlib
        _replace = pathlib.Path.replace
        def replace(self, target):
            if str(target).endswith(".vcophandover"):
                os.kill(os.getpid(), signal.SIGKILL)
            return _replace(self, target)
        pathlib.Path.replace = replace
    """
    args = ("handover-export", "--workspace", str(ws_dir), "--case", "VC-2026-0001")
    _killed_at(tmp_path, kill_at_rename, *args, "--to", "case.vcophandover")
    assert (tmp_path / ".case.vcophandover.partial").exists()  # what the kill left
    # The retry gets a new transfer passphrase, as a user's does: the stale copy is keyed
    # with the old one, which made every retry fail as "a file of the workspace is damaged".
    env = {k: v for k, v in _env(tmp_path).items() if k != "VCOP_TRANSFER_PASSPHRASE"}
    result = subprocess.run(
        [sys.executable, "-m", "vcop_desktop", *args, "--to", "case.vcophandover"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / ".case.vcophandover.partial").exists()
    transfer = result.stdout.strip().rsplit(" ", 1)[-1]
    assert cli(tmp_path, "check", "--workspace", str(ws_dir)).returncode == 0
    other = tmp_path / "other"
    with Workspace.create(other, "another passphrase", kdf=KdfParams.cheap()) as ws:
        assert ws.import_handover(tmp_path / "case.vcophandover", transfer).case_code


def test_a_failed_handover_copy_names_the_handover_file_not_the_workspace(
    ws_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vcop_desktop.storage import cipher

    def failing(*args: object) -> None:
        raise cipher.DatabaseError("disk I/O error")

    monkeypatch.setattr(cipher, "backup_into", failing)
    with Workspace.open(ws_dir, PASSPHRASE) as ws, pytest.raises(UserError) as caught:
        ws.export_handover("VC-2026-0001", tmp_path / "case.vcophandover", TRANSFER)
    text = str(caught.value)
    assert "handover file" in text and "case.vcophandover" in text and "damaged" not in text
    assert not list(tmp_path.glob(".case.vcophandover*"))


def test_a_case_with_a_damaged_page_is_not_handed_over_nor_written_to(
    ws_dir: Path, tmp_path: Path
) -> None:
    with Workspace.open(ws_dir, PASSPHRASE) as ws:
        case_id = ws.list_cases()[0].case_id
        with ws.open_case(case_id) as handle:
            for n in range(40):
                handle.add_note(f"synthetic note {n} " + "x" * 400)
    path = case_path(ws_dir, case_id)
    data = bytearray(path.read_bytes())
    page = len(data) // 4096 - 2  # a page of notes: opening the file does not read it
    for i in range(page * 4096 + 200, page * 4096 + 264):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    export = ("handover-export", "--workspace", str(ws_dir), "--case", "VC-2026-0001")
    result = cli(tmp_path, *export, "--to", "case.vcophandover")
    line = one_clear_line(result, "VC-2026-0001 cannot be handed over", "damaged", "restore")
    assert "Nothing was written" in line
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()  # not even an audit row pending
    assert not list(tmp_path.glob("*case.vcophandover*"))


# -- reports ---------------------------------------------------------------------------------


def _extract(tmp_path: Path, ws_dir: Path) -> Path:
    result = cli(tmp_path, "report", "--workspace", str(ws_dir), "--extract", "--out", "x.json")
    assert result.returncode == 0, result.stderr
    return tmp_path / "x.json"


def test_report_merge_refuses_an_output_that_is_an_input(tmp_path: Path, ws_dir: Path) -> None:
    extract = _extract(tmp_path, ws_dir)
    before = extract.read_bytes()
    (tmp_path / "sub").mkdir()
    for out in ("x.json", "./x.json", "sub/../x.json"):
        result = cli(tmp_path, "report", "--merge", "x.json", "--out", out, "--format", "json")
        one_clear_line(result, "one of the extracts being merged")
    assert extract.read_bytes() == before


_KILL_AT_FSYNC = """
    import os, signal
    def fsync(fd):
        os.kill(os.getpid(), signal.SIGKILL)
    os.fsync = fsync
"""
_KILL_AT_RENAME = """
    import os, signal, pathlib
    def replace(self, target):
        os.kill(os.getpid(), signal.SIGKILL)
    pathlib.Path.replace = replace
"""


@pytest.mark.parametrize("mode", ["extract", "merge"])
def test_a_killed_report_leaves_no_readable_temporary_file(
    tmp_path: Path, ws_dir: Path, mode: str
) -> None:
    _extract(tmp_path, ws_dir)
    out = tmp_path / "outdir"
    out.mkdir()
    if mode == "extract":
        args = ("report", "--workspace", str(ws_dir), "--extract", "--out", "outdir/r.json")
    else:
        args = ("report", "--merge", "x.json", "--format", "json", "--out", "outdir/r.json")
    for kill in (_KILL_AT_FSYNC, _KILL_AT_RENAME):
        _killed_at(tmp_path, kill, *args)
        # Where the OS can name an unnamed file (O_TMPFILE), nothing is left at all; else the
        # next run sweeps what the kill left, before anything else.
        assert [p.name for p in out.iterdir()] in ([], [f".r.json.{h}.tmp" for h in _hexes(out)])
        assert cli(tmp_path, *args).returncode == 0
        assert [p.name for p in out.iterdir()] == ["r.json"]
        (out / "r.json").unlink()


def _hexes(folder: Path) -> list[str]:
    return [p.name.split(".")[3] for p in folder.iterdir() if p.name.endswith(".tmp")]
