"""The subject access bundle's PDF: everything held about the person, readable, with every other
person's name highlighted and listed on a "to redact before sending" page.

reportlab is imported inside `render`. Every piece of text from the record is XML-escaped here
before reportlab's markup sees it; only the highlighting this module adds is live markup.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from vcop_desktop.letters.words import long_date
from vcop_desktop.subject_access.names import pattern, spans, whose
from vcop_desktop.subject_access.sections import as_words, column_label, records

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import Evaluation
    from vcop_desktop.domain.risk import RiskForms
    from vcop_desktop.subject_access.bundle import Bundle

HIGHLIGHT = "#FFE066"
_HIDDEN_COLUMNS = frozenset({"id", "row_id", "position"})
_LONG_RUN_RE = re.compile(r"\S{120,}")


class _Marker:
    """Escapes record text for reportlab and highlights third parties' names, counting where
    each was found (for the redaction page and the JSON)."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.pattern = pattern(bundle.parties)

    def __call__(self, value: object, section: str | None) -> str:
        text = as_words(value)
        text = _LONG_RUN_RE.sub(lambda m: " ".join(re.findall(".{1,40}", m.group(0))), text)
        out: list[str] = []
        last = 0
        for start, end in spans(text, self.pattern):
            party = whose(text[start:end], self.bundle.parties)
            out.append(escape(text[last:start]))
            out.append(f'<span backColor="{HIGHLIGHT}">{escape(text[start:end])}</span>')
            if party is not None and section is not None:
                where = self.bundle.found.setdefault(party.name, {})
                where[section] = where.get(section, 0) + 1
            last = end
        out.append(escape(text[last:]))
        return "".join(out).replace("\n", "<br/>")


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    from vcop_desktop.letters.pdf import FONT, FONT_BOLD

    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=10,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=10.5, spaceBefore=6, keepWithNext=1
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11, spaceAfter=0
        ),
        "meta": ParagraphStyle(
            "meta", parent=base, fontSize=8.5, leading=11, textColor="#555555", spaceBefore=4
        ),
    }


class _Story:
    """The PDF's flowables, section by section."""

    def __init__(self, bundle: Bundle, width: float) -> None:
        from reportlab.platypus import Paragraph

        self.bundle = bundle
        self.mark = _Marker(bundle)
        self.s = _styles()
        self.width = width
        self.items: list[Any] = []
        self.sections: list[str] = []
        self._paragraph = Paragraph

    def para(self, markup: str, style: str = "body") -> None:
        self.items.append(self._paragraph(markup, self.s[style]))

    def heading(self, text: str, style: str = "h1") -> None:
        if style == "h1":
            self.sections.append(text)
        self.para(escape(text), style)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
        section: str | None,
    ) -> None:  # fmt: skip
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        if not rows:
            self.para("None held.", "meta")
            return
        cells: list[list[Any]] = [[self._paragraph(escape(h), self.s["head"]) for h in header]]
        for row in rows:
            cells.append([self._paragraph(self.mark(v, section), self.s["cell"]) for v in row])
        table = Table(cells, colWidths=[self.width * w for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#B0B0B0")),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.items.append(table)

    def details(self, rows: Sequence[Mapping[str, object]], section: str) -> None:
        """One record as "label: value" rows (the victim, the case)."""
        for row in rows:
            pairs = [
                (column_label(k), _shown(k, v))
                for k, v in row.items()
                if k not in _HIDDEN_COLUMNS and v not in (None, "", [], {})
            ]
            self.table(("", ""), pairs, (0.3, 0.7), section)


def _shown(column: str, value: object) -> object:
    """A value as the victim should read it: flags and equality-monitoring codes by their
    labels ("Asian, Asian British or Asian Welsh", not "asian")."""
    from vcop_desktop.domain.equality import characteristics

    if column == "flags" and isinstance(value, list):
        return [column_label(str(f)) for f in value]
    known = characteristics()
    if column in known and isinstance(value, str):
        return known[column].label(value)
    return value


def render(
    bundle: Bundle,
    evaluation: Evaluation,
    *,
    forms: RiskForms | None = None,
    organisation: str = "",
) -> bytes:
    """The PDF's bytes. Fills `bundle.found` (where each third party's name is) as it goes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    from vcop_desktop.letters.pdf import _numbered_canvas, _register_fonts

    _register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
        bottomMargin=20 * mm, title=f"Subject access: case {bundle.case_code}",
        author=organisation or "VCOP Desktop", creator="VCOP Desktop",
    )  # fmt: skip
    story = _Story(bundle, doc.width)
    records(story, evaluation, forms)
    body = story.items
    story.items = []
    _front(story, organisation, story.sections)
    front = story.items
    story.items = []
    _redaction_page(story)
    doc.build(
        [*front, PageBreak(), *story.items, PageBreak(), *body],
        canvasmaker=_numbered_canvas(bundle.case_code),
    )
    return buffer.getvalue()


def _front(story: _Story, organisation: str, sections: Sequence[str]) -> None:
    bundle = story.bundle
    victim = (bundle.records.get("victim") or [{}])[0]
    name = str(victim.get("name") or "")
    story.para(escape("Your personal information: a copy of what we hold"), "title")
    story.para(
        f"For {escape(name) or 'the person named in this case'} · case {escape(bundle.case_code)}"
        f" · made on {long_date(bundle.made_on)}"
        + (f" · {escape(organisation)}" if organisation else ""),
        "meta",
    )
    story.para(
        "This is a copy of everything our advocacy service holds about you in this case, as you "
        "asked under your right of access (UK GDPR Article 15): your details, what happened as "
        "we recorded it, what agencies owe you and by when, notes, the people we dealt with, "
        "your risk assessments and safety plan, any sharing of your information, letters and "
        "documents, and the record of changes to your file."
    )
    if bundle.attachments:
        story.para(
            f"{len(bundle.attachments)} letter(s) and document(s) come with this copy as files "
            "beside it; they are listed under “Letters and documents”."
        )
    story.heading("Contents", "h2")
    for title in sections:
        story.para(escape(title), "cell")


def _redaction_page(story: _Story) -> None:
    bundle = story.bundle
    story.heading("For the advocate: to redact before sending")
    story.para(
        "Remove this page before sending. A victim is entitled to their own information, not "
        "to other people's: check each name below where it is highlighted, and redact it "
        "unless the person agrees or it is reasonable to disclose it (ICO guidance on requests "
        "that involve other people). Names are found only where the case record holds them: "
        "read the whole copy through as well."
    )
    rows = []
    for party in bundle.parties:
        found = bundle.found.get(party.name, {})
        where = "; ".join(f"{section} ({n})" for section, n in found.items()) or "not in the text"
        rows.append((party.name, party.role, where))
    story.table(("Name", "Who they are", "Highlighted in"), rows, (0.28, 0.3, 0.42), None)
    unread = [a.name for a in bundle.attachments if a.text is None]
    if unread:
        story.para(
            "These attached files could not be searched for names; read them through: "
            + escape(", ".join(unread)),
            "meta",
        )
