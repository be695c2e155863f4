"""At 150% scaling the window and dialogs fit the screen (issue 23).

Each screen is a fresh process (Qt fixes the platform and its scale at start): a 1920x1080
laptop at Windows' common 150% (QT_SCALE_FACTOR=1.5: 1280x720 logical), and a 1366x768 screen
at 150% (a 144-dpi screen: 911x512 logical). Before, a row of report controls set the window's
minimum width to 1003 logical pixels, past the second screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {
    "1920x1080 at 150%": ({"width": 1920, "height": 1080}, {"QT_SCALE_FACTOR": "1.5"}),
    "1366x768 at 144 dpi": ({"width": 1366, "height": 768, "logicalDpi": 144}, {}),
}  # fmt: skip


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_window_and_dialogs_fit_a_screen_at_150_percent(tmp_path: Path, screen: str) -> None:
    geometry, extra_env = SCREENS[screen]
    config = tmp_path / "screen.json"
    spec = {"name": "Scaled", "x": 0, "y": 0, "logicalDpi": 96, "logicalBaseDpi": 96, **geometry}
    config.write_text(json.dumps({"screens": [spec]}))
    env = {**os.environ, **extra_env, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.scaled_sizes", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    sizes = json.loads(run.stdout.strip().splitlines()[-1])
    width, height = sizes.pop("screen")
    assert (width, height) == ((1280, 720) if extra_env else (911, 512))
    too_big = {name: wh for name, wh in sizes.items() if wh[0] > width or wh[1] > height}
    assert too_big == {}
    for page in ("dashboard", "cases", "reports"):
        assert (tmp_path / f"{page}.png").stat().st_size > 10_000
