"""The subject access bundle's PDF: everything held about the person, readable, with every other
person's name highlighted and listed on a "to redact before sending" page.

reportlab is imported inside `render`. Every piece of text from the record is XML-escaped here
before reportlab's markup sees it; only the highlighting this module adds is live markup.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from vcop_desktop.domain.vocabulary import AGENCY_LABELS, EVENT_FIELDS, event_label
from vcop_desktop.letters.words import long_date
from vcop_desktop.subject_access.names import pattern, spans, whose

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import Evaluation
    from vcop_desktop.domain.risk import RiskForms
    from vcop_desktop.subject_access.bundle import Bundle

HIGHLIGHT = "#FFE066"
_STATUS = {
    "open": "Open",
    "overdue": "Overdue",
    "met": "Met",
    "met_late": "Met late",
    "waived": "Waived",
    "not_applicable": "Does not apply",
}
#: Tables shown in sections of their own, in this order; any other table (one a later case
#: format adds) is shown after them under its own name, so nothing held is left out.
_TITLES = {
    "victim": "About you",
    "case_details": "Your case",
    "case_event": "What happened, as recorded",
    "safety_plan_item": "Your safety plan",
    "contact": "People at agencies on your case",
    "note": "Notes",
    "good_reason": "Reasons agencies gave for a late or missed duty",
    "document": "Letters and documents",
    "document_version": "Letters and documents",
    "letter_recipient": "Where letters on your case go",
    "audit_log": "Record of changes to your case file",
}
_HIDDEN_COLUMNS = frozenset({"id", "row_id", "position"})
_LONG_RUN_RE = re.compile(r"\S{120,}")


class _Marker:
    """Escapes record text for reportlab and highlights third parties' names, counting where
    each was found (for the redaction page and the JSON)."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.pattern = pattern(bundle.parties)

    def __call__(self, value: object, section: str | None) -> str:
        text = _text(value)
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


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return _short(date.fromisoformat(value))
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+([+-]\d\d:\d\d)?", value):
        return f"{_short(date.fromisoformat(value[:10]))} {value[11:16]}"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(str(k))}: {_text(v)}" for k, v in value.items())
    return str(value)


def _short(day: date) -> str:
    """ "3 Dec 2026": a table's date, kept on one line."""
    return f"{day.day} {long_date(day).split()[1][:3]} {day.year}"


def _label(column: str) -> str:
    words = column.replace("_", " ")
    return words[:1].upper() + words[1:]


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
                (
                    _label(k),
                    [_label(str(f)) for f in v] if k == "flags" and isinstance(v, list) else v,
                )
                for k, v in row.items()
                if k not in _HIDDEN_COLUMNS and v not in (None, "", [], {})
            ]
            self.table(("", ""), pairs, (0.3, 0.7), section)


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
    _records(story, evaluation, forms)
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


