"""Worker-side case work: open a case, apply a change, and return everything the views show.

Every function here runs on the storage worker thread, never the UI thread. A write returns a
fresh `CaseBundle` (what changed) so the case view, the list row and the dashboard refresh only
what they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.flag_effects import FlagEffect, effects_for
from vcop_desktop.domain.obligations import Evaluation, Status
from vcop_desktop.errors import UserError
from vcop_desktop.storage import CaseSummary, ComingUp, RetentionDue, Workspace
from vcop_desktop.storage.address_book import AddressEntry, load_book
from vcop_desktop.storage.due_rows import DueRows
from vcop_desktop.ui.models.cases_model import CaseRow, initials

if TYPE_CHECKING:  # the ORM is loaded when the first case is opened, not with the window
    from vcop_desktop.storage import CaseHandle, EventRecord
    from vcop_desktop.storage.models import CaseRecord, Document, Note, SafetyPlanItem, Victim

#: How far ahead the case list looks for each case's next deadline.
LIST_HORIZON_DAYS = 3660
#: How far ahead the dashboard's "Coming up" looks.
COMING_UP_DAYS = 28


@dataclass(frozen=True)
class LetterInfo:
    """What the Documents list shows of a letter besides its title."""

    addressee: str = ""
    has_draft: bool = False
    has_pdf: bool = False
    has_docx: bool = False


def letter_info(handle: CaseHandle, document_id: int, latest: int) -> LetterInfo:
    """Read the letter's versions newest first, only as far as needed."""
    from vcop_desktop.letters.draft import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, TEXT_MEDIA_TYPE
    from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE, SavedDraft

    addressee, has_draft, has_pdf, has_docx = "", False, False, False
    for version in range(latest, 0, -1):
        found = handle.document_version(document_id, version)
        if found.media_type == PDF_MEDIA_TYPE:
            has_pdf = True
        elif found.media_type == DOCX_MEDIA_TYPE:
            has_docx = True
        elif found.media_type in (DRAFT_MEDIA_TYPE, TEXT_MEDIA_TYPE) and not has_draft:
            has_draft = True
            if found.media_type == DRAFT_MEDIA_TYPE:
                try:
                    addressee = SavedDraft.decode(bytes(found.content)).addressee
                except ValueError:
                    addressee = ""
        if has_draft and has_pdf and has_docx:
            break
    return LetterInfo(addressee, has_draft, has_pdf, has_docx)


