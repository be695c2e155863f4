"""The Reports tab: presets, the charts and table, saving PDF/XLSX/CSV, and the agency's
reason recorded from the timeline (real widgets, real worker, offscreen)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.letters.pdftext import pdf_text
from tests.reports.conftest import CASES, scenario
from tests.ui.conftest import PASSPHRASE, wait_idle, when_dialog
from vcop_desktop.clock import FixedClock
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.event_dialog import to_qdate
from vcop_desktop.ui.good_reason_dialog import GoodReasonDialog
from vcop_desktop.ui.main_window import MainWindow


def _window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    for number in range(len(CASES)):
        summary = workspace.import_scenario(scenario(number))
        with workspace.open_case(summary.case_id) as case:
            case.update_case(police_force=CASES[number][2])
    folder = workspace.folder
    workspace.close()
    context.clock = FixedClock(datetime(2026, 4, 10, 9, 0).astimezone())
    reopened = context.worker.submit(lambda: Workspace.open(folder, PASSPHRASE)).result()
    window = MainWindow(context, reopened)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, context)
    return window


def test_presets_chart_table_and_saving(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    window = _window(qtbot, context, workspace)
    view = window.reports
    window.show_page(view)
    qtbot.mouseClick(view.preset_buttons["trend-by-month"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    run = view.run_result
    assert run is not None and (run.query.start, run.query.end) == (
        date(2025, 5, 1), date(2026, 4, 30))  # fmt: skip
    assert [g.label() for g in view.trend.groups] == ["2026-03"]
    assert view.model.rowCount() == 2  # the total, then March
    assert view.model.index(1, 1).data() == "2026-03"
    assert view.model.index(1, 3).data() == "7"  # exact counts on the advocate's screen
    assert "58%" in view.headline.text() and "median of 11 days late" in view.headline.text()

    # By police force over March, from the options row.
    view.start.setDate(to_qdate(date(2026, 3, 1)))
    view.end.setDate(to_qdate(date(2026, 3, 31)))
    view.grouping.setCurrentIndex(view.grouping.findData("force"))
    view.refresh()
    wait_idle(qtbot, context)
    labels = [view.model.index(r, 1).data() for r in range(view.model.rowCount())]
    assert labels == ["All", "Eastvale Police", "Westmoor Constabulary"]
    assert [g.label() for g in view.bars.groups] == ["Eastvale Police", "Westmoor Constabulary"]

    # The MoJ return's five areas (once "the five key entitlements"): Rights 3, 4, 6, 7, 11.
    qtbot.mouseClick(view.preset_buttons["moj-five-areas"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert view.run_result is not None and view.run_result.query.rights == (3, 4, 6, 7, 11)

    view.start.setDate(to_qdate(date(2026, 3, 1)))
    view.end.setDate(to_qdate(date(2026, 3, 31)))
    view.grouping.setCurrentIndex(view.grouping.findData("agency"))
    view.refresh()
    wait_idle(qtbot, context)
    assert view.default_name("pdf") == "vcop-report-2026-03-01-to-2026-03-31.pdf"
    view.appendix.setChecked(True)  # recomputes, with the case appendix
    wait_idle(qtbot, context)
    assert view.run_result is not None and len(view.run_result.appendix) == 5
    for fmt in ("pdf", "xlsx", "csv", "extract"):
        view.save_as(fmt, tmp_path / f"out.{fmt}")
        wait_idle(qtbot, context)
    text = pdf_text((tmp_path / "out.pdf").read_bytes())
    assert "Rights: 3, 4, 6, 7, 11" in text and "Appendix: late or missed" in text
    assert (tmp_path / "out.xlsx").read_bytes()[:2] == b"PK"
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    assert rows[1][:5] == ["All", "All", "12", "7", "<5"]  # suppressed in the saved file
    assert b"vcop-desktop-report-extract" in (tmp_path / "out.extract").read_bytes()

    # A manager merges extracts (here one, made above): the same figures, from the file.
    view.merge([tmp_path / "out.extract"])
    wait_idle(qtbot, context)
    assert view.run_result is not None and view.run_result.source == "1 extracts merged"
    assert (view.run_result.total.due, view.run_result.total.met_on_time) == (12, 7)
    assert not view.save_buttons["extract"].isEnabled()
    view.use_workspace()
    wait_idle(qtbot, context)
    assert view.model.rowCount() > 0
    window.lock()  # nothing of the report stays on screen behind the lock
    assert view.run_result is None and view.model.rowCount() == 0 and not view.bars.groups
    assert not view.save_buttons["pdf"].isEnabled()
    window.close()


def test_reason_given_from_the_timeline(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = _window(qtbot, context, workspace)
    window.cases.select_case(window.cases.model.case_row(2).summary.case_id)  # 3: overdue
    wait_idle(qtbot, context)
    tab = window.case_view.timeline
    button = next(
        b for b in tab.findChildren(type(tab.mark_met)) if "Reason" in b.text().replace("&", "")
    )
    tab.select(("police.inform_arrest", "e2"))  # met on time: nothing to explain
    assert not button.isEnabled()
    tab.select(("police.refer_support", "e1"))
    assert button.isEnabled()

    def fill(dialog: Any) -> None:
        assert isinstance(dialog, GoodReasonDialog)
        dialog._accept()  # empty: refused with a message, dialog stays
        assert "Say what reason" in dialog.problem.text()
        dialog.reason.setPlainText("Referral team short-staffed")
        dialog.given_on.set_text("11/4/2026")  # after today (10 April): refused, dialog stays
        dialog._accept()
        assert "in the future" in dialog.problem.text()
        dialog.given_on.set_text("1/4/2026")
        dialog._accept()

    when_dialog(fill)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    window.show_page(window.reports)
    window.reports.start.setDate(to_qdate(date(2026, 3, 1)))
    window.reports.end.setDate(to_qdate(date(2026, 3, 31)))
    window.reports.refresh()
    wait_idle(qtbot, context)
    assert window.reports.run_result is not None
    assert window.reports.run_result.total.late_reason_given == 1
    window.close()


def test_the_reason_columns_say_they_count_late_and_missed_alike(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """'Late: no reason' also counted overdue items; the screen now uses the export's titles."""
    window = _window(qtbot, context, workspace)
    model = window.reports.table.model()
    titles = [
        model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for column in range(model.columnCount())
    ]
    assert "Late/missed, reason given" in titles and "Late/missed, no reason given" in titles
    assert not any(str(t).startswith("Late:") for t in titles)
    window.close()


