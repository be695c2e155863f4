"""Letters and their files: draft one from the case, reopen a saved draft, save or view
the PDF or DOCX that was made.

The drafting, rendering and saving run on the storage worker; the dialog runs through the
window (`host`), so a lock keeps the letter being written and the unlock brings it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.ui import tools_and_help
from vcop_desktop.ui.case_actions import record_event
from vcop_desktop.ui.matters_list import matter_choices

if TYPE_CHECKING:
    from vcop_desktop.storage import CaseHandle
    from vcop_desktop.ui.window_host import WindowHost


def draft_letter(host: WindowHost) -> None:
    """Case → Draft letter: for the obligation selected on the timeline, if any."""
    draft_letter_for(host, host.case_view.timeline.current())


def draft_letter_for(
    host: WindowHost,
    obligation: Obligation | None,
    state: Any = None,
    *,
    saved: Any = None,
    document_id: int | None = None,
) -> None:
    """Open the letter editor: for a breached obligation (preselecting the kind that fits),
    on a saved draft, or with what a lock kept (`state`)."""
    from vcop_desktop.letters.kinds import suggest_kind
    from vcop_desktop.ui.letter_dialog import LetterDialog

    bundle, session, workspace = host.case_view.bundle, host.session, host.workspace
    if bundle is None or session is None or workspace is None:
        host.tell("Choose a case first.", 5000)
        return
    suggestion = suggest_kind(obligation) if isinstance(obligation, Obligation) else None
    today = host.today
    from vcop_desktop.settings import SENDER_KEYS

    settings = host.context.settings
    user = {key: settings[key] for key in SENDER_KEYS}

    def sender_settings() -> bool:
        """Settings → Letters over the letter; the next draft uses what was saved."""
        if not tools_and_help.open_settings(host, parent=dialog, focus_group="Letters"):
            return False
        user.update({key: settings[key] for key in SENDER_KEYS})
        return True

    def open_handle() -> CaseHandle:
        handle = session.handle
        if handle is None or session.case_id != bundle.case_id:
            from vcop_desktop.errors import UserError

            raise UserError("The case is no longer open: choose it again.")
        return handle

    def make_draft(
        kind: Any,
        agency: str | None,
        decision: str | None,
        annex: bool,
        matters: list[tuple[str, str]] | None = None,
    ) -> Any:
        from vcop_desktop.letters.addressee import chosen_lines
        from vcop_desktop.letters.case_source import facts_for_case
        from vcop_desktop.letters.draft import draft_letter
        from vcop_desktop.letters.profile import letters_dir, load_profile, with_user_settings
        from vcop_desktop.storage.address_book import load_book
        from vcop_desktop.storage.recipient_choices import recipient_choices

        folder = letters_dir(workspace.folder)
        sender = with_user_settings(load_profile(folder), user)
        handle = open_handle()
        facts = facts_for_case(
            handle, kind, sender, today=today, agency=agency, decision_id=decision,
            matters=matters,
            chosen=chosen_lines(recipient_choices(handle), load_book(folder)),
        )  # fmt: skip
        addressee = next((str(line) for line in facts.recipient if line), "")
        return draft_letter(facts, templates_dir=folder, annex=annex), addressee

    def record_complaint(agency: str, matters: str | None) -> None:
        fields = {"against": agency, **({"matters": matters} if matters else {})}
        record_event(host, "complaint_made", today, fields, doing="record the complaint")

    def record_request(event_type: str, decision: str | None) -> None:
        fields = {"decision": decision} if decision else {}
        record_event(host, event_type, today, fields, doing="record the review request")

    def save(draft: Any, keep: Any, file: tuple[bytes, str] | None, document_id: int | None) -> int:
        from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE

        handle = open_handle()
        saved_id = document_id
        for content, media in ((keep.encode(), DRAFT_MEDIA_TYPE), file or (None, "")):
            if content is None:
                continue
            version = handle.save_document(
                draft.document_title, content, kind=draft.kind.document_kind,
                media_type=media, document_id=saved_id,
            )  # fmt: skip
            saved_id = version.document_id
        assert saved_id is not None
        return int(saved_id)

    def render(draft: Any, text: str) -> bytes:
        from vcop_desktop.letters.pdf import render_draft

        return render_draft(draft, text)

    def render_docx(draft: Any, text: str) -> bytes:
        from vcop_desktop.letters.docx_file import render_docx_draft

        return render_docx_draft(draft, text)  # author: the organisation, never the victim

    dialog = LetterDialog(
        [r.event for r in bundle.events],
        lambda job, done, doing: host.run(job, done, doing),
        make_draft,
        save,
        render,
        render_docx=render_docx,
        kind_id=suggestion[0] if suggestion else None,
        agency=suggestion[1] if suggestion else None,
        saved=saved,
        document_id=document_id,
        matter_choices=matter_choices(
            bundle.evaluation.obligations, [r.event for r in bundle.events]
        ),
        record_complaint=record_complaint,
        record_request=record_request,
        sender_settings=sender_settings,
        today=today,
        parent=host.window(),
    )
    if isinstance(state, dict):
        dialog.restore(state)
    host.exec_dialog(dialog, lambda kept: draft_letter_for(host, None, kept), case_bound=True)
    if not host.locked:
        host.load_case(bundle.case_id)  # show new documents


def open_draft(host: WindowHost, document_id: int) -> None:
    """Documents → Open draft: the newest saved draft of a letter, back in the editor."""
    session = host.session
    if session is None:
        return

    def job() -> Any:
        from vcop_desktop.errors import UserError
        from vcop_desktop.letters.draft import TEXT_MEDIA_TYPE
        from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE, SavedDraft

        handle = session.handle
        if handle is None:
            raise UserError("The case is no longer open: choose it again.")
        latest = handle.document_version(document_id)
        kind = next(d.kind for d, _ in handle.documents() if d.id == document_id)
        for version in range(latest.version, 0, -1):
            found = handle.document_version(document_id, version)
            if found.media_type == DRAFT_MEDIA_TYPE:
                return SavedDraft.decode(bytes(found.content))
            if found.media_type == TEXT_MEDIA_TYPE:  # saved before drafts kept their kind
                text = bytes(found.content).decode("utf-8")
                from vcop_desktop.letters.kinds import KINDS

                kind_id = next((k.id for k in KINDS if k.document_kind == kind), KINDS[0].id)
                return SavedDraft(kind=kind_id, text=text)
        raise UserError("This letter has no saved text to reopen.")

    def done(saved: Any) -> None:
        draft_letter_for(host, None, saved=saved, document_id=document_id)

    host.run(job, done, "open the draft")


def _letter_file(host: WindowHost, document_id: int, media_type: str = "application/pdf") -> Any:
    """A worker job: (case code, title, bytes) of a letter's newest PDF (or other
    `media_type`), or None."""
    session = host.session

    def job() -> tuple[str, str, bytes] | None:
        handle = session.handle if session is not None else None
        if handle is None:
            from vcop_desktop.errors import UserError

            raise UserError("The case is no longer open: choose it again.")
        latest = handle.document_version(document_id)
        for version in range(latest.version, 0, -1):
            found = handle.document_version(document_id, version)
            if found.media_type == media_type:
                title = next(d.title for d, _ in handle.documents() if d.id == document_id)
                return handle.case_code, title, bytes(found.content)
        return None

    return job


def save_document_as(host: WindowHost, document_id: int) -> None:
    """Export the newest PDF of a stored letter to a place the advocate chooses."""
    from vcop_desktop.letters.draft import PDF_MEDIA_TYPE

    _save_stored_as(host, document_id, PDF_MEDIA_TYPE, "PDF", "pdf")


def save_docx_as(host: WindowHost, document_id: int) -> None:
    """Export the newest DOCX of a stored letter to a place the advocate chooses."""
    from vcop_desktop.letters.draft import DOCX_MEDIA_TYPE

    _save_stored_as(host, document_id, DOCX_MEDIA_TYPE, "DOCX", "docx")


def _save_stored_as(
    host: WindowHost, document_id: int, media_type: str, name: str, suffix: str
) -> None:
    from vcop_desktop.ui.file_dialogs import safe_file_name, save_bytes_as

    title = f"Save {name} as"

    def done(result: tuple[str, str, bytes] | None) -> None:
        if result is None:
            QMessageBox.information(
                host.window(), title, f"This letter has no {name} yet: open the draft and make one."
            )
            return
        code, letter, data = result
        save_bytes_as(
            host.window(), title, f"{safe_file_name(f'{code} {letter}')}.{suffix}",
            f"{name} (*.{suffix})", data,
        )  # fmt: skip

    if host.session is not None:
        host.run(_letter_file(host, document_id, media_type), done, "read the document")


def view_document(host: WindowHost, document_id: int) -> None:
    """Open the newest PDF in the system's PDF viewer, through a private temporary file
    that is deleted when the app locks or quits (the viewer needs a file to read)."""

    def done(result: tuple[str, str, bytes] | None) -> None:
        if result is None:
            QMessageBox.information(
                host.window(),
                "Open PDF",
                "This letter has no PDF yet: open the draft and make one.",
            )
            return
        from vcop_desktop.ui.viewer import open_in_viewer

        if not open_in_viewer(host.viewer_files, result[0], result[2]):
            host.tell("No PDF viewer could be started.", 8000)

    if host.session is not None:
        host.run(_letter_file(host, document_id), done, "read the document")