@dataclass(frozen=True)
class CaseBundle:
    case_id: str
    case_code: str
    victim: Victim
    record: CaseRecord
    events: list[EventRecord]
    evaluation: Evaluation
    notes: list[Note]
    documents: list[tuple[Document, int]]
    letters: dict[int, LetterInfo] | None = None
    #: the workspace's address book and, per slot, the entry this case's letters go to
    address_book: tuple[AddressEntry, ...] = ()
    recipients: dict[str, str] = field(default_factory=dict)
    #: why the address book could not be read (the case is shown all the same)
    address_book_problem: str = ""
    #: for each duty ruled out by the case's flags, the flags that would make it apply
    flag_fixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: What each flag changes under the rules in force today (the flags' tooltips).
    flag_effects: dict[str, FlagEffect] = field(default_factory=dict)
    #: the safety plan's items, closed ones too (the Safety plan tab)
    safety_plan: tuple[SafetyPlanItem, ...] = ()


@dataclass(frozen=True)
class WorkspaceView:
    """What the main window shows after unlock or a refresh."""

    rows: list[CaseRow]
    due: DueRows
    problems: list[str]
    #: the dashboard's "Coming up": hearings, MARAC meetings, plan reviews, victim's deadlines
    coming: list[ComingUp] = field(default_factory=list)
    #: closed cases due for their retention review, and the schedule's years
    retention: list[RetentionDue] = field(default_factory=list)
    retention_years: int = 6


def case_rows(
    workspace: Workspace,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    *,
    within_days: int = LIST_HORIZON_DAYS,
) -> tuple[list[CaseRow], DueRows, list[str]]:
    """The case list's rows, and the obligations due within `within_days` (overdue ones
    included): the dashboard's and the reminders' (the window asks for no more than they
    show). Each row's next due day and overdue count are counted by the index over
    `LIST_HORIZON_DAYS`, whatever `within_days` is."""
    problems = workspace.refresh_index(progress)
    # The index is fresh: these read it as it stands. The dashboard's lines share the
    # summaries' case ids and codes.
    summaries = workspace.list_cases(refresh=False)
    known = {s.case_id: s for s in summaries}
    board = workspace.dashboard(within_days, today, refresh=False, known=known)
    deadlines = workspace.case_deadlines(LIST_HORIZON_DAYS, today, refresh=False)
    rows = [row_for(s, *deadlines.get(s.case_id, (None, 0))) for s in summaries]
    return rows, board.items, [str(p) for p in problems]


def row_for(summary: CaseSummary, next_due: date | None, overdue: int) -> CaseRow:
    preferred = summary.preferred_name
    return CaseRow(
        summary=summary,
        next_due=next_due,
        overdue=overdue,
        # An anonymised case's name is its code (workspace_retention.py): said in words.
        display_name=preferred
        or ("anonymised" if summary.victim_name == summary.case_code else None)
        or initials(summary.victim_name),
    )


def load_workspace_view(
    workspace: Workspace,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    *,
    within_days: int = LIST_HORIZON_DAYS,
) -> WorkspaceView:
    """`progress(done, total)` as the index is refilled (ui/index_progress.py); `within_days`:
    see `case_rows`."""
    rows, due, problems = case_rows(workspace, today, progress, within_days=within_days)
    coming = workspace.coming_up(today, COMING_UP_DAYS, refresh=False)  # just refreshed
    retention = workspace.retention_due(today, refresh=False)
    return WorkspaceView(rows, due, problems, coming, retention, workspace.retention_years())


class CaseSession:
    """The one open case (its file is locked while open). Used only on the worker thread."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.handle: CaseHandle | None = None
        self.case_id: str | None = None
        # Versions are never rewritten, so a letter's info at a given latest version is final.
        self._letters: dict[tuple[int, int], LetterInfo] = {}

    def open(self, case_id: str, today: date) -> CaseBundle:
        if self.case_id != case_id:
            self.close()
            self.handle = self.workspace.open_case(case_id)
            self.case_id = case_id
        return self.bundle(today)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.handle = None
        self.case_id = None
        self._letters = {}

    def bundle(self, today: date) -> CaseBundle:
        from vcop_desktop.storage.recipient_choices import recipient_choices  # the ORM

        handle = self._handle()
        assert self.case_id is not None
        contents = handle.contents()  # one read transaction
        book, problem = self._address_book()
        evaluation = handle.obligations(today, contents.scenario)
        rulebook = self.workspace.rulebook()
        ruled_out = {o.duty for o in evaluation.obligations if o.status is Status.NOT_APPLICABLE}
        return CaseBundle(
            case_id=self.case_id,
            case_code=handle.case_code,
            victim=contents.victim,
            record=contents.record,
            events=contents.events,
            evaluation=evaluation,
            notes=contents.notes,
            documents=contents.documents,
            letters={
                int(doc.id): self._letter(handle, int(doc.id), latest)
                for doc, latest in contents.documents
                if doc.id is not None
            },
            address_book=book,
            recipients=recipient_choices(handle),
            address_book_problem=problem,
            flag_fixes={
                duty: fixes for duty in ruled_out if (fixes := rulebook.flags_that_apply(duty))
            },
            flag_effects=effects_for(rulebook, today),
            safety_plan=tuple(handle.safety_plan.items()),
        )

    def _address_book(self) -> tuple[tuple[AddressEntry, ...], str]:
        from vcop_desktop.letters.profile import letters_dir

        try:
            return tuple(load_book(letters_dir(self.workspace.folder))), ""
        except UserError as error:
            return (), str(error)

    def _letter(self, handle: CaseHandle, document_id: int, latest: int) -> LetterInfo:
        key = (document_id, latest)
        if key not in self._letters:
            self._letters[key] = letter_info(handle, document_id, latest)
        return self._letters[key]

    def change(self, today: date, action: Callable[[CaseHandle], Any]) -> CaseBundle:
        """Apply one write (a transaction with its audit row) and return the new state."""
        action(self._handle())
        return self.bundle(today)

    def _handle(self) -> CaseHandle:
        if self.handle is None:
            raise RuntimeError("no case is open")
        return self.handle
