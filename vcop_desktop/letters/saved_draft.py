"""A letter draft as kept in the case file: the edited text and how to draft it again.

Stored as a document version (JSON, inside the encrypted case file) so that a draft can be
reopened with its kind, agency, decision and annex choice, and listed with its addressee.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

#: Media type of a saved draft (a document version in the case file).
DRAFT_MEDIA_TYPE = "application/x-vcop-letter-draft+json"


@dataclass(frozen=True, slots=True)
class SavedDraft:
    kind: str
    text: str
    agency: str | None = None
    decision: str | None = None
    annex: bool = False
    addressee: str = ""

    def encode(self) -> bytes:
        return json.dumps({"format": 1, **asdict(self)}, ensure_ascii=False).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> SavedDraft:
        """Read a stored draft; raises ValueError for anything that is not one."""
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != 1:
            raise ValueError("not a saved letter draft")
        kind, text = raw.get("kind"), raw.get("text")
        if not isinstance(kind, str) or not isinstance(text, str):
            raise ValueError("a saved letter draft needs its kind and text")
        agency, decision = raw.get("agency"), raw.get("decision")
        return cls(
            kind=kind,
            text=text,
            agency=agency if isinstance(agency, str) else None,
            decision=decision if isinstance(decision, str) else None,
            annex=bool(raw.get("annex")),
            addressee=str(raw.get("addressee") or ""),
        )