def _records(story: _Story, evaluation: Evaluation, forms: RiskForms | None) -> None:
    records = story.bundle.records
    story.heading(_TITLES["victim"])
    story.details(records.get("victim", []), _TITLES["victim"])
    story.heading(_TITLES["case_details"])
    story.details(records.get("case_details", []), _TITLES["case_details"])
    duties = {o.duty: o.what for o in evaluation.obligations}
    _events(story, records.get("case_event", []), duties)
    _risk(story, records.get("case_event", []), forms)
    _sharing(story, records.get("case_event", []))
    _obligations(story, evaluation)
    title = _TITLES["safety_plan_item"]
    story.heading(title)
    story.table(
        ("What", "Who", "Review on", "Closed on"),
        [
            (r.get("what"), r.get("responsible"), r.get("review_on"), r.get("closed_on"))
            for r in records.get("safety_plan_item", [])
        ],
        (0.46, 0.22, 0.16, 0.16),
        title,
    )
    title = _TITLES["contact"]
    story.heading(title)
    story.table(
        ("Agency", "Name", "Role", "Phone / email", "Notes"),
        [
            (
                AGENCY_LABELS.get(str(r.get("agency")), r.get("agency")),
                r.get("name"),
                r.get("role"),
                " ".join(str(v) for v in (r.get("phone"), r.get("email")) if v),
                r.get("notes"),
            )
            for r in records.get("contact", [])
        ],
        (0.16, 0.18, 0.16, 0.22, 0.28),
        title,
    )
    title = _TITLES["note"]
    story.heading(title)
    notes = records.get("note", [])
    if not notes:
        story.para("None held.", "meta")
    for note in notes:
        when, who = story.mark(note.get("written_at"), title), story.mark(note.get("author"), title)
        story.para(f"{when} · {who}", "meta")
        story.para(story.mark(note.get("text"), title))
    title = _TITLES["good_reason"]
    story.heading(title)
    story.table(
        ("Duty", "Reason given", "Given on", "Recorded"),
        [
            (
                duties.get(str(r.get("duty")), r.get("duty")),
                r.get("reason"),
                r.get("given_on"),
                r.get("recorded_at"),
            )
            for r in records.get("good_reason", [])
        ],
        (0.25, 0.45, 0.15, 0.15),
        title,
    )
    _documents(story)
    title = _TITLES["letter_recipient"]
    book = story.bundle.address_book
    story.heading(title)
    story.table(
        ("Kind of recipient", "Address-book entry"),
        [
            (r.get("slot"), book.get(str(r.get("entry_id")), r.get("entry_id")))
            for r in records.get("letter_recipient", [])
        ],
        (0.4, 0.6),
        title,
    )
    for table, rows in records.items():
        if table not in _TITLES:
            story.heading(_label(table))
            story.details(rows, _label(table))
    title = _TITLES["audit_log"]
    story.heading(title)
    story.para(
        "Who changed what, and when. The values before and after each change are in the JSON "
        "file that comes with this copy.",
        "meta",
    )
    story.table(
        ("When", "By", "What", "Of"),
        [
            (r.get("at"), r.get("actor"), r.get("action"), r.get("entity"))
            for r in records.get("audit_log", [])
        ],
        (0.24, 0.16, 0.36, 0.24),
        title,
    )


def _fields_text(kind: str, fields: object, duties: Mapping[str, str] | None = None) -> str:
    if not isinstance(fields, Mapping):
        return ""
    labels = {spec.name: spec.label or _label(spec.name) for spec in EVENT_FIELDS.get(kind, ())}
    parts = []
    for key, value in fields.items():
        if key == "answers" and isinstance(value, Mapping):
            yes = sum(1 for v in value.values() if v is True)
            parts.append(f"Answers: {yes} of {len(value)} yes (listed under risk assessments)")
        elif key == "duty" and duties and isinstance(value, str) and value in duties:
            parts.append(f"{labels.get(key, 'Duty')}: {duties[value]}")
        else:
            shown = AGENCY_LABELS.get(value, value) if isinstance(value, str) else value
            parts.append(f"{labels.get(key, _label(key))}: {_text(shown)}")
    return "\n".join(parts)


def _events(
    story: _Story, events: Sequence[Mapping[str, object]], duties: Mapping[str, str]
) -> None:
    title = _TITLES["case_event"]
    story.heading(title)
    story.para("“Ref” is how other entries (and a duty met) refer to an event.", "meta")
    story.table(
        ("Ref", "Date", "What", "Details", "Note", "Recorded"),
        [
            (
                e.get("event_id"),
                e.get("date"),
                event_label(str(e.get("type"))),
                _fields_text(str(e.get("type")), e.get("fields"), duties),
                e.get("note"),
                f"{_text(e.get('recorded_at'))} by {e.get('recorded_by')}",
            )
            for e in events
        ],
        (0.06, 0.12, 0.18, 0.3, 0.19, 0.15),
        title,
    )


