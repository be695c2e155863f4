"""Build the VCOP Desktop bundle for the platform this runs on; print the bundle's folder last.

    packaging/build                 # POSIX wrapper: uses .venv (or $VCOP_PYTHON)
    python packaging/build.py       # anywhere, with a Python that has `.[package]` installed

The bundle goes to dist/ and PyInstaller's work files to build/pyinstaller/ (both gitignored).
The last line of stdout is the bundle folder (the .app on macOS), so scripts can do
`bundle=$(packaging/build | tail -n 1)`. PyInstaller's own log goes to stderr.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "vcop-desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"


def bundle_dir() -> Path:
    """Where the spec puts the bundle on this platform."""
    if sys.platform == "darwin":
        return DIST / "VCOP Desktop.app"
    return DIST / "vcop-desktop"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep-cache", action="store_true", help="reuse PyInstaller's work folder (faster rebuild)"
    )
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "PyInstaller is not installed in this Python: pip install -e '.[package]'",
            file=sys.stderr,
        )
        return 2
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK),
    ]  # fmt: skip
    if not args.keep_cache:
        command.append("--clean")
    started = time.monotonic()
    status = subprocess.call(command, cwd=ROOT, stdout=sys.stderr)
    if status != 0:
        print(f"PyInstaller failed (exit status {status})", file=sys.stderr)
        return status
    bundle = bundle_dir()
    if not bundle.is_dir():
        print(f"PyInstaller finished but {bundle} is missing", file=sys.stderr)
        return 1
    print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print(bundle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
