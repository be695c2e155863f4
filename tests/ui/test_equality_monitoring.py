"""The Overview's "Equality monitoring" section (issue 22 §2): the consent box gates the rest,
every control named and reached by Tab, what is chosen saved as codes, and unticking
consent clears them when saved."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext


def _saved_victim(window: Any) -> Any:
    bundle = window.case_view.bundle
    assert bundle is not None
    return bundle.victim


def test_consent_gates_the_characteristics_and_saving_keeps_codes(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    window = window_on_case(qtbot, context, workspace, "Zebediah Quillfeather", "QX/9/26")
    overview = window.case_view.overview
    window.case_view.tabs.setCurrentWidget(overview)
    box = overview.equality
    assert not box.consent.isChecked()
    assert not any(combo.isEnabled() for combo in box.combos.values())
    names = [box.consent.accessibleName(), *(c.accessibleName() for c in box.combos.values())]
    assert names == [
        "Consent to equality monitoring", "Ethnic group", "Sex", "Disability",
        "Religion or belief", "Sexual orientation", "Gender reassignment",
    ]  # fmt: skip

    qtbot.keyClick(box.consent, Qt.Key.Key_Space)  # keyboard: tick consent
    assert all(combo.isEnabled() for combo in box.combos.values())
    # Tab reaches each combo in turn from the consent box.
    order: list[QWidget] = []
    widget: QWidget = box.consent
    for _ in box.combos:
        widget = widget.nextInFocusChain()
        while not widget.isEnabled() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order == list(box.combos.values())
    ethnicity = box.combos["ethnicity"]
    ethnicity.setCurrentIndex(ethnicity.findData("mixed"))
    box.combos["sex"].setCurrentIndex(box.combos["sex"].findData("prefer_not"))
    assert overview.has_unsaved()
    overview.save_button.click()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    victim = _saved_victim(window)
    assert (victim.equality_consent, victim.ethnicity, victim.sex) == (True, "mixed", "prefer_not")
    assert not overview.has_unsaved()
    if os.environ.get("VCOP_SCREENSHOTS"):
        window.resize(1280, 900)
        overview.equality.grab().save(str(Path(os.environ["VCOP_SCREENSHOTS"]) / "equality.png"))
        window.grab().save(str(Path(os.environ["VCOP_SCREENSHOTS"]) / "overview.png"))

    box.consent.setChecked(False)  # withdrawn: the boxes clear, and saving clears the file
    assert {combo.currentData() for combo in box.combos.values()} == {None}
    overview.save_button.click()
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    victim = _saved_victim(window)
    assert (victim.equality_consent, victim.ethnicity, victim.sex) == (False, None, None)
    assert not overview.has_unsaved()
    window.close()


def test_an_untouched_section_changes_nothing(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Zebediah Quillfeather", "QX/9/26")
    overview = window.case_view.overview
    victim, _case, problem = overview.collect()
    old = _saved_victim(window)
    assert not problem
    assert {k: v for k, v in victim.items() if getattr(old, k, None) != v} == {}
    assert "not known" in overview.equality.age.text()  # no date of birth yet
    window.close()


def test_the_age_at_the_offence_is_shown_not_stored(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    workspace.create_case(
        victim_name="Zebediah Quillfeather", crime_reference="QX/10/26",
        offence_date=date(2026, 1, 30), victim_dob=date(2010, 2, 1),
        events=[],
    )  # fmt: skip
    from tests.ui.test_main_window import open_window

    window = open_window(qtbot, context, workspace)
    window.content.setCurrentIndex(1)
    window.cases.table.selectRow(0)
    wait_idle(qtbot, context)
    text = window.case_view.overview.equality.age.text()
    assert text.startswith("Under 18") and "child at the offence" in text
    window.close()


def test_the_reports_tab_breaks_any_report_down_by_the_victim_presets_included(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    from tests.reports.conftest import CASES, scenario
    from tests.ui.test_reports_view import _window
    from vcop_desktop.ui.event_dialog import to_qdate

    for number in range(3):
        workspace.import_scenario(scenario(number))  # three more cases
    ids = [s.case_id for s in workspace.list_cases()]
    for case_id, code in zip(ids[:3], ("female", "female", "male"), strict=True):
        with workspace.open_case(case_id) as handle:
            handle.update_victim(equality_consent=True, sex=code)
    window = _window(qtbot, context, workspace)
    view = window.reports
    window.show_page(view)
    assert view.grouping.findData("sex") == -1  # one place to choose it: "Break down by"
    assert view.breakdown.accessibleName() == "Break down by the victim"
    qtbot.mouseClick(view.preset_buttons["moj-five-areas"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    view.start.setDate(to_qdate(date(2026, 3, 1)))
    view.end.setDate(to_qdate(date(2026, 3, 31)))
    view.breakdown.setCurrentIndex(view.breakdown.findData("sex"))  # re-runs the preset
    wait_idle(qtbot, context)
    run = view.run_result
    assert run is not None and run.title == "MoJ quarterly return: five areas"
    assert [r.query.by for r in run.reports] == [("moj_area",), ("agency",), ("sex",)]
    sexes = {g.by[0][1]: g.cases for g in run.reports[-1].groups}
    assert sexes == {"Female": 2, "Male": 1, "(not recorded)": len(CASES) + 3 - 3}
    labels = [view.model.index(r, 1).data() for r in range(view.model.rowCount())]
    assert {"Female", "Male", "(not recorded)"} <= set(labels)
    if os.environ.get("VCOP_SCREENSHOTS"):
        window.resize(1280, 900)
        window.grab().save(str(Path(os.environ["VCOP_SCREENSHOTS"]) / "reports.png"))
    window.close()


def test_without_an_offence_date_the_box_does_not_promise_enhanced_rights(qtbot: Any) -> None:
    """The engine decides a child's enhanced rights on the offence date: with only the
    report's date the box says how old the victim was, and asks for the offence date."""
    from vcop_desktop.ui.equality_box import EqualityBox

    box = EqualityBox()
    qtbot.addWidget(box)
    box.show_age(date(2010, 6, 1), None, [date(2026, 3, 2)])
    text = box.age.text()
    assert text.startswith("Under 18 when the crime was reported")
    assert "a child at the offence" not in text and "record the offence date" in text
    box.show_age(date(2010, 6, 1), date(2026, 2, 27), [date(2026, 3, 2)])
    assert "a child at the offence: enhanced rights" in box.age.text()
