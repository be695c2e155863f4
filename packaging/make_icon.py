"""Draw the app icon with QPainter and write it to resources/icons/.

The icon is drawn in code so it can be regenerated at any size without a design tool or a new
dependency: a shield (the Code protects the victim) with a tick (a duty met) on a dark teal
rounded square. Run it after changing the drawing and commit the files it writes:

    .venv/bin/python packaging/make_icon.py

Writes `vcop-desktop.png` (512 px, the master, used for macOS and as the window icon),
`vcop-desktop-256.png` (Linux desktop entries) and, when Pillow is importable (it is a
reportlab dependency), `vcop-desktop.ico` (Windows, 16 to 256 px) and `vcop-desktop.icns` (macOS).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int) -> QImage:
    """The icon at `size` pixels, drawn on a 100-unit grid so every size is sharp."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100, size / 100)

    background = QLinearGradient(0, 0, 0, 100)
    background.setColorAt(0, QColor("#1f6f78"))
    background.setColorAt(1, QColor("#124a52"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(QRectF(4, 4, 92, 92), 20, 20)

    shield = QPainterPath()
    shield.moveTo(50, 16)
    shield.lineTo(78, 26)
    shield.cubicTo(78, 56, 68, 74, 50, 86)
    shield.cubicTo(32, 74, 22, 56, 22, 26)
    shield.closeSubpath()
    painter.setBrush(QColor("#f5f1e6"))
    painter.drawPath(shield)

    tick = QPainterPath()
    tick.moveTo(QPointF(36, 50))
    tick.lineTo(QPointF(46, 60))
    tick.lineTo(QPointF(65, 38))
    pen = QPen(QColor("#1f6f78"), 8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(tick)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is shown
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    master = ICONS / "vcop-desktop.png"
    if not draw(512).save(str(master)):
        print(f"could not write {master}", file=sys.stderr)
        return 1
    draw(256).save(str(ICONS / "vcop-desktop-256.png"))
    print(master)
    print(ICONS / "vcop-desktop-256.png")
    try:
        from PIL import Image
    except ImportError:
        print("Pillow not installed: no .ico/.icns written", file=sys.stderr)
        return 0
    with Image.open(master) as image:
        image.save(ICONS / "vcop-desktop.ico", sizes=ICO_SIZES)
        print(ICONS / "vcop-desktop.ico")
        try:
            image.save(ICONS / "vcop-desktop.icns")
            print(ICONS / "vcop-desktop.icns")
        except (OSError, ValueError) as error:  # older Pillow writes ICNS on macOS only
            print(f"no .icns written ({error}); PyInstaller converts the PNG", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
