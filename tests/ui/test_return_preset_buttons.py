"""The Reports tab's buttons for the presets in others' shapes (issue 22): "MoJ return: five
areas" and "CPS victim letters" through the real widgets and worker, saved as PDF and CSV with
their origin and the not-official label; the old preset name still runs the MoJ preset."""

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
from vcop_desktop.ui.main_window import MainWindow

NOT_OFFICIAL = "Recorded by the advocacy service; not official statistics."


def test_return_preset_buttons_run_save_and_accept_the_old_name(
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

    button = view.preset_buttons["moj-five-areas"]
    assert button.text().replace("&", "") == "MoJ five areas"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    run = view.run_result
    assert run is not None and run.title == "MoJ quarterly return: five areas"
    assert (run.query.start, run.query.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert [r.query.by for r in run.reports] == [("moj_area",), ("agency",)]
    assert "police.agree_updates" not in run.query.duties
    areas = [view.model.index(r, 1).data() for r in range(view.model.rowCount())]
    assert [a.split(":")[0] for a in areas[1:6]] == [
        "Right 3", "Right 4", "Right 6", "Right 7", "Right 11"]  # fmt: skip
    assert "MoJ quarterly return" in view.headline.text()
    assert NOT_OFFICIAL in view.headline.text()  # on screen too
    view.save_as("pdf", tmp_path / "moj.pdf")
    wait_idle(qtbot, context)
    text = " ".join(pdf_text((tmp_path / "moj.pdf").read_bytes()).split())
    assert "legacy Ministry of Justice quarterly return" in text and NOT_OFFICIAL in text

    qtbot.mouseClick(view.preset_buttons["cps-victim-letters"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    run = view.run_result
    assert run is not None and run.title == "CPS victim letters"
    assert set(run.query.duties) == {
        "cps.inform_no_charge", "cps.inform_discontinued", "cps.inform_charge_altered",
        "cps.inform_no_evidence", "cps.inform_left_on_file"}  # fmt: skip
    assert [r.query.by for r in run.reports] == [("cps_area",)]
    view.save_as("csv", tmp_path / "cps.csv")
    wait_idle(qtbot, context)
    rows = list(csv.reader(io.StringIO((tmp_path / "cps.csv").read_text("utf-8-sig"))))
    assert rows[0][-1] == "Status"
    # every row labelled, bar the heading of the quality table below the timeliness rows
    assert {r[-1] for r in rows[1:]} == {NOT_OFFICIAL, "Status"}
    assert [r[-1] for r in rows].count("Status") == 2

    view.run_preset("key-entitlements")  # a saved setting or script with the old name
    wait_idle(qtbot, context)
    assert view.preset == "moj-five-areas"
    assert view.run_result is not None and view.run_result.title.startswith("MoJ quarterly")
    window.close()
