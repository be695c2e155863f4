"""A subject access bundle in memory: the JSON, the PDF and the attached documents.

Made from `storage.subject_access.read_everything` (every row of every table about the person)
and the engine's obligations. Nothing is written here: `export.py` writes the files.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE, SavedDraft
from vcop_desktop.subject_access.names import ThirdParty, third_parties

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import Evaluation
    from vcop_desktop.storage.subject_access import HeldRecords

FORMAT = 1
DOCUMENTS_DIR = "documents"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_SUFFIX = {"application/pdf": "pdf", DOCX_MEDIA_TYPE: "docx", DRAFT_MEDIA_TYPE: "txt"}


@dataclass(frozen=True, slots=True)
class Attachment:
    """One document version given as a file beside the PDF."""

    name: str  # relative to the bundle folder: "documents/document-3-v2.pdf"
    title: str
    media_type: str
    data: bytes
    #: the text searched for third parties' names (a letter's text; None: not searchable)
    text: str | None


@dataclass(slots=True)
class Bundle:
    """What an export writes: `pdf`, `json` and each attachment."""

    case_code: str
    made_on: date
    records: dict[str, list[dict[str, object]]]
    obligations: list[dict[str, object]]
    attachments: list[Attachment]
    parties: list[ThirdParty]
    #: the address book: entry id -> agency name (a letter recipient is stored by id)
    address_book: dict[str, str] = field(default_factory=dict)
    #: third party name -> section -> times found (filled in as the PDF is laid out)
    found: dict[str, dict[str, int]] = field(default_factory=dict)
    pdf: bytes = b""

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.records.items()}

    def json_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "what": "Everything the advocacy service holds about the person in this case "
            "(UK GDPR Art. 15), as the PDF beside this file shows it.",
            "case_code": self.case_code,
            "made_on": self.made_on.isoformat(),
            "records": self.records,
            "obligations": self.obligations,
            "attachments": [
                {"file": a.name, "title": a.title, "media_type": a.media_type, "bytes": len(a.data)}
                for a in self.attachments
            ],
            "to_redact_before_sending": [
                {
                    "name": p.name,
                    "who": p.role,
                    "found_in": self.found.get(p.name, {}),
                }
                for p in self.parties
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")

    def file_names(self, stem: str) -> list[str]:
        return [f"{stem}.pdf", f"{stem}.json", *(a.name for a in self.attachments)]


def build(
    held: HeldRecords,
    evaluation: Evaluation,
    *,
    case_code: str,
    made_on: date,
    address_book: Mapping[str, str] | None = None,
) -> Bundle:
    """The bundle: records as JSON values (a document's content replaced by its file's name),
    obligations, attachments and third parties; `pdf.render` then lays the PDF out from it.
    `address_book` (entry id -> agency name) names the agencies letters go to."""
    attachments: list[Attachment] = []
    titles: dict[object, str] = {
        row.get("id"): str(row.get("title", "")) for row in held.tables.get("document", [])
    }
    records: dict[str, list[dict[str, object]]] = {}
    for table, rows in held.tables.items():
        out: list[dict[str, object]] = []
        for row in rows:
            plain: dict[str, object] = {}
            for key, value in row.items():
                if isinstance(value, bytes):
                    attachment = _attachment(row, value, titles)
                    attachments.append(attachment)
                    plain[key] = {"file": attachment.name, "bytes": len(value)}
                else:
                    plain[key] = value
            out.append(plain)
        records[table] = out
    bundle = Bundle(
        case_code=case_code,
        made_on=made_on,
        records=records,
        obligations=[o.to_dict() for o in evaluation.obligations],
        attachments=attachments,
        parties=third_parties(held.tables, (address_book or {}).values()),
        address_book=dict(address_book or {}),
    )
    return bundle


def _attachment(row: Mapping[str, object], data: bytes, titles: Mapping[object, str]) -> Attachment:
    media = str(row.get("media_type", ""))
    doc, version = row.get("document_id"), row.get("version")
    name = f"{DOCUMENTS_DIR}/document-{doc}-v{version}.{_SUFFIX.get(media, 'bin')}"
    text: str | None = None
    if media == DRAFT_MEDIA_TYPE:
        try:
            text = SavedDraft.decode(data).text
            data = text.encode("utf-8")
        except (ValueError, UnicodeDecodeError):
            name = name.removesuffix(".txt") + ".json"
    elif media == DOCX_MEDIA_TYPE:
        text = docx_text(data)
    return Attachment(name, titles.get(doc, ""), media, data, text)


_PARAGRAPH_RE = re.compile(rb"</w:p>")
_TAG_RE = re.compile(rb"<[^>]+>")


def docx_text(data: bytes) -> str | None:
    """The words of a DOCX (its main part, paragraph by paragraph), or None when unreadable.
    Enough to search for names; the file itself is attached unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20_000_000:
                return None
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    from xml.sax.saxutils import unescape

    text = _TAG_RE.sub(b"", _PARAGRAPH_RE.sub(b"\n", xml)).decode("utf-8", "replace")
    return unescape(text, {"&quot;": '"', "&apos;": "'"})


def stem_for(case_code: str, made_on: date) -> str:
    """The bundle's file stem: the case code and the day, never a name."""
    return f"subject-access-{case_code}-{made_on.isoformat()}"