def test_before_any_report_the_charts_say_choose_one_not_nothing_fell_due(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from vcop_desktop.ui.report_widgets import ReportChart

    chart = ReportChart("On-time rate by agency")
    qtbot.addWidget(chart)
    assert not chart.has_run and chart.accessibleDescription() == "Choose a report above."
    chart.set_groups([], "On-time rate by agency", trend=False)
    assert chart.has_run and chart.accessibleDescription() == "Nothing fell due."


def test_the_group_column_is_read_whole_when_the_columns_do_not_fit(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """The report table has some twenty columns, each given way only to its heading's width:
    at 1366 px the stretched Group column was left with "P..." for "Police". It now keeps
    its width and the table scrolls sideways."""
    from vcop_desktop.ui.tables import MEANING_CHARS

    window = _window(qtbot, context, workspace)
    window.resize(1366, 768)
    view = window.reports
    window.show_page(view)
    qtbot.mouseClick(view.preset_buttons["quarter-by-agency"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    qtbot.wait(50)
    table = view.table
    average = table.fontMetrics().averageCharWidth()
    assert table.horizontalHeader().sectionSize(1) >= MEANING_CHARS * average - 2
    assert table.horizontalScrollBar().maximum() > 0  # the rest is reached by scrolling
    window.resize(3000, 900)  # room for every column: Group stretches again
    qtbot.wait(50)
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= (
        table.viewport().width() + 1
    )
