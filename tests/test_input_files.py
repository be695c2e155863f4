"""A file the user names is read one way: bounded, with a true one-line message."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from vcop_desktop.errors import UserError
from vcop_desktop.input_files import read_input, read_own_file

SCENARIO = Path(__file__).parent / "scenarios" / "01-standard-burglary.json"


def test_a_device_is_refused_as_too_large_not_read_for_ever() -> None:
    with pytest.raises(UserError, match=r"^/dev/zero: too large to be a law update file"):
        read_input(Path("/dev/zero"), "a law update file", 1024)


def test_a_folder_and_a_missing_file_say_so(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder, not a scenario file"):
        read_input(tmp_path, "a scenario file", 1024)
    with pytest.raises(UserError, match="no such file"):
        read_input(tmp_path / "absent.json", "a scenario file", 1024)


def test_a_pipe_with_a_file_behind_it_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b'{"case": {}}'))
    writer.start()
    assert read_input(fifo, "a scenario file", 1024) == b'{"case": {}}'
    writer.join()


@pytest.mark.parametrize(
    "argv",
    [["duties", "/dev/zero"], ["law", "update", "/dev/zero"]],
    ids=["duties", "law-update"],
)
def test_the_commands_refuse_a_device_in_one_line(argv: list[str], tmp_path: Path) -> None:
    if argv[0] == "law":
        argv = [*argv, "--workspace", str(tmp_path / "ws")]
    run = subprocess.run(
        [sys.executable, "-m", "vcop_desktop", *argv],
        capture_output=True, text=True, timeout=60, env={**os.environ, "VCOP_PASSPHRASE": "x"},
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "too large to be" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_scenario_through_a_pipe_still_works() -> None:
    data = SCENARIO.read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "vcop_desktop", "duties", "-"],
        input=data, capture_output=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert b'"obligations"' in run.stdout


def test_sender_details_and_address_book_behind_a_link_are_refused(tmp_path: Path) -> None:
    from vcop_desktop.letters.profile import load_profile
    from vcop_desktop.storage.address_book import load_book

    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('[organisation]\nname = "Planted"\n[[agency]]\nname = "Planted"\n')
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "sender.toml").symlink_to(elsewhere)
    (letters / "address-book.toml").symlink_to(elsewhere)
    with pytest.raises(UserError, match=r"sender.toml is a link"):
        load_profile(letters)
    with pytest.raises(UserError, match=r"address-book.toml is a link"):
        load_book(letters)
    linked_folder = tmp_path / "linked-letters"
    linked_folder.symlink_to(letters)
    with pytest.raises(UserError, match=r"linked-letters is a link"):
        read_own_file(linked_folder, "sender.toml", 1024)
