#!/usr/bin/env python3
"""Set up and run VCOP Desktop with nothing but Python 3.11+.

    python3 tasks.py start   # make .venv, install, run the app's main job
    python3 tasks.py test    # make .venv, install, lint, type-check and run every test

The virtual environment lives in .venv (or $VCOP_VENV); it is created once and reused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VCOP_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"

# mypy is strict on these packages (the others are type-hinted and checked normally).
STRICT = ["vcop_desktop/domain", "vcop_desktop/rules", "vcop_desktop/storage"]
LINTED = ["vcop_desktop", "tests", "benchmarks", "packaging", "tasks.py"]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - the one check users on old Pythons see
        print("VCOP Desktop needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    command = argv[0] if argv else "start"
    ensure_venv()
    if command == "start":
        return run_app(argv[1:])
    if command == "test":
        return run_tests(argv[1:])
    if command == "setup":
        return 0
    print(__doc__, file=sys.stderr)
    return 2


def ensure_venv() -> None:
    """Create .venv and install the project with its dev tools, once per change of pyproject."""
    if not PYTHON.exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == pyproject:
        return
    print("Installing VCOP Desktop and its tools (first run only) ...", flush=True)
    check([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    check([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
    STAMP.write_bytes(pyproject)


def run_app(extra: list[str]) -> int:
    """The app's main job: the desktop app, on a demo workspace when there is none yet."""
    args = extra or ["gui", "--demo-if-new"]
    return subprocess.call([PYTHON, "-m", "vcop_desktop", *args])


def run_tests(extra: list[str]) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    steps: list[tuple[str, list[str | Path]]] = [
        ("ruff check", [PYTHON, "-m", "ruff", "check", *present(LINTED)]),
        ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", *present(LINTED)]),
        ("mypy (strict core)", [PYTHON, "-m", "mypy", *present(STRICT)]),
        ("mypy (app)", [PYTHON, "-m", "mypy", "vcop_desktop"]),
        ("pytest", [PYTHON, "-m", "pytest", *extra]),
    ]
    for name, command in steps:
        print(f"\n=== {name} ===", flush=True)
        status = subprocess.call(command, cwd=ROOT, env=env)
        if status == 5 and name == "pytest":
            print("pytest collected no tests: that is a failure, not a pass.", file=sys.stderr)
            return 1
        if status != 0:
            print(f"\n{name} failed (exit status {status}).", file=sys.stderr)
            return status
    print("\nAll checks passed.")
    return 0


def present(paths: list[str]) -> list[str]:
    """The paths that exist in this checkout (tools refuse a missing one)."""
    return [p for p in paths if (ROOT / p).exists()]


def check(command: list[str | Path]) -> None:
    status = subprocess.call(command)
    if status != 0:
        raise SystemExit(f"Command failed ({status}): {' '.join(map(str, command))}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
