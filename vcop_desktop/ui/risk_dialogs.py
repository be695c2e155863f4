"""Taking a risk assessment on a form, and recording MARAC referrals and meetings.

Each dialog runs through the main window (`host.exec_dialog`), so a lock closes it and the
unlock opens it again with what was ticked (`keep`/`restore`). Scores come from
`domain.risk` only: the dialog shows the same number the engine and the history use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import future_problem
from vcop_desktop.domain.risk import RiskForm, RiskForms, band, is_high_risk, score
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.event_dialog import OptionalDate
from vcop_desktop.ui.fit import fit_to_screen
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.live_label import LiveLabel


def form_label(form: RiskForm) -> str:
    """The form's title, with its version unless the title already says it."""
    version = f"version {form.version}"
    return form.title if version in form.title else f"{form.title} ({version})"


def score_words(form: RiskForm, points: int, judgement: bool) -> str:
    """ "12 of 14 for visible high risk", or that it is reached; and the band, if any."""
    if points >= form.high_at:
        words = f"Score {points}: visible high risk ({form.high_at} or more)"
    else:
        words = f"Score {points} of {form.high_at} for visible high risk"
    named = band(form, points)
    if named and points < form.high_at:
        words += f"; band: {named}"
    if judgement and points < form.high_at:
        words += ". High risk by professional judgement"
    return words + "."


class AssessmentDialog(QDialog):
    """One assessment: a form's questions as check boxes, the running score, the date."""

    def __init__(
        self,
        forms: RiskForms,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.forms = forms.latest()
        self.today = today
        self.setWindowTitle("Take a risk assessment")
        layout = QVBoxLayout(self)
        head = QFormLayout()
        self.form_box = QComboBox()
        self.form_box.setAccessibleName("Risk form")
        for form in self.forms:
            self.form_box.addItem(form_label(form), form.id)
        head.addRow("Risk &form:", self.form_box)
        self.when = DateInput("Date of the assessment", today)
        self.when.set_value(today)
        head.addRow("&Date:", self.when)
        layout.addLayout(head)
        self.questions_box = QGroupBox("Questions: tick each one answered yes")
        inner = QVBoxLayout(self.questions_box)
        self.question_area = QScrollArea()
        self.question_area.setWidgetResizable(True)
        self.question_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.question_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the check boxes
        inner.addWidget(self.question_area)
        layout.addWidget(self.questions_box, 1)
        self.score = LiveLabel("Score")
        self.score.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.score.font()
        bold.setBold(True)
        self.score.setFont(bold)
        layout.addWidget(self.score)
        tail = QFormLayout()
        self.judgement = QCheckBox("High risk by professional &judgement")
        self.judgement.setAccessibleName("High risk by professional judgement")
        self.judgement.setToolTip(
            "Tick when you judge the risk high whatever the score: the case is then treated "
            "as high risk (a MARAC referral is due)."
        )
        tail.addRow(self.judgement)
        self.police_level = QLineEdit()
        self.police_level.setAccessibleName("Police risk tool's level")
        self.police_level.setPlaceholderText("as the police recorded it, if known")
        tail.addRow("&Police risk tool's level:", self.police_level)
        layout.addLayout(tail)
        self.boxes: dict[str, QCheckBox] = {}
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept, save=True)
        self.form_box.currentIndexChanged.connect(self._show_form)
        self.judgement.toggled.connect(self._update_score)
        self._show_form()
        fit_to_screen(self, 860, 720)

    # -- the form ------------------------------------------------------------------------------

    def form(self) -> RiskForm:
        return self.forms[max(self.form_box.currentIndex(), 0)]

    def _show_form(self) -> None:
        """Lay out the chosen form's questions (ticks start empty: a new form, new answers)."""
        form = self.form()
        body = QWidget()
        column = QVBoxLayout(body)
        self.boxes = {}
        for number, question in enumerate(form.questions, start=1):
            weight = f"  (counts {question.weight})" if question.weight != 1 else ""
            box = QCheckBox(f"{number}. {question.text}{weight}")
            box.setAccessibleName(f"Question {number}: {question.text}{weight}")
            box.toggled.connect(self._update_score)
            self.boxes[question.id] = box
            column.addWidget(box)
        column.addStretch(1)
        self.question_area.setWidget(body)
        chain = [self.when.edit, *self.boxes.values(), self.judgement]  # Tab reads down the form
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update_score()

    def answers(self) -> dict[str, bool]:
        """Every question of the form, answered yes (ticked) or no."""
        return {qid: box.isChecked() for qid, box in self.boxes.items()}

    def points(self) -> int:
        return score(self.form(), self.answers())

    def high_risk(self) -> bool:
        judgement = "high" if self.judgement.isChecked() else None
        return is_high_risk(self.form(), self.points(), judgement)

    def _update_score(self) -> None:
        self.score.setText(score_words(self.form(), self.points(), self.judgement.isChecked()))

    # -- results -------------------------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        """The `risk_assessment` event's fields, with the score as computed now (kept, so a
        later change of the form never rescores it)."""
        form = self.form()
        out: dict[str, Any] = {
            "form": form.id,
            "form_version": form.version,
            "answers": self.answers(),
            "score": self.points(),
        }
        if self.judgement.isChecked():
            out["judgement"] = "high"
        if self.police_level.text().strip():
            out["police_level"] = " ".join(self.police_level.text().split())
        return out

    def taken_on(self) -> date:
        value = self.when.value()
        assert value is not None  # checked before accept
        return value

    def _accept(self) -> None:
        problem = self.when.problem()
        if problem:
            self.problem.setText(problem)
            return
        future = future_problem(self.when.value(), self.today, "The assessment date")
        if future:
            self.problem.setText(future)
            return
        self.accept()

    # -- across a lock -------------------------------------------------------------------------

    def keep(self) -> dict[str, Any]:
        return {
            "form": self.form().id,
            "inputs": keep_all(self._inputs()),
            "answers": self.answers(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        index = self.form_box.findData(state.get("form"))
        if index >= 0:
            self.form_box.setCurrentIndex(index)
        restore_all(self._inputs(), state.get("inputs", {}))
        for qid, ticked in dict(state.get("answers", {})).items():
            box = self.boxes.get(qid)
            if box is not None:
                box.setChecked(bool(ticked))

    def _inputs(self) -> dict[str, QWidget]:
        return {"when": self.when, "judgement": self.judgement, "police": self.police_level}


class MaracReferralDialog(QDialog):
    """A MARAC referral: the day it was made and, if known, the meeting it goes to."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("MARAC referral")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.when = DateInput("Date of the referral", today)
        self.when.set_value(today)
        form.addRow("&Referred on:", self.when)
        self.meeting = OptionalDate("MARAC meeting date", today)
        form.addRow("&Meeting date (if known):", self.meeting)
        layout.addLayout(form)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept, save=True)

    def values(self) -> tuple[date, dict[str, Any]]:
        when = self.when.value()
        assert when is not None  # checked before accept
        meeting = self.meeting.value()
        return when, ({"meeting_date": meeting} if meeting is not None else {})

    def _accept(self) -> None:
        problem = self.when.problem() or self.meeting.problem()
        when, meeting = self.when.value(), self.meeting.value()
        problem = problem or future_problem(when, self.today, "The referral date")
        if not problem and when and meeting and meeting < when:
            problem = "The meeting date is before the referral."
        if problem:
            self.problem.setText(problem)
            return
        self.accept()

    def keep(self) -> dict[str, Any]:
        return keep_all({"when": self.when, "meeting": self.meeting})

    def restore(self, state: dict[str, Any]) -> None:
        restore_all({"when": self.when, "meeting": self.meeting}, state)


