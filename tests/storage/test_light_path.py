"""The light path never loads the ORM: unlocking, the case list, the dashboard, report rows,
an index rebuild, `vcop-desktop due` and `vcop-desktop report` read through `rawfile.py` and
`index.py`. Only opening a case (`CaseHandle`) loads SQLAlchemy, SQLModel, pydantic and
models.py (about 1 s of CPU and 59 MB at every start, when they were loaded at import).

Each check runs the real code in a fresh process and looks at `sys.modules` afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.conftest import PASSPHRASE, TODAY
from vcop_desktop.storage import Workspace

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "vcop_desktop.storage.models", "reportlab")

#: Prints, as JSON, the heavy modules loaded (and how many `holidays` country tables).
LOADED = """
def loaded():
    import sys
    heavy = sorted(m for m in sys.modules if m in HEAVY or m.split('.')[0] in HEAVY[:3])
    countries = [m for m in sys.modules if m.startswith('holidays.countries.')]
    return {'heavy': sorted({m.split('.')[0] if m.split('.')[0] in HEAVY[:3] else m
                             for m in heavy}), 'countries': len(countries),
            'holidays': 'holidays' in sys.modules,
            'rules': 'vcop_desktop.rules.cps_areas' in sys.modules}
"""


def _run(code: str, *args: str) -> list[dict[str, object]]:
    env = {**os.environ, "VCOP_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    prelude = f"HEAVY = {HEAVY!r}\n{LOADED}\n"
    out = subprocess.run(
        [sys.executable, "-c", prelude + code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return [json.loads(line[5:]) for line in out.stdout.splitlines() if line.startswith("SEEN ")]


@pytest.fixture
def workspace(demo_ws: Workspace, ws_dir: Path) -> Path:
    demo_ws.close()
    return ws_dir


UNLOCK_TO_REPORT = """
import json, sys
from datetime import date, timedelta
from pathlib import Path
from vcop_desktop.storage import Workspace
today = date.fromisoformat(sys.argv[3])
with Workspace.open(Path(sys.argv[1]), sys.argv[2]) as ws:
    cases = ws.list_cases()
    board = ws.dashboard(14, today)
    ws.coming_up(today, 60, refresh=False)
    ws.report_rows(date(2026, 1, 1), date(2026, 12, 31))
    ws.report_rows(date(2026, 1, 1), date(2026, 12, 31), as_of=today - timedelta(days=10))
    ws.rebuild_index()
    ws.problems()
    # What the service, VPS and letter-quality reports read of every case.
    assert all(ws.scenario(c.case_id).events for c in cases)
    assert cases and board.items
    print('SEEN ' + json.dumps(loaded()))
    ws.open_case(cases[0].case_id).close()
    print('SEEN ' + json.dumps(loaded()))
"""


def test_unlock_dashboard_reports_and_rebuild_load_no_orm(workspace: Path) -> None:
    light, after_open = _run(UNLOCK_TO_REPORT, str(workspace), PASSPHRASE, TODAY.isoformat())
    assert light["heavy"] == []
    # The check can fail: opening a case does load the ORM.
    assert {"sqlalchemy", "sqlmodel", "vcop_desktop.storage.models"} <= set(after_open["heavy"])


CLI = """
import json, sys, io, contextlib
from pathlib import Path
from vcop_desktop.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = main(['due', '--workspace', sys.argv[1], '--json', '--today', sys.argv[2]])
assert status == 0 and json.loads(out.getvalue()), status
print('SEEN ' + json.dumps(loaded()))
report = Path(sys.argv[3])
status = main(['report', '--workspace', sys.argv[1], '--from', '2026-01-01', '--to',
               '2026-12-31', '--today', sys.argv[2], '--by', 'agency', '--format', 'json',
               '--out', str(report)])
assert status == 0 and json.loads(report.read_text()), status
print('SEEN ' + json.dumps(loaded()))
"""


def test_cli_due_and_report_load_no_orm(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    due, report = _run(CLI, str(workspace), TODAY.isoformat(), str(out))
    assert due["heavy"] == []
    assert report["heavy"] == []


GUI = """
import json, sys, tempfile, time
from datetime import datetime
from pathlib import Path
from PySide6.QtWidgets import QApplication
from vcop_desktop.clock import FixedClock
from vcop_desktop.settings import Settings
from vcop_desktop.storage import keystore
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.start_window import StartWindow
from vcop_desktop.ui.worker import StorageWorker

