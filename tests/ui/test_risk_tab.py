"""The Risk tab, driven through the real window: an assessment ticked up to the form's
threshold is saved with its answers and the score computed then, and the MARAC referral
duty appears; a lock with the assessment open brings it back with the ticks intact; MARAC
referrals and meetings are recorded, a repeat referral is marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QWidget

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_accessibility import unnamed
from tests.ui.test_lock_dialogs import assert_locked_and_hidden, press_lock, reopened
from tests.ui.test_lock_dialogs import window as window
from tests.ui.test_main_window import window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.domain.risk import score
from vcop_desktop.rules.risk_forms import default_forms
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.risk_dialogs import AssessmentDialog, MaracMeetingDialog, MaracReferralDialog

TODAY = date(2026, 3, 2)  # the fixed clock of tests/ui/conftest.py


def open_risk_tab(qtbot: Any, window: MainWindow) -> None:
    window.case_view.tabs.setCurrentWidget(window.case_view.risk)
    qtbot.waitUntil(window.case_view.risk.isVisible)


def tick(qtbot: Any, box: QCheckBox) -> None:
    """A click on the box itself (its left end), as a person ticks it."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def in_dialog(action: Callable[[Any], None]) -> None:
    """`action` on the next dialog; a failed check closes it (else it waits for the idle
    lock, five minutes)."""

    def guarded(dialog: Any) -> None:
        try:
            action(dialog)
        except BaseException:
            QDialog.done(dialog, 0)
            raise

    when_dialog(guarded)


def tick_to_threshold(qtbot: Any, dialog: AssessmentDialog) -> list[str]:
    """Tick questions in order until the score reaches the form's `high_at`."""
    ticked: list[str] = []
    form = dialog.form()
    for question in form.questions:
        if dialog.points() >= form.high_at:
            break
        box = dialog.boxes[question.id]
        dialog.question_area.ensureWidgetVisible(box)
        tick(qtbot, box)
        assert box.isChecked(), question.id
        ticked.append(question.id)
    return ticked