class MaracMeetingDialog(QDialog):
    """A MARAC meeting held, naming the referral it heard (`referrals`: id, label, day)."""

    def __init__(
        self,
        referrals: Sequence[tuple[str, str, date | None]],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("MARAC meeting")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.referral = QComboBox()
        self.referral.setAccessibleName("MARAC referral heard")
        for event_id, label, meeting_day in referrals:
            self.referral.addItem(label, (event_id, meeting_day))
        form.addRow("&Referral heard:", self.referral)
        self.when = DateInput("Date of the meeting", today)
        form.addRow("&Held on:", self.when)
        layout.addLayout(form)
        hint = QLabel(
            "The meeting day planned at the referral is filled in: change it if it moved."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._accept, save=True)
        self.referral.currentIndexChanged.connect(self._planned_day)
        self.referral.setCurrentIndex(max(self.referral.count() - 1, 0))  # the latest
        self._planned_day()

    def _planned_day(self) -> None:
        data = self.referral.currentData()
        planned = data[1] if data else None
        held = planned if planned is not None and planned <= self.today else self.today
        self.when.set_value(held)

    def values(self) -> tuple[date, dict[str, Any]]:
        when = self.when.value()
        assert when is not None  # checked before accept
        return when, {"referral": self.referral.currentData()[0]}

    def _accept(self) -> None:
        problem = self.when.problem()
        when = self.when.value()
        if not problem and self.referral.currentData() is None:
            problem = "Record the MARAC referral first."
        problem = problem or future_problem(
            when, self.today, "The meeting date", "Record it once it has been held."
        )
        if problem:
            self.problem.setText(problem)
            return
        self.accept()

    def keep(self) -> dict[str, Any]:
        return keep_all({"referral": self.referral, "when": self.when})

    def restore(self, state: dict[str, Any]) -> None:
        restore_all({"referral": self.referral, "when": self.when}, state)
