"""Small laptops and plain words: the window and dialogs fit 1280x720 and remember their
layout; the victim's deadlines are easy to find; no internal identifier reaches the screen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from tests.ui.conftest import every_case_tab_built, wait_idle
from tests.ui.test_main_window import open_window, window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow

SMALL = (1280, 720)


@pytest.fixture
def window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    win = window_on_case(
        qtbot,
        context,
        workspace,
        "Rae Example",
        "SMALL/1",
        Event(
            "m",
            "duty_met",
            date(2026, 2, 5),
            position=2,
            fields={"duty": "police.inform_arrest", "trigger": "a"},
        ),
    )
    return win


def test_main_window_and_dialogs_fit_a_small_laptop(qtbot: Any, window: MainWindow) -> None:
    every_case_tab_built(window)  # the hint counts every tab's needs
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1], hint
    window.resize(*SMALL)
    for tab in range(window.case_view.tabs.count()):
        window.case_view.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
    window.case_view.tabs.setCurrentWidget(window.case_view.overview)
    qtbot.wait(20)
    scroll = window.case_view.overview.findChild(QScrollArea)
    assert scroll is not None and not scroll.horizontalScrollBar().isVisible()

    from vcop_desktop.ui.settings_dialog import SettingsDialog

    settings = SettingsDialog(window.context.settings, window)
    qtbot.addWidget(settings)
    size = settings.minimumSizeHint()
    assert size.width() <= SMALL[0] and size.height() <= SMALL[1]
    room = window.screen().availableGeometry()
    assert settings.width() <= room.width() and settings.height() <= room.height()
    window.close()


def test_layout_is_remembered(qtbot: Any, context: AppContext, window: MainWindow) -> None:
    room = window.screen().availableGeometry()  # offscreen: a small screen
    window.resize(room.width() - 120, room.height() - 100)
    window.case_split.setSizes([250, 400])
    window.close()
    again = open_window(
        qtbot, context, Workspace.open(context.workspace_dir, "correct horse battery staple")
    )
    assert (again.width(), again.height()) == (window.width(), window.height())
    assert room.contains(again.frameGeometry().topLeft())
    again.content.setCurrentIndex(1)
    qtbot.wait(20)
    assert abs(again.case_split.sizes()[0] - window.case_split.sizes()[0]) <= 2
    saved = (context.config_dir / "window.json").read_text()
    assert "Rae" not in saved and "SMALL/1" not in saved
    again.close()


def test_victim_deadlines_first_and_in_words(qtbot: Any, window: MainWindow) -> None:
    overview = window.case_view.overview
    text = overview.victim_deadlines.text()
    assert "Victim's deadlines" in text and "offence date" in text  # the CICA hint
    canvas = window.case_view.timeline.timeline.canvas
    assert canvas._lanes[0] == "Police" and "Court" not in canvas._lanes  # empty: collapsed
    labels = [canvas._label(bar.obligation) for bar in canvas._bars]
    assert labels and not any("." in label.split(" · ")[0][:-1] or "_" in label for label in labels)
    assert not any("inform arrest" in label or "refer support" in label for label in labels)
    events = window.case_view.events.model
    details = [events.index(r, 2).data() for r in range(events.rowCount())]
    met = next(d for d in details if "arrest" in d)
    assert met == (
        "Police: Tell the victim that a suspect has been arrested (suspect arrested on 3 Feb 2026)"
    )
    assert not any("police." in d or "trigger" in d for d in details)
    window.close()


def test_victim_lane_first_when_it_has_items(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    workspace.create_case(
        victim_name="Sol Example",
        offence_date=date(2026, 1, 20),
        flags=["crime_of_violence"],  # the CICA deadline applies to crimes of violence
        events=[Event("r", "crime_reported", date(2026, 2, 2), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    assert window.case_view.timeline.timeline.canvas._lanes[0] == "Victim"
    assert "Criminal Injuries" in window.case_view.overview.victim_deadlines.text()
    assert "offence date below" not in window.case_view.overview.victim_deadlines.text()
    window.content.setCurrentIndex(0)
    dashboard = window.dashboard
    assert dashboard.victim_button.text().startswith("Victim's deadlines")
    dashboard.victim_button.click()
    assert dashboard.owner.currentData() == "victim"
    window.close()


def test_empty_dashboard_says_what_to_do(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = open_window(qtbot, context, workspace)
    assert window.dashboard.empty.isVisible() and "Ctrl+N" in window.dashboard.empty.text()
    window.close()


def test_smaller_items(qtbot: Any, window: MainWindow) -> None:
    """Save details confirms; a timeline label is clickable; "Right 6" is said once."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QLineEdit

    phone = window.case_view.overview.inputs["victim.phone"]
    assert isinstance(phone, QLineEdit)
    phone.setText("01234 000000")
    window.case_view.overview.save_button.click()
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    assert "Details saved" in window.case_view.overview.problem.text()

    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    canvas = window.case_view.timeline.timeline.canvas
    bar = canvas._bars[0]
    label_point = QPoint(int(bar.rect.right()) + 30, int(bar.rect.center().y()))
    assert not bar.rect.contains(label_point.toPointF())  # on the words, past the bar
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=label_point)
    assert canvas.selected() is bar.obligation
    text = window.case_view.timeline.selected_label.text()
    if bar.obligation.right:
        assert text.count(f"Right {bar.obligation.right}") == 1
    window.close()


