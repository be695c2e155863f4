"""Draft a letter: choose the kind, edit the text, make the PDF (stored in the case file).

The dialog only edits text; drafting, rendering and saving run on the storage worker through
the callables the main window passes in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
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
from vcop_desktop.letters.kinds import KINDS, LetterKind, kind_by_id
from vcop_desktop.letters.markup import find_gaps
from vcop_desktop.ui.matters_list import MatterChoice, MattersList
from vcop_desktop.ui.text import long_date

#: (kind, agency, decision id, annex, matters ticked or None) -> a Draft, run on the worker.
DraftJob = Callable[[LetterKind, str | None, str | None, bool, list[tuple[str, str]] | None], Any]


class LetterDialog(QDialog):
    def __init__(
        self,
        events: Sequence[Event],
        run: Callable[[Callable[[], Any], Callable[[Any], None]], None],
        make_draft: DraftJob,
        save: Callable[[Any, str, bytes | None, int | None], Any],
        render: Callable[[Any, str], bytes],
        *,
        kind_id: str | None = None,
        agency: str | None = None,
        matter_choices: Sequence[MatterChoice] = (),
        record_complaint: Callable[[str, str | None], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draft letter")
        self.resize(900, 760)
        self.events = list(events)
        self._run = run
        self._make_draft = make_draft
        self._save = save
        self._render = render
        self.draft: Any = None
        self.document_id: int | None = None
        self.pdf: bytes | None = None
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
            if code != "victim":
                self.agency.addItem(AGENCY_LABELS[code], code)
        form.addRow("A&gency:", self.agency)
        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision")
        form.addRow("D&ecision:", self.decision)
        self.annex = QCheckBox("Attach the case's obligations as an evidence table (annex)")
        form.addRow("", self.annex)
        # A first complaint keeps to the matters ticked here; they are stored with the complaint
        # so that every later letter about it (stage 2, review, Ombudsman) lists only these.
        self._record_complaint = record_complaint
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
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps.setAccessibleName("Missing information")
        layout.addWidget(self.gaps)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings for you (not in the letter)")
        self.warnings.setStyleSheet("color: #8a4b00")
        layout.addWidget(self.warnings)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save draft")
        self.save_button.clicked.connect(self.save_draft)
        self.pdf_button = QPushButton("Make &PDF…")
        self.pdf_button.clicked.connect(self.make_pdf)
        close = QPushButton("&Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if kind_id:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind_id)))
        if agency:
            self.agency.setCurrentIndex(max(0, self.agency.findData(agency)))
        self._kind_changed()
        self._set_ready(False)

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

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self._tick_matters()
        self.agency.setEnabled(kind.needs_agency)
        self.decision.clear()
        choices = [e for e in self.events if e.type in kind.decisions]
        for event in sorted(choices, key=lambda e: e.date):
            self.decision.addItem(f"{long_date(event.date)}: {event_label(event.type)}", event.id)
        if not choices:
            self.decision.addItem("(none on record)", None)
        self.decision.setEnabled(len(choices) > 1)
        if len(choices) > 1:
            self.decision.setCurrentIndex(len(choices) - 1)  # the latest decision

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    def make_draft(self) -> None:
        kind = self.current_kind()
        agency = self.agency.currentData() if kind.needs_agency else None
        decision = self.decision.currentData() if kind.decisions else None
        annex = self.annex.isChecked()
        matters = self.matters.ticked_keys() if kind.is_first_complaint else None
        self.draft_button.setEnabled(False)

        def done(draft: Any) -> None:
            self.draft_button.setEnabled(True)
            self.draft = draft
            self.document_id = None
            self.editor.setPlainText(draft.text)
            self.warnings.setText("\n".join(f"⚠ {w}" for w in getattr(draft, "warnings", ())))
            self._set_ready(True)

        self._run(lambda: self._make_draft(kind, agency, decision, annex, matters), done)
        self.draft_button.setEnabled(True)

    def _update_gaps(self) -> None:
        gaps = find_gaps(self.editor.toPlainText())
        if gaps:
            self.gaps.setText(
                "⚠ Missing from the case record (marked [MISSING: …] in the text): "
                + "; ".join(gaps)
            )
        else:
            self.gaps.setText("✓ No gaps marked." if self.editor.toPlainText() else "")

    def save_draft(self) -> None:
        if self.draft is None:
            return
        text = self.editor.toPlainText()

        def done(document_id: int) -> None:
            self.document_id = document_id
            self.gaps.setText(self.gaps.text() + "  Draft saved in the case's Documents.")

        self._run(lambda: self._save(self.draft, text, None, self.document_id), done)

    def make_pdf(self) -> None:
        if self.draft is None:
            return
        text = self.editor.toPlainText()
        gaps = find_gaps(text)
        warnings = tuple(getattr(self.draft, "warnings", ()))
        if gaps or warnings:
            parts = []
            if warnings:
                parts.append("Before you send it (not printed in the letter):\n\n• "
                             + "\n• ".join(warnings))  # fmt: skip
            if gaps:
                parts.append("The letter still has gaps, which will be printed highlighted:\n\n• "
                             + "\n• ".join(gaps))  # fmt: skip
            answer = QMessageBox.warning(
                self,
                "Check before making the PDF",
                "\n\n".join(parts) + "\n\nMake the PDF anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        draft = self.draft

        def job() -> tuple[int, bytes]:
            pdf = self._render(draft, text)
            return self._save(draft, text, pdf, self.document_id), pdf

        def done(result: tuple[int, bytes]) -> None:
            self.document_id, self.pdf = result
            self._offer_to_record_complaint(draft)
            self.save_pdf_as()

        self._run(job, done)

    def _offer_to_record_complaint(self, draft: Any) -> None:
        """After a first complaint's PDF: record the complaint with its matters, if wanted."""
        kind = draft.kind
        agency = self._letter_agency()
        if not kind.is_first_complaint or self._record_complaint is None or not agency:
            return
        count = len(self.matters.ticked_keys())
        answer = QMessageBox.question(
            self,
            "Record the complaint",
            f"Record in the case that a complaint was made today to the "
            f"{AGENCY_LABELS.get(agency, agency)}, about the {count} obligation(s) ticked?\n\n"
            "Later letters about this complaint (stage 2, reviews, the Ombudsman) will list only "
            "these. Record it once the letter is sent, or now if you send it today.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._record_complaint(agency, self.matters.text())

    def save_pdf_as(self) -> None:
        if self.pdf is None or self.draft is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save PDF as", f"{self.draft.document_title}.pdf", "PDF (*.pdf)"
        )
        if name:
            from pathlib import Path

            Path(name).write_bytes(self.pdf)
