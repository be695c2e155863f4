"""The Reports tab's service report preset through the real widgets: computed on the worker,
shown in its own table (never beside Code compliance figures), saved as PDF/XLSX/CSV, and
forgotten on lock."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.letters.pdftext import pdf_text
from tests.ui.conftest import PASSPHRASE, wait_idle
from vcop_desktop.clock import FixedClock
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.event_dialog import to_qdate
from vcop_desktop.ui.main_window import MainWindow


def test_service_report_preset_shows_saves_and_gives_way_to_code_reports(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    workspace.add_demo_cases(15, seed=3, today=date(2026, 11, 24))
    folder = workspace.folder
    workspace.close()
    context.clock = FixedClock(datetime(2026, 11, 24, 9, 0).astimezone())
    reopened = context.worker.submit(lambda: Workspace.open(folder, PASSPHRASE)).result()
    window = MainWindow(context, reopened)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, context)
    view = window.reports
    window.show_page(view)
    view.start.setDate(to_qdate(date(2026, 1, 1)))
    view.end.setDate(to_qdate(date(2026, 11, 30)))

    qtbot.mouseClick(view.service_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    run = view.service_result
    assert run is not None and (run.figures.start, run.figures.end) == (
        date(2026, 1, 1), date(2026, 11, 30))  # fmt: skip
    assert view.service_table.isVisible() and not view.table.isVisible()
    assert not view.charts.isVisible()  # no on-time chart of Code duties beside it
    measures = [view.service_model.index(r, 1).data() for r in range(view.service_model.rowCount())]
    assert measures[0] == "Referrals received" and "Repeat rate" in measures
    assert view.service_model.index(0, 2).data() == str(run.figures.referrals)  # exact
    assert "not official statistics" in view.headline.text()
    assert not view.save_buttons["extract"].isEnabled()
    assert view.default_name("pdf") == "vcop-service-report-2026-01-01-to-2026-11-30.pdf"

    for fmt in ("pdf", "xlsx", "csv"):
        view.save_as(fmt, tmp_path / f"service.{fmt}")
        wait_idle(qtbot, context)
    text = pdf_text((tmp_path / "service.pdf").read_bytes())
    assert "Service report" in text and "not official statistics" in text
    assert "On-time rate by agency" not in text
    assert (tmp_path / "service.xlsx").read_bytes()[:2] == b"PK"
    rows = list(csv.reader(io.StringIO((tmp_path / "service.csv").read_text("utf-8-sig"))))
    assert ["Section", "Measure", "Value"] in rows

    # A Code preset replaces it: the two never share the screen.
    qtbot.mouseClick(view.preset_buttons["quarter-by-agency"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert view.service_result is None and not view.service_table.isVisible()
    assert view.table.isVisible() and view.run_result is not None

    qtbot.mouseClick(view.service_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert view.service_result is not None and view.run_result is None
    window.lock()  # nothing of the report stays on screen behind the lock
    assert view.service_result is None and view.service_model.rowCount() == 0
    assert not view.save_buttons["pdf"].isEnabled()
    window.close()
