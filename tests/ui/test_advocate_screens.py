"""The Safety plan tab and the dashboard with "Coming up", rendered at the small laptop size
(1366x768) offscreen, on made-up cases. Set VCOP_SHOTS_DIR to keep the PNGs (the README's
docs/screenshots/safety-plan-tab.png and dashboard-coming-up.png are made this way)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import open_window
from vcop_desktop.domain.events import Event
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.screenshots import SIZE

TODAY = date(2026, 3, 2)  # the fixed clock of tests/ui/conftest.py


def _advocate_case(workspace: Workspace) -> str:
    case = workspace.create_case(
        victim_name="Casey Madeup",
        crime_reference="SHOT/1",
        events=[
            Event("r", "crime_reported", date(2026, 1, 20), position=0),
            Event("f", "referral_received", date(2026, 1, 21), {"from": "police", "risk": "high"},
                  position=1),
            Event("m", "marac_referral", date(2026, 1, 23), {"meeting_date": "2026-03-11"},
                  position=2),
            Event("p", "safety_plan_agreed", date(2026, 1, 26), {"review_days": 28}, position=3),
            Event("h", "hearing_listed", date(2026, 2, 10), {"hearing_date": "2026-03-19"},
                  position=4),
        ],
    )  # fmt: skip
    with workspace.open_case(case.case_id) as handle:
        plan = handle.safety_plan
        plan.add("Ask the council to fit a door chain and change the locks", "Housing officer",
                 date(2026, 2, 23))  # fmt: skip
        plan.add("Agree a code word with a trusted neighbour", "Victim", date(2026, 3, 9))
        plan.add("Apply for a non-molestation order", "Advocate", date(2026, 3, 16))
        done = plan.add("Keep a charged phone by the bed", "Victim", date(2026, 2, 9))
        assert done.id is not None
        plan.close(done.id, date(2026, 2, 9), today=TODAY)
    return case.case_code


def test_the_safety_plan_tab_and_coming_up_render_at_the_laptop_size(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    workspace.add_demo_cases(4, seed=7, today=TODAY)
    code = _advocate_case(workspace)
    out = Path(os.environ.get("VCOP_SHOTS_DIR") or tmp_path)
    window = open_window(qtbot, context, workspace)
    window.resize(*SIZE)
    wait_idle(qtbot, context)
    qtbot.wait(200)
    dashboard = out / "dashboard-coming-up.png"
    window.grab().save(str(dashboard))
    assert window.dashboard.coming.model().rowCount() >= 3
    window.content.setCurrentIndex(1)
    window.cases.select_case(next(
        r.summary.case_id for r in window.cases.model.items() if r.summary.case_code == code
    ))  # fmt: skip
    wait_idle(qtbot, context)
    window.case_view.tabs.setCurrentWidget(window.case_view.safety_plan)
    window.case_view.safety_plan.table.selectRow(0)
    qtbot.wait(200)
    tab = out / "safety-plan-tab.png"
    window.grab().save(str(tab))
    for path in (dashboard, tab):
        image = QImage(str(path))
        assert (image.width(), image.height()) == SIZE, path.name
    window.close()
