"""Workspace benchmark: builds N synthetic cases (30 events each) and prints figures.

    .venv/bin/python benchmarks/workspace.py               # 1,000 cases
    .venv/bin/python benchmarks/workspace.py --cases 10000

Prints: unlock time (Argon2id separately), the dashboard (`due`) from the encrypted index,
the same dashboard without the index (every file read and evaluated), opening one case and
computing its obligations, peak memory, and the ratio of the dashboard to a bare sqlcipher3
loop that opens each case file with its raw key and reads its events table.
Measurements run in a fresh process so peak memory is not inflated by the build.
Targets on this 2-core machine: dashboard < 0.5 s and within 3x of the bare loop; < 200 MB.

Then the peak memory (max RSS) of what a person runs, each in a fresh process, with the ratio to
the 150 MB goal: the app from launch until Unlock pressed -> the dashboard populated and drawn
(offscreen), `due --json` and `cases`; and the same over a 1-case workspace (the floor: the code
loaded, and Argon2id's memory while the passphrase is checked).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from random import Random
from types import MappingProxyType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlcipher3  # noqa: E402

from vcop_desktop.domain.engine import evaluate  # noqa: E402
from vcop_desktop.domain.events import CaseFacts, Event, Scenario  # noqa: E402
from vcop_desktop.domain.scenario import parse_event  # noqa: E402
from vcop_desktop.storage import Workspace  # noqa: E402
from vcop_desktop.storage.demo import demo_case  # noqa: E402
from vcop_desktop.storage.files import case_path  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"
MEMORY_GOAL_MB = 150
TODAY = date(2026, 11, 1)
EVENTS_PER_CASE = 30


def _padded(events: list[Event], rng: Random) -> list[Event]:
    """Pad a demo history to 30 events with police updates, as a long-running case has."""
    out = list(events)
    day = events[0].date
    if not any(e.type == "update_frequency_agreed" for e in out):
        out.append(
            Event(
                f"e{len(out) + 1}",
                "update_frequency_agreed",
                day + timedelta(days=1),
                MappingProxyType({"interval_days": 14}),
                len(out),
            )
        )
    while len(out) < EVENTS_PER_CASE:
        day = min(day + timedelta(days=rng.randint(3, 20)), TODAY)
        out.append(
            Event(
                f"e{len(out) + 1}",
                "update_received",
                day,
                MappingProxyType({"from": "police"}),
                len(out),
            )
        )
    return [replace(e, position=i) for i, e in enumerate(out)]


def build(folder: Path, cases: int) -> None:
    started = time.perf_counter()
    with Workspace.create(folder, PASSPHRASE) as ws:
        rng = Random(1)
        known = ws.rulebook().duty_ids
        for number in range(1, cases + 1):
            case = demo_case(rng, TODAY, number, known)
            ws.add_demo_case(case, events=_padded(case.events, rng), action="benchmark case")
            if number % 500 == 0:
                print(f"  built {number} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(
        f"Built {cases} cases x {EVENTS_PER_CASE} events in "
        f"{time.perf_counter() - started:.1f} s; workspace {size / 1e6:.1f} MB"
    )


def best_time(function: object, repeat: int) -> tuple[float, object]:
    """The fastest of `repeat` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times), result


