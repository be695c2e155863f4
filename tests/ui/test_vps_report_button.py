"""The Reports tab's VPS button (issue 22): it runs the Victim Personal Statement report on
the worker, shows it with the not-official label, saves PDF, XLSX and CSV with the origin, and
is named and reachable by keyboard."""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.letters.pdftext import pdf_text
from tests.ui.conftest import PASSPHRASE, wait_idle
from tests.ui.test_keyboard_keys import mnemonic
from vcop_desktop.clock import FixedClock
from vcop_desktop.reports.vps import VpsRun
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow

NOT_OFFICIAL = "Recorded by the advocacy service; not official statistics."


def test_vps_button_runs_shows_and_saves_the_vps_report(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    workspace.add_demo_cases(40, seed=22, today=date(2026, 6, 30))
    folder = workspace.folder
    workspace.close()
    context.clock = FixedClock(datetime(2026, 6, 30, 9, 0).astimezone())
    reopened = context.worker.submit(lambda: Workspace.open(folder, PASSPHRASE)).result()
    window = MainWindow(context, reopened)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, context)
    view = window.reports
    window.show_page(view)
    view.start.setDate(QDate(2025, 7, 1))

    button = view.vps_button
    assert button.accessibleName() == "Victim Personal Statement report"
    # Reached by Alt+O (no other control of the page has it: test_keyboard_keys) and by Tab.
    assert mnemonic(button.text()) == "O"
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.start.setFocus()
    handle = window.windowHandle()  # through the window, as the platform delivers keys
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    # A mnemonic presses the button as a click shown for a moment (`animateClick`).
    qtbot.waitUntil(lambda: isinstance(view.service_result, VpsRun), timeout=10_000)
    wait_idle(qtbot, context)
    run = view.service_result
    assert isinstance(run, VpsRun)
    assert run.figures.reported > 0 and run.figures.offered.yes > 0
    assert NOT_OFFICIAL.lower().rstrip(".") in view.headline.text().lower()
    measures = [view.service_model.index(r, 1).data() for r in range(view.service_model.rowCount())]
    assert "Offered a VPS" in measures and "VPS considered at sentence (of those)" in measures
    if os.environ.get("VCOP_SHOTS"):
        window.grab().save(os.path.join(os.environ["VCOP_SHOTS"], "vps-report.png"))

    view.save_as("pdf", tmp_path / "vps.pdf")
    wait_idle(qtbot, context)
    text = " ".join(pdf_text((tmp_path / "vps.pdf").read_bytes()).split())
    assert "Victims' Commissioner" in text and NOT_OFFICIAL in text
    view.save_as("xlsx", tmp_path / "vps.xlsx")
    wait_idle(qtbot, context)
    assert openpyxl.load_workbook(tmp_path / "vps.xlsx")["Notes"]["A1"].value == "Report"
    view.save_as("csv", tmp_path / "vps.csv")
    wait_idle(qtbot, context)
    rows = list(csv.reader(io.StringIO((tmp_path / "vps.csv").read_text("utf-8-sig"))))
    assert {r[-1] for r in rows[4:]} == {NOT_OFFICIAL}
    assert view.default_name("pdf").startswith("vcop-vps-report-2025-07-01-to-")

    # Back to a Code report: the VPS table goes. The CPS letters show their quality mark
    # beside (not in) their timeliness.
    qtbot.mouseClick(view.preset_buttons["cps-victim-letters"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert view.service_result is None and view.run_result is not None
    assert view.run_result.quality is not None
    assert [r.query.by for r in view.run_result.reports] == [("cps_area",)]
    assert "Letter quality (a separate measure)" in view.headline.text()
    window.close()
