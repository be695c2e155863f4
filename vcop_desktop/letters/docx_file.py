"""Letter text -> DOCX bytes (python-docx), for services that edit letters in Word.

Made from the same parsed letter (`markup.parse_letter`) and the same annex rows as the PDF, so
the two say the same words under the same headings: the sender's block, the recipient, the
date and references, the salutation, the subject in bold, the body's headings (Word's
"Heading 2", so they show in Word's navigation pane), paragraphs, bullets and bold words, the
signature, the enclosures, and the annex table on a page of its own. Gaps are highlighted as
in the PDF. The document's properties carry the kind's generic title and the organisation as
author: never the victim's name or the case code (a file shared onwards would show them). The
case code is in the footer, as on the PDF's pages.

python-docx is imported inside the function, so importing the letters package stays light.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, Final

from vcop_desktop.letters.annex import (
    HEADER,
    INTRO,
    WIDTHS,
    annex_law,
    annex_rows,
    annex_title,
)
from vcop_desktop.letters.draft import DOCX_MEDIA_TYPE
from vcop_desktop.letters.markup import Block, LetterText, parse_letter

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import Obligation
    from vcop_desktop.letters.draft import Draft

__all__ = ["DOCX_MEDIA_TYPE", "render_docx", "render_docx_draft"]

FONT: Final = "Arial"
_PIECES: Final = re.compile(r"(\*\*.+?\*\*|\[MISSING:[^\]]*\])")


def render_docx_draft(draft: Draft, text: str | None = None, *, author: str | None = None) -> bytes:
    """The DOCX of a draft, from the advocate's edited `text` (the draft's own if None).

    The document's author is the sender's organisation (or `author`; empty when unknown)."""
    return render_docx(
        draft.text if text is None else text,
        title=draft.document_title,
        author=draft.organisation if author is None else author,
        annex=draft.annex,
        annex_today=draft.today,
        case_code=draft.case_code,
        made_on=draft.today,
    )


def render_docx(
    text: str,
    *,
    title: str,
    author: str = "",
    annex: Sequence[Obligation] | None = None,
    annex_today: date | None = None,
    case_code: str | None = None,
    made_on: date | None = None,
) -> bytes:
    """Make the letter's DOCX from its text (see `markup.py`) and return the bytes.

    `title` must be generic (the kind of letter): it is visible in the file's properties.
    Raises `UserError` if the text's heading lines are malformed, as the PDF does."""
    import docx

    letter = parse_letter(text)
    document = docx.Document()
    _page_and_styles(document)
    _core_properties(document, title, author, made_on)
    _letter(document, letter)
    if annex is not None:
        _annex(document, annex, annex_today)
    _footer(document, case_code or letter.our_ref)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- the document --------------------------------------------------------------------------------


def _page_and_styles(document: Any) -> None:
    from docx.shared import Mm, Pt, RGBColor

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(7)
    normal.paragraph_format.line_spacing = Pt(14)
    _east_asian_font(normal)
    for name in ("Heading 2", "List Bullet", "Footer"):
        style = styles[name]
        style.font.name = FONT
        _east_asian_font(style)
    heading = styles["Heading 2"]
    heading.font.size = Pt(10.5)
    heading.font.bold = True
    heading.font.italic = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(5)
    heading.paragraph_format.space_after = Pt(4)
    heading.paragraph_format.keep_with_next = True
    bullet = styles["List Bullet"]
    bullet.font.size = Pt(10.5)
    bullet.paragraph_format.space_after = Pt(3)
    styles["Footer"].font.size = Pt(8)


def _east_asian_font(style: Any) -> None:
    """Word takes a style's font per script; name it for all of them (theme fonts otherwise)."""
    from docx.oxml.ns import qn

    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _core_properties(document: Any, title: str, author: str, made_on: date | None) -> None:
    """Every property set: python-docx's template would otherwise say 'python-docx'."""
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.language = "en-GB"
    props.version = ""
    props.revision = 1
    when = datetime.combine(made_on or date.today(), time(), tzinfo=UTC)
    props.created = when
    props.modified = when


