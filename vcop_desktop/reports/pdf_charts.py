"""The compliance report's two charts (reportlab graphics): the on-time rate per group with
Wilson 95% whiskers, and the monthly trend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vcop_desktop.domain.report import GroupFigures
from vcop_desktop.domain.suppression import rate_shown
from vcop_desktop.letters.pdf import FONT, FONT_BOLD
from vcop_desktop.reports.run import ReportRun, display_label

_BAR = (0.16, 0.38, 0.62)  # a calm blue that prints well in grey too
_WHISKER = (0.15, 0.15, 0.15)
_GRID = 0.85


def _axis(drawing: Any, x0: float, y0: float, width: float, height: float) -> None:
    from reportlab.graphics.shapes import Line, String
    from reportlab.lib.colors import Color

    for percent in (0, 25, 50, 75, 100):
        y = y0 + height * percent / 100
        drawing.add(Line(x0, y, x0 + width, y, strokeColor=Color(_GRID, _GRID, _GRID)))
        drawing.add(
            String(x0 - 4, y - 3, f"{percent}%", fontName=FONT, fontSize=7, textAnchor="end")
        )


def _whisker(drawing: Any, x: float, low: float, high: float, y0: float, h: float) -> None:
    from reportlab.graphics.shapes import Line
    from reportlab.lib.colors import Color

    colour = Color(*_WHISKER)
    top, bottom = y0 + h * high, y0 + h * low
    drawing.add(Line(x, bottom, x, top, strokeColor=colour, strokeWidth=0.9))
    for y in (top, bottom):
        drawing.add(Line(x - 3, y, x + 3, y, strokeColor=colour, strokeWidth=0.9))


def _two_lines(label: str, width: int = 20) -> list[str]:
    """A label over at most two lines, broken at a space."""
    if len(label) <= width or " " not in label:
        return [label[: width * 2]]
    middle = len(label) // 2
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1 :][: width + 4]]


def bar_chart(groups: Sequence[GroupFigures], run: ReportRun, width: float) -> Any:
    """On-time rate per group as bars, with the Wilson 95% interval as whiskers."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib.colors import Color

    shown = [g for g in groups if g.judged]
    height = 180.0
    drawing = Drawing(width, height)
    x0, y0, plot_h = 34.0, 46.0, height - 64.0
    plot_w = width - x0 - 6
    _axis(drawing, x0, y0, plot_w, plot_h)
    drawing.add(
        String(
            x0, height - 10, "On-time rate (bars) with 95% interval (whiskers)",
            fontName=FONT_BOLD, fontSize=8,
        )
    )  # fmt: skip
    if not shown:
        drawing.add(
            String(x0 + 10, y0 + plot_h / 2, "Nothing fell due.", fontName=FONT, fontSize=8)
        )
        return drawing
    slot = plot_w / len(shown)
    bar_w = min(46.0, slot * 0.6)
    for i, g in enumerate(shown):
        centre = x0 + slot * (i + 0.5)
        for line, text in enumerate(_two_lines(display_label(g))):
            drawing.add(
                String(centre, y0 - 10 - 8 * line, text, fontName=FONT, fontSize=7,
                       textAnchor="middle")
            )  # fmt: skip
        if not rate_shown(g, run.min_count, run.hidden(g)):
            drawing.add(
                String(centre, y0 + 4, "not shown (small counts)", fontName=FONT, fontSize=6.5,
                       textAnchor="middle")
            )  # fmt: skip
            continue
        rate = g.on_time_rate or 0.0
        drawing.add(
            Rect(centre - bar_w / 2, y0, bar_w, plot_h * rate, fillColor=Color(*_BAR),
                 strokeColor=None)
        )  # fmt: skip
        interval = g.ci95
        if interval:
            _whisker(drawing, centre, interval[0], interval[1], y0, plot_h)
        drawing.add(
            String(centre, y0 - 30, f"{rate * 100:.0f}% of {g.judged}", fontName=FONT,
                   fontSize=6.5, textAnchor="middle")
        )  # fmt: skip
    return drawing


def trend_chart(groups: Sequence[GroupFigures], run: ReportRun, width: float) -> Any:
    """The on-time rate month by month: points joined by a line, 95% whiskers; a month whose
    rate would give a small count away says "not shown" (the line joins the months shown)."""
    from reportlab.graphics.shapes import Circle, Drawing, PolyLine, String
    from reportlab.lib.colors import Color

    height = 160.0
    drawing = Drawing(width, height)
    x0, y0, plot_h = 34.0, 26.0, height - 44.0
    plot_w = width - x0 - 6
    _axis(drawing, x0, y0, plot_w, plot_h)
    drawing.add(
        String(x0, height - 10, "On-time rate by month (due date)", fontName=FONT_BOLD,
               fontSize=8)
    )  # fmt: skip
    months = [g for g in groups if g.judged]
    if not months:
        drawing.add(
            String(x0 + 10, y0 + plot_h / 2, "Nothing fell due.", fontName=FONT, fontSize=8)
        )
        return drawing
    slot = plot_w / len(months)
    points: list[float] = []
    for i, g in enumerate(months):
        x = x0 + slot * (i + 0.5)
        drawing.add(
            String(x, y0 - 12, display_label(g), fontName=FONT, fontSize=6.5, textAnchor="middle")
        )
        if not rate_shown(g, run.min_count, run.hidden(g)):
            drawing.add(
                String(x, y0 + 4, "not shown", fontName=FONT, fontSize=6, textAnchor="middle")
            )
            continue
        rate = g.on_time_rate or 0.0
        interval = g.ci95
        if interval:
            _whisker(drawing, x, interval[0], interval[1], y0, plot_h)
        points += [x, y0 + plot_h * rate]
    if len(points) >= 4:
        drawing.add(PolyLine(points, strokeColor=Color(*_BAR), strokeWidth=1.6))
    for j in range(0, len(points), 2):
        drawing.add(Circle(points[j], points[j + 1], 2.6, fillColor=Color(*_BAR), strokeColor=None))
    return drawing
