"""What the index rebuild and the backup are made of, part by part, beside the baselines #25
compares them with: the floor under each ratio.

    .venv/bin/python benchmarks/floors.py --keep DIR [--runs 3]

One fresh process per run over the workspace in DIR (benchmarks/scale_waits.py --keep makes
one; benchmarks/build_big.py a bigger one), every part timed over every case file in it:

- rebuild (CPU seconds per case, one thread, as the refill runs):
  bare    connect, key, read the events (scale_waits' baseline);
  read    the refill's read: every check on an untrusted file, then the case by plain SQL;
  engine  the duties worked out from the events read;
  write   the index entries stored, committed once a second, into a fresh encrypted index;
  the floor with reading free is (engine + write) / bare; with the read, the sum / bare.
- backup (wall seconds, as the set is made):
  cp+sync the baseline: `cp -r` of the case files, then `sync`;
  copy    each file copied (sendfile), then each fsynced (on eight threads, as the backup);
  verify  each copy opened with its key and every page read and checked (`PRAGMA
          integrity_check`), on one thread and on two;
  the floor is (copy + verify on the faster) / cp+sync.

Never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.as_installed import compile_package  # noqa: E402

CHILD = r"""
import json, os, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
import sqlcipher3
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.fileops import copy_into
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.index import WorkspaceIndex, file_signature
from vcop_desktop.storage.rawfile import copy_checks_out, read_case_checked

folder, passphrase = Path(sys.argv[1]), sys.argv[2]
out = {}
ws = Workspace.open(folder, passphrase)
keys = {c: k for c, k in ws._keystore.all_keys().items() if case_path(folder, c).exists()}
paths = {c: case_path(folder, c) for c in keys}
today = date.today()
ws.rulebook()

def cpu(step):
    started = time.process_time()
    result = step()
    return time.process_time() - started, result

def bare():
    for case_id, key in keys.items():
        conn = sqlcipher3.connect(str(paths[case_id]))
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT * FROM case_event").fetchall()
        conn.close()

bare()  # once first: the files into the system's cache and the library's set-up done
out["bare"], _ = cpu(bare)
out["read"], read = cpu(lambda: {c: read_case_checked(paths[c], keys[c], c) for c in keys})
out["engine"], done = cpu(lambda: {c: ws.evaluate(r[2], today) for c, r in read.items()})
scratch = Path(tempfile.mkdtemp(prefix="floors-"))
index = WorkspaceIndex(scratch / "index.vcopidx", os.urandom(32))
fingerprint = ws._rules_fingerprint()

def write():
    with index.batch():
        for case_id, (_info, summary, _scenario) in read.items():
            evaluation = done[case_id]
            index.store(summary, evaluation.obligations, fingerprint,
                        file_signature(paths[case_id]), enhanced=evaluation.enhanced)
            index.checkpoint_batch(seconds=1.0)

out["write"], _ = cpu(write)
index.close()
out["rebuild"], _ = cpu(ws.rebuild_index)

def wall(step):
    started = time.perf_counter()
    step()
    return time.perf_counter() - started

cp_to = scratch / "cp"
out["cp+sync"] = wall(lambda: (subprocess.run(["cp", "-r", str(folder / "cases"), str(cp_to)],
                                              check=True), os.sync()))
copies = scratch / "copies"
copies.mkdir()
targets = {c: copies / paths[c].name for c in keys}

def copy():
    for case_id, target in targets.items():
        with open(paths[case_id], "rb") as source, open(target, "wb") as sink:
            copy_into(source.fileno(), sink.fileno())

out["copy"] = wall(copy)
with ThreadPoolExecutor(8) as pool:  # as the backup flushes its copies (backup._Syncs)
    out["fsync"] = wall(lambda: list(pool.map(cipher.fsync_file, targets.values())))
check = lambda c: copy_checks_out(targets[c], keys[c], c)
out["verify"] = wall(lambda: [check(c) for c in keys])
with ThreadPoolExecutor(2) as pool:
    out["verify_2"] = wall(lambda: list(pool.map(check, keys)))
assert all(check(c) for c in keys)
(scratch / "sets").mkdir()
out["backup"] = wall(lambda: ws.backup(scratch / "sets", keep=1))
ws.close()
shutil.rmtree(scratch)
out["cases"] = len(keys)
print(json.dumps(out))
os._exit(0)
"""


def run(folder: Path, passphrase: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), passphrase],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, required=True, help="a workspace (scale_waits --keep)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from benchmarks.workspace import PASSPHRASE

    compile_package()
    runs = [run(args.keep, PASSPHRASE) for _ in range(args.runs)]
    cases = int(runs[0]["cases"])

    def med(name: str) -> float:
        return statistics.median(r[name] for r in runs)

    per = {name: med(name) / cases * 1000 for name in ("bare", "read", "engine", "write")}
    print(f"{cases:,} cases, {args.runs} fresh processes, medians")
    print("rebuild, CPU ms per case: " + ", ".join(f"{k} {v:.3f}" for k, v in per.items())
          + f"; the whole rebuild {med('rebuild') / cases * 1000:.3f}")  # fmt: skip
    bare = per["bare"]
    print(
        f"  floor with the read free: (engine + write) / bare = "
        f"{(per['engine'] + per['write']) / bare:.2f}x; with it: "
        f"{(per['read'] + per['engine'] + per['write']) / bare:.2f}x; the rebuild "
        f"{med('rebuild') / med('bare'):.2f}x  (goal <= 1.5x)"
    )
    verify = min(med("verify"), med("verify_2"))
    print(
        f"backup, wall s: cp+sync {med('cp+sync'):.3f}; copy {med('copy'):.3f}, "
        f"fsync {med('fsync'):.3f}, verify {med('verify'):.3f} (two threads "
        f"{med('verify_2'):.3f}); the whole backup {med('backup'):.3f}, "
        f"{med('backup') / med('cp+sync'):.2f}x"
    )
    print(
        f"  floor: (copy + fsync + verify) / cp+sync = "
        f"{(med('copy') + med('fsync') + verify) / med('cp+sync'):.2f}x; without verifying "
        f"{(med('copy') + med('fsync')) / med('cp+sync'):.2f}x  (goal <= 3x)"
    )


if __name__ == "__main__":
    main()
