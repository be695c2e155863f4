"""Colours that stay readable on the system's palette: light, dark or high contrast (WCAG 2.2 AA).

The app follows the system palette rather than painting its own, and keeps each colour's meaning
(red for a problem, amber for due soon) while moving its lightness until it reads on the
palette's background: text at 4.5:1, controls, focus rings and status graphics at 3:1.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: WCAG 2.2 AA: normal text (1.4.3) and non-text contrast of controls and graphics (1.4.11).
TEXT = 4.5
GRAPHIC = 3.0

#: The hues of messages, before they are fitted to the background.
PROBLEM_HUE = "#d0342c"
WARNING_HUE = "#8a4b00"
DONE_HUE = "#1b7a3a"


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2.x, sRGB)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor | str, background: QColor, minimum: float) -> QColor:
    """`colour`, darker on a light background or lighter on a dark one, by as little as gives
    `minimum` contrast (its hue kept); black or white if nothing else does."""
    start = QColor(colour)
    if contrast(start, background) >= minimum:
        return start
    towards_dark = luminance(background) > 0.18
    hue = max(start.hslHueF(), 0.0)  # -1 for a grey
    saturation, lightness, alpha = start.hslSaturationF(), start.lightnessF(), start.alphaF()
    steps = 100
    for step in range(1, steps + 1):
        if towards_dark:
            level = lightness * (1 - step / steps)
        else:
            level = lightness + (1 - lightness) * step / steps
        candidate = QColor.fromHslF(hue, saturation, level, alpha)
        if contrast(candidate, background) >= minimum:
            return candidate
    return QColor("black" if towards_dark else "white")


def background() -> QColor:
    """The background text and controls sit on (the palette's Window colour)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window)


def base() -> QColor:
    """The background of tables, lists and fields (the palette's Base colour)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Base)


def text_style(hue: str) -> str:
    """A style sheet colour for a message in `hue`, readable on today's palette."""
    return f"color: {readable(hue, background(), TEXT).name()}"


def problem_style() -> str:
    return text_style(PROBLEM_HUE)


def fit_palette(palette: QPalette) -> QPalette:
    """The system palette with the roles Qt's styles paint too faintly brought to AA: the
    selection (white on it, and its focus ring on a button) and the placeholder text, which is
    the only visible label of the search field."""
    fitted = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        window = palette.color(group, QPalette.ColorRole.Window)
        field = palette.color(group, QPalette.ColorRole.Base)
        chosen = palette.color(group, QPalette.ColorRole.HighlightedText)
        highlight = readable(palette.color(group, QPalette.ColorRole.Highlight), chosen, TEXT)
        for against in (window, field, palette.color(group, QPalette.ColorRole.Button)):
            highlight = readable(highlight, against, GRAPHIC)
        if contrast(highlight, chosen) < TEXT:  # no shade served both: pick the text instead
            chosen = readable(chosen, highlight, TEXT)
        fitted.setColor(group, QPalette.ColorRole.Highlight, highlight)
        fitted.setColor(group, QPalette.ColorRole.HighlightedText, chosen)
        placeholder = palette.color(group, QPalette.ColorRole.PlaceholderText)
        placeholder.setAlpha(255)  # Qt's default is the text colour at half opacity
        fitted.setColor(
            group, QPalette.ColorRole.PlaceholderText, readable(placeholder, field, TEXT)
        )
    return fitted


def apply_to(app: QGuiApplication) -> None:
    """Fit the running palette (call once the application exists)."""
    app.setPalette(fit_palette(app.palette()))


def follow_system_theme(app: QGuiApplication) -> None:
    """Fit again whenever the user switches between light, dark and high-contrast themes (a
    palette set once would otherwise hide the switch)."""

    def refit(*_: object) -> None:
        app.setPalette(QPalette())  # back to the platform's palette for the new scheme
        apply_to(app)

    app.styleHints().colorSchemeChanged.connect(refit)
