"""Parts every form dialog ends with, built one way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QBoxLayout, QDialog, QDialogButtonBox, QLabel

from vcop_desktop.ui.contrast import problem_style
from vcop_desktop.ui.live_label import LiveLabel


def problem_label(title: str = "Problem", text: str = "") -> LiveLabel:
    """The line that says what stops the user: in the problem colour, and said to a screen
    reader at once (urgent) whenever it changes."""
    label = LiveLabel(title, text, urgent=True)
    label.setStyleSheet(problem_style())
    return label


def add_problem_and_buttons(
    dialog: QDialog,
    layout: QBoxLayout,
    on_accept: Callable[[], None],
    *,
    save: bool = False,
    problem: str = "",
) -> tuple[QLabel, QDialogButtonBox]:
    """The line that says what stops the form (empty until something does), then OK (or Save)
    and Cancel. OK runs `on_accept`, which checks the form and calls `accept()` itself."""
    label = problem_label("Problem", problem)
    layout.addWidget(label)
    first = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(first | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return label, buttons
