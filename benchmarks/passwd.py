"""Passphrase change benchmark: re-keying every case file of a workspace of N demo cases.

    .venv/bin/python benchmarks/passwd.py --cases 1000

`passwd` copies each case file page by page under a new random key (SQLite's backup API),
verifies the copy, swaps it in, then re-wraps the key file under the new passphrase (one
Argon2id derivation at the default cost). Prints the time per case and the total.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vcop_desktop.storage import KdfParams, Workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vcop-passwd-") as temp:
        folder = Path(temp) / "ws"
        with Workspace.create(folder, "first passphrase words", kdf=KdfParams()) as ws:
            ws.add_demo_cases(args.cases, seed=1, today=date(2026, 3, 20))
        size = sum(p.stat().st_size for p in (folder / "cases").glob("*.vcop"))
        with Workspace.open(folder, "first passphrase words") as ws:
            started = time.perf_counter()
            report = ws.change_passphrase("second passphrase words")
            wall = time.perf_counter() - started
        print(
            f"{args.cases} cases ({size / 1e6:.1f} MB of case files): re-keyed {report.rekeyed} "
            f"in {report.seconds:.2f} s ({report.seconds / max(report.rekeyed, 1) * 1000:.1f} ms "
            f"per case; wall {wall:.2f} s, including one Argon2id derivation)"
        )


if __name__ == "__main__":
    main()