def test_month_axis_stays_at_the_top_when_scrolled(qtbot: Any, window: MainWindow) -> None:
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    timeline = window.case_view.timeline.timeline
    timeline.setFixedHeight(120)  # a small laptop: the lanes do not all fit
    qtbot.wait(30)
    bar = timeline.verticalScrollBar()
    assert bar.maximum() > 0
    top = timeline.viewport().grab().toImage().copy(0, 0, timeline.viewport().width(), 20)
    bar.setValue(bar.maximum())
    qtbot.wait(30)
    scrolled = timeline.viewport().grab().toImage().copy(0, 0, timeline.viewport().width(), 20)
    assert scrolled == top  # the same month labels, not a slice of the lanes
    window.close()


def test_a_deadline_ruled_out_by_the_flags_says_which_flag_brings_it_back(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """Only "hate crime" ticked for a racially aggravated assault: the CICA deadline is not
    applicable, and the Overview says why and which flag to tick (issue 18)."""
    workspace.create_case(
        victim_name="Flag Exampleperson",
        offence_date=date(2026, 1, 20),
        flags=["hate_crime"],
        events=[Event("r", "crime_reported", date(2026, 2, 2), position=0)],
    )
    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    text = window.case_view.overview.victim_deadlines.text()
    assert "Ruled out by the flags" in text
    assert "Criminal Injuries" in text and "the scheme covers crimes of violence" in text
    assert "tick the flag that says so:" in text and "or \u201ccrime of violence\u201d." in text
    window.close()


def test_at_1024_by_700_what_is_owed_stays_readable_and_the_list_can_go(
    qtbot: Any, window: MainWindow
) -> None:
    """'What is owed' collapsed to 'T...' at 1024x700 while dates kept their room (issue 18)."""
    from PySide6.QtGui import QAction

    from vcop_desktop.ui.tables import MEANING_CHARS

    window.resize(1024, 700)
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    qtbot.wait(50)
    table = window.case_view.timeline.table
    average = table.fontMetrics().averageCharWidth()
    assert table.horizontalHeader().sectionSize(2) >= MEANING_CHARS * average - 2
    toggle = next(a for a in window.findChildren(QAction) if a.text() == "Case &list")
    assert window.cases.isVisible()
    narrow = window.case_view.width()
    toggle.trigger()
    qtbot.waitUntil(lambda: window.case_view.width() > narrow)
    assert not window.cases.isVisible()
    toggle.trigger()
    qtbot.waitUntil(lambda: window.case_view.width() == narrow)
    assert window.cases.isVisible()
    window.close()


def test_at_1366_the_case_list_headings_are_read_whole(qtbot: Any, window: MainWindow) -> None:
    """The case list beside a case squeezed "Next deadline" to "xt deadli" and "Overdue" to
    "verdu" at 1366x768: a column gives way only down to its heading's width, the case code
    and the date never, and the offence goes rather than show as "..."."""
    from vcop_desktop.ui.tables import header_width

    window.resize(1366, 768)
    window.show_page(window.case_split)
    qtbot.wait(50)
    table = window.cases.table
    header = table.horizontalHeader()
    for column in range(header.count()):
        if not header.isSectionHidden(column) and column != 2:  # 2: the stretched Offence
            heading = table.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= header_width(table, column) - 1, heading
    code = table.model().index(0, 0).data()
    assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance(str(code)), "cut"
    average = table.fontMetrics().averageCharWidth()
    assert header.isSectionHidden(2) or header.sectionSize(2) >= 6 * average  # never "..."
    window.case_split.setSizes([900, 466])  # room again: the offence comes back
    qtbot.waitUntil(lambda: not header.isSectionHidden(2))


def test_at_1024_by_700_no_case_tab_makes_the_window_scroll_sideways(
    qtbot: Any, window: MainWindow
) -> None:
    """The Contacts tab's quick-add row, four pairs to a row, made the case view 961 px at
    its narrowest: at 1024 wide the whole Cases page scrolled sideways."""
    window.resize(1024, 700)
    window.show_page(window.case_split)
    page = window.content.currentWidget()
    assert isinstance(page, QScrollArea)
    for index in range(window.case_view.tabs.count()):
        window.case_view.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        tab = window.case_view.tabs.tabText(index)
        assert not page.horizontalScrollBar().isVisible(), tab


def test_at_1024_by_700_no_page_scrolls_sideways(qtbot: Any, window: MainWindow) -> None:
    """The Dashboard and Reports pages fit a 1024 px screen as the Cases page does."""
    window.resize(1024, 700)
    for page in (window.dashboard, window.reports):
        window.show_page(page)
        qtbot.wait(20)
        area = window.content.currentWidget()
        assert isinstance(area, QScrollArea)
        assert not area.horizontalScrollBar().isVisible(), type(page).__name__
