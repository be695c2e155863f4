"""What each section of the subject access PDF shows, and how a record's values read there.

The sections are laid out by `pdf.py` (its `_Story` escapes and highlights every value); each
table of the case file has a section, and a table this version does not know (one a later case
format adds) is shown after them under its own name, so nothing held is left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol
from xml.sax.saxutils import escape

from vcop_desktop.domain.vocabulary import AGENCY_LABELS, EVENT_FIELDS, event_label
from vcop_desktop.letters.words import long_date

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import Evaluation
    from vcop_desktop.domain.risk import RiskForms
    from vcop_desktop.subject_access.bundle import Bundle


class Story(Protocol):
    """The page a section is laid out on (`pdf._Story`): named by its shape, so this module
    says what each section shows without knowing how the PDF is made."""

    @property
    def bundle(self) -> Bundle: ...
    def mark(self, value: object, section: str | None) -> str: ...
    def para(self, markup: str, style: str = "body") -> None: ...
    def heading(self, text: str, style: str = "h1") -> None: ...
    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
        section: str | None,
    ) -> None: ...  # fmt: skip
    def details(self, rows: Sequence[Mapping[str, object]], section: str) -> None: ...


STATUS = {
    "open": "Open",
    "overdue": "Overdue",
    "met": "Met",
    "met_late": "Met late",
    "waived": "Waived",
    "not_applicable": "Does not apply",
}
#: Tables shown in sections of their own, in this order; any other table (one a later case
#: format adds) is shown after them under its own name, so nothing held is left out.
TITLES = {
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


def as_words(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return _short(date.fromisoformat(value))
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+([+-]\d\d:\d\d)?", value):
        return f"{_short(date.fromisoformat(value[:10]))} {value[11:16]}"
    if isinstance(value, list):
        return ", ".join(as_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{column_label(str(k))}: {as_words(v)}" for k, v in value.items())
    return str(value)


def _short(day: date) -> str:
    """ "3 Dec 2026": a table's date, kept on one line."""
    return f"{day.day} {long_date(day).split()[1][:3]} {day.year}"


def column_label(column: str) -> str:
    words = column.replace("_", " ")
    return words[:1].upper() + words[1:]


def records(story: Story, evaluation: Evaluation, forms: RiskForms | None) -> None:
    records = story.bundle.records
    story.heading(TITLES["victim"])
    story.details(records.get("victim", []), TITLES["victim"])
    story.heading(TITLES["case_details"])
    story.details(records.get("case_details", []), TITLES["case_details"])
    duties = {o.duty: o.what for o in evaluation.obligations}
    _events(story, records.get("case_event", []), duties)
    _risk(story, records.get("case_event", []), forms)
    _sharing(story, records.get("case_event", []))
    _obligations(story, evaluation)
    title = TITLES["safety_plan_item"]
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
    title = TITLES["contact"]
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
    title = TITLES["note"]
    story.heading(title)
    notes = records.get("note", [])
    if not notes:
        story.para("None held.", "meta")
    for note in notes:
        when, who = story.mark(note.get("written_at"), title), story.mark(note.get("author"), title)
        story.para(f"{when} · {who}", "meta")
        story.para(story.mark(note.get("text"), title))
    title = TITLES["good_reason"]
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
    title = TITLES["letter_recipient"]
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
        if table not in TITLES:
            story.heading(column_label(table))
            story.details(rows, column_label(table))
    title = TITLES["audit_log"]
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
    labels = {
        spec.name: spec.label or column_label(spec.name) for spec in EVENT_FIELDS.get(kind, ())
    }
    parts = []
    for key, value in fields.items():
        if key == "answers" and isinstance(value, Mapping):
            yes = sum(1 for v in value.values() if v is True)
            parts.append(f"Answers: {yes} of {len(value)} yes (listed under risk assessments)")
        elif key == "duty" and duties and isinstance(value, str) and value in duties:
            parts.append(f"{labels.get(key, 'Duty')}: {duties[value]}")
        else:
            shown = AGENCY_LABELS.get(value, value) if isinstance(value, str) else value
            parts.append(f"{labels.get(key, column_label(key))}: {as_words(shown)}")
    return "\n".join(parts)


def _events(
    story: Story, events: Sequence[Mapping[str, object]], duties: Mapping[str, str]
) -> None:
    title = TITLES["case_event"]
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
                f"{as_words(e.get('recorded_at'))} by {e.get('recorded_by')}",
            )
            for e in events
        ],
        (0.06, 0.12, 0.18, 0.3, 0.19, 0.15),
        title,
    )


def _risk(story: Story, events: Sequence[Mapping[str, object]], forms: RiskForms | None) -> None:
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
            f"{as_words(event.get('date'))}: {form.title if form else fields.get('form')}", "h2"
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


def _sharing(story: Story, events: Sequence[Mapping[str, object]]) -> None:
    title = "Information shared without your consent"
    story.heading(title)
    shared = [e for e in events if e.get("type") == "info_shared_without_consent"]
    reviews = [e for e in events if e.get("type") == "sharing_reviewed"]
    rows = []
    for event in shared:
        fields = event.get("fields")
        fields = fields if isinstance(fields, Mapping) else {}
        reviewed = [
            as_words(r.get("date"))
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
                f"{as_words(fields.get('reason'))}\n"
                f"Lawful basis: {as_words(fields.get('lawful_basis'))}",
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


def _obligations(story: Story, evaluation: Evaluation) -> None:
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
                STATUS.get(o.status.value, o.status.value)
                + (f" ({as_words(o.met_on.isoformat())})" if o.met_on else ""),
                o.source,
            )
            for o in evaluation.obligations
        ],
        (0.34, 0.14, 0.13, 0.14, 0.25),
        title,
    )


def _documents(story: Story) -> None:
    bundle = story.bundle
    title = TITLES["document"]
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
            files.append(f"version {v.get('version')} ({as_words(v.get('created_at'))}): {file}")
        rows.append((doc.get("title"), doc.get("kind"), "\n".join(files)))
    story.table(("Title", "Kind", "Files beside this copy"), rows, (0.3, 0.15, 0.55), title)
    letters = [a for a in by_name.values() if a.text]
    for attachment in letters:
        story.heading(f"{attachment.title or 'Letter'} ({attachment.name})", "h2")
        story.para(story.mark(attachment.text, title), "cell")