app = QApplication([])
derive = keystore.KdfParams.derive
def watched(self, passphrase, salt):
    print('SEEN ' + json.dumps(loaded()), flush=True)  # as Argon2id starts
    return derive(self, passphrase, salt)
keystore.KdfParams.derive = watched
config = Path(tempfile.mkdtemp())
clock = FixedClock(datetime.fromisoformat(sys.argv[3]).astimezone())
context = AppContext(Settings(config), clock, StorageWorker(), config, Path(sys.argv[1]))
start = StartWindow(context)
start.show()
windows = []
def unlocked(opened):
    from vcop_desktop.ui.main_window import MainWindow
    windows.append(MainWindow(context, opened))
    windows[0].show()
    print('SEEN ' + json.dumps(loaded()), flush=True)  # the main window made
start.unlocked.connect(unlocked)
end = time.monotonic() + 60
while time.monotonic() < end and not start.unlock_page.passphrase.isEnabled():
    app.processEvents()
time.sleep(1.0)  # the person typing: the first preload finishes
app.processEvents()
start.unlock_page.passphrase.setText(sys.argv[2])
start.unlock_page.unlock()
while time.monotonic() < end and not (windows and windows[0].dashboard.model.rowCount()
                                      and not context.worker.busy):
    app.processEvents()
    time.sleep(0.001)
assert windows and windows[0].dashboard.model.rowCount()
windows[0].close()
context.worker.shutdown()
"""


def test_gui_unlock_loads_no_orm_before_argon2id_or_with_the_window(workspace: Path) -> None:
    at_argon, with_window = _run(GUI, str(workspace), PASSPHRASE, TODAY.isoformat())
    assert at_argon["heavy"] == []
    assert with_window["heavy"] == []


def test_the_rule_packs_are_read_while_the_passphrase_is_typed(workspace: Path) -> None:
    """The rule packs and the police forces (0.5 MB) are read by the preload, before Argon2id:
    the case view and the dashboard needed them after it, on the way to the dashboard."""
    at_argon, _ = _run(GUI, str(workspace), PASSPHRASE, TODAY.isoformat())
    assert at_argon["rules"] is True


def test_the_holiday_tables_are_not_loaded_under_argon2id(workspace: Path) -> None:
    """The `holidays` package loads every calendar it has (8 MB): loaded before the key
    derivation, it sat under Argon2id's 64 MiB and set the app's peak memory."""
    at_argon, _ = _run(GUI, str(workspace), PASSPHRASE, TODAY.isoformat())
    assert at_argon["holidays"] is False


UNLOCK_ALONE = """
import json, sys
from pathlib import Path
from vcop_desktop.storage.unlock import unlock_keystore
keystore = unlock_keystore(Path(sys.argv[1]), sys.argv[2])
mine = sorted(m for m in sys.modules if m.startswith('vcop_desktop.'))
print('SEEN ' + json.dumps({'mine': mine, **loaded()}), flush=True)
from vcop_desktop.storage import Workspace
Workspace.open_unlocked(keystore).close()
"""


def test_argon2id_starts_without_waiting_for_the_workspace_modules(workspace: Path) -> None:
    """Unlock pressed at once (a pasted passphrase): the key derivation needs only the keystore
    and the lock, so it does not queue behind the workspace's modules, which the preload thread
    may still be importing (their import time came before Argon2id's)."""
    (seen,) = _run(UNLOCK_ALONE, str(workspace), PASSPHRASE)
    assert seen["heavy"] == []
    mine = set(seen["mine"])  # type: ignore[arg-type]
    assert "vcop_desktop.storage.keystore" in mine
    for module in ("workspace", "workspace_core", "index", "recovery"):
        assert f"vcop_desktop.storage.{module}" not in mine
    assert not any(m.startswith(("vcop_desktop.domain.engine", "vcop_desktop.rules")) for m in mine)
