"""Each kind as a DOCX, read back with python-docx: the same text and headings as its PDF, the
annex too, gaps highlighted, and no victim name or case code in the document's properties."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

import docx
import pytest

from tests.letters.pdftext import pdf_pages
from tests.letters.test_pdf import facts_for, squash
from vcop_desktop.letters.docx_file import render_docx_draft
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.kinds import KINDS
from vcop_desktop.letters.markup import parse_letter
from vcop_desktop.letters.pdf import render_draft

ORGANISATION = "Northdale Independent Advocacy"


def docx_text(data: bytes) -> tuple[list[str], list[str], list[str]]:
    """(body paragraphs, Heading 2 paragraphs, table cells) in document order."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return paragraphs, headings, cells


def pdf_words(data: bytes) -> str:
    """The PDF's text without its page footers and bullet marks, squashed."""
    pages = [re.sub(r"Our ref: \S+\s*Page \d+ of \d+\s*$", "", page) for page in pdf_pages(data)]
    return squash(" ".join(pages).replace("•", "").replace("\x7f", ""))


@pytest.mark.parametrize("kind", [k.id for k in KINDS])
def test_the_docx_says_what_the_pdf_says_under_the_same_headings(kind: str) -> None:
    draft = draft_letter(facts_for(kind), annex=True)
    data = render_docx_draft(draft, author=ORGANISATION)
    paragraphs, headings, cells = docx_text(data)
    # Same words, in the same order (the PDF's table is read row by row, as here).
    assert squash(" ".join(paragraphs + cells)) == pdf_words(render_draft(draft))
    letter = parse_letter(draft.text)
    expected = [b.lines[0] for b in letter.body if b.kind == "heading"]
    assert headings[:-1] == expected
    assert headings[-1].startswith("Annex: the obligations in this case, as the record shows")
    assert len(cells) == 6 * (1 + len(draft.annex or ()))


def test_edited_text_bold_and_gaps_come_through() -> None:
    draft = draft_letter(facts_for("police-complaint"))
    text = draft.text.replace("Dear Sir or Madam,", "Dear Inspector,\n\nAn **EDITED** line.")
    document = docx.Document(io.BytesIO(render_docx_draft(draft, text)))
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "EDITED" and r.bold for r in runs)
    gaps = [r for r in runs if r.text.startswith("[MISSING:")]
    assert gaps and all(r.font.highlight_color is not None for r in gaps)
    assert "Dear Inspector," in [p.text for p in document.paragraphs]
    subject = next(p for p in document.paragraphs if p.text.startswith("Complaint about"))
    assert all(r.bold for r in subject.runs)
    # Bullets are Word's own list style, not typed bullet characters.
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets and not any(p.text.startswith("•") for p in bullets)


@pytest.mark.parametrize("kind", ["police-complaint", "cps-vrr", "phso-complaint"])
def test_no_victim_name_or_case_code_in_the_properties(kind: str) -> None:
    facts = facts_for(kind)
    name, code = str(facts.victim_name), facts.case_code
    draft = draft_letter(facts, annex=True)
    data = render_docx_draft(draft)  # the organisation of the sender, as drafted
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == facts.kind.title and props.author == ORGANISATION
    assert props.last_modified_by == ORGANISATION and props.comments == ""
    values = [str(getattr(props, a)) for a in dir(props) if not a.startswith("_")]
    assert not any(name in v or code in v for v in values)
    anonymous = docx.Document(io.BytesIO(render_docx_draft(draft, author=""))).core_properties
    assert anonymous.author == "" and anonymous.last_modified_by == ""
    # Byte scan: the name (as text and as XML would hold it) only in the letter's body.
    forms = {name.encode(), escape(name).encode()}
    for part in name.split():
        forms.add(part.encode())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            content = archive.read(member)
            if member == "word/document.xml":
                assert name.encode() in content  # the letter itself names her, as the PDF does
                continue
            assert not any(form in content for form in forms), member
            if member.startswith("docProps/"):
                assert code.encode() not in content, member
        footer = b"".join(archive.read(m) for m in archive.namelist() if "footer" in m)
        assert code.encode() in footer  # the case code is on each page, as in the PDF
