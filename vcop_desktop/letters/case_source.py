"""The letters' view of an open case in the workspace: read facts, store drafts and PDFs.

Written against the few `CaseHandle` methods it needs (a protocol), so the letters package
does not import storage (and SQLAlchemy) and tests can pass a stand-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol

from vcop_desktop.domain.events import Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.letters.addressee import Chosen
from vcop_desktop.letters.draft import PDF_MEDIA_TYPE, TEXT_MEDIA_TYPE, Draft
from vcop_desktop.letters.facts import (
    CaseLike,
    LetterFacts,
    SenderProfile,
    VictimLike,
    build_facts,
)
from vcop_desktop.letters.kinds import LetterKind


class SavedVersion(Protocol):
    @property
    def document_id(self) -> int: ...
    @property
    def version(self) -> int: ...


class CaseSource(Protocol):
    """What letters need from an open case (`vcop_desktop.storage.CaseHandle` provides it)."""

    case_code: str

    def scenario(self) -> Scenario: ...
    def obligations(
        self, today: date | None = None, scenario: Scenario | None = None
    ) -> Evaluation: ...
    def victim(self) -> VictimLike: ...
    def case_record(self) -> CaseLike: ...


class DocumentStore(Protocol):
    def save_document(
        self,
        title: str,
        content: bytes,
        *,
        kind: str = ...,
        media_type: str = ...,
        document_id: int | None = ...,
    ) -> SavedVersion: ...


def facts_for_case(
    case: CaseSource,
    kind: LetterKind,
    sender: SenderProfile,
    *,
    today: date | None = None,
    agency: str | None = None,
    decision_id: str | None = None,
    matters: Sequence[tuple[str, str]] | None = None,
    chosen: Chosen | None = None,
) -> LetterFacts:
    """Read the case once and gather the facts for a letter of `kind`, judged on `today`.

    `chosen`: the address-book lines of the entries the case chose (see `addressee.py`)."""
    day = today or date.today()
    # Judged as at the letter's date on the events recorded by then (duties.md, "Letters are
    # written as at their date"): a later reply must not make an earlier letter call it late.
    scenario = as_at(case.scenario(), day)
    evaluation = case.obligations(day, scenario=scenario)
    # Reasons the agencies gave (a case file from before format 1.2 has none).
    good_reasons = getattr(case, "good_reasons", None)
    reasons = good_reasons() if callable(good_reasons) else ()
    return build_facts(
        kind=kind,
        case=case.case_record(),
        victim=case.victim(),
        events=scenario.events,
        evaluation=evaluation,
        sender=sender,
        agency=agency,
        decision_id=decision_id,
        matters_chosen=matters,
        reasons=reasons,
        addresses=chosen,
    )


def as_at(scenario: Scenario, day: date) -> Scenario:
    """The case as its record stood on `day`: events dated after it left out."""
    known = tuple(e for e in scenario.events if e.date <= day)
    return scenario if len(known) == len(scenario.events) else replace(scenario, events=known)


def save_letter(
    store: DocumentStore,
    draft: Draft,
    *,
    text: str | None = None,
    pdf: bytes | None = None,
    document_id: int | None = None,
) -> Sequence[SavedVersion]:
    """Keep the (edited) text and/or the PDF in the case file as new versions of one document.

    The first save creates the document; pass the returned `document_id` to add versions.
    Text is saved before the PDF, so the PDF is always the latest version when both are given.
    """
    saved: list[SavedVersion] = []
    for content, media in ((text, TEXT_MEDIA_TYPE), (pdf, PDF_MEDIA_TYPE)):
        if content is None:
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        version = store.save_document(
            draft.document_title,
            data,
            kind=draft.kind.document_kind,
            media_type=media,
            document_id=document_id,
        )
        document_id = version.document_id
        saved.append(version)
    return saved
