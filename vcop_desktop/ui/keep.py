"""What a form holds, as plain values: kept in memory while the app is locked, then put back.

Nothing here is written anywhere; the values live only as long as the lock does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from vcop_desktop.ui.date_input import DateInput, DateListInput


def raw(widget: QWidget) -> Any:
    """The input exactly as typed or chosen (a date field keeps its text, even if unreadable)."""
    if isinstance(widget, DateInput):
        return widget.text()
    if isinstance(widget, DateListInput):
        return widget.edit.text()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    return None


def set_raw(widget: QWidget, value: Any) -> None:
    if value is None:
        return
    if isinstance(widget, DateInput):
        widget.set_text(str(value))
    elif isinstance(widget, DateListInput):
        widget.edit.setText(str(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(int(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))


def keep_all(widgets: dict[str, QWidget]) -> dict[str, Any]:
    return {name: raw(widget) for name, widget in widgets.items()}


def restore_all(widgets: dict[str, QWidget], values: dict[str, Any]) -> None:
    for name, value in values.items():
        widget = widgets.get(name)
        if widget is not None:
            set_raw(widget, value)
