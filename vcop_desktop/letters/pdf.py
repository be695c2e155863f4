"""Letter text -> PDF bytes: an A4 UK business letter, made in memory with reportlab.

reportlab is imported inside the functions that need it, so starting the app (or importing this
package) does not pay for it. Nothing is written to disk: the PDF is built in a BytesIO and
returned, for the case file or for "Save PDF as...".

Every character of the letter text is XML-escaped here before reportlab's Paragraph markup
sees it; only the markup this module adds (bold, gap highlighting) is live. That is the one
escaping boundary for text from templates and from the advocate's edits alike.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final
from xml.sax.saxutils import escape

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.letters.annex import HEADER as ANNEX_HEADER
from vcop_desktop.letters.annex import INTRO as ANNEX_INTRO
from vcop_desktop.letters.annex import WIDTHS as ANNEX_WIDTHS
from vcop_desktop.letters.annex import annex_law, annex_rows, annex_title
from vcop_desktop.letters.draft import Draft, PdfInfo
from vcop_desktop.letters.markup import GAP_RE, Block, LetterText, parse_letter
from vcop_desktop.paths import resources_dir

if TYPE_CHECKING:
    from datetime import date

FONT: Final = "DejaVuSans"
FONT_BOLD: Final = "DejaVuSans-Bold"
_BOLD_RE: Final = re.compile(r"\*\*(.+?)\*\*")
_GAP_MARKUP: Final = r'<span backColor="#FFF0A0" color="#A00000">[MISSING: \1]</span>'


def render_draft(draft: Draft, text: str | None = None) -> bytes:
    """The PDF of a draft, from the advocate's edited `text` (the draft's own text if None)."""
    return render_pdf(
        draft.text if text is None else text,
        draft.info,
        annex=draft.annex,
        annex_today=draft.today,
        case_code=draft.case_code,
    )


def render_pdf(
    text: str,
    info: PdfInfo,
    *,
    annex: Sequence[Obligation] | None = None,
    annex_today: date | None = None,
    case_code: str | None = None,
) -> bytes:
    """Make the letter's PDF from its text (see `markup.py`) and return the bytes.

    `annex`, when given, adds a page with the case's obligations as a table. `case_code` goes
    in the footer of every page beside "Page N of M". Raises `UserError` if the text's heading
    lines are malformed.
    """
    letter = parse_letter(text)
    _register_fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator="VCOP Desktop",
        keywords="",
    )
    footer = case_code or letter.our_ref
    story = _letter_story(letter)
    if annex is not None:
        story.extend(_annex_story(annex, annex_today, doc.width))
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()


# -- fonts -------------------------------------------------------------------------------------

_fonts_registered = False


def _register_fonts() -> None:
    """Register the bundled DejaVu fonts once (reportlab keeps a process-wide font table)."""
    global _fonts_registered
    if _fonts_registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    # <b> inside a paragraph maps to the bold face; there is no italic in the letter.
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    _fonts_registered = True


# -- inline text -------------------------------------------------------------------------------


def inline(text: str) -> str:
    """Letter text -> reportlab paragraph markup: escape everything, then add bold and gaps.

    A run of 200 or more characters with no space (a name pasted without spaces; no real word
    is that long) gets a space every 30 characters: reportlab splits such a word a character
    at a time, re-measuring as it goes, which grew quadratically (100,000 characters: 107 s).
    It could not fit on a line anyway. (A zero-width space is not honoured on every path.)"""
    markup = escape(_LONG_RUN_RE.sub(_breakable, text))
    markup = _BOLD_RE.sub(r"<b>\1</b>", markup)
    return GAP_RE.sub(_GAP_MARKUP, markup)


_LONG_RUN_RE = re.compile(r"\S{200,}")
_BREAK_EVERY = 30


def _breakable(match: re.Match[str]) -> str:
    run = match.group(0)
    return " ".join(run[i : i + _BREAK_EVERY] for i in range(0, len(run), _BREAK_EVERY))


def _lines(lines: Sequence[str]) -> str:
    return "<br/>".join(inline(line) for line in lines)


# -- the letter --------------------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14, spaceAfter=7)
    return {
        "body": base,
        "sender": ParagraphStyle(
            "sender", parent=base, alignment=TA_RIGHT, fontSize=9.5, leading=12.5
        ),
        "block": ParagraphStyle("block", parent=base, spaceAfter=0),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=FONT_BOLD, spaceBefore=5, spaceAfter=4, keepWithNext=1
        ),
        "subject": ParagraphStyle("subject", parent=base, fontName=FONT_BOLD, spaceAfter=9),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=6 * 2.835, bulletIndent=1.5 * 2.835, spaceAfter=3
        ),
        "bullet_last": ParagraphStyle(
            "bullet_last", parent=base, leftIndent=6 * 2.835, bulletIndent=1.5 * 2.835
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "small_bold": ParagraphStyle(
            "small_bold", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
    }


def _letter_story(letter: LetterText) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    s = _styles()
    story: list[Any] = []
    if letter.sender:
        first, *rest = letter.sender
        markup = f"<b>{inline(first)}</b>" + ("<br/>" + _lines(rest) if rest else "")
        story.append(Paragraph(markup, s["sender"]))
        story.append(Spacer(1, 6 * mm))
    if letter.recipient:
        story.append(Paragraph(_lines(letter.recipient), s["block"]))
        story.append(Spacer(1, 7 * mm))
    if letter.date:
        story.append(Paragraph(inline(letter.date), s["block"]))
        story.append(Spacer(1, 3 * mm))
    refs: list[str] = []
    if letter.our_ref:
        refs.append(f"Our ref: {inline(letter.our_ref)}")
    if letter.your_ref:
        refs.append(f"Your ref: {'; '.join(inline(r) for r in letter.your_ref)}")
    if refs:
        story.append(Paragraph("<br/>".join(refs), s["block"]))
        story.append(Spacer(1, 7 * mm))

    body = list(letter.body)
    # UK convention: the subject line, in bold, follows the salutation.
    if body and body[0].kind == "paragraph" and body[0].lines[0].lower().startswith("dear"):
        story.append(Paragraph(_lines(body.pop(0).lines), s["body"]))
    if letter.subject:
        story.append(Paragraph(inline(letter.subject), s["subject"]))
    story.extend(_body(body, s))

    closing: list[Any] = [Spacer(1, 14 * mm)]
    if letter.signature:
        first, *rest = letter.signature
        markup = f"<b>{inline(first)}</b>" + ("<br/>" + _lines(rest) if rest else "")
        closing.append(Paragraph(markup, s["block"]))
    # Keep the close ("Yours faithfully,") and the paragraph before it with the signature
    # block, so the signature never stands alone at the top of a page.
    for _ in range(2 if len(body) > 1 and body[-2].kind == "paragraph" else 1):
        if body and story and body[-1].kind == "paragraph":
            closing.insert(0, story.pop())
    story.append(KeepTogether(closing))
    if letter.enclosures:
        story.append(Spacer(1, 7 * mm))
        label = "Enclosure" if len(letter.enclosures) == 1 else "Enclosures"
        story.append(Paragraph(f"<b>{label}</b>", s["block"]))
        for item in letter.enclosures:
            story.append(Paragraph(inline(item), s["bullet"], bulletText="•"))
    return story


def _body(blocks: Sequence[Block], s: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    out: list[Any] = []
    for block in blocks:
        if block.kind == "heading":
            out.append(Paragraph(inline(block.lines[0]), s["heading"]))
        elif block.kind == "bullets":
            last = len(block.lines) - 1
            for i, item in enumerate(block.lines):
                style = s["bullet_last"] if i == last else s["bullet"]
                out.append(Paragraph(inline(item), style, bulletText="•"))
        else:
            *firsts, final = _pieces(block.lines)
            out += [Paragraph(_lines(piece), s["block"]) for piece in firsts]
            out.append(Paragraph(_lines(final), s["body"]))
    return out


#: A paragraph longer than this (about a page) is set as several, split between lines or, in
#: a longer line, at a space: reportlab re-wraps the rest of a paragraph at every page it
#: spans, which grew quadratically (a pasted 100,000-character name: 6 s with rl_accel).
_PIECE = 6000


def _pieces(lines: Sequence[str]) -> list[list[str]]:
    """`lines` cut into runs of at most about `_PIECE` characters (only text that long is cut;
    the cut in a line falls at a space, so the words read the same)."""
    pieces: list[list[str]] = [[]]
    size = 0
    for line in lines:
        rest = _LONG_RUN_RE.sub(_breakable, line) if len(line) > _PIECE else line
        while len(rest) > _PIECE:
            cut = rest.rfind(" ", 0, _PIECE)
            cut = cut if cut > 0 else _PIECE
            if pieces[-1]:
                pieces.append([])
            pieces[-1].append(rest[:cut])
            pieces.append([])
            rest, size = rest[cut:].lstrip(" "), 0
        if size + len(rest) > _PIECE and pieces[-1]:
            pieces.append([])
            size = 0
        pieces[-1].append(rest)
        size += len(rest)
    return [piece for piece in pieces if piece] or [[]]


# -- the annex ---------------------------------------------------------------------------------


def _annex_story(obligations: Sequence[Obligation], today: date | None, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import PageBreak, Paragraph, Table, TableStyle

    s = _styles()
    story: list[Any] = [PageBreak(), Paragraph(inline(annex_title(today)), s["heading"])]
    story.append(Paragraph(inline(ANNEX_INTRO), s["body"]))
    if law := annex_law(obligations):
        story.append(Paragraph(inline(law), s["small"]))
    rows: list[list[Any]] = [[Paragraph(h, s["small_bold"]) for h in ANNEX_HEADER]]
    for row in annex_rows(obligations):
        cells = [Paragraph(inline(cell), s["small"]) for cell in row.cells]
        if row.breach:
            cells[4] = Paragraph(f"<b>{inline(row.cells[4])}</b>", s["small"])
        rows.append(cells)
    table = Table(rows, colWidths=[width * f for f in ANNEX_WIDTHS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#B0B0B0")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F3F3F3")]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.append(table)
    return story


# -- page numbers ------------------------------------------------------------------------------


def _numbered_canvas(footer: str) -> Any:
    """A canvas class that holds every page until the end, then stamps "Page N of M" on each.

    The total is only known once the story is laid out, so each page's state is kept at
    `showPage` and the footers are drawn in `save`.
    """
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillGray(0.35)
            if footer:
                self.drawString(25 * mm, 12 * mm, f"Our ref: {footer}")
            self.drawRightString(width - 22 * mm, 12 * mm, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas
