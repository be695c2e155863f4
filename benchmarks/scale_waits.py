"""The index rebuild and the backup over a big workspace, each timed in a fresh process (the
first run: what a user meets), beside its baseline measured in the same run, alternated.

    .venv/bin/python benchmarks/scale_waits.py [--cases 1000] [--runs 3] [--keep DIR]
    .venv/bin/python benchmarks/scale_waits.py --keep DIR --only rebuild

- rebuild: the index thrown away and refilled from every case file (what the first unlock
  after an index change does), against a bare sqlcipher3 loop opening every case file with its
  raw key and reading its events (goal <= 1.5x);
- refresh: the main window's refresh when nothing changed (`case_session.case_rows`: the case
  list and the dashboard; the files are only stat'ed);
- dashboard: unlock, then the main window's first refresh (case list and dashboard) from a
  warm index, beside Argon2id and the bare loop (same batch);
- trend: `report --preset trend-by-month` as a fresh CLI process, its whole CPU time, counted
  by the index's GROUP BY and by the Python path (goal <= 1 s CPU at 10,000 cases);
- backup: `backup` of every case into a new set, against `cp -r` of the case files followed by
  `sync` (goal <= 3x).
- reports: the service and VPS reports, which read every case file (not the index), each as
  a fresh CLI process, beside the bare loop (no goal in an issue; recorded in #25's notes).

Each figure is the time inside the child from just before the step to just after it (the
unlock before it is not counted); the child starts cold. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.as_installed import compile_package  # noqa: E402

GOALS = {"rebuild": 1.5, "backup": 3.0}

#: One step in a fresh process: argv = folder, passphrase, step, scratch folder.
CHILD = r"""
import json, os, sys, time, subprocess
from pathlib import Path
folder, passphrase, step, scratch = sys.argv[1:5]
folder = Path(folder)
out = {}
if step == "bare":
    import sqlcipher3
    from vcop_desktop.storage import Workspace
    from vcop_desktop.storage.files import case_path
    with Workspace.open(folder, passphrase) as ws:
        files = {p.stem for p in (folder / "cases").glob("*.vcop")}
        keys = {c: k for c, k in ws._keystore.all_keys().items() if c in files}
    started = time.perf_counter()
    rows = 0
    for case_id, key in keys.items():
        conn = sqlcipher3.connect(str(case_path(folder, case_id)))
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        rows += len(conn.execute("SELECT * FROM case_event").fetchall())
        conn.close()
    out["seconds"] = time.perf_counter() - started
elif step == "rebuild":
    from vcop_desktop.storage import Workspace
    with Workspace.open(folder, passphrase) as ws:
        started = time.perf_counter()
        problems = ws.rebuild_index()
        out["seconds"] = time.perf_counter() - started
        assert not problems, problems
elif step == "refresh":
    from vcop_desktop.storage import Workspace
    from vcop_desktop.storage import workspace_index
    calls = []
    original = workspace_index.file_signature
    def counting(path):
        calls.append(path)
        return original(path)
    workspace_index.file_signature = counting
    with Workspace.open(folder, passphrase) as ws:
        ws.dashboard(14)
        calls.clear()
        from datetime import date
        from vcop_desktop.ui.case_session import case_rows  # the main window's refresh
        started = time.perf_counter()
        case_rows(ws, date.today())
        out["seconds"] = time.perf_counter() - started
        out["stats"] = len(calls)
elif step == "dashboard":
    # Unlock -> the main window's first refresh (the case list and the dashboard from a warm
    # index: `case_session.load_workspace_view`), in a fresh process; Argon2id apart.
    from datetime import date
    from vcop_desktop.storage import Workspace
    started = time.perf_counter()
    ws = Workspace.open(folder, passphrase)
    out["unlock"] = time.perf_counter() - started
    out["argon2id"] = ws.unlock_seconds
    from vcop_desktop.ui.case_session import load_workspace_view
    started = time.perf_counter()
    view = load_workspace_view(ws, date.today())
    out["seconds"] = time.perf_counter() - started
    out["rows"] = len(view.rows)
    ws.close()
elif step in ("trend_sql", "trend_python"):
    # `report --preset trend-by-month` as a fresh CLI process; its whole CPU time (wait4).
    env = {**os.environ, "VCOP_PASSPHRASE": passphrase}
    code = "import sys\nfrom vcop_desktop.cli import main\n"
    if step == "trend_python":
        code += "from vcop_desktop.commands import report\n"
        code += "report._counted_in_sql = lambda *a: False\n"
    code += "sys.exit(main(sys.argv[1:]))\n"
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(
            [sys.executable, "-c", code, "report", "--workspace", str(folder), "--preset",
             "trend-by-month", "--format", "json"], stdout=sink, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
    assert status == 0, status
    out["seconds"] = time.perf_counter() - started
    out["cpu"] = usage.ru_utime + usage.ru_stime
elif step in ("service", "vps"):
    # The reports that read every case file (not the index): a fresh CLI process, its CPU.
    env = {**os.environ, "VCOP_PASSPHRASE": passphrase}
    kind = ["--service"] if step == "service" else ["--preset", "vps"]
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(
            [sys.executable, "-m", "vcop_desktop", "report", "--workspace", str(folder), *kind,
             "--from", "2026-04-01", "--to", "2027-03-31", "--format", "csv"],
            stdout=sink, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
    assert status == 0, status
    out["seconds"] = time.perf_counter() - started
    out["cpu"] = usage.ru_utime + usage.ru_stime
elif step == "cp":
    started = time.perf_counter()
    subprocess.run(["cp", "-r", str(folder / "cases"), str(Path(scratch) / "cases")], check=True)
    subprocess.run(["sync"], check=True)
    out["seconds"] = time.perf_counter() - started
elif step == "backup":
    from vcop_desktop.storage import Workspace
    with Workspace.open(folder, passphrase) as ws:
        started = time.perf_counter()
        ws.backup(Path(scratch))
        out["seconds"] = time.perf_counter() - started
print(json.dumps(out))
"""


def run(folder: Path, passphrase: str, step: str) -> dict[str, float]:
    scratch = Path(tempfile.mkdtemp(prefix="vcop-bench-scratch-"))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder), passphrase, step, str(scratch)],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise SystemExit(f"{step}: {proc.stderr[-3000:]}")
        result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compare(folder: Path, passphrase: str, step: str, base: str, runs: int, label: str) -> None:
    """`step` and `base` in turns (a change of load falls on both), ratio pair by pair."""
    pairs = [(run(folder, passphrase, step), run(folder, passphrase, base)) for _ in range(runs)]
    ratios = [a["seconds"] / b["seconds"] for a, b in pairs]
    steps = ", ".join(f"{a['seconds']:.2f}" for a, _ in pairs)
    bases = ", ".join(f"{b['seconds']:.2f}" for _, b in pairs)
    print(
        f"{label}: {step} first {pairs[0][0]['seconds']:.2f} s (runs {steps}); {base} "
        f"(runs {bases}); ratio first {ratios[0]:.2f}, median {statistics.median(ratios):.2f}"
        f"  goal <= {GOALS[step]}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the workspace here")
    parser.add_argument(
        "--only", choices=("rebuild", "refresh", "dashboard", "trend", "backup", "reports")
    )
    args = parser.parse_args()
    compile_package()  # fresh processes import bytecode, as an installed copy does
    from benchmarks.build_big import build_fast
    from benchmarks.workspace import PASSPHRASE
    from vcop_desktop.storage.keystore import keystore_exists

    folder = args.keep or Path(tempfile.mkdtemp(prefix="vcop-bench-")) / "workspace"
    try:
        if not keystore_exists(folder):
            print(f"building a {args.cases}-case workspace in {folder} ...", flush=True)
            folder.parent.mkdir(parents=True, exist_ok=True)
            print(build_fast(folder, args.cases), flush=True)  # benchmarks/build_big.py
        cases = sum(1 for _ in (folder / "cases").glob("*.vcop"))
        if args.only in (None, "rebuild"):
            compare(folder, PASSPHRASE, "rebuild", "bare", args.runs,
                    f"index rebuild, {cases} cases, vs the bare open-and-read loop")  # fmt: skip
        if args.only in (None, "refresh"):
            refresh = [run(folder, PASSPHRASE, "refresh") for _ in range(args.runs)]
            times = ", ".join(f"{r['seconds'] * 1000:.0f}" for r in refresh)
            print(
                f"the main window's refresh (case_rows) when nothing changed, {cases} cases: "
                f"{times} ms; "
                f"case files stat'ed {int(refresh[0]['stats'])} times"
            )
        if args.only in (None, "dashboard"):
            for _ in range(args.runs):
                d, bare = run(folder, PASSPHRASE, "dashboard"), run(folder, PASSPHRASE, "bare")
                print(
                    f"unlock -> the main window's first refresh, {int(d['rows'])} cases: unlock "
                    f"{d['unlock']:.2f} s (Argon2id {d['argon2id']:.2f} s), case list + "
                    f"dashboard {d['seconds']:.2f} s; unlock + refresh = "
                    f"{(d['unlock'] + d['seconds']) / d['argon2id']:.2f}x Argon2id; "
                    f"the refresh = {d['seconds'] / bare['seconds']:.2f}x the bare loop "
                    f"({bare['seconds']:.2f} s, same batch)"
                )
        if args.only in (None, "trend"):
            for _ in range(args.runs):
                sql, py = (
                    run(folder, PASSPHRASE, "trend_sql"),
                    run(folder, PASSPHRASE, "trend_python"),
                )
                print(
                    f"report --preset trend-by-month, {cases} cases, whole process: GROUP BY "
                    f"{sql['cpu']:.2f} s CPU ({sql['seconds']:.2f} s wall); the Python path "
                    f"{py['cpu']:.2f} s CPU ({py['seconds']:.2f} s wall); ratio "
                    f"{sql['cpu'] / py['cpu']:.2f}  goal <= 1 s CPU"
                )
        if args.only in (None, "reports"):
            for _ in range(args.runs):
                steps = ("service", "vps", "bare")
                service, vps, bare = (run(folder, PASSPHRASE, step) for step in steps)
                print(
                    f"service report / VPS report over {cases} cases, whole process (imports "
                    "and Argon2id included): "
                    f"{service['seconds']:.2f} s ({service['cpu']:.2f} s CPU) / "
                    f"{vps['seconds']:.2f} s ({vps['cpu']:.2f} s CPU); the bare open-and-read "
                    f"loop {bare['seconds']:.2f} s (same batch): "
                    f"{service['seconds'] / bare['seconds']:.1f}x / "
                    f"{vps['seconds'] / bare['seconds']:.1f}x"
                )
        if args.only in (None, "backup"):
            compare(folder, PASSPHRASE, "backup", "cp", args.runs,
                    f"backup of {cases} cases vs cp -r + sync")  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
