"""Add or edit an event: the form shows the fields each event type needs and validates them.

"Save and add next" offers the usual next step (arrested -> released on bail, say), so common
sequences take a few keystrokes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.date_checks import event_warnings, future_problem
from vcop_desktop.domain.events import Event
from vcop_desktop.domain.scenario import date_order_problem
from vcop_desktop.domain.vocabulary import (
    AGENCIES,
    AGENCY_LABELS,
    EVENT_FIELDS,
    VPS_EVENT_TYPES,
    FieldKind,
    FieldSpec,
    event_label,
)
from vcop_desktop.ui.date_input import DateInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.matters_list import MatterChoice, MattersList
from vcop_desktop.ui.text import long_date
from vcop_desktop.ui.time_input import TimeInput

#: The usual next steps after an event: offered by "Save and add next".
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "crime_reported": ("update_frequency_agreed", "suspect_arrested"),
    "suspect_arrested": (
        "suspect_interviewed_under_caution", "suspect_released_on_bail",
        "suspect_released_under_investigation", "suspect_charged",
    ),
    "suspect_interviewed_under_caution": (
        "suspect_released_on_bail", "suspect_released_under_investigation", "suspect_charged",
        "police_decision_no_charge",
    ),
    "suspect_charged": ("hearing_listed",),
    "hearing_listed": ("not_guilty_plea", "court_bail_decision"),
    "not_guilty_plea": ("special_measures_decision", "hearing_listed"),
    "verdict": ("sentence",),
    "sentence": ("vcs_referral_made", "uls_requested"),
    "complaint_made": ("complaint_reply_received",),
    "police_decision_no_charge": ("police_vrr_requested",),
    "cps_decision_no_charge": ("cps_vrr_requested",),
    "referral_received": ("contact", "risk_assessment"),
    "risk_assessment": ("marac_referral", "safety_plan_agreed"),
    "marac_referral": ("marac_meeting",),
    "safety_plan_agreed": ("safety_plan_reviewed",),
    "info_shared_without_consent": ("sharing_reviewed",),
    "subject_access_requested": ("subject_access_sent", "subject_access_extended"),
    "subject_access_extended": ("subject_access_sent",),
    "vps_offered": ("vps_made", "vps_not_made"),
    "vps_made": ("vps_update_offered", "vps_read_aloud_requested"),
    "vps_update_offered": ("vps_updated",),
    "vps_read_aloud_requested": ("vps_read_aloud_decision",),
    "vps_considered_at_sentence": ("vps_use_explained",),
}  # fmt: skip


def likely_next_type(case_events: Sequence[Event]) -> str:
    """The event an advocate most likely records next, the Add event dialog's first choice:
    the report when there is none, else the first next step of the latest event that is not
    recorded yet (it was always "Crime reported", even on a case that had one: issue 18)."""
    types = {e.type for e in case_events}
    if "crime_reported" not in types:
        return "crime_reported"
    for latest in sorted(case_events, key=lambda e: (e.date, e.position), reverse=True):
        steps = NEXT_STEPS.get(latest.type, ())
        fresh = [step for step in steps if step not in types]
        if fresh or steps:
            return (fresh or list(steps))[0]
    return "update_received"


_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Police", ("crime_reported", "decision_not_to_investigate", "suspect_arrested",
                "suspect_interviewed_under_caution", "suspect_released_without_charge",
                "suspect_released_on_bail", "suspect_released_under_investigation",
                "bail_conditions_changed", "suspect_charged", "police_decision_no_charge",
                "out_of_court_disposal", "update_frequency_agreed", "update_received")),
    ("CPS", ("cps_decision_no_charge", "cps_discontinued", "cps_charge_altered",
             "cps_offered_no_evidence", "charges_left_on_file")),
    ("Court and Witness Care", ("hearing_listed", "court_bail_decision", "not_guilty_plea",
                                "special_measures_decision", "verdict", "appeal_lodged",
                                "sentence", "vcs_referral_made")),
    ("Victim", ("victim_opted_out", "police_vrr_requested", "cps_vrr_requested",
                "uls_requested", "cica_applied", "police_complaint_review_requested",
                "cps_complaint_escalated", "phso_complaint_made", "complaint_made")),
    ("Replies and outcomes", ("complaint_reply_received", "police_complaint_outcome",
                              "cps_complaint_stage1_reply", "cps_complaint_stage2_reply",
                              "complaint_final_response", "police_vrr_outcome",
                              "cps_vrr_outcome")),
    ("Advocate", ("referral_received", "contact", "risk_assessment", "incident",
                  "marac_referral", "marac_meeting", "safety_plan_agreed",
                  "safety_plan_reviewed", "info_shared_without_consent", "sharing_reviewed",
                  "subject_access_requested", "subject_access_extended",
                  "subject_access_sent")),
    ("Record", ("duty_met", "case_closed")),
    ("Victim Personal Statement", VPS_EVENT_TYPES),
)  # fmt: skip


#: Steps the Code counts as an agency's duty met, not events of their own, offered in the list
#: where an advocate looks for them: each records `duty_met` for its duty (issue 18: Mark met
#: on "Assess the victim's needs" was the only way, and nothing pointed there).
_MET_SHORTCUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Police": (("Police assessed the victim's needs (duty met)", "police.needs_assessment"),),
    "Court and Witness Care": (
        ("Witness needs assessment done (duty met)", "wcu.needs_assessment"),
    ),
}


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDate(DateInput):
    """A date that may be left empty (not known)."""

    def __init__(self, label: str, today: date) -> None:
        super().__init__(label, today, optional=True)


class EventDialog(QDialog):
    """`result_event()` gives (type, date, fields, note) once accepted."""

    def __init__(
        self,
        today: date,
        case_events: Sequence[Event],
        duty_choices: Sequence[tuple[str, str, str]] = (),
        *,
        matter_choices: Sequence[MatterChoice] = (),
        event: Event | None = None,
        note: str | None = None,
        preset_type: str | None = None,
        preset_fields: dict[str, Any] | None = None,
        preset_date: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.case_events = list(case_events)
        self.duty_choices = list(duty_choices)  # (duty, trigger, label)
        self.matter_choices = list(matter_choices)
        self.editing = event
        self.next_type: str | None = None
        self.setWindowTitle("Edit event" if event else "Add event")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.type_box = QComboBox()
        self.type_box.setAccessibleName("Event type")
        for group, types in _GROUPS:
            self.type_box.addItem(f"— {group} —", None)
            item = self.type_box.model().item(self.type_box.count() - 1)  # type: ignore[attr-defined]
            item.setEnabled(False)
            for event_type in types:
                self.type_box.addItem(event_label(event_type), event_type)
            owed = {duty for duty, _trigger, _text in self.duty_choices}
            for text, duty in _MET_SHORTCUTS.get(group, ()):
                if duty in owed:  # only while it is outstanding in this case
                    self.type_box.addItem(text, f"duty_met@{duty}")
        form.addRow("&What happened:", self.type_box)
        self.date_edit = DateInput("Date", today, event.date if event else preset_date or today)
        form.addRow("&Date:", self.date_edit)
        layout.addLayout(form)
        self.fields_form = QFormLayout()
        layout.addLayout(self.fields_form)
        self.note = QPlainTextEdit(note or "")
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional note (what was said, by whom)")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        note_form = QFormLayout()
        note_form.addRow("&Note:", self.note)
        layout.addLayout(note_form)
        self.problem, buttons = add_problem_and_buttons(self, layout, self._save, save=True)
        self.next_button = QPushButton("Save and add &next ▸")
        buttons.addButton(self.next_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.clicked.connect(self._save_and_next)
        self._widgets: dict[str, QWidget] = {}
        #: a risk form's answers, carried unchanged when an assessment is edited (they are
        #: taken on the Risk tab with the form on screen, never typed here)
        answers = event.get_answers("answers") if event is not None else None
        self._answers: dict[str, bool] | None = dict(answers) if answers else None
        self.type_box.currentIndexChanged.connect(self._rebuild_fields)
        chosen = event.type if event else preset_type or likely_next_type(self.case_events)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(chosen)))
        if event is not None:
            self.type_box.setEnabled(False)
            self._load_fields(dict(event.fields))
        elif preset_fields:
            self._load_fields(preset_fields)
        self._rebuild_next()
        self.type_box.setFocus()

    # -- fields --------------------------------------------------------------------------------

    def event_type(self) -> str:
        return str(self.type_box.currentData() or "").partition("@")[0]

    def _shortcut_duty(self) -> str:
        """The duty a "(duty met)" entry of the list records, or ""."""
        return str(self.type_box.currentData() or "").partition("@")[2]

    def _rebuild_fields(self) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self._widgets = {}
        for spec in EVENT_FIELDS.get(self.event_type(), ()):
            widget = self._widget_for(spec)
            self._widgets[spec.name] = widget
            label = spec.label or spec.name.replace("_", " ").capitalize()
            self.fields_form.addRow(f"{label}{'' if spec.required else ' (optional)'}:", widget)
        duty, trigger = self._widgets.get("duty"), self._widgets.get("trigger")
        if isinstance(duty, QComboBox) and isinstance(trigger, QComboBox):
            # The duty chosen names the event that started it: keep the two in step.
            def follow() -> None:
                chosen = duty.currentData()
                if chosen is not None:
                    trigger.setCurrentIndex(max(0, trigger.findData(chosen[1])))

            duty.currentIndexChanged.connect(follow)
            if shortcut := self._shortcut_duty():
                duty.setCurrentIndex(
                    next(
                        (i for i in range(duty.count()) if duty.itemData(i)[0] == shortcut),
                        duty.currentIndex(),
                    )
                )
            follow()
        self._rebuild_next()

    def _widget_for(self, spec: FieldSpec) -> QWidget:
        label = spec.label or spec.name
        widget: QWidget
        if spec.kind is FieldKind.DATE:
            widget = OptionalDate(label, self.today)
        elif spec.kind is FieldKind.INT:
            spin = QSpinBox()
            spin.setRange(0 if not spec.required else 1, 1200)
            spin.setValue(28 if spec.name == "interval_days" else 0)
            widget = spin
        elif spec.kind is FieldKind.BOOL:
            # Three answers: "no" (e.g. not eligible for the ULS scheme) is a fact of its own,
            # not the same as nothing recorded.
            combo = QComboBox()
            combo.addItem("(not recorded)", None)
            combo.addItem("Yes", True)
            combo.addItem("No", False)
            widget = combo
        elif spec.kind is FieldKind.AGENCY:
            combo = QComboBox()
            for agency in AGENCIES:
                combo.addItem(AGENCY_LABELS[agency], agency)
            widget = combo
        elif spec.kind is FieldKind.CHOICE:
            combo = QComboBox()
            if not spec.required:
                combo.addItem("(not recorded)", None)
            for choice in spec.choices:
                # An agency by its name ("Crown Prosecution Service", not "Cps").
                text = AGENCY_LABELS.get(choice) or choice.replace("_", " ").capitalize()
                combo.addItem(text, choice)
            widget = combo
        elif spec.kind is FieldKind.TIME:
            widget = TimeInput(label)
        elif spec.kind is FieldKind.ANSWERS:
            count = len(self._answers or {})
            shown = QLabel(
                f"{count} answers, kept as taken (change them on the Risk tab)"
                if count
                else "Taken on the Risk tab, with the form on screen"
            )
            shown.setWordWrap(True)
            widget = shown
        elif spec.kind is FieldKind.EVENT_REF:
            combo = QComboBox()
            if not spec.required:
                combo.addItem(
                    "(the latest complaint before it)"
                    if spec.refers_to == ("complaint_made",)
                    else "(every earlier decision)",
                    None,
                )
            for event in sorted(self.case_events, key=lambda e: e.date):
                if self.editing is not None and event.id == self.editing.id:
                    continue
                if spec.refers_to and event.type not in spec.refers_to:
                    continue
                combo.addItem(f"{long_date(event.date)}: {event_label(event.type)}", event.id)
            widget = combo
        elif spec.kind is FieldKind.MATTERS:
            matters = MattersList(self.matter_choices)
            against = self._widgets.get("against")
            if self.editing is None and isinstance(against, QComboBox):
                matters.tick_agency(against.currentData())
                against.currentIndexChanged.connect(
                    lambda _i: matters.tick_agency(against.currentData())
                )
            widget = matters
        elif spec.kind is FieldKind.DUTY_REF:
            combo = QComboBox()
            for duty, trigger, text in self.duty_choices:
                combo.addItem(text, (duty, trigger))
            widget = combo
        else:  # free text (the agency's complaint reference)
            widget = QLineEdit()
        widget.setAccessibleName(label)
        return widget

    def _load_fields(self, values: dict[str, Any]) -> None:
        if self.event_type() == "duty_met" and "duty" in values:
            combo = self._widgets.get("duty")
            if isinstance(combo, QComboBox):
                combo.setCurrentIndex(
                    max(0, combo.findData((values["duty"], values.get("trigger"))))
                )
        for name, value in values.items():
            widget = self._widgets.get(name)
            if isinstance(widget, MattersList):
                widget.set_text(str(value))
            elif isinstance(widget, OptionalDate):
                widget.set_value(value if isinstance(value, date) else date.fromisoformat(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):  # a TimeInput too ("HH:MM")
                widget.setText(str(value))
            elif isinstance(widget, QComboBox) and name not in ("duty", "trigger"):
                index = next(
                    (i for i in range(widget.count()) if widget.itemData(i) == value
                     and type(widget.itemData(i)) is type(value)),
                    0,
                )  # fmt: skip
                widget.setCurrentIndex(index)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in EVENT_FIELDS.get(self.event_type(), ()):
            widget = self._widgets[spec.name]
            if isinstance(widget, MattersList):
                value: Any = widget.text()
            elif isinstance(widget, OptionalDate):
                value = widget.value()
            elif isinstance(widget, QSpinBox):
                value = widget.value() if (spec.required or widget.value()) else None
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked() if widget.isChecked() else None
            elif isinstance(widget, TimeInput):
                value = widget.value()
            elif spec.kind is FieldKind.ANSWERS:
                value = self._answers if self.event_type() == "risk_assessment" else None
            elif isinstance(widget, QLineEdit):
                value = " ".join(widget.text().split()) or None
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
                if spec.kind is FieldKind.DUTY_REF and value is not None:
                    out["duty"], out["trigger"] = value
                    continue
            else:
                value = None
            if value is not None:
                out[spec.name] = value
        return out

    def when(self) -> date:
        """The event's date (call after `validate()` found no problem)."""
        value = self.date_edit.value()
        return value if value is not None else self.today

    def note_text(self) -> str | None:
        return self.note.toPlainText().strip() or None

    # -- kept while locked ---------------------------------------------------------------------

    def keep(self) -> dict[str, Any]:
        """Everything typed, as typed, for `restore` after an unlock."""
        return {
            "type": self.event_type(), "date": self.date_edit.text(),
            "fields": keep_all(self._widgets), "note": self.note.toPlainText(),
        }  # fmt: skip

    def restore(self, state: dict[str, Any]) -> None:
        if self.type_box.isEnabled():
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(state["type"])))
        self.date_edit.set_text(state["date"])
        restore_all(self._widgets, state["fields"])
        self.note.setPlainText(state["note"])

    # -- validation ----------------------------------------------------------------------------

    def validate(self) -> str:
        event_type = self.event_type()
        if not event_type:
            return "Choose what happened."
        for widget in (self.date_edit, *self._widgets.values()):
            if isinstance(widget, (DateInput, TimeInput)) and widget.problem():
                return widget.problem()
        values = self.values()
        for spec in EVENT_FIELDS[event_type]:
            if (
                spec.required
                and spec.name not in values
                and not (
                    spec.kind is FieldKind.EVENT_REF and spec.name == "trigger" and "duty" in values
                )
            ):
                return f"{spec.label or spec.name} is needed for this kind of event."
        if event_type == "risk_assessment" and "score" not in values and "answers" not in values:
            return "Score is needed: give the form's score, or take the assessment on the Risk tab."
        when = self.when()
        future = future_problem(when, self.today, then="Record events once they have happened.")
        if future and event_type != "hearing_listed":  # a hearing is listed ahead of its day
            return future
        if order := date_order_problem(event_type, values):
            return order[1][:1].upper() + order[1][1:] + "."
        received = values.get("received")
        if isinstance(received, date) and received < when:
            return "The date received cannot be before the event's date."
        return ""

    def warnings(self) -> list[str]:
        """Possible but unlikely dates, for the advocate to confirm."""
        return event_warnings(
            self.event_type(), self.when(), self.values(), self.case_events,
            editing=self.editing.id if self.editing else None,
        )  # fmt: skip

    def _ready(self) -> bool:
        problem = self.validate()
        self.problem.setText(problem)
        if problem:
            return False
        warnings = self.warnings()
        if not warnings:
            return True
        answer = QMessageBox.question(
            self,
            "Check the date",
            "\n\n".join(warnings) + "\n\nSave it as it is?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def _save(self) -> None:
        if self._ready():
            self.next_type = None
            self.accept()

    def _save_and_next(self) -> None:
        if self._ready():
            suggestions = NEXT_STEPS.get(self.event_type(), ())
            self.next_type = suggestions[0] if suggestions else self.event_type()
            self.accept()

    def _rebuild_next(self) -> None:
        suggestions = NEXT_STEPS.get(self.event_type(), ())
        self.next_button.setVisible(self.editing is None)
        if suggestions:
            self.next_button.setText(f"Save and add: {event_label(suggestions[0])} ▸")
            self.next_button.setToolTip("Then: " + ", ".join(event_label(s) for s in suggestions))
        else:
            self.next_button.setText("Save and add &another ▸")
        self.next_button.setShortcut("Ctrl+Return")