def measure(folder: Path) -> None:
    started = time.perf_counter()
    ws = Workspace.open(folder, PASSPHRASE)
    unlock = time.perf_counter() - started
    print(
        f"Unlock: {unlock * 1000:.0f} ms, of which Argon2id "
        f"(t={ws.kdf.time_cost}, m={ws.kdf.memory_cost_kib // 1024} MiB) "
        f"{ws.unlock_seconds * 1000:.0f} ms"
    )

    ws.rulebook()  # load the rule packs once, as the app does at start
    started = time.perf_counter()
    board = ws.dashboard(14, TODAY)
    first = time.perf_counter() - started
    dash, _ = best_time(lambda: ws.dashboard(14, TODAY), 5)
    tracemalloc.start()  # on a separate call: tracing slows Python code several times
    ws.dashboard(14, TODAY)
    _, dash_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    cases = ws.list_cases()
    print(
        f"Dashboard (due, 14 days) over {len(cases)} cases: {len(board.items)} items; "
        f"first call {first * 1000:.1f} ms, best of 5 {dash * 1000:.1f} ms; "
        f"Python allocations peak {dash_peak / 1e6:.1f} MB"
    )

    keys = {c.case_id: ws._keystore.case_key(c.case_id) for c in cases}

    def bare_loop() -> int:
        rows = 0
        for case_id, key in keys.items():
            conn = sqlcipher3.connect(str(case_path(folder, case_id)))
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            rows += len(conn.execute("SELECT * FROM case_event").fetchall())
            conn.close()
        return rows

    bare, rows = best_time(bare_loop, 3)
    print(
        f"Bare sqlcipher3 loop (open each file with its raw key, read its events): "
        f"{bare * 1000:.1f} ms for {rows} events"
    )
    print(f"Ratio dashboard / bare loop: {dash / bare:.2f}x (first call {first / bare:.2f}x)")

    rulebook = ws.rulebook()

    def raw_read_dashboard() -> int:
        """The other design: no index, a fast raw read of every file plus the engine."""
        limit = TODAY + timedelta(days=14)
        found = 0
        for case_id, key in keys.items():
            conn = sqlcipher3.connect(str(case_path(folder, case_id)))
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            status, offence, flags = conn.execute(
                "SELECT status, offence_date, flags FROM case_details"
            ).fetchone()
            dob = conn.execute("SELECT date_of_birth FROM victim").fetchone()[0]
            rows = conn.execute(
                "SELECT event_id, type, date, fields FROM case_event ORDER BY position"
            ).fetchall()
            conn.close()
            if status != "open":
                continue
            events = tuple(
                parse_event({"id": i, "type": t, "date": d, **json.loads(f)}, n)
                for n, (i, t, d, f) in enumerate(rows)
            )
            facts = CaseFacts(
                offence_date=date.fromisoformat(offence) if offence else None,
                victim_dob=date.fromisoformat(dob) if dob else None,
                flags=frozenset(json.loads(flags)),
            )
            evaluation = evaluate(Scenario(facts, events), TODAY, rulebook)
            found += sum(
                1
                for o in evaluation.obligations
                if o.status.is_outstanding and o.due is not None and o.due <= limit
            )
        return found

    raw, raw_items = best_time(raw_read_dashboard, 2)
    print(
        f"Without the index, a fast raw read of every file + the engine: {raw * 1000:.0f} ms "
        f"({raw_items} items, {raw / bare:.1f}x the bare loop)"
    )

    started = time.perf_counter()
    ws.rebuild_index()
    rebuild = time.perf_counter() - started
    print(
        f"Full index rebuild (every file read, evaluated and written to the index): "
        f"{rebuild * 1000:.0f} ms ({rebuild / bare:.1f}x the bare loop)"
    )

    sample = cases[len(cases) // 2].case_id
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        with ws.open_case(sample) as handle:
            evaluation = handle.obligations(TODAY)
        timings.append(time.perf_counter() - started)
    print(
        "Open one case and compute its obligations: median "
        f"{statistics.median(timings) * 1000:.1f} ms ({len(evaluation.obligations)} obligations)"
    )
    ws.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory (max RSS of the measuring process): {peak:.0f} MB")
    peak_memory(folder, len(cases))


#: Appended to each measured program: print its own peak RSS last, on stderr. VmHWM belongs
#: to the program's memory since it started; `ru_maxrss` (of the child or from wait4) keeps
#: the high-water mark of the process it was forked from, a big benchmark process here.
_REPORT_PEAK = """
def _report_peak():
    import resource, sys
    try:
        with open("/proc/self/status") as status:
            kb = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak-kb {kb}", file=sys.stderr, flush=True)
"""

#: A command of the CLI, as `python -m vcop_desktop` runs it, reporting its peak at exit.
_CLI = (
    _REPORT_PEAK
    + """
import atexit, sys
atexit.register(_report_peak)
from vcop_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""
)


def _peak_mb(command: list[str]) -> float:
    """The peak RSS, in MB, of one fresh process running `command` (it reports it)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VCOP_PASSPHRASE": PASSPHRASE}
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors, check=False
        )
        errors.seek(0)
        text = errors.read().decode(errors="replace")
    if done.returncode != 0 or "peak-kb " not in text:
        raise SystemExit(f"{command[1:4]} failed: {text[-2000:]!r}")
    return int(text.rsplit("peak-kb ", 1)[1].split()[0]) / 1024


def peak_memory(folder: Path, cases: int) -> None:
    from benchmarks.app_child import CHILD

    # The app's own steps up to the dashboard drawn (user_waits' child, stopped there).
    gui = (
        _REPORT_PEAK
        + CHILD.split("window = windows[0]")[0]
        + "windows[0].repaint()\n_report_peak()\nos._exit(0)\n"
    )
    one = Path(tempfile.mkdtemp(prefix="vcop-bench-one-")) / "workspace"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            build(one, 1)
        for name, args in (
            ("app: launch, Unlock -> dashboard drawn", ["-c", gui, "{ws}", PASSPHRASE,
                                                         TODAY.isoformat(), "-"]),
            ("due --json", ["-c", _CLI, "due", "--workspace", "{ws}", "--json",
                            "--today", TODAY.isoformat()]),
            ("cases", ["-c", _CLI, "cases", "--workspace", "{ws}"]),
        ):  # fmt: skip
            peaks = [
                _peak_mb([sys.executable, *(str(w) if a == "{ws}" else a for a in args)])
                for w in (folder, one)
            ]
            ratio = peaks[0] / MEMORY_GOAL_MB
            print(
                f"Peak memory, {name}: {cases} cases {peaks[0]:.0f} MB (ratio to the "
                f"{MEMORY_GOAL_MB} MB goal {ratio:.2f}); 1 case {peaks[1]:.0f} MB"
            )
    finally:
        shutil.rmtree(one.parent, ignore_errors=True)


def build_then_measure(script: str, description: str, measure_fn: Callable[[Path], None]) -> int:
    """The shared command line of the workspace benchmarks: build a workspace (or reuse the
    --keep one), then measure it in a fresh process so the build's memory is not counted."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--measure-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        measure_fn(args.measure_only)
        return 0
    base = args.keep or Path(tempfile.mkdtemp(prefix="vcop-bench-"))
    folder = base / "workspace"
    try:
        if not (folder / "keystore.json").exists():
            build(folder, args.cases)
        done = subprocess.run([sys.executable, script, "--measure-only", str(folder)], check=False)
        return done.returncode
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    return build_then_measure(__file__, __doc__.splitlines()[0], measure)


if __name__ == "__main__":
    raise SystemExit(main())
