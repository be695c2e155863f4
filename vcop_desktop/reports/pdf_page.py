"""What every report PDF shares: its paragraph styles and its A4 page (margins, metadata)."""

from __future__ import annotations

from typing import Any

from vcop_desktop.letters.pdf import FONT, FONT_BOLD


def report_styles() -> dict[str, Any]:
    """The paragraph styles by name (body, title, h2, small, bullet, cell), in the app's font."""
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, spaceBefore=8, keepWithNext=1
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            fontSize=8,
            leading=10,
            leftIndent=11,
            bulletIndent=2,
            spaceAfter=2,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9, spaceAfter=0),
    }


def a4_document(buffer: Any, *, title: str, author: str, subject: str) -> Any:
    """The A4 page every report is built on (its metadata names no one but the organisation)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
        bottomMargin=20 * mm, title=title, author=author, subject=subject,
        creator="VCOP Desktop", keywords="",
    )  # fmt: skip
