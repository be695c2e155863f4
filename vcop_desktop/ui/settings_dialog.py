"""Settings, built from the declarations in `vcop_desktop.settings` (one place to add one)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.errors import UserError
from vcop_desktop.settings import SETTINGS, Setting, Settings
from vcop_desktop.ui.date_input import DateListInput
from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.fit import fit_to_screen
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.retention_review import RetentionSettingsBox
from vcop_desktop.ui.risk_forms_box import RiskFormsBox
from vcop_desktop.ui.standards_page import StandardsPage

_HIDDEN = {"last_workspace"}


def _has_text(widget: QWidget) -> bool:
    if isinstance(widget, QPlainTextEdit):
        return bool(widget.toPlainText().strip())
    if isinstance(widget, QLineEdit):
        return bool(widget.text().strip())
    return True


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        today: date | None = None,
        *,
        focus_group: str | None = None,
        data_folder: Path | None = None,
        retention_years: int | None = None,
    ) -> None:
        """`focus_group` ("Letters") scrolls to that group and puts the cursor in its first
        empty field, for a dialog opened to fill in one thing. `data_folder` is the user's
        data folder, where a rules folder is made for a risk form when none is set."""
        super().__init__(parent)
        self.settings = settings
        self.today = today or date.today()
        self.setWindowTitle("Settings")
        outer = QVBoxLayout(self)
        scroll = QScrollArea()  # the groups scroll on a small screen; the buttons stay put
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The scroll area itself is no stop for Tab: it took the first focus, unnamed and unseen.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.inputs: dict[str, QWidget] = {}
        self.groups: dict[str, QGroupBox] = {}
        groups: dict[str, QFormLayout] = {}
        for setting in SETTINGS:
            if setting.key in _HIDDEN:
                continue
            if setting.group not in groups:
                box = QGroupBox(setting.group)
                groups[setting.group] = QFormLayout(box)
                self.groups[setting.group] = box
                layout.addWidget(box)
            widget = self._widget(setting, settings[setting.key], self.today)
            widget.setToolTip(setting.description)
            widget.setAccessibleName(setting.label)
            widget.setAccessibleDescription(setting.description)
            self.inputs[setting.key] = widget
            groups[setting.group].addRow(f"{setting.label}:", widget)
        self.standards = StandardsPage(str(settings["rules_folder"]))
        self.groups[self.standards.title()] = self.standards
        layout.addWidget(self.standards)
        rules_folder = self.inputs["rules_folder"]
        assert isinstance(rules_folder, QLineEdit)
        self.risk_forms = RiskFormsBox(settings, rules_folder, data_folder)
        self.groups[self.risk_forms.title()] = self.risk_forms
        layout.addWidget(self.risk_forms)
        self.retention: RetentionSettingsBox | None = None  # the open workspace's schedule
        if retention_years is not None:
            self.retention = RetentionSettingsBox(retention_years)
            self.groups[self.retention.title()] = self.retention
            layout.addWidget(self.retention)
        scroll.setWidget(body)
        self.scroll_area = scroll
        outer.addWidget(scroll, 1)
        layout = outer
        self.problem, _buttons = add_problem_and_buttons(self, layout, self._save, save=True)
        fit_to_screen(self, body.sizeHint().width() + 40, body.sizeHint().height() + 100)
        if focus_group in self.groups:
            QTimer.singleShot(0, self, lambda: self.show_group(str(focus_group)))
        else:
            next(iter(self.inputs.values())).setFocus()  # the first field, as in other dialogs

    def show_group(self, group: str) -> None:
        """Scroll to a group and focus its first empty field (else its first field)."""
        box = self.groups[group]
        self.scroll_area.ensureWidgetVisible(box)
        fields = [
            w for s in SETTINGS if s.group == group and (w := self.inputs.get(s.key)) is not None
        ]
        empty = [w for w in fields if not _has_text(w)]
        target = (empty or fields)[:1]
        if target:
            target[0].setFocus()
            self.scroll_area.ensureWidgetVisible(target[0])

    @staticmethod
    def _widget(setting: Setting, value: Any, today: date) -> QWidget:
        if setting.key == "closure_days":
            return DateListInput(setting.label, today, [date.fromisoformat(d) for d in value])
        if isinstance(setting.default, int):
            spin = QSpinBox()
            spin.setRange(1, 24 * 14)
            spin.setValue(int(value))
            return spin
        if isinstance(setting.default, list):
            edit = QLineEdit(", ".join(value))
            edit.setPlaceholderText("comma-separated")
            return edit
        if setting.key.endswith("address"):
            text = QPlainTextEdit(value)
            text.setTabChangesFocus(True)
            text.setMaximumHeight(70)
            return text
        return QLineEdit(value)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for setting in SETTINGS:
            widget = self.inputs.get(setting.key)
            if isinstance(widget, DateListInput):
                out[setting.key] = [d.isoformat() for d in widget.values()]
            elif isinstance(widget, QSpinBox):
                out[setting.key] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                out[setting.key] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if isinstance(setting.default, list):
                    out[setting.key] = [p.strip() for p in text.split(",") if p.strip()]
                else:
                    out[setting.key] = text
        return out

    def _kept_inputs(self) -> dict[str, QWidget]:
        extra = {"retention_years": self.retention.years} if self.retention else {}
        return {**self.inputs, **self.standards.inputs(), **extra}

    def keep(self) -> dict[str, Any]:
        return keep_all(self._kept_inputs())

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self._kept_inputs(), state)

    def _save(self) -> None:
        problems = [w.problem() for w in self.inputs.values() if isinstance(w, DateListInput)]
        if any(problems):
            self.problem.setText(next(p for p in problems if p))
            return
        try:
            self.settings.update(self.values())
            folder = str(self.settings["rules_folder"])
            made = self.standards.save(folder)  # the service standards' figures, if changed
            if made is not None and not folder:  # a folder made for them: use it from now on
                self.settings.set("rules_folder", str(made))
        except UserError as error:
            self.problem.setText(str(error))
            return
        self.accept()
