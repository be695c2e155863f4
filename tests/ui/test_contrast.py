"""Contrast worked out from the palette (WCAG 2.2 AA), in a light and in a dark theme (issue 23).

Before: the focus ring 2.22:1, due-soon amber 2.69:1 on white, the search placeholder 3.41:1,
white on a selected row 3.69:1, the unlock error 3.99:1.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from vcop_desktop.ui import contrast
from vcop_desktop.ui.contrast import GRAPHIC, TEXT, fit_palette, readable
from vcop_desktop.ui.status_style import LOOKS, status_colour

Role = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A dark theme as Windows 11, KDE Breeze Dark and GNOME's Adwaita-dark paint one."""
    palette = QPalette()
    for role, colour in {
        Role.Window: "#202020", Role.WindowText: "#ffffff", Role.Base: "#1c1c1c",
        Role.AlternateBase: "#2b2b2b", Role.Text: "#ffffff", Role.Button: "#2d2d2d",
        Role.ButtonText: "#ffffff", Role.Highlight: "#4cc2ff", Role.HighlightedText: "#ffffff",
        Role.PlaceholderText: "#80ffffff",
    }.items():  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


@pytest.fixture(params=["light", "dark"])
def themed(request: Any, qapp: QApplication) -> Any:
    """The app under a light or a dark system palette, fitted as the app fits it at start."""
    original = QApplication.palette()
    palette = light_palette() if request.param == "light" else dark_palette()
    qapp.setPalette(fit_palette(palette))
    yield QGuiApplication.palette()
    qapp.setPalette(original)


def test_the_plain_palettes_fail_where_the_issue_says(qapp: QApplication) -> None:
    light = light_palette()
    window, field = light.color(Role.Window), light.color(Role.Base)
    assert contrast.contrast(QColor(contrast.PROBLEM_HUE), window) < TEXT  # the unlock error
    assert contrast.contrast(QColor("#e08a00"), field) < GRAPHIC  # due-soon amber
    selected = contrast.contrast(light.color(Role.Highlight), light.color(Role.HighlightedText))
    assert selected < TEXT
    placeholder = light.color(Role.PlaceholderText)
    assert contrast.contrast(placeholder, field) < TEXT or placeholder.alpha() < 255


def test_selection_focus_and_placeholder_meet_aa(themed: QPalette) -> None:
    highlight = themed.color(Role.Highlight)
    assert contrast.contrast(highlight, themed.color(Role.HighlightedText)) >= TEXT
    for behind in (Role.Window, Role.Base, Role.Button):  # the focus ring on each
        assert contrast.contrast(highlight, themed.color(behind)) >= GRAPHIC
    assert contrast.contrast(themed.color(Role.PlaceholderText), themed.color(Role.Base)) >= TEXT


def test_messages_read_as_text_and_statuses_as_graphics(themed: QPalette) -> None:
    window, field = themed.color(Role.Window), themed.color(Role.Base)
    for hue in (contrast.PROBLEM_HUE, contrast.WARNING_HUE, contrast.DONE_HUE):
        shown = QColor(contrast.text_style(hue).removeprefix("color: "))
        assert contrast.contrast(shown, window) >= TEXT, hue
    for shown in LOOKS:
        assert contrast.contrast(status_colour(shown), field) >= GRAPHIC, shown


def test_a_colour_keeps_its_hue_when_fitted() -> None:
    amber = QColor("#e08a00")
    assert contrast.contrast(amber, QColor("white")) < GRAPHIC  # 2.69:1 before
    fitted = readable(amber, QColor("white"), GRAPHIC)
    assert contrast.contrast(fitted, QColor("white")) >= GRAPHIC
    assert abs(fitted.hslHueF() - amber.hslHueF()) < 0.01
    assert readable("#2e8b57", QColor("white"), GRAPHIC) == QColor("#2e8b57")  # already fine


def test_a_theme_switch_is_fitted_again(qapp: QApplication) -> None:
    from PySide6.QtCore import Qt

    original = QApplication.palette()
    contrast.follow_system_theme(qapp)
    faint = QPalette(original)
    faint.setColor(Role.Highlight, QColor("#dddddd"))  # as a theme could hand it over
    qapp.setPalette(faint)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    now = QGuiApplication.palette()
    assert contrast.contrast(now.color(Role.Highlight), now.color(Role.HighlightedText)) >= TEXT
    qapp.setPalette(original)
