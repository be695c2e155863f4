"""Draft a letter: choose the kind, edit the text, make the PDF or DOCX (kept in the case file).

The dialog only edits text; drafting, rendering and saving run on the storage worker through
the callables the main window passes in. Nothing typed is dropped silently: closing, Esc or
drafting again over edits asks first, and drafts are saved in the case file to reopen later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Final

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.vocabulary import AGENCIES, AGENCY_LABELS, event_label
from vcop_desktop.letters.draft import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE
from vcop_desktop.letters.kinds import KINDS, LetterKind, kind_by_id
from vcop_desktop.letters.markup import find_gaps
from vcop_desktop.letters.saved_draft import SavedDraft
from vcop_desktop.ui.file_dialogs import safe_file_name, save_bytes_as
from vcop_desktop.ui.fit import fit_to_screen
from vcop_desktop.ui.letter_notes import LetterNotes
from vcop_desktop.ui.matters_list import MatterChoice, MattersList
from vcop_desktop.ui.text import long_date

#: (kind, agency, decision id, annex, matters ticked or None) -> (a Draft, its addressee), run on
#: the worker.
DraftJob = Callable[
    [LetterKind, str | None, str | None, bool, list[tuple[str, str]] | None], tuple[Any, str]
]
#: (draft, what to keep, (file bytes, media type) or None, document id or None) -> the document
#: id, on the worker.
SaveJob = Callable[[Any, SavedDraft, tuple[bytes, str] | None, int | None], int]
#: (draft, edited text) -> the file's bytes, on the worker.
RenderJob = Callable[[Any, str], bytes]


#: The event that records a review request, by the agency asked (domain/vocabulary.py).
VRR_REQUEST_EVENTS: Final = {"police": "police_vrr_requested", "cps": "cps_vrr_requested"}


@dataclass(frozen=True)
class FileFormat:
    """A file the letter can be made into: the PDF, or a DOCX for services that use Word."""

    name: str
    suffix: str
    media_type: str
    render: RenderJob


_ASK = QMessageBox.StandardButton


class LetterDialog(QDialog):
    def __init__(
        self,
        events: Sequence[Event],
        run: Callable[[Callable[[], Any], Callable[[Any], None], str], None],
        make_draft: DraftJob,
        save: SaveJob,
        render: Callable[[Any, str], bytes],
        *,
        render_docx: RenderJob | None = None,
        kind_id: str | None = None,
        agency: str | None = None,
        saved: SavedDraft | None = None,
        document_id: int | None = None,
        matter_choices: Sequence[MatterChoice] = (),
        record_complaint: Callable[[str, str | None], None] | None = None,
        record_request: Callable[[str, str | None], None] | None = None,
        sender_settings: Callable[[], bool] | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draft letter")
        fit_to_screen(self, 900, 760)
        self.events = list(events)
        #: the letter's date: a decision dated after it is not offered (the letter is written as
        #: at its date and could not answer it); one dated that day is
        self.today = today
        self._run_on_worker = run
        self._finished = False  # once closed, late results are dropped (the dialog is deleted)
        self.finished.connect(self._closed)
        self._make_draft = make_draft
        self._save = save
        self._formats = {"pdf": FileFormat("PDF", "pdf", PDF_MEDIA_TYPE, render)}
        if render_docx is not None:
            self._formats["docx"] = FileFormat("DOCX", "docx", DOCX_MEDIA_TYPE, render_docx)
        self.draft: Any = None
        self.addressee = ""
        self.document_id: int | None = document_id
        self.pdf: bytes | None = None
        self.docx: bytes | None = None
        self._clean_text = ""  # the text as last drafted or saved: anything else is unsaved
        self._then: Callable[[], None] | None = None
        self._asking: str | None = None  # the question open now ("pdf", "close", ...)
        self._pending: str | None = None  # a question a lock closed, to ask again
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of letter")
        for kind in KINDS:
            self.kind.addItem(kind.title, kind.id)
        form.addRow("&Letter:", self.kind)
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency complained about")
        for code in AGENCIES:
            if code not in ("victim", "advocate"):  # never a letter against either
                self.agency.addItem(AGENCY_LABELS[code], code)
        form.addRow("A&gency:", self.agency)
        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision")
        form.addRow("D&ecision:", self.decision)
        self.annex = QCheckBox("Attach the case's obligations as an evidence table (annex)")
        self.annex.setToolTip("Applied when the PDF is made, whenever it is ticked.")
        form.addRow("", self.annex)
        # A first complaint keeps to the matters ticked here; they are stored with the complaint
        # so that every later letter about it (stage 2, review, Ombudsman) lists only these.
        self._record_complaint = record_complaint
        self._record_request = record_request
        self.matters = MattersList(matter_choices)
        self.matters.setMaximumHeight(120)
        self.matters_label = QLabel("Complain &about:")
        self.matters_label.setBuddy(self.matters)
        form.addRow(self.matters_label, self.matters)
        self.agency.currentIndexChanged.connect(self._tick_matters)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.draft_button = QPushButton("Draft &text")
        self.draft_button.clicked.connect(self.make_draft)
        row.addWidget(self.draft_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Letter text")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlaceholderText("Choose a kind of letter and press Draft text.")
        self.editor.textChanged.connect(self._update_gaps)
        layout.addWidget(self.editor, 1)
        self._sender_settings = sender_settings
        self.notes = LetterNotes(None if sender_settings is None else self.fill_sender_details)
        layout.addWidget(self.notes)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save draft")
        self.save_button.clicked.connect(lambda: self.save_draft())
        self.pdf_button = QPushButton("Make &PDF…")
        self.pdf_button.clicked.connect(self.make_pdf)
        self.docx_button = QPushButton("Make DOC&X…")
        self.docx_button.setToolTip(
            "A Word file with the same text and headings, for services that edit letters in Word"
        )
        self.docx_button.clicked.connect(self.make_docx)
        self.docx_button.setVisible(render_docx is not None)
        close = QPushButton("&Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.docx_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if saved is not None:
            kind_id, agency = saved.kind, saved.agency
        if kind_id:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind_id)))
        if agency:
            self.agency.setCurrentIndex(max(0, self.agency.findData(agency)))
        self._kind_changed()
        self._set_ready(False)
        if saved is not None:
            self._reopen(saved)

    def current_kind(self) -> LetterKind:
        return kind_by_id(str(self.kind.currentData()))

    def _letter_agency(self) -> str | None:
        kind = self.current_kind()
        return str(self.agency.currentData()) if kind.needs_agency else kind.agency

    def _tick_matters(self) -> None:
        first = self.current_kind().is_first_complaint
        self.matters.setVisible(first)
        self.matters_label.setVisible(first)
        if first:
            self.matters.tick_agency(self._letter_agency())

    def _matters(self, kind: LetterKind) -> list[tuple[str, str]] | None:
        return self.matters.ticked_keys() if kind.is_first_complaint else None

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self._tick_matters()
        self.agency.setEnabled(kind.needs_agency)
        if not kind.needs_agency and kind.agency is not None:  # show who it goes to, greyed
            self.agency.setCurrentIndex(max(0, self.agency.findData(kind.agency)))
        self.decision.clear()
        choices = [
            e
            for e in self.events
            if e.type in kind.decisions and (self.today is None or e.date <= self.today)
        ]
        # In the record's order (date, then entry), as the letter's facts order them, so the
        # latest offered is the one a letter answers by default.
        for event in sorted(choices, key=lambda e: e.sort_key):
            self.decision.addItem(f"{long_date(event.date)}: {event_label(event.type)}", event.id)
        if not choices:
            self.decision.addItem("(none on record)", None)
        self.decision.setEnabled(len(choices) > 1)
        if len(choices) > 1:
            self.decision.setCurrentIndex(len(choices) - 1)  # the latest decision

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)
        self.docx_button.setEnabled(ready)

    # -- what is kept ----------------------------------------------------------------------------

    def _choices(self) -> tuple[LetterKind, str | None, str | None]:
        kind = self.current_kind()
        agency = self.agency.currentData() if kind.needs_agency else None
        decision = self.decision.currentData() if kind.decisions else None
        return kind, agency, decision

    def to_keep(self) -> SavedDraft:
        kind, agency, decision = self._choices()
        return SavedDraft(
            kind=kind.id, text=self.editor.toPlainText(), agency=agency, decision=decision,
            annex=self.annex.isChecked(), addressee=self.addressee,
        )  # fmt: skip

    def has_unsaved_text(self) -> bool:
        text = self.editor.toPlainText()
        return bool(text.strip()) and text != self._clean_text

    def keep(self) -> dict[str, Any]:
        """Everything on screen, for reopening after an unlock (held in memory only), and the
        question that was open, if any (see `_ask_again`)."""
        state: dict[str, Any] = {
            "saved": asdict(self.to_keep()), "document_id": self.document_id,
            "clean": self._clean_text, "matters": self.matters.text(), "asking": self._asking,
        }  # fmt: skip
        if self._asking and self._asking.startswith("record:"):
            key = self._asking.removeprefix("record:")
            state["file"] = (key, getattr(self, key, None))
        return state

    def _reopen(self, saved: SavedDraft, clean: str | None = None) -> None:
        """Show a stored (or kept) draft's text; draft again behind it for the PDF's details."""
        if saved.decision:
            self.decision.setCurrentIndex(max(0, self.decision.findData(saved.decision)))
        self.annex.setChecked(saved.annex)
        self.addressee = saved.addressee
        self.editor.setPlainText(saved.text)
        self._clean_text = saved.text if clean is None else clean
        kind, agency, decision = self._choices()
        matters = self._matters(kind)

        def done(result: tuple[Any, str]) -> None:
            self.draft, self.addressee = result
            self._set_ready(True)
            self._ask_again()

        self._run(lambda: self._make_draft(kind, agency, decision, False, matters), done)

    def restore(self, state: dict[str, Any]) -> None:
        self.document_id = state.get("document_id")
        saved = SavedDraft(**state["saved"])
        self.kind.setCurrentIndex(max(0, self.kind.findData(saved.kind)))
        if saved.agency:
            self.agency.setCurrentIndex(max(0, self.agency.findData(saved.agency)))
        if state.get("matters") is not None and self.current_kind().is_first_complaint:
            self.matters.set_text(str(state["matters"]))
        self._pending = state.get("asking")
        if state.get("file"):
            key, data = state["file"]
            setattr(self, key, data)
        self._reopen(saved, clean=state.get("clean", ""))

    def _ask_again(self) -> None:
        """The question a lock closed, where its answer cannot simply default to No: the
        letter's file was already made and kept, so "record the complaint?" is asked again
        (then the offer to save a copy). The other questions ("make it anyway?", "save your
        edits?") default to No, doing nothing: the letter is back and the advocate repeats."""
        pending, self._pending = self._pending, None
        if pending and pending.startswith("record:") and self.draft is not None:
            self._offer_to_record(self.draft, pending.removeprefix("record:"))

    def _question(self, asking: str, show: Callable[[], Any]) -> Any:
        """Show a question box, remembering which one is open (a lock keeps that); a box a
        lock closed answers as no button was pressed, which every caller treats as No."""
        self._asking = asking
        try:
            return show()
        finally:
            self._asking = None

    def _settle(self, then: Callable[[], None], asking: str) -> None:
        """Unsaved edits: Save draft / Discard / Cancel, then `then()` unless cancelled."""
        if not self.has_unsaved_text():
            then()
            return
        answer = self._question(
            asking,
            lambda: QMessageBox.question(
                self,
                "Unsaved letter",
                "The letter has changes that are not saved. Save them as a draft in the case file?",
                _ASK.Save | _ASK.Discard | _ASK.Cancel,
                _ASK.Save,
            ),
        )
        if self._finished:
            return
        if answer == _ASK.Save and self.draft is not None:
            self.save_draft(then)
        elif answer == _ASK.Discard:
            then()

    def _closed(self, _result: int) -> None:
        self._finished = True

    def _run(
        self, job: Callable[[], Any], done: Callable[[Any], None], doing: str = "draft the letter"
    ) -> None:
        """Run `job` on the worker; a failure is titled with `doing` ("Could not make the PDF")."""
        self._run_on_worker(job, lambda result: None if self._finished else done(result), doing)

    def reject(self) -> None:  # Close, Esc and the window's close button
        self._settle(super().reject, "close")

    # -- actions -----------------------------------------------------------------------------

    def make_draft(self) -> None:
        self._settle(self._draft_now, "draft")

    def _draft_now(self) -> None:
        kind, agency, decision = self._choices()
        matters = self._matters(kind)
        self.draft_button.setEnabled(False)

        def done(result: tuple[Any, str]) -> None:
            self.draft_button.setEnabled(True)
            self.draft, self.addressee = result
            self.document_id = None
            self.editor.setPlainText(self.draft.text)
            self._clean_text = self.draft.text
            self.notes.show_draft(self.draft)
            self._set_ready(True)

        self._run(lambda: self._make_draft(kind, agency, decision, False, matters), done)
        self.draft_button.setEnabled(True)

    def _update_gaps(self) -> None:
        self.notes.show_gaps(self.editor.toPlainText())

    def fill_sender_details(self) -> None:
        """Settings → Letters, then the letter drafted again with the details (at once when
        the text has no unsaved edits; otherwise the advocate redrafts when ready)."""
        if self._sender_settings is None or not self._sender_settings() or self._finished:
            return
        if self.draft is not None and not self.has_unsaved_text():
            self._draft_now()
        elif self.draft is not None:
            self.notes.sender_note.setText(
                "Saved. Press Draft text to put your details into the letter (you will be "
                "asked first about the edits you made)."
            )

    def save_draft(self, then: Callable[[], None] | None = None) -> None:
        if self.draft is None:
            return
        keep, draft, document_id = self.to_keep(), self.draft, self.document_id

        def done(saved_id: int) -> None:
            self.document_id = saved_id
            self._clean_text = keep.text
            self.notes.say_saved()
            if then is not None:
                then()

        self._run(lambda: self._save(draft, keep, None, document_id), done, "save the letter")

    def make_pdf(self) -> None:
        self._make_file("pdf")

    def make_docx(self) -> None:
        self._make_file("docx")

    def _make_file(self, key: str) -> None:
        """Check, then make the file from the text as it is now (kept in the case file with
        the draft) and offer to save a copy where the advocate chooses."""
        if self.draft is None or key not in self._formats:
            return
        fmt = self._formats[key]
        text = self.editor.toPlainText()
        gaps = find_gaps(text)
        warnings = tuple(self.draft.warnings)
        if gaps or warnings:
            parts = []
            if warnings:
                parts.append("Before you send it (not printed in the letter):\n\n• "
                             + "\n• ".join(warnings))  # fmt: skip
            if gaps:
                parts.append("The letter still has gaps, which will be printed highlighted:\n\n• "
                             + "\n• ".join(gaps))  # fmt: skip
            answer = self._question(
                key,
                lambda: QMessageBox.warning(
                    self,
                    f"Check before making the {fmt.name}",
                    "\n\n".join(parts) + f"\n\nMake the {fmt.name} anyway?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                ),
            )
            if answer != QMessageBox.StandardButton.Yes or self._finished:
                return
        draft, keep, document_id = self.draft, self.to_keep(), self.document_id
        kind, agency, decision = self._choices()
        matters = self._matters(kind)
        want_annex = self.annex.isChecked()

        def job() -> tuple[int, bytes]:
            # The annex follows the checkbox as it is now, whenever it was ticked.
            final = draft
            if want_annex and draft.annex is None:
                with_annex, _ = self._make_draft(kind, agency, decision, True, matters)
                final = replace(draft, annex=with_annex.annex)
            elif not want_annex and draft.annex is not None:
                final = replace(draft, annex=None)
            data = fmt.render(final, text)
            return self._save(final, keep, (data, fmt.media_type), document_id), data

        def done(result: tuple[int, bytes]) -> None:
            self.document_id, data = result
            setattr(self, key, data)
            self._clean_text = text
            # The copy first, then the question: asked before the file dialog, the question
            # took the "n" of a typed path as its No (issue 18).
            self.save_file_as(key)
            if not self._finished:  # a lock during the file dialog closed the letter
                self._offer_to_record(draft, key)

        self._run(job, done, f"make the {fmt.name}")

    def _offer_to_record(self, draft: Any, key: str = "pdf") -> None:
        """After the PDF (or DOCX, `key`) of a first complaint or a review request: offer to
        record it, so the case (and the victim's deadline it meets) says it was made."""
        if draft.kind.document_kind == "vrr_request":
            self._offer_to_record_request(draft, key)
        else:
            self._offer_to_record_complaint(draft, key)

    def _offer_to_record_request(self, draft: Any, key: str) -> None:
        """A VRR request's letter made: record `police_vrr_requested` / `cps_vrr_requested`
        naming the decision it challenges; until then the victim's deadline stays open."""
        kind = draft.kind
        agency = kind.agency
        decision = self.decision.currentData() if kind.decisions else None
        if self._record_request is None or agency not in VRR_REQUEST_EVENTS:
            return
        chosen = self.decision.currentText() if decision else ""
        about = f" about the decision: {chosen}" if chosen else ""
        answer = self._question(
            f"record:{key}",
            lambda: QMessageBox.question(
                self,
                "Record the review request",
                f"Record in the case that a Victims' Right to Review was requested today from "
                f"the {AGENCY_LABELS.get(agency, agency)}{about}?\n\nThe victim's deadline to "
                "ask is then shown as met. Record it once the letter is sent, or now if you "
                "send it today.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            ),
        )
        if answer == QMessageBox.StandardButton.Yes and not self._finished:
            self._record_request(VRR_REQUEST_EVENTS[agency], decision)

    def _offer_to_record_complaint(self, draft: Any, key: str = "pdf") -> None:
        """After a first complaint's PDF (or DOCX, `key`): record the complaint with its
        matters, if wanted."""
        kind = draft.kind
        agency = self._letter_agency()
        if not kind.is_first_complaint or self._record_complaint is None or not agency:
            return
        count = len(self.matters.ticked_keys())
        answer = self._question(
            f"record:{key}",
            lambda: QMessageBox.question(
                self,
                "Record the complaint",
                f"Record in the case that a complaint was made today to the "
                f"{AGENCY_LABELS.get(agency, agency)}, about the {count} obligation(s) "
                "ticked?\n\nLater letters about this complaint (stage 2, reviews, the "
                "Ombudsman) will list only these. Record it once the letter is sent, or now if "
                "you send it today.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            ),
        )
        if answer == QMessageBox.StandardButton.Yes and not self._finished:
            self._record_complaint(agency, self.matters.text())

    def save_pdf_as(self) -> None:
        self.save_file_as("pdf")

    def save_file_as(self, key: str) -> None:
        data: bytes | None = getattr(self, key, None)
        if data is None or self.draft is None:
            return
        fmt = self._formats[key]
        title = safe_file_name(f"{self.draft.case_code} {self.draft.document_title}")
        save_bytes_as(
            self, f"Save {fmt.name} as", f"{title}.{fmt.suffix}",
            f"{fmt.name} (*.{fmt.suffix})", data,
        )  # fmt: skip