def _letter(document: Any, letter: LetterText) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    if letter.sender:
        block = _lines(document, letter.sender, first_bold=True)
        block.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in block.runs:
            run.font.size = Pt(9.5)
        block.paragraph_format.space_after = Mm(6)
    if letter.recipient:
        _lines(document, letter.recipient).paragraph_format.space_after = Mm(7)
    if letter.date:
        _lines(document, [letter.date]).paragraph_format.space_after = Mm(3)
    refs: list[str] = []
    if letter.our_ref:
        refs.append(f"Our ref: {letter.our_ref}")
    if letter.your_ref:
        refs.append(f"Your ref: {'; '.join(letter.your_ref)}")
    if refs:
        _lines(document, refs).paragraph_format.space_after = Mm(7)

    body = list(letter.body)
    # UK convention (as in the PDF): the subject line, in bold, follows the salutation.
    if body and body[0].kind == "paragraph" and body[0].lines[0].lower().startswith("dear"):
        _lines(document, body.pop(0).lines, space_after=True)
    if letter.subject:
        subject = document.add_paragraph()
        _add_inline(subject, letter.subject, bold=True)
        subject.paragraph_format.space_after = Pt(9)
    paragraphs = _body(document, body)
    # The close ("Yours faithfully,") and the paragraph before it stay with the signature.
    for paragraph in paragraphs[-2:]:
        paragraph.paragraph_format.keep_with_next = True
    if letter.signature:
        signature = _lines(document, letter.signature, first_bold=True)
        signature.paragraph_format.space_before = Mm(14)
        signature.paragraph_format.keep_together = True
    if letter.enclosures:
        label = "Enclosure" if len(letter.enclosures) == 1 else "Enclosures"
        heading = document.add_paragraph()
        heading.add_run(label).bold = True
        heading.paragraph_format.space_before = Mm(7)
        heading.paragraph_format.space_after = Pt(0)
        heading.paragraph_format.keep_with_next = True
        for item in letter.enclosures:
            _add_inline(document.add_paragraph(style="List Bullet"), item)


def _body(document: Any, blocks: Sequence[Block]) -> list[Any]:
    """The body's blocks; returns the paragraphs made, in order."""
    made: list[Any] = []
    for block in blocks:
        if block.kind == "heading":
            paragraph = document.add_paragraph(style="Heading 2")
            _add_inline(paragraph, block.lines[0])
            made.append(paragraph)
        elif block.kind == "bullets":
            for i, item in enumerate(block.lines):
                paragraph = document.add_paragraph(style="List Bullet")
                _add_inline(paragraph, item)
                if i == len(block.lines) - 1:
                    from docx.shared import Pt

                    paragraph.paragraph_format.space_after = Pt(7)
                made.append(paragraph)
        else:
            made.append(_lines(document, block.lines, space_after=True))
    return made


def _lines(
    document: Any, lines: Sequence[str], *, first_bold: bool = False, space_after: bool = False
) -> Any:
    """One paragraph holding `lines` split by line breaks (an address, a signature block)."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    for i, line in enumerate(lines):
        if i:
            paragraph.add_run().add_break()
        _add_inline(paragraph, line, bold=first_bold and i == 0)
    if not space_after:
        paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _add_inline(paragraph: Any, text: str, *, bold: bool = False) -> None:
    """The text's runs: `**bold**` words in bold, `[MISSING: ...]` gaps highlighted."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    for piece in _PIECES.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            _add_inline(paragraph, piece[2:-2], bold=True)
            continue
        run = paragraph.add_run(_printable(piece))
        run.bold = bold or None
        if piece.startswith("[MISSING:"):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.font.color.rgb = RGBColor(0xA0, 0, 0)


def _printable(text: str) -> str:
    """XML 1.0 has no room for most control characters: drop them (a tab stays a tab)."""
    return "".join(c for c in text if c in "\t\n" or (c >= " " and c != "\x7f"))


# -- the annex ---------------------------------------------------------------------------------


def _annex(document: Any, obligations: Sequence[Obligation], today: date | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    title = document.add_paragraph(style="Heading 2")
    title.paragraph_format.page_break_before = True
    _add_inline(title, annex_title(today))
    _add_inline(document.add_paragraph(), INTRO)
    if law := annex_law(obligations):
        _add_inline(document.add_paragraph(), law)
    rows = annex_rows(obligations)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    width = Mm(210 - 25 - 22)
    for column, share in zip(table.columns, WIDTHS, strict=True):
        column.width = int(width * share)  # the grid (LibreOffice reads this)
        for cell in column.cells:
            cell.width = int(width * share)  # each cell (Word reads this)
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")  # the header row repeats on every page
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(header.cells, HEADER, strict=True):
        _cell(cell, text, bold=True, size=Pt(8))
    for row, values in zip(table.rows[1:], rows, strict=True):
        for i, (cell, text) in enumerate(zip(row.cells, values.cells, strict=True)):
            _cell(cell, text, bold=values.breach and i == 4, size=Pt(8))


def _cell(cell: Any, text: str, *, bold: bool, size: Any) -> None:
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    _add_inline(paragraph, text, bold=bold)
    for run in paragraph.runs:
        run.font.size = size


# -- the footer --------------------------------------------------------------------------------


def _footer(document: Any, code: str) -> None:
    """'Our ref: CODE' on the left and 'Page N of M' on the right of every page."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, RGBColor

    section = document.sections[0]
    style = document.styles["Footer"]
    style.paragraph_format.tab_stops.clear_all()  # the template's centre and right stops
    style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)  # the page fields too
    paragraph = section.footer.paragraphs[0]
    paragraph.style = style
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(210 - 25 - 22), WD_TAB_ALIGNMENT.RIGHT)
    if code:
        paragraph.add_run(f"Our ref: {_printable(code)}")
    paragraph.add_run("\tPage ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
