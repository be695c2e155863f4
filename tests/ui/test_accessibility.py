"""Accessibility: every input is named, common actions have shortcuts, status is never colour
alone, and the app follows the system palette."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from tests.domain.helpers import ev, run
from tests.ui.conftest import every_case_tab_built, wait_idle
from tests.ui.test_main_window import open_window
from vcop_desktop.settings import Settings
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dialogs import NewCaseDialog
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.models.obligations_model import ObligationsModel
from vcop_desktop.ui.settings_dialog import SettingsDialog
from vcop_desktop.ui.start_window import StartWindow

INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QTableView, QDateEdit, QSpinBox, QListWidget)


def unnamed(root: QWidget) -> list[str]:
    """Inputs with neither an accessible name nor a form label (Qt's own sub-widgets aside)."""
    missing = []
    for kind in INPUTS:
        for widget in root.findChildren(kind):
            if widget.objectName().startswith("qt_") or widget.accessibleName():
                continue
            parent, labelled = widget.parentWidget(), False
            while parent is not None and not labelled:
                layout = parent.layout()
                labelled = (
                    isinstance(layout, QFormLayout) and layout.labelForField(widget) is not None
                )
                parent = parent.parentWidget()
            if not labelled:
                missing.append(f"{kind.__name__} in {type(widget.parentWidget()).__name__}")
    return missing


def test_main_window_and_dialogs_name_every_input(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = open_window(qtbot, context, workspace)
    every_case_tab_built(window)
    assert unnamed(window) == []
    for dialog in (
        EventDialog(date(2026, 3, 2), []),
        NewCaseDialog(date(2026, 3, 2)),
        SettingsDialog(Settings(context.config_dir)),
        StartWindow(context),
    ):
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], type(dialog).__name__
    window.close()


def test_common_actions_have_shortcuts(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = open_window(qtbot, context, workspace)
    shortcuts = {a.text().replace("&", ""): a.shortcut() for a in window.actions()}
    assert shortcuts["New case…"] == QKeySequence("Ctrl+N")
    assert shortcuts["Add event…"] == QKeySequence("Ctrl+E")
    assert shortcuts["Mark met…"] == QKeySequence("Ctrl+M")
    assert shortcuts["Lock"] == QKeySequence("Ctrl+L")
    assert shortcuts["Search cases"] == QKeySequence("Ctrl+F")
    wait_idle(qtbot, context)
    window.close()


def test_status_is_words_and_an_icon_not_colour_alone() -> None:
    result = run([ev("a", "suspect_arrested", "2026-03-06")], "2026-03-20")
    model = ObligationsModel()
    model.set_obligations(result.obligations, date(2026, 3, 20), 7)
    index = model.index(0, 0)
    assert index.data() == "Overdue"
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()  # a drawn icon whose shape differs per status
    assert "Overdue" in index.data(Qt.ItemDataRole.AccessibleTextRole)
