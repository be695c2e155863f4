"""The case's Overview tab: the victim's and the case's details, what is due next, and the
victim's own deadlines. Checks the details before it asks the window to save them."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import case_warnings, future_problem
from vcop_desktop.domain.enhanced import GROUND_DESCRIPTIONS
from vcop_desktop.domain.obligations import Status
from vcop_desktop.domain.vocabulary import AGENCY_LABELS, FLAGS
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.contrast import problem_style
from vcop_desktop.ui.dialogs import confirm_dates
from vcop_desktop.ui.equality_box import EqualityBox
from vcop_desktop.ui.event_dialog import OptionalDate
from vcop_desktop.ui.flag_boxes import FlagGrid, offer_offences
from vcop_desktop.ui.keep import keep_all, restore_all, set_raw
from vcop_desktop.ui.letter_recipients import RecipientsBox
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.text import days_phrase, long_date
from vcop_desktop.ui.timeline import hearing_dates
from vcop_desktop.wording import short_what

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9+() \-]{6,20}")

VICTIM_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "text"),
    ("preferred_name", "Preferred name", "text"),
    ("pronouns", "Pronouns", "text"),
    ("date_of_birth", "Date of birth", "date"),
    ("address", "Address", "multiline"),
    ("phone", "Phone", "phone"),
    ("email", "Email", "email"),
    ("safe_contact_method", "Safe way to contact", "text"),
    ("safe_contact_times", "Safe times", "text"),
    ("contact_warnings", "Contact warnings", "text"),
    ("language", "Language", "text"),
    ("interpreter_needed", "Needs an interpreter", "bool"),
    ("access_needs", "Access needs", "multiline"),
    ("consent_given_on", "Consent given on", "date"),
    ("written_authority_on", "Written authority to act, dated", "date"),
)
CASE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("crime_reference", "Crime reference", "text"),
    ("urn", "URN", "text"),
    ("police_force", "Police force", "text"),
    ("officer_name", "Officer in charge", "text"),
    ("officer_phone", "Officer's phone", "phone"),
    ("officer_email", "Officer's email", "email"),
    ("offence", "Offence", "text"),
    ("offence_date", "Offence date", "date"),
)


def _next_hearing(bundle: CaseBundle, today: date) -> str:
    """The next court date, first on the Overview (it was only in the listing's details)."""
    listed = sorted(
        (day, event.get_date("window_end") or day)
        for event, day in hearing_dates([record.event for record in bundle.events])
        if (event.get_date("window_end") or day) >= today
    )
    if not listed:
        return ""
    day, last = listed[0]
    if last > day:  # a trial window: from its first day to its last
        return f"<b>Trial window:</b> {day:%A} {long_date(day)} to {last:%A} {long_date(last)}<br>"
    when = "today" if day == today else days_phrase(day, today).replace("due ", "")
    return f"<b>Next hearing:</b> {day:%A} {long_date(day)} ({when})<br>"


def _one_of(flags: tuple[str, ...]) -> str:
    """Flags as their tick boxes read, in the order the boxes stand: "a, b or c"."""
    named = [f"\u201c{f.replace('_', ' ')}\u201d" for f in sorted(flags, key=_box_order)]
    return ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else "".join(named)


def _box_order(flag: str) -> int:
    return FLAGS.index(flag) if flag in FLAGS else len(FLAGS)


class OverviewTab(QWidget):
    save_requested = Signal(dict, dict)  # victim changes, case changes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()  # everything scrolls together: a 720-pixel screen is short
        scroll.setWidgetResizable(True)
        body = QWidget()
        column = QVBoxLayout(body)
        self.enhanced = LiveLabel("Enhanced rights")
        column.addWidget(self.enhanced)
        self.next_due = LiveLabel("Next three things due")
        column.addWidget(self.next_due)
        self.victim_deadlines = LiveLabel("Victim's deadlines")
        column.addWidget(self.victim_deadlines)
        grid = QGridLayout()
        column.addLayout(grid)
        self.inputs: dict[str, QWidget] = {}
        victim_box = QGroupBox("Victim")
        victim_form = QFormLayout(victim_box)
        for key, label, kind in VICTIM_FIELDS:
            victim_form.addRow(f"{label}:", self._input(f"victim.{key}", label, kind))
        self.inputs["victim.pronouns"].setToolTip(
            'she/her, he/him or they/them are used in letters ("I act for her"); with '
            "anything else, or nothing, letters use the victim's name."
        )
        case_box = QGroupBox("Case")
        case_form = QFormLayout(case_box)
        self.case_code = QLabel()
        case_form.addRow("Case code:", self.case_code)
        for key, label, kind in CASE_FIELDS:
            case_form.addRow(f"{label}:", self._input(f"case.{key}", label, kind))
        self.flag_grid = FlagGrid(2)
        self.flag_boxes: dict[str, QCheckBox] = self.flag_grid.boxes
        case_form.addRow("Flags:", self.flag_grid)
        self.flags_ticked = LiveLabel("Flags ticked for the offence")
        case_form.addRow("", self.flags_ticked)
        offence = self.inputs["case.offence"]
        assert isinstance(offence, QLineEdit)
        offer_offences(offence, self.flag_grid, self.flags_ticked.setText)
        force = self.inputs["case.police_force"]
        assert isinstance(force, QLineEdit)
        offer_police_forces(force)
        self.status = QComboBox()
        self.status.addItem("Open", "open")
        self.status.addItem("Closed", "closed")
        self.status.setAccessibleName("Case status")
        case_form.addRow("Status:", self.status)
        self.equality = EqualityBox()
        column.addWidget(self.equality)
        self.recipients = RecipientsBox()
        column.addWidget(self.recipients)
        self._grid, self._boxes = grid, (victim_box, case_box)
        self._side_by_side: bool | None = None
        self._reflow(1200)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.problem = QLabel()
        self.problem.setStyleSheet(problem_style())
        self.problem.setWordWrap(True)
        self.save_button = QPushButton("&Save details")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.problem, 1)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self._bundle: CaseBundle | None = None
        self._today = date.today()  # replaced by the injected clock's day in show_bundle
        self._shown: dict[str, Any] = {}  # the inputs as last shown: anything else is unsaved

    def _reflow(self, width: int) -> None:
        """Victim and case side by side when there is room, one above the other when not."""
        side = width >= 1000
        if side == self._side_by_side:
            return
        self._side_by_side = side
        victim, case = self._boxes
        self._grid.removeWidget(victim)
        self._grid.removeWidget(case)
        self._grid.addWidget(victim, 0, 0)
        self._grid.addWidget(case, 0, 1) if side else self._grid.addWidget(case, 1, 0)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        self._reflow(event.size().width())
        super().resizeEvent(event)

    def all_inputs(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = dict(self.inputs)
        widgets.update(self.equality.widgets())
        widgets.update({f"flag.{flag}": box for flag, box in self.flag_boxes.items()})
        widgets["status"] = self.status
        return widgets

    def has_unsaved(self) -> bool:
        return self._bundle is not None and keep_all(self.all_inputs()) != self._shown

    def blank(self) -> None:
        """Empty every input (the lock leaves nothing of the case in any widget)."""
        self._bundle = None
        for widget in self.all_inputs().values():
            set_raw(widget, "" if not isinstance(widget, (QCheckBox, QComboBox)) else 0)
        self.case_code.clear()
        self.enhanced.clear()
        self.next_due.clear()
        self.victim_deadlines.clear()
        self.equality.blank()
        self.recipients.clear()
        self.problem.clear()
        self._shown = keep_all(self.all_inputs())

    def _input(self, key: str, label: str, kind: str) -> QWidget:
        widget: QWidget
        if kind == "date":
            widget = OptionalDate(label, date.today())
        elif kind == "bool":
            widget = QCheckBox()
        elif kind == "multiline":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(60)
            widget = edit
        else:
            widget = QLineEdit()
        widget.setAccessibleName(label)
        self.inputs[key] = widget
        return widget

    def show_bundle(self, bundle: CaseBundle, today: date, due_soon_days: int) -> None:
        # A refresh of the same case (after adding an event, say) keeps edits not yet saved.
        same = self._bundle is not None and self._bundle.case_id == bundle.case_id
        edits = keep_all(self.all_inputs()) if same and self.has_unsaved() else None
        self._bundle = bundle
        self._today = today
        if not same:
            self.problem.clear()
        self.case_code.setText(bundle.case_code)
        for prefix, source, fields in (
            ("victim", bundle.victim, VICTIM_FIELDS),
            ("case", bundle.record, CASE_FIELDS),
        ):
            for key, _label, _kind in fields:
                self._set(self.inputs[f"{prefix}.{key}"], getattr(source, key, None))
        for flag, box in self.flag_boxes.items():
            box.setChecked(flag in (bundle.record.flags or []))
        self.flag_grid.set_effects(bundle.flag_effects)
        self.flags_ticked.clear()
        self.status.setCurrentIndex(max(0, self.status.findData(bundle.record.status)))
        reported = [r.event.date for r in bundle.events if r.event.type == "crime_reported"]
        self.equality.show_victim(bundle.victim, bundle.record.offence_date, reported)
        for widget in self.inputs.values():
            if isinstance(widget, OptionalDate):
                widget.today = today
        self._shown = keep_all(self.all_inputs())
        if edits is not None:
            restore_all(self.all_inputs(), edits)
        evaluation = bundle.evaluation
        if evaluation.enhanced:
            grounds = "; ".join(GROUND_DESCRIPTIONS.get(g, g) for g in evaluation.enhanced_grounds)
            self.enhanced.setText(
                f"<b>Enhanced rights: yes</b> — {grounds}. Shorter time limits apply."
            )
        else:
            self.enhanced.setText(
                "<b>Enhanced rights: no</b> — no ground recorded (check the flags and the date "
                "of birth if that seems wrong)."
            )
        self._show_victim_deadlines(bundle, today)
        self.recipients.show_choices(
            bundle.address_book, bundle.recipients, bundle.address_book_problem
        )
        upcoming = sorted(
            (o for o in evaluation.obligations if o.status.is_outstanding and o.due is not None),
            key=lambda o: o.due or today,
        )[:3]
        hearing = _next_hearing(bundle, today)
        if upcoming:
            lines = "".join(
                f"<li>{long_date(o.due)} ({days_phrase(o.due, today)}): {o.what} "
                f"<i>({AGENCY_LABELS.get(o.owed_by, o.owed_by)})</i></li>"
                for o in upcoming
                if o.due is not None
            )
            self.next_due.setText(f"{hearing}<b>Next due:</b><ul>{lines}</ul>")
        else:
            self.next_due.setText(f"{hearing}<b>Next due:</b> nothing with a fixed date.")

    def _show_victim_deadlines(self, bundle: CaseBundle, today: date) -> None:
        """What the victim must do by when: easy to miss among the agencies' duties."""
        own = sorted(
            (o for o in bundle.evaluation.obligations
             if o.owed_by == "victim" and o.status.is_outstanding),
            key=lambda o: (o.due is None, o.due or today),
        )  # fmt: skip
        lines = [
            (
                f"<li>{long_date(o.due)} ({days_phrase(o.due, today)}): {o.what}"
                if o.due is not None
                else f"<li>{o.what} (no fixed date)"
            )
            + (f"<br><i>{escape(o.pending_note)}</i></li>" if o.pending else "</li>")
            for o in own
        ]
        hint = ""
        if bundle.record.offence_date is None:
            hint = (
                "<br><i>Enter the offence date below: the deadline to apply to the Criminal "
                "Injuries Compensation Authority is counted from it.</i>"
            )
        hint += self._ruled_out_by_flags(bundle)
        if lines:
            self.victim_deadlines.setText(
                f"<b>Victim's deadlines:</b><ul>{''.join(lines)}</ul>{hint}"
            )
        else:
            self.victim_deadlines.setText(f"<b>Victim's deadlines:</b> none open now.{hint}")

    @staticmethod
    def _ruled_out_by_flags(bundle: CaseBundle) -> str:
        """The victim's deadlines the case's flags rule out, and the flag that would bring each
        back: ticking only "hate crime" for a racially aggravated assault once dropped the CICA
        deadline without a word (issue 18)."""
        items = [
            f"<li>{escape(short_what(o.what, 60))}: not applicable, because "
            f"{escape(o.reason or '')}. "
            f"If this case is one, tick the flag that says so: {_one_of(fixes)}.</li>"
            for o in bundle.evaluation.obligations
            if o.owed_by == "victim"
            and o.status is Status.NOT_APPLICABLE
            and (fixes := bundle.flag_fixes.get(o.duty))
        ]
        return f"<br><b>Ruled out by the flags:</b><ul>{''.join(items)}</ul>" if items else ""

    @staticmethod
    def _set(widget: QWidget, value: Any) -> None:
        if isinstance(widget, OptionalDate):
            widget.set_value(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QLineEdit):
            widget.setText(value or "")

    @staticmethod
    def _get(widget: QWidget) -> Any:
        if isinstance(widget, OptionalDate):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip() or None
        if isinstance(widget, QLineEdit):
            return widget.text().strip() or None
        return None

    def collect(self) -> tuple[dict[str, Any], dict[str, Any], str]:
        victim = {k: self._get(self.inputs[f"victim.{k}"]) for k, _, _ in VICTIM_FIELDS}
        case = {k: self._get(self.inputs[f"case.{k}"]) for k, _, _ in CASE_FIELDS}
        victim.update(self.equality.values())
        case["flags"] = [f for f, box in self.flag_boxes.items() if box.isChecked()]
        case["status"] = self.status.currentData()
        problem = ""
        today = self._today
        if not victim["name"]:
            problem = "The victim's name is needed."
        for key in ("email",):
            if victim[key] and not _EMAIL.fullmatch(victim[key]):
                problem = "The victim's email address does not look right."
        if case["officer_email"] and not _EMAIL.fullmatch(case["officer_email"]):
            problem = "The officer's email address does not look right."
        for key, who in (("phone", victim), ("officer_phone", case)):
            if who[key] and not _PHONE.fullmatch(who[key]):
                problem = "A phone number has characters that do not belong in one."
        dob, offence = victim["date_of_birth"], case["offence_date"]
        problem = future_problem(dob, today, "The date of birth") or problem
        problem = future_problem(offence, today, "The offence date") or problem
        if dob and offence and offence < dob:
            problem = "The offence date is before the date of birth."
        return victim, case, problem

    def _save(self) -> bool:
        """Check and send the changes; False when a problem (or the advocate) stops it."""
        self.problem.setStyleSheet(problem_style())
        for widget in self.inputs.values():
            if isinstance(widget, OptionalDate) and widget.problem():
                self.problem.setText(widget.problem())
                return False
        victim, case, problem = self.collect()
        self.problem.setText(problem)
        if problem or self._bundle is None:
            return False
        reported = [r.event.date for r in self._bundle.events if r.event.type == "crime_reported"]
        warnings = case_warnings(
            today=self._today, dob=victim["date_of_birth"], offence=case["offence_date"],
            reported=min(reported) if reported else None,
        )  # fmt: skip
        if warnings and not confirm_dates(self, warnings):
            return False
        old_v, old_c = self._bundle.victim, self._bundle.record
        victim_changes = {k: v for k, v in victim.items() if getattr(old_v, k, None) != v}
        case_changes = {k: v for k, v in case.items() if getattr(old_c, k, None) != v}
        if victim_changes or case_changes:
            self.save_requested.emit(victim_changes, case_changes)
        else:
            self.problem.setText("Nothing has changed.")
        return True


def offer_police_forces(edit: QLineEdit) -> None:
    """Suggest the forces of England and Wales as the advocate types (any text is kept): a
    force on the list counts under its CPS Area in the CPS letters report (issue 22)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCompleter

    from vcop_desktop.rules.cps_areas import police_forces

    completer = QCompleter(list(police_forces()), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
