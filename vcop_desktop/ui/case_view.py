"""The selected case, in tabs: Overview, Timeline, Events, Notes, Documents.

The view never touches storage: it shows a `CaseBundle` and emits requests (save details, add
event, mark met ...) that the main window runs on the storage worker.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import case_warnings
from vcop_desktop.domain.enhanced import GROUND_DESCRIPTIONS
from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.domain.vocabulary import AGENCY_LABELS, FLAGS
from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.contrast import problem_style
from vcop_desktop.ui.dialogs import confirm_dates
from vcop_desktop.ui.event_dialog import OptionalDate
from vcop_desktop.ui.keep import keep_all, restore_all, set_raw
from vcop_desktop.ui.letter_recipients import RecipientsBox
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.models.base import SortingProxy
from vcop_desktop.ui.models.events_model import EventsModel
from vcop_desktop.ui.models.obligations_model import ObligationsModel
from vcop_desktop.ui.tables import setup_table
from vcop_desktop.ui.text import compact_date, days_phrase, long_date
from vcop_desktop.ui.timeline import Timeline, hearing_dates
from vcop_desktop.wording import short_what

_ASK = QMessageBox.StandardButton
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
    days = sorted(
        day
        for _event, day in hearing_dates([record.event for record in bundle.events])
        if day >= today
    )
    if not days:
        return ""
    day = days[0]
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
        flags_box = QWidget()
        flags_layout = QGridLayout(flags_box)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        self.flag_boxes: dict[str, QCheckBox] = {}
        for i, flag in enumerate(FLAGS):
            box = QCheckBox(flag.replace("_", " "))
            box.setAccessibleName(f"Flag: {flag.replace('_', ' ')}")
            self.flag_boxes[flag] = box
            flags_layout.addWidget(box, i // 2, i % 2)
        case_form.addRow("Flags:", flags_box)
        self.status = QComboBox()
        self.status.addItem("Open", "open")
        self.status.addItem("Closed", "closed")
        self.status.setAccessibleName("Case status")
        case_form.addRow("Status:", self.status)
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
        self.status.setCurrentIndex(max(0, self.status.findData(bundle.record.status)))
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
        if dob and dob > today:
            problem = "The date of birth is in the future."
        if offence and offence > today:
            problem = "The offence date is in the future."
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


class TimelineTab(QWidget):
    mark_met_requested = Signal(object)  # Obligation
    draft_letter_requested = Signal(object)  # Obligation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.mark_met = QPushButton("&Mark met…")
        self.mark_met.setToolTip("Record that the selected obligation was met (Ctrl+M)")
        self.mark_met.clicked.connect(self._mark_met)
        self.draft = QPushButton("Draft letter…")
        self.draft.setToolTip("Draft a complaint or chaser about the selected obligation")
        self.draft.clicked.connect(self._draft)
        zoom_in = QPushButton("Zoom &in")
        zoom_out = QPushButton("&Zoom out")
        to_today = QPushButton("Toda&y")
        bar.addWidget(self.mark_met)
        bar.addWidget(self.draft)
        bar.addStretch(1)
        bar.addWidget(zoom_in)
        bar.addWidget(zoom_out)
        bar.addWidget(to_today)
        layout.addLayout(bar)
        self.selected_label = QLabel("Select an obligation on the timeline or in the table.")
        self.selected_label.setWordWrap(True)
        layout.addWidget(self.selected_label)
        split = QSplitter(Qt.Orientation.Vertical)
        self.timeline = Timeline()
        split.addWidget(self.timeline)
        self.model = ObligationsModel(self)
        self.proxy = SortingProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(
            self.table,
            {0: "Due soon", 1: "no fixed date", 3: "Witness Care", 4: "Right",
             5: "30 Sep 2026", 6: "Victims' Code 2020"},
            stretch=2, name="Obligations table",
        )  # fmt: skip
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.hideColumn(4)  # the Right is in the Source ("Victims' Code 2020, Right 6")
        split.addWidget(self.table)
        split.setSizes([330, 260])
        self.split = split
        layout.addWidget(split, 1)
        zoom_in.clicked.connect(
            lambda: self.timeline.canvas.set_zoom(self.timeline.canvas.zoom * 1.5)
        )
        zoom_out.clicked.connect(
            lambda: self.timeline.canvas.set_zoom(self.timeline.canvas.zoom / 1.5)
        )
        to_today.clicked.connect(self.timeline.scroll_to_today)
        self.timeline.canvas.obligation_selected.connect(self._from_timeline)
        self.timeline.canvas.obligation_activated.connect(self.mark_met_requested)
        self.table.selectionModel().currentRowChanged.connect(self._from_table)
        self.table.doubleClicked.connect(lambda _i: self._mark_met())
        self._current: Obligation | None = None
        self._syncing = False

    def show_bundle(self, bundle: CaseBundle, today: date, due_soon_days: int) -> None:
        selected = self._current.key if self._current else None
        obligations = bundle.evaluation.obligations
        self.model.set_obligations(obligations, today, due_soon_days)
        self.timeline.canvas.set_case(
            obligations, [r.event for r in bundle.events], today, due_soon_days
        )
        self._current = None
        if selected:
            self.select(selected)
        self._update_label()

    def select(self, key: tuple[str, str]) -> None:
        row = self.model.row_of(key)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        self.timeline.canvas.select_obligation(key)

    def current(self) -> Obligation | None:
        return self._current

    def _from_timeline(self, obligation: Obligation | None) -> None:
        if self._syncing:
            return
        self._current = obligation
        if obligation is not None:
            self._syncing = True
            row = self.model.row_of(obligation.key)
            if row >= 0:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
            self._syncing = False
        self._update_label()

    def _from_table(self, current: Any, _previous: Any) -> None:
        if self._syncing or not current.isValid():
            return
        obligation = self.model.obligation(self.proxy.mapToSource(current).row())
        self._current = obligation
        self._syncing = True
        self.timeline.canvas.select_obligation(obligation.key)
        self._syncing = False
        self._update_label()

    def _update_label(self) -> None:
        o = self._current
        if o is None:
            self.selected_label.setText("Select an obligation on the timeline or in the table.")
            self.mark_met.setEnabled(False)
            self.draft.setEnabled(False)
            return
        right = f"Right {o.right}" if o.right else "no Code right"
        if o.right and f"Right {o.right}" in o.source:
            right = ""  # the source names it already ("Victims' Code 2020, Right 6")
        due = f"due {long_date(o.due)}" if o.due else "no fixed date"
        met = f"; met {long_date(o.met_on)}" if o.met_on else ""
        parts = "; ".join(p for p in (right, f"{due}{met}") if p)  # the source: law line
        law = f"<br>Computed under {escape(o.law)}"
        pending = f"<br><i>{escape(o.pending_note)}</i>" if o.pending else ""
        self.selected_label.setText(f"<b>{o.what}</b> ({parts}){law}{pending}")
        self.mark_met.setEnabled(o.status.is_outstanding or o.status is Status.WAIVED)
        self.draft.setEnabled(o.status.is_breach)

    def _mark_met(self) -> None:
        if self._current is not None and self.mark_met.isEnabled():
            self.mark_met_requested.emit(self._current)

    def _draft(self) -> None:
        if self._current is not None:
            self.draft_letter_requested.emit(self._current)


class EventsTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(object)  # EventRecord
    delete_requested = Signal(object)  # EventRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add = QPushButton("Add event…")
        self.edit = QPushButton("Ed&it…")
        self.delete = QPushButton("Delete…")
        for button in (self.add, self.edit, self.delete):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = EventsModel(self)
        self.proxy = SortingProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(
            self.table,
            {0: "Wed 30 Sep 2026", 1: "Suspect released under investigation", 3: "A short note",
             4: "advocate"},
            stretch=2, name="Events table",
        )  # fmt: skip
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)
        self.add.clicked.connect(self.add_requested)
        self.edit.clicked.connect(self._edit)
        self.delete.clicked.connect(self._delete)
        self.table.doubleClicked.connect(lambda _i: self._edit())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.activated.connect(self._delete)

    def show_bundle(self, bundle: CaseBundle) -> None:
        duties = {o.key: (o.owed_by, o.what) for o in bundle.evaluation.obligations}
        self.model.set_events(bundle.events, duties)

    def selected(self) -> Any:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def _edit(self) -> None:
        record = self.selected()
        if record is not None:
            self.edit_requested.emit(record)

    def _delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete event",
            f"Delete this event ({record.event.type.replace('_', ' ')}, "
            f"{long_date(record.event.date)})? The deletion is recorded in the case's audit log.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_requested.emit(record)


class NotesTab(QWidget):
    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Notes")
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("New note")
        self.text.setPlaceholderText("Write a note…")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        layout.addWidget(self.text)
        add = QPushButton("Add note")
        add.clicked.connect(self._add)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(add)
        layout.addLayout(row)

    def show_bundle(self, bundle: CaseBundle) -> None:
        self.list.clear()
        for note in reversed(bundle.notes):
            self.list.addItem(f"{note.written_at:%d %b %Y %H:%M} — {note.author}\n{note.text}")

    def _add(self) -> None:
        text = self.text.toPlainText().strip()
        if text:
            self.add_requested.emit(text)
            self.text.clear()


class DocumentsTab(QWidget):
    """The case's letters: kind, addressee, date, version; open the draft or the PDF."""

    save_as_requested = Signal(int)  # document id
    save_docx_requested = Signal(int)
    open_requested = Signal(int)  # view the PDF
    open_draft_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.list = QTreeWidget()
        self.list.setAccessibleName("Documents")
        self.list.setRootIsDecorated(False)
        # "Saved", not "Version": each draft, PDF and DOCX of one letter is a stored version,
        # and "Version 5" on a single letter read as five letters (issue 18).
        self.list.setHeaderLabels(["Letter", "To", "Date", "Saved", "Kept as"])
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("No letters yet. Use Draft letter (Ctrl+D) to write one.")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.open_draft = QPushButton("O&pen draft…")
        self.open_draft.clicked.connect(lambda: self._emit(self.open_draft_requested))
        self.view = QPushButton("Open PDF")
        self.view.setToolTip("Open the newest PDF in your PDF viewer")
        self.view.clicked.connect(lambda: self._emit(self.open_requested))
        self.save_as = QPushButton("&Save PDF as…")
        self.save_as.clicked.connect(self._save_as)
        self.save_docx = QPushButton("Save DOC&X as…")
        self.save_docx.setToolTip("Save the newest Word (DOCX) version of the letter")
        self.save_docx.clicked.connect(lambda: self._emit(self.save_docx_requested))
        row.addStretch(1)
        row.addWidget(self.open_draft)
        row.addWidget(self.view)
        row.addWidget(self.save_as)
        row.addWidget(self.save_docx)
        layout.addLayout(row)
        self.list.itemDoubleClicked.connect(lambda _i, _c: self._emit(self.open_draft_requested))
        self.list.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        self._letters: dict[int, Any] = {}
        self._update_buttons()

    def show_bundle(self, bundle: CaseBundle) -> None:
        self.list.clear()
        self._letters = dict(bundle.letters or {})
        for document, version in bundle.documents:
            info = self._letters.get(int(document.id or 0))
            kept = []
            if info is not None and info.has_draft:
                kept.append("draft")
            if info is not None and info.has_pdf:
                kept.append("PDF")
            if info is not None and info.has_docx:
                kept.append("DOCX")
            listed = ", ".join(kept[:-1]) + (" and " if len(kept) > 1 else "") + "".join(kept[-1:])
            item = QTreeWidgetItem([
                document.title, info.addressee if info else "",
                compact_date(document.created_at.date()),
                "once" if version == 1 else f"{version} times", listed,
            ])  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, document.id)
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not bundle.documents)
        last = self.list.topLevelItem(self.list.topLevelItemCount() - 1)
        if last is not None:
            self.list.setCurrentItem(last)
        self._update_buttons()

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return int(value) if value is not None else None

    def _update_buttons(self) -> None:
        info = self._letters.get(self._selected_id() or -1)
        self.open_draft.setEnabled(bool(info and info.has_draft))
        self.view.setEnabled(bool(info and info.has_pdf))
        self.save_as.setEnabled(bool(info and info.has_pdf))
        self.save_docx.setEnabled(bool(info and info.has_docx))

    def _emit(self, signal: Any) -> None:
        document_id = self._selected_id()
        if document_id is not None:
            signal.emit(document_id)

    def _save_as(self) -> None:
        self._emit(self.save_as_requested)


