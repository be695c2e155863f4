"""Build a big benchmark workspace fast: 10,000 cases in minutes, not the 12+ of one
`create_case` after another (each of which also refreshed the index and committed the key
file on its own).

    .venv/bin/python benchmarks/build_big.py DIR [--cases 10000] [--jobs 2]

The same synthetic cases as benchmarks/workspace.py `build` (demo cases padded to 30 events,
the same seed), written by the app's own case-file writer (`CaseFile.create`: the files are
exactly the app's), but:
- the keys and the case-code counter go into the key file in one transaction;
- the case files are written by `--jobs` processes side by side, with every sync to disk
  skipped (Python's and SQLite's) (a benchmark workspace is rebuilt, never recovered after a crash);
- the index is not touched per case: it is filled once at the end by `rebuild_index` (timed
  apart: it is itself one of the figures the benchmarks measure).
The folder's `workspace` subfolder is what the other benchmarks take as `--keep DIR`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.workspace import PASSPHRASE, TODAY, _padded  # noqa: E402
from vcop_desktop.domain.events import Event  # noqa: E402
from vcop_desktop.storage import Workspace, cipher  # noqa: E402
from vcop_desktop.storage.demo import DemoCase, demo_case  # noqa: E402
from vcop_desktop.storage.files import case_path  # noqa: E402


@dataclass(frozen=True)
class _Planned:
    case_id: str
    key: bytes
    code: str
    case: DemoCase
    events: tuple[Event, ...]


_PLAN: list[_Planned] = []  # filled before the workers fork: they read it, nothing is sent
_ACTOR = ""


def _write(span: tuple[int, int]) -> int:
    """Write the planned cases [first, last) (in a worker process)."""
    from vcop_desktop.domain.vocabulary import FLAGS
    from vcop_desktop.storage.case_rows import fields_json
    from vcop_desktop.storage.casefile import CaseFile
    from vcop_desktop.storage.models import CaseEvent, CaseRecord, Victim
    from vcop_desktop.storage.rawfile import utc_now

    os.fsync = lambda _fd: None  # see the module's docstring; SQLite's own syncs too:
    settings = cipher.apply_settings

    def unsynced(
        conn: cipher.Connection, *, readonly: bool = False, immutable: bool = False
    ) -> None:
        settings(conn, readonly=readonly, immutable=immutable)
        if not readonly:
            conn.execute("PRAGMA synchronous = OFF")

    cipher.apply_settings = unsynced  # type: ignore[assignment]
    folder = Path(os.environ["VCOP_BUILD_FOLDER"])
    for plan in _PLAN[span[0] : span[1]]:
        case = plan.case
        now = utc_now()
        CaseFile.create(
            case_path(folder, plan.case_id),
            plan.key,
            plan.case_id,
            actor=_ACTOR,
            record=CaseRecord(
                case_code=plan.code,
                crime_reference=case.crime_reference,
                offence=case.offence,
                offence_date=case.offence_date,
                flags=[f for f in FLAGS if f in set(case.flags)],
                opened_on=plan.events[0].date,
                **dict(case.case or {}),
            ),
            victim=Victim(
                name=case.victim_name, date_of_birth=case.victim_dob, **dict(case.victim or {})
            ),
            events=(
                CaseEvent(
                    event_id=e.id,
                    type=e.type,
                    date=e.date,
                    fields=fields_json(e),
                    position=i,
                    recorded_by=_ACTOR,
                    recorded_at=now,
                )
                for i, e in enumerate(plan.events)
            ),
            action="benchmark case",
        )
    return span[1] - span[0]


def build_fast(folder: Path, cases: int, jobs: int = 2) -> dict[str, float]:
    """Build `cases` cases into a new workspace at `folder`; the seconds each stage took."""
    global _ACTOR
    times: dict[str, float] = {}
    started = time.perf_counter()
    ws = Workspace.create(folder, PASSPHRASE)
    _ACTOR = ws.actor
    rng = Random(1)  # the same cases as benchmarks/workspace.py `build`
    known = ws.rulebook().duty_ids
    year = TODAY.year  # codes as `_fresh_code` makes them, numbered from 1
    _PLAN.clear()
    for number in range(1, cases + 1):
        case = demo_case(rng, TODAY, number, known)
        events = tuple(_padded(case.events, rng))
        _PLAN.append(
            _Planned(
                uuid.uuid4().hex,
                secrets.token_bytes(cipher.KEY_BYTES),
                f"VC-{year}-{number:04d}",
                case,
                events,
            )
        )
    writer = ws._keystore._writer()
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany(
        "INSERT INTO case_key (case_id, key, created_at) VALUES (?, ?, ?)",
        [(p.case_id, p.key, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())) for p in _PLAN],
    )
    writer.execute("INSERT OR REPLACE INTO counter (name, value) VALUES ('case_code', ?)", (cases,))
    writer.execute("COMMIT")
    times["plan and keys"] = time.perf_counter() - started

    started = time.perf_counter()
    os.environ["VCOP_BUILD_FOLDER"] = str(folder)
    step = max(1, min(250, cases // (jobs * 4) or 1))
    spans = [(i, min(i + step, cases)) for i in range(0, cases, step)]
    done = 0
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for written in pool.imap_unordered(_write, spans):
            done += written
            if done % 1000 < step:
                print(f"  wrote {done} case files ({time.perf_counter() - started:.0f} s)")
    times["case files"] = time.perf_counter() - started

    started = time.perf_counter()
    problems = ws.rebuild_index()
    assert not problems, problems[:3]
    times["index rebuild"] = time.perf_counter() - started
    ws.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="the workspace goes into DIR/workspace")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    folder = args.dir / "workspace"
    if folder.exists():
        raise SystemExit(f"{folder} exists already; remove it or choose another DIR")
    args.dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    times = build_fast(folder, args.cases, args.jobs)
    total = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in times.items())
    print(
        f"Built {args.cases} cases x 30 events with {args.jobs} processes in {total:.1f} s "
        f"({stages}); workspace {size / 1e6:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
