"""The GUI child process the benchmarks time: `app.run_gui`'s steps, with timestamps at the
moments a person notices (`user_waits.py` runs all of it; `workspace.py` stops it once the
dashboard is drawn, for the peak memory)."""

#: The child: run_gui's steps, with timestamps at the moments a person notices.
CHILD = r"""
import time
T0 = time.perf_counter()
import json, os, sys, tempfile, resource
from pathlib import Path
from datetime import datetime
os.environ["QT_QPA_PLATFORM"] = "offscreen"
workspace, passphrase, today, case_id = sys.argv[1:5]
from PySide6.QtWidgets import QApplication
from vcop_desktop.clock import FixedClock
from vcop_desktop.settings import Settings
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.start_window import StartWindow
from vcop_desktop.ui.worker import StorageWorker
app = QApplication([])
config = Path(tempfile.mkdtemp())
clock = FixedClock(datetime.fromisoformat(today).astimezone())
context = AppContext(Settings(config), clock, StorageWorker(), config, Path(workspace))
start = StartWindow(context)
start.show()
app.processEvents()
assert start.unlock_page.passphrase.isEnabled()
out = {"cold_inside": time.perf_counter() - T0}

def pump(condition, timeout=120.0, quiet=False):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if condition():
            return
        time.sleep(0.0005)
    if not quiet:
        raise TimeoutError

# A person takes a few seconds to type the passphrase: the app may use them.
pump(lambda: False, timeout=float(os.environ.get("TYPING_SECONDS", "2")), quiet=True)
windows = []
def unlocked(opened):
    from vcop_desktop.ui.main_window import MainWindow  # as run_gui: loaded after unlock
    window = MainWindow(context, opened)
    windows.append(window)
    window.show()
start.unlocked.connect(unlocked)
start.unlock_page.passphrase.setText(passphrase)
t1 = time.perf_counter()
start.unlock_page.unlock()
pump(lambda: bool(windows) and windows[0].dashboard.model.rowCount() > 0
     and windows[0].cases.model.rowCount() > 0 and not context.worker.busy)
window = windows[0]
window.repaint()  # the dashboard drawn: the person sees it before clicking a case
out["unlock"] = time.perf_counter() - t1
out["peak_dashboard_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open("/proc/self/status") as status:  # what the dashboard holds now (Linux)
    out["rss_dashboard_mb"] = next(
        int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
if os.environ.get("DASHBOARD_ONLY"):
    print(json.dumps(out))
    os._exit(0)
# The person reads the dashboard before clicking a case: the app may load what a case needs.
pump(lambda: False, timeout=float(os.environ.get("READING_SECONDS", "1.5")), quiet=True)
out["peak_settled_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# The person goes to the Cases page, the case view on its Timeline tab, and clicks a case.
view = window.case_view
window.content.setCurrentIndex(1)
view.tabs.setCurrentWidget(view.timeline)
app.processEvents()
window.repaint()
t2 = time.perf_counter()
window.load_case(case_id)
pump(lambda: view.bundle is not None and view.bundle.case_id == case_id
     and not context.worker.busy)
out["open_shown"] = time.perf_counter() - t2
from PySide6.QtCore import QEvent
app.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)  # the new layout, then
window.repaint()  # what is on screen drawn once: the timeline's visible part, its table
out["open"] = time.perf_counter() - t2
t3 = time.perf_counter()
view.timeline.timeline.canvas.grab()  # the whole canvas, off-screen parts included
out["whole_canvas"] = time.perf_counter() - t3
out["events"] = len(view.bundle.events)
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
window.close()
context.worker.shutdown()
os._exit(0)
"""