class CaseView(QWidget):
    """All of one case. `show_bundle` refreshes every tab from one consistent read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = LiveLabel(
            "Selected case", "Choose a case on the left, or create one (Ctrl+N)."
        )
        self.header.setWordWrap(False)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.overview = OverviewTab()
        self.timeline = TimelineTab()
        self.events = EventsTab()
        self.notes = NotesTab()
        self.documents = DocumentsTab()
        self.tabs.addTab(self.overview, "&Overview")
        self.tabs.addTab(self.timeline, "Time&line")
        self.tabs.addTab(self.events, "&Events")
        self.tabs.addTab(self.notes, "&Notes")
        self.tabs.addTab(self.documents, "Doc&uments")
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.bundle: CaseBundle | None = None
        self._last_tab = 0
        self.tabs.currentChanged.connect(self._tab_changed)

    def show_bundle(self, bundle: CaseBundle, today: date, due_soon_days: int) -> None:
        self.bundle = bundle
        self.tabs.setEnabled(True)
        ev = bundle.evaluation
        overdue = sum(1 for o in ev.obligations if o.status is Status.OVERDUE)
        name = bundle.victim.preferred_name or bundle.victim.name
        offence = bundle.record.offence or "offence not recorded"
        closed = " — <i>closed</i>" if bundle.record.status == "closed" else ""
        self.header.setText(
            f"<b>{bundle.case_code}</b> — {name} — {offence} — {overdue} overdue{closed}"
        )
        self.overview.show_bundle(bundle, today, due_soon_days)
        self.timeline.show_bundle(bundle, today, due_soon_days)
        self.events.show_bundle(bundle)
        self.notes.show_bundle(bundle)
        self.documents.show_bundle(bundle)

    def clear(self) -> None:
        """Show no case: every tab emptied, not just hidden (the lock relies on this)."""
        self.bundle = None
        self.tabs.setEnabled(False)
        self.header.setText("Choose a case on the left, or create one (Ctrl+N).")
        self.overview.blank()
        today = date.today()
        self.timeline.model.set_obligations([], today, 0)
        self.timeline.timeline.canvas.set_case([], [], today, 0)
        self.timeline._current = None
        self.timeline._update_label()
        self.events.model.set_events([])
        self.notes.list.clear()
        self.notes.text.clear()
        self.documents.list.clear()

    # -- unsaved input -------------------------------------------------------------------------

    def keep_unsaved(self) -> dict[str, Any] | None:
        """Unsaved Overview edits and an unsent note, held in memory across a lock."""
        kept: dict[str, Any] = {}
        if self.overview.has_unsaved():
            kept["overview"] = keep_all(self.overview.all_inputs())
        if self.notes.text.toPlainText().strip():
            kept["note"] = self.notes.text.toPlainText()
        return kept or None

    def restore_unsaved(self, kept: dict[str, Any]) -> None:
        if "overview" in kept:
            restore_all(self.overview.all_inputs(), kept["overview"])
        if "note" in kept:
            self.notes.text.setPlainText(kept["note"])

    def settle_unsaved(self, parent: QWidget) -> bool:
        """Before leaving the case: save, discard or stay. False means stay (Cancel)."""
        if self.bundle is None:
            return True
        if self.overview.has_unsaved():
            answer = QMessageBox.question(
                parent, "Unsaved details",
                f"The details of {self.bundle.case_code} have changes that are not saved.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel or (answer == _ASK.Save and not self.overview._save()):
                return False
            if answer == _ASK.Discard:
                restore_all(self.overview.all_inputs(), self.overview._shown)
        if self.notes.text.toPlainText().strip():
            answer = QMessageBox.question(
                parent, "Unsaved note",
                f"The note you were writing for {self.bundle.case_code} is not added yet.",
                _ASK.Save | _ASK.Discard | _ASK.Cancel, _ASK.Save,
            )  # fmt: skip
            if answer == _ASK.Cancel:
                return False
            if answer == _ASK.Save:
                self.notes._add()
            self.notes.text.clear()
        return True

    def _tab_changed(self, index: int) -> None:
        """Leaving Overview or Notes with unsaved input asks first."""
        left = self.tabs.widget(self._last_tab)
        self._last_tab = index
        if self.bundle is None or left not in (self.overview, self.notes):
            return
        unsaved = (
            self.overview.has_unsaved()
            if left is self.overview
            else bool(self.notes.text.toPlainText().strip())
        )
        if unsaved and not self.settle_unsaved(self):
            self.tabs.blockSignals(True)
            self.tabs.setCurrentWidget(left)
            self.tabs.blockSignals(False)
            self._last_tab = self.tabs.currentIndex()
