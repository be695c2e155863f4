"""The case's Risk tab: its assessments (a table and a chart of scores), its MARAC referrals
and meetings; asks the window to take an assessment or record a referral or a meeting.

Every score and level shown comes from `domain.risk` (`assess`, `band`, `risk_summary`), on
the forms the engine scores with (the workspace's rule book), never worked out here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.risk import RiskForms, assess, band, is_high_risk, risk_summary
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.risk_chart import ScoreChart, ScorePoint
from vcop_desktop.ui.risk_dialogs import form_label
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import compact_date, long_date


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    day: date
    form: str
    score: str
    level: str
    police: str


@dataclass(frozen=True, slots=True)
class MaracRow:
    event_id: str
    day: date
    what: str
    repeat: bool
    meeting: date | None


def assessment_rows(
    events: list[Event], forms: RiskForms
) -> tuple[list[AssessmentRow], list[ScorePoint]]:
    """The assessments, oldest first, as the history table and the chart show them."""
    rows: list[AssessmentRow] = []
    points: list[ScorePoint] = []
    for event in sorted(events, key=lambda e: e.sort_key):
        if event.type != "risk_assessment":
            continue
        scored = assess(event, forms)
        form_id = event.get_str("form") or ""
        title = form_label(scored.form) if scored.form is not None else f"{form_id} (form not held)"
        if scored.high_risk:
            by_score = is_high_risk(scored.form, scored.score, None)
            level = "HIGH RISK" if by_score else "HIGH RISK (judged)"
        elif scored.form is not None and scored.score is not None:
            level = band(scored.form, scored.score) or "not high"
        else:
            level = "—"
        shown = "—" if scored.score is None else str(scored.score)
        if scored.form is not None and scored.score is not None:
            shown += f" (high at {scored.form.high_at})"
        police = event.get_str("police_level") or ""
        rows.append(AssessmentRow(event.date, title, shown, level, police))
        if scored.score is not None:
            high_at = scored.form.high_at if scored.form is not None else None
            points.append(ScorePoint(event.date, scored.score, high_at, scored.high_risk))
    return rows, points


def marac_rows(events: list[Event], forms: RiskForms) -> list[MaracRow]:
    """Referrals (repeat or not, as `risk_summary` says) and meetings, oldest first."""
    summary = risk_summary(Scenario(CaseFacts(), tuple(events)), forms)
    listed = summary["marac"]
    assert isinstance(listed, list)
    repeats = {str(m["referral"]): bool(m["repeat"]) for m in listed}
    by_id = {e.id: e for e in events}
    out: list[MaracRow] = []
    for event in sorted(events, key=lambda e: e.sort_key):
        if event.type == "marac_referral":
            out.append(MaracRow(event.id, event.date, "Referral", repeats.get(event.id, False),
                                event.get_date("meeting_date")))  # fmt: skip
        elif event.type == "marac_meeting":
            heard = by_id.get(event.get_str("referral") or "")
            what = f"Meeting (referral of {compact_date(heard.date)})" if heard else "Meeting"
            out.append(MaracRow(event.id, event.date, what, False, None))
    return out


def _table(name: str, headers: list[str], samples: dict[int, str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    setup_table(table, samples, stretch=stretch, name=name)
    table.setSortingEnabled(False)  # oldest first, as the chart reads
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the whole of a cut-off form title
            table.setItem(r, c, item)
    if rows:
        table.scrollToBottom()  # the newest in sight


class RiskTab(QWidget):
    assess_requested = Signal()
    referral_requested = Signal()
    meeting_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the forms assessments are scored on: the workspace's rule book (set by the window)
        self.forms_source: Callable[[], RiskForms] = RiskForms
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.assess = QPushButton("Take an a&ssessment…")
        self.assess.setAccessibleName("Take a risk assessment")
        self.referral = QPushButton("MARAC referral…")
        self.referral.setAccessibleName("Record a MARAC referral")
        self.meeting = QPushButton("MARAC &meeting…")
        self.meeting.setAccessibleName("Record a MARAC meeting")
        for button in (self.assess, self.referral, self.meeting):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = LiveLabel("Risk", "No assessments yet.")
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        history = QGroupBox("Assessments")
        inner = QVBoxLayout(history)
        self.history = _table(
            "Risk assessments", ["Date", "Form", "Score", "Level", "Police tool"],
            {0: "30 Sept 2026", 2: "00 (high at 00)", 3: "HIGH RISK (judged)",
             4: "Police tool"},
            stretch=1,
        )  # fmt: skip
        inner.addWidget(self.history)
        top.addWidget(history)
        chart_box = QGroupBox("Scores over time")
        chart_layout = QVBoxLayout(chart_box)
        self.chart = ScoreChart()
        chart_layout.addWidget(self.chart)
        top.addWidget(chart_box)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 1)
        top.setSizes([640, 300])
        split.addWidget(top)
        marac = QGroupBox("MARAC referrals and meetings")
        marac_layout = QVBoxLayout(marac)
        self.marac = _table(
            "MARAC referrals and meetings", ["Date", "What", "Repeat", "Meeting date"],
            {0: "30 Sept 2026", 1: "Meeting (referral of 30 Sept 2026)", 2: "Repeat"},
            stretch=3,
        )  # fmt: skip
        marac_layout.addWidget(self.marac)
        split.addWidget(marac)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.assess.clicked.connect(self.assess_requested)
        self.referral.clicked.connect(self.referral_requested)
        self.meeting.clicked.connect(self.meeting_requested)
        self.events: list[Event] = []
        self.referrals: list[MaracRow] = []
        self.meeting.setEnabled(False)

    def show_bundle(self, bundle: CaseBundle) -> None:
        self.events = [r.event for r in bundle.events]
        forms = self.forms_source()
        rows, points = assessment_rows(self.events, forms)
        _fill(
            self.history,
            [[compact_date(r.day), r.form, r.score, r.level, r.police] for r in rows],
        )
        self.chart.set_points(points)
        marac = marac_rows(self.events, forms)
        _fill(self.marac, [
            [compact_date(m.day), m.what, "repeat" if m.repeat else "",
             compact_date(m.meeting) if m.meeting else ""]
            for m in marac
        ])  # fmt: skip
        self.referrals = [m for m in marac if m.what == "Referral"]
        self.meeting.setEnabled(bool(self.referrals))
        self.meeting.setToolTip("" if self.referrals else "Record the MARAC referral first.")
        if rows:
            last = rows[-1]
            self.summary.setText(
                f"Latest assessment {long_date(last.day)}: score {last.score}, {last.level}."
                + (f" Police risk tool: {last.police}." if last.police else "")
            )
        else:
            self.summary.setText("No assessments yet.")

    def referral_choices(self) -> list[tuple[str, str, date | None]]:
        """(event id, label, planned meeting day) of each referral, for the meeting dialog."""
        return [
            (m.event_id, f"Referral of {long_date(m.day)}{' (repeat)' if m.repeat else ''}",
             m.meeting)
            for m in self.referrals
        ]  # fmt: skip

    def clear(self) -> None:
        """Nothing of the case left behind (the lock relies on this)."""
        self.events, self.referrals = [], []
        self.history.setRowCount(0)
        self.marac.setRowCount(0)
        self.chart.set_points([])
        self.summary.setText("No assessments yet.")
        self.meeting.setEnabled(False)
