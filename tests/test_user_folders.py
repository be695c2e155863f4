"""The suite does not depend on the machine: the user's own config folder changes no test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: This test once failed on correct code when the real config folder named an organisation.
SENSITIVE_TEST = "tests/letters/test_cli_and_storage.py::test_the_letter_command_writes_docx"


def _machine_with_a_settings_file(home: Path) -> dict[str, str]:
    """An environment like a developer's laptop whose real settings name another organisation."""
    config = home / ".config" / "vcop-desktop"
    config.mkdir(parents=True)
    values = {"organisation_name": "Elsewhere Advocacy Ltd", "advocate_name": "Someone Else"}
    (config / "settings.json").write_text(json.dumps(values), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def test_the_real_settings_file_would_reach_the_app(tmp_path: Path) -> None:
    """The machine below really does inject its organisation into an unisolated process."""
    env = _machine_with_a_settings_file(tmp_path / "real-home")
    code = (
        "from vcop_desktop.settings import Settings, default_config_dir;"
        "print(Settings(default_config_dir())['organisation_name'])"
    )
    shown = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, text=True,
                           capture_output=True, check=True).stdout.strip()  # fmt: skip
    assert shown == "Elsewhere Advocacy Ltd"


def test_a_settings_file_in_the_real_config_folder_changes_no_test(tmp_path: Path) -> None:
    env = _machine_with_a_settings_file(tmp_path / "real-home")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", SENSITIVE_TEST],
        env=env, cwd=ROOT, text=True, capture_output=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout and "failed" not in run.stdout


def test_each_test_gets_an_empty_home() -> None:
    home = Path(os.environ["HOME"])
    assert Path.home() == home
    assert not any(home.iterdir())
    assert os.environ["XDG_CONFIG_HOME"].startswith(str(home))
