"""The frozen executable's entry point: the same `main()` as `vcop-desktop` and `python -m`.

PyInstaller needs a script, not a console-script entry point. In a windowed Windows build
(`console=False`) `sys.stdout` and `sys.stderr` are None, and anything that prints (argparse's
`--help`, a user error) would crash with AttributeError; they are pointed at the null device
there so the window-only executable fails quietly and the console one (`vcop-desktop-cli`)
is the one to use for commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _null_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    _null_streams()
    from vcop_desktop.cli import main

    raise SystemExit(main())
