"""Test-wide setup: headless Qt, and a hypothesis profile sized for a 2-core CI machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
# Mutation testing (tasks.py mutate): as many examples as CI, but repeatable, so a mutant that CI
# would kill is never counted as living only because the run was cheaper (issue 21). No
# shrinking: a mutant is killed by the first failing example, and shrinking it took minutes.
settings.register_profile(
    "mutate", max_examples=100, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow], report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCENARIOS = Path(__file__).parent / "scenarios"

#: Every variable through which platformdirs, Qt (QStandardPaths) or the app finds a per-user
#: folder, on Linux, macOS and Windows.
_USER_FOLDER_VARIABLES = (
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
)
#: A developer's exported passphrase must not reach a test that did not set one.
_PASSPHRASE_VARIABLES = (
    "VCOP_PASSPHRASE",
    "VCOP_NEW_PASSPHRASE",
    "VCOP_BACKUP_PASSPHRASE",
    "VCOP_TRANSFER_PASSPHRASE",
)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """Each test starts with a usual user's umask (022), whatever an earlier test set: the app
    sets 077 at start (`harden_process`, also run by `cli.main` in-process), and once set it
    hid a file or folder made with a wrong mode from every mode test that came after."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@pytest.fixture(autouse=True)
def _own_user_folders(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> Path:  # fmt: skip
    """Point HOME and every per-user folder at an empty temporary home, for this test only.

    The suite must not depend on the machine: a real `~/.config/vcop-desktop/settings.json`
    naming an organisation once changed what a letter test saw. Subprocesses inherit this too.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for variable in _USER_FOLDER_VARIABLES:
        monkeypatch.setenv(variable, str(home / variable.lower()))
    for variable in _PASSPHRASE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return home


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    return SCENARIOS
