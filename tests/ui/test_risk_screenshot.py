"""The Risk tab at the small laptop size (1366x768), rendered to PNG: the history, the chart
and the MARAC list all on screen. `VCOP_RISK_SHOT=<path>` keeps the picture (for the docs:
docs/screenshots/risk-tab.png)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.rules.risk_forms import default_forms
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.screenshots import SIZE


def assessment(event_id: str, day: date, yes: int, position: int, **more: Any) -> Event:
    form = default_forms().get("risk-factors-v1")
    assert form is not None
    answers = {q.id: i < yes for i, q in enumerate(form.questions)}
    fields = {"form": form.id, "form_version": form.version, "answers": answers, "score": yes}
    return Event(event_id, "risk_assessment", day, {**fields, **more}, position=position)


def test_the_risk_tab_fits_the_small_laptop_screen(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    window = window_on_case(
        qtbot, context, workspace, "Ann Example", "RISK/7",
        assessment("ra1", date(2025, 5, 20), 8, 2, police_level="medium"),
        assessment("ra2", date(2025, 5, 30), 15, 3),
        Event("m1", "marac_referral", date(2025, 6, 1), {"meeting_date": "2025-06-12"},
              position=4),
        Event("h1", "marac_meeting", date(2025, 6, 12), {"referral": "m1"}, position=5),
        assessment("ra3", date(2025, 11, 3), 11, 6, judgement="high"),
        Event("m2", "marac_referral", date(2025, 11, 4), position=7),
        assessment("ra4", date(2026, 2, 20), 6, 8),
    )  # fmt: skip
    window.resize(*SIZE)
    window.case_view.tabs.setCurrentWidget(window.case_view.risk)
    wait_idle(qtbot, context)
    qtbot.wait(200)
    path = Path(os.environ.get("VCOP_RISK_SHOT", tmp_path / "risk-tab.png"))
    assert window.grab().save(str(path))
    risk = window.case_view.risk
    assert risk.history.rowCount() == 4 and risk.marac.rowCount() == 3
    levels = [risk.history.item(r, 3).text() for r in range(4)]
    assert levels == ["standard", "HIGH RISK", "HIGH RISK (judged)", "standard"]
    assert risk.history.item(0, 4).text() == "medium"
    assert risk.history.item(1, 2).text() == "15 (high at 14)"
    assert risk.marac.item(2, 2).text() == "repeat"
    # Every row of both tables and the whole chart are in sight, none cut off.
    for table in (risk.history, risk.marac):
        last = table.visualItemRect(table.item(table.rowCount() - 1, 0))
        assert table.viewport().rect().contains(last), table.accessibleName()
    assert risk.chart.height() >= 140 and risk.chart.width() >= 250
    image = QImage(str(path))
    assert (image.width(), image.height()) == SIZE
    window.close()
