"""Crash safety: a writer killed with SIGKILL at random points, over at least 200 committed
writes; afterwards every file opens, passes integrity_check and holds every reported write."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.storage.conftest import PASSPHRASE, SCENARIO, TODAY
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.files import case_path

_WRITER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta
    from pathlib import Path
    from vcop_desktop.storage import Workspace
    folder, passphrase, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    case_ids = sys.argv[4:]
    ws = Workspace.open(folder, passphrase)
    handles = [ws.open_case(c) for c in case_ids]
    n = start
    while True:
        handle = handles[n % len(handles)]
        if n % 3 == 0:
            handle.add_event("update_received", date(2026, 3, 1) + timedelta(days=n % 200),
                             {"from": "police"}, event_id=f"u{n}")
            print(f"COMMITTED {handle.case_id} event u{n}", flush=True)
        else:
            handle.add_note(f"crash-test note {n}")
            print(f"COMMITTED {handle.case_id} note {n}", flush=True)
        n += 1
""")


def test_sigkill_at_random_points_loses_no_committed_write(ws: Workspace, ws_dir: Path) -> None:
    cases = [ws.import_scenario(SCENARIO).case_id for _ in range(3)]
    ws.close()
    rng = random.Random(20260320)
    committed: list[tuple[str, str, str]] = []
    kills = 0
    while len(committed) < 220 or kills < 6:
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(ws_dir), PASSPHRASE, str(kills * 1000), *cases],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        target = rng.randint(5, 60)
        for seen, line in enumerate(writer.stdout, start=1):
            kind, case_id, what, n = line.split()
            assert kind == "COMMITTED"
            committed.append((case_id, what, n))
            if seen >= target:
                time.sleep(rng.random() * 0.03)  # land somewhere inside the next write
                writer.send_signal(signal.SIGKILL)
                break
        writer.wait(timeout=60)
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""
        # lines written before the kill but not yet read are committed too
        for line in writer.stdout:
            if line.startswith("COMMITTED "):
                _, case_id, what, n = line.split()
                committed.append((case_id, what, n))
        writer.stdout.close()
        if writer.stderr:
            writer.stderr.close()
        kills += 1

    with Workspace.open(ws_dir, PASSPHRASE) as reopened:
        for case_id in cases:
            path = case_path(ws_dir, case_id)
            key = reopened._keystore.case_key(case_id)
            assert key is not None
            conn = cipher.connect(path, key)
            try:
                assert cipher.integrity_problem(conn) is None
            finally:
                conn.close()
        report = reopened.check()
        assert report.ok, report
        for case_id in cases:
            with reopened.open_case(case_id) as handle:  # stale locks are taken over
                notes = {n.text for n in handle.notes()}
                events = {r.event.id for r in handle.events()}
                actions = [a.action for a in handle.audit_log()]
            mine = [(what, n) for c, what, n in committed if c == case_id]
            for what, n in mine:
                if what == "note":
                    assert f"crash-test note {n}" in notes
                else:
                    assert n in events
            assert len(actions) >= 1 + len(mine)  # every committed write has its audit row
        board = reopened.dashboard(400, TODAY)
        assert not board.problems
    assert len(committed) >= 200 and kills >= 6
