"""Kill the multi-file operations at random points and count what a crash can break.

    .venv/bin/python benchmarks/crash_kills.py                 # 220 kills per operation
    .venv/bin/python benchmarks/crash_kills.py --kills 40 --cases 6

For each of passwd, backup, restore, handover (export + import) and erase (of a case made
for it), a forked child runs the operation over and over on a small workspace and is killed
with SIGKILL after a random delay, so the kill lands anywhere: inside SQLite's writes, between
files, in the middle of a rename. After every kill the workspace is unlocked (the recovery pass
runs) and checked. Prints, per operation: kills, operations finished, temporary files the crash
left (before recovery), and after recovery: corrupt files, lost or changed cases, orphan keys,
blocking locks, leftovers, backup sets that look complete but do not restore (or that still hold
a copy of an erased case), and how often `check` was green. Every figure but the first three
should be 0 (and `check` always green).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.storage.crash_ops import (  # noqa: E402
    OPERATIONS,
    Layout,
    prepare,
    run_op,
    verify,
)


def _child(op: str, layout: Layout, done_fd: int) -> None:  # pragma: no cover - forked
    try:
        while True:
            run_op(op, layout)
            os.write(done_fd, b".")
    except BaseException as error:  # a failure is a finding: report it
        os.write(2, f"{op} failed: {type(error).__name__}: {error}\n".encode())
        os._exit(3)


def _leftovers(layout: Layout) -> int:
    cases = layout.workspace / "cases"
    found = sum(1 for p in cases.iterdir() if p.name.startswith("."))
    intents = layout.workspace / "intents"
    found += sum(1 for _ in intents.iterdir()) if intents.is_dir() else 0
    found += sum(1 for p in layout.backups.iterdir() if p.name.startswith((".partial", ".del")))
    return found


def _measure(op: str, pristine: Layout, root: Path) -> float:
    layout = _copy(pristine, root / f"time-{op}")
    started = time.perf_counter()
    for _ in range(3):
        run_op(op, layout)
    shutil.rmtree(root / f"time-{op}")
    return (time.perf_counter() - started) / 3


def _copy(source: Layout, root: Path) -> Layout:
    shutil.copytree(source.workspace.parent, root, symlinks=True)
    layout = Layout.under(root)
    settings = layout.workspace / "workspace.json"
    settings.write_text(
        settings.read_text().replace(str(source.backups.resolve()), str(layout.backups.resolve()))
    )
    return layout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=220, help="kills per operation")
    parser.add_argument("--cases", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--ops", nargs="*", default=list(OPERATIONS))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="vcop-kills-") as temp:
        root = Path(temp)
        pristine = Layout.under(root / "pristine")
        originals = prepare(pristine, cases=args.cases)
        header = (
            f"{'operation':<9} {'kills':>5} {'ops done':>8} {'temp left':>9} {'corrupt':>7} "
            f"{'lost':>4} {'orphan keys':>11} {'blocking locks':>14} {'leftovers':>9} "
            f"{'bad sets':>8} {'check green':>11}"
        )
        print(header)
        started = time.perf_counter()
        for op in args.ops:
            window = _measure(op, pristine, root) * 2.5
            layout = _copy(pristine, root / op)
            row = dict.fromkeys(
                ("kills", "done", "temp", "corrupt", "lost", "orphans", "locks", "left", "sets"),
                0,
            )
            green = 0
            findings: list[str] = []
            for _kill in range(args.kills):
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child
                    os.close(read_end)
                    _child(op, layout, write_end)
                os.close(write_end)
                time.sleep(rng.uniform(0.0, window))
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
                with os.fdopen(read_end, "rb") as pipe:
                    row["done"] += len(pipe.read())
                if os.waitstatus_to_exitcode(status) != -signal.SIGKILL:
                    findings.append(f"child ended by itself ({status}) before the kill")
                row["kills"] += 1
                row["temp"] += _leftovers(layout)
                verdict = verify(layout, originals)
                row["corrupt"] += len(verdict.corrupt_files)
                row["lost"] += len(verdict.lost)
                row["orphans"] += len(verdict.orphan_keys)
                row["locks"] += len(verdict.blocking_locks)
                row["left"] += len(verdict.leftovers)
                row["sets"] += len(verdict.bad_backup_sets) + len(verdict.erased_copies)
                green += verdict.check_green
                if not verdict.clean:
                    findings.append(repr(verdict))
            print(
                f"{op:<9} {row['kills']:>5} {row['done']:>8} {row['temp']:>9} "
                f"{row['corrupt']:>7} {row['lost']:>4} {row['orphans']:>11} {row['locks']:>14} "
                f"{row['left']:>9} {row['sets']:>8} {green:>5}/{row['kills']:<5}",
                flush=True,
            )
            for finding in findings[:5]:
                print(f"  finding: {finding}", flush=True)
            for key, value in row.items():
                totals[key] = totals.get(key, 0) + value
            totals["green"] = totals.get("green", 0) + green
        print(
            f"{'total':<9} {totals['kills']:>5} {totals['done']:>8} {totals['temp']:>9} "
            f"{totals['corrupt']:>7} {totals['lost']:>4} {totals['orphans']:>11} "
            f"{totals['locks']:>14} {totals['left']:>9} {totals['sets']:>8} "
            f"{totals['green']:>5}/{totals['kills']:<5}"
        )
        print(f"({time.perf_counter() - started:.0f} s)")
    bad = sum(totals[k] for k in ("corrupt", "lost", "orphans", "locks", "left", "sets"))
    return 0 if bad == 0 and totals["green"] == totals["kills"] else 1


if __name__ == "__main__":
    sys.exit(main())