def test_an_assessment_at_the_threshold_is_saved_with_its_score_and_the_marac_duty_appears(
    qtbot: Any, window: MainWindow
) -> None:
    open_risk_tab(qtbot, window)
    before = window.case_view.bundle
    assert before is not None
    assert not any(o.duty == "advocate.marac_referral" for o in before.evaluation.obligations)
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        assert isinstance(dialog, AssessmentDialog)
        form = dialog.form()
        assert "0 of 14 for visible high risk" in dialog.score.text()
        seen["ticked"] = tick_to_threshold(qtbot, dialog)
        assert dialog.points() == form.high_at
        assert dialog.score.text().startswith(f"Score {form.high_at}: visible high risk")
        assert dialog.score.accessibleName().startswith("Score: Score 14")  # heard as it changes
        qtbot.keyClicks(dialog.police_level, "medium")
        seen["expected"] = score(form, {q: True for q in seen["ticked"]})
        dialog._accept()  # Save

    in_dialog(fill)
    qtbot.mouseClick(window.case_view.risk.assess, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    bundle = window.case_view.bundle
    assert bundle is not None
    saved = [r.event for r in bundle.events if r.event.type == "risk_assessment"]
    assert len(saved) == 1
    event = saved[0]
    form = default_forms().get("risk-factors-v1")
    assert form is not None
    assert event.get_str("form") == form.id and event.get_int("form_version") == form.version
    answers = dict(event.get_answers("answers"))
    assert set(answers) == form.question_ids  # every question, yes or no
    assert sorted(q for q, yes in answers.items() if yes) == sorted(seen["ticked"])
    assert event.get_int("score") == seen["expected"] == form.high_at
    assert event.get_str("police_level") == "medium"
    assert event.date == TODAY
    marac = [o for o in bundle.evaluation.obligations if o.duty == "advocate.marac_referral"]
    assert marac and marac[0].trigger == event.id
    risk = window.case_view.risk
    assert risk.history.rowCount() == 1
    assert "HIGH RISK" in risk.history.item(0, 3).text()
    assert risk.chart.points[0].score == form.high_at
    assert window.statusBar().currentMessage() == "Assessment saved."  # and nothing more
    window.close()


def test_a_lock_with_the_assessment_open_brings_it_back_with_the_ticks(
    qtbot: Any, window: MainWindow
) -> None:
    open_risk_tab(qtbot, window)
    kept: dict[str, Any] = {}

    def fill_and_lock(dialog: Any) -> None:
        assert isinstance(dialog, AssessmentDialog)
        first, third = dialog.form().questions[0], dialog.form().questions[2]
        tick(qtbot, dialog.boxes[first.id])
        tick(qtbot, dialog.boxes[third.id])
        tick(qtbot, dialog.judgement)
        dialog.when.set_text("27/2/2026")
        kept["answers"] = dialog.answers()
        kept["ticked"] = {first.id, third.id}
        press_lock(dialog.boxes[third.id], qtbot)

    in_dialog(fill_and_lock)
    qtbot.mouseClick(window.case_view.risk.assess, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)
    assert window.case_view.risk.history.rowCount() == 0  # nothing of the case left on screen

    def check(dialog: AssessmentDialog) -> None:
        assert dialog.answers() == kept["answers"]
        assert {q for q, yes in dialog.answers().items() if yes} == kept["ticked"]
        assert dialog.judgement.isChecked()
        assert dialog.taken_on() == date(2026, 2, 27)
        assert "Score 2 of 14" in dialog.score.text()

    reopened(qtbot, window, AssessmentDialog, check)
    window.close()


@pytest.fixture
def marac_window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    """A case with a MARAC referral on 1 June 2025 (heard on 12 June 2025)."""
    return window_on_case(
        qtbot, context, workspace, "Ann Example", "RISK/1",
        Event("m1", "marac_referral", date(2025, 6, 1), position=2),
        Event("h1", "marac_meeting", date(2025, 6, 12), {"referral": "m1"}, position=3),
    )  # fmt: skip


def test_a_referral_within_twelve_months_is_marked_repeat_and_a_meeting_names_it(
    qtbot: Any, marac_window: MainWindow
) -> None:
    window = marac_window
    open_risk_tab(qtbot, window)
    risk = window.case_view.risk
    assert risk.marac.rowCount() == 2
    assert risk.marac.item(0, 2).text() == ""  # the first referral is no repeat

    def refer(dialog: Any) -> None:
        assert isinstance(dialog, MaracReferralDialog)
        assert dialog.when.value() == TODAY
        dialog.meeting.set_text("19/3/2026")
        dialog._accept()

    in_dialog(refer)
    qtbot.mouseClick(risk.referral, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    rows = [[risk.marac.item(r, c).text() for c in range(4)] for r in range(risk.marac.rowCount())]
    assert rows[-1] == ["2 Mar 2026", "Referral", "repeat", "19 Mar 2026"]

    def hold(dialog: Any) -> None:
        assert isinstance(dialog, MaracMeetingDialog)
        assert dialog.referral.currentText() == "Referral of 2 March 2026 (repeat)"
        assert dialog.when.value() == TODAY  # the planned day is still to come
        dialog._accept()

    in_dialog(hold)
    qtbot.mouseClick(risk.meeting, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.context)
    wait_idle(qtbot, window.context)
    bundle = window.case_view.bundle
    assert bundle is not None
    referral = [r.event for r in bundle.events if r.event.type == "marac_referral"][-1]
    assert referral.get_date("meeting_date") == date(2026, 3, 19)
    meeting = [r.event for r in bundle.events if r.event.type == "marac_meeting"][-1]
    assert meeting.get_str("referral") == referral.id and meeting.date == TODAY
    assert risk.marac.item(risk.marac.rowCount() - 1, 1).text() == (
        "Meeting (referral of 2 Mar 2026)"
    )
    window.close()


def test_every_control_of_the_risk_tab_and_dialog_has_a_name(
    qtbot: Any, window: MainWindow
) -> None:
    open_risk_tab(qtbot, window)
    risk = window.case_view.risk
    assert unnamed(risk) == []
    assert risk.chart.accessibleName() and risk.assess.accessibleName()
    dialog = AssessmentDialog(default_forms(), TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    order: list[QWidget] = []
    widget: QWidget = dialog.form_box
    for _ in range(60):
        order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is dialog.form_box:
            break
    assert unnamed(dialog) == []
    focusable = [w for w in order if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible()]
    names = [w.accessibleName() for w in focusable]
    # Keyboard order: the form, the date, the questions in order, judgement, police level.
    assert names[0] == "Risk form" and names[1] == "Date of the assessment"
    assert names[2].startswith("Question 1:")
    question_names = [n for n in names if n.startswith("Question ")]
    assert len(question_names) == len(dialog.form().questions)
    after = names.index(question_names[-1])
    assert names[after + 1 : after + 3] == [
        "High risk by professional judgement", "Police risk tool's level"
    ]  # fmt: skip


def test_the_chart_is_heard_in_words_and_draws_one_or_many_scores(qtbot: Any) -> None:
    from vcop_desktop.ui.risk_chart import ScoreChart, ScorePoint

    chart = ScoreChart()
    qtbot.addWidget(chart)
    chart.resize(300, 180)
    chart.set_points([])
    assert chart.accessibleDescription() == "No assessments yet."
    assert not chart.grab().isNull()
    days = [date(2026, 1, d) for d in (1, 2, 3, 20)]  # close dates: labels must not overlap
    chart.set_points([ScorePoint(d, i * 5, 14, i * 5 >= 14) for i, d in enumerate(days)])
    assert chart.accessibleDescription() == (
        "1 January 2026: 0; 2 January 2026: 5; 3 January 2026: 10; "
        "20 January 2026: 15 (high risk). Visible high risk from 14."
    )
    assert not chart.grab().isNull()
    chart.set_points([ScorePoint(date(2026, 1, 1), 3, None, False)])  # a form not held
    assert not chart.grab().isNull()


def test_an_assessment_on_a_form_not_held_is_listed_with_its_stored_score() -> None:
    from vcop_desktop.ui.risk_tab import assessment_rows

    event = Event("x", "risk_assessment", date(2026, 1, 5),
                  {"form": "gone-form", "score": 9, "answers": {}}, position=0)  # fmt: skip
    rows, points = assessment_rows([event], default_forms())
    assert rows[0].form == "gone-form (form not held)"
    assert rows[0].score == "9" and rows[0].level == "—"
    assert points[0].score == 9 and points[0].high_at is None