def _risk(story: _Story, events: Sequence[Mapping[str, object]], forms: RiskForms | None) -> None:
    title = "Your risk assessments"
    story.heading(title)
    assessments = [e for e in events if e.get("type") == "risk_assessment"]
    if not assessments:
        story.para("None held.", "meta")
    for event in assessments:
        fields = event.get("fields")
        fields = fields if isinstance(fields, Mapping) else {}
        version = fields.get("form_version")
        form = (
            forms.get(str(fields.get("form")), version if isinstance(version, int) else None)
            if forms
            else None
        )
        story.heading(
            f"{_text(event.get('date'))}: {form.title if form else fields.get('form')}", "h2"
        )
        story.para(
            escape(
                _fields_text("risk_assessment", {k: v for k, v in fields.items() if k != "answers"})
            ).replace("\n", "<br/>"),
            "cell",
        )
        answers = fields.get("answers")
        if isinstance(answers, Mapping) and answers:
            texts = {q.id: q.text for q in form.questions} if form else {}
            story.table(
                ("Question", "Answer"),
                [(texts.get(str(q), q), a) for q, a in answers.items()],
                (0.85, 0.15),
                title,
            )


def _sharing(story: _Story, events: Sequence[Mapping[str, object]]) -> None:
    title = "Information shared without your consent"
    story.heading(title)
    shared = [e for e in events if e.get("type") == "info_shared_without_consent"]
    reviews = [e for e in events if e.get("type") == "sharing_reviewed"]
    rows = []
    for event in shared:
        fields = event.get("fields")
        fields = fields if isinstance(fields, Mapping) else {}
        reviewed = [
            _text(r.get("date"))
            for r in reviews
            if (named := r.get("fields")) is not None
            and isinstance(named, Mapping)
            and named.get("shared") == event.get("event_id")
        ]
        rows.append(
            (
                event.get("date"),
                fields.get("what"),
                fields.get("with"),
                f"{_text(fields.get('reason'))}\nLawful basis: {_text(fields.get('lawful_basis'))}",
                fields.get("approved_by"),
                ", ".join(reviewed) or "not yet",
            )
        )
    story.table(
        ("Date", "What", "With", "Why", "Approved by", "Reviewed"),
        rows,
        (0.13, 0.2, 0.15, 0.25, 0.13, 0.14),
        title,
    )


def _obligations(story: _Story, evaluation: Evaluation) -> None:
    title = "What is owed to you, and by when"
    story.heading(title)
    story.para(
        f"As our app works them out from the events recorded, on {long_date(evaluation.today)}, "
        "with the law or standard each comes from.",
        "meta",
    )
    story.table(
        ("What", "Owed by", "Due", "Status", "Source"),
        [
            (
                o.what,
                AGENCY_LABELS.get(o.owed_by, o.owed_by),
                o.due.isoformat() if o.due else "no fixed date",
                _STATUS.get(o.status.value, o.status.value)
                + (f" ({_text(o.met_on.isoformat())})" if o.met_on else ""),
                o.source,
            )
            for o in evaluation.obligations
        ],
        (0.34, 0.14, 0.13, 0.14, 0.25),
        title,
    )


def _documents(story: _Story) -> None:
    bundle = story.bundle
    title = _TITLES["document"]
    story.heading(title)
    versions = bundle.records.get("document_version", [])
    by_name = {a.name: a for a in bundle.attachments}
    rows = []
    for doc in bundle.records.get("document", []):
        files = []
        for v in versions:
            if v.get("document_id") != doc.get("id"):
                continue
            content = v.get("content")
            file = content.get("file") if isinstance(content, Mapping) else None
            files.append(f"version {v.get('version')} ({_text(v.get('created_at'))}): {file}")
        rows.append((doc.get("title"), doc.get("kind"), "\n".join(files)))
    story.table(("Title", "Kind", "Files beside this copy"), rows, (0.3, 0.15, 0.55), title)
    letters = [a for a in by_name.values() if a.text]
    for attachment in letters:
        story.heading(f"{attachment.title or 'Letter'} ({attachment.name})", "h2")
        story.para(story.mark(attachment.text, title), "cell")
