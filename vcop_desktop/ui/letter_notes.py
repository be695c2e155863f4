"""The notes under a letter's text: whose template it uses, the gaps left, an offer to set the
sender's details once, and warnings for the advocate (never printed in the letter)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vcop_desktop.letters.markup import find_gaps
from vcop_desktop.letters.profile import sender_gaps
from vcop_desktop.ui.contrast import WARNING_HUE, text_style


class LetterNotes(QWidget):
    """The four notes, in order; `fill_sender` (Settings → Letters) makes the sender offer
    possible (without it the offer is never shown)."""

    def __init__(
        self, fill_sender: Callable[[], None] | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._can_offer = fill_sender is not None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # A template in the workspace's letters folder replaces a bundled one; it may have come
        # from someone else (a restored backup), so the advocate is told, in words.
        self.template_note = QLabel()
        self.template_note.setWordWrap(True)
        self.template_note.setAccessibleName("Letter template")
        self.template_note.setVisible(False)
        layout.addWidget(self.template_note)
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps.setAccessibleName("Missing information")
        layout.addWidget(self.gaps)
        # The sender's own details (organisation, name, role) are gaps in every letter until
        # they are set once: offer Settings → Letters right here rather than in the text.
        self.sender_offer = QFrame()
        self.sender_offer.setObjectName("senderOffer")
        self.sender_offer.setStyleSheet(
            "#senderOffer { background: #fff6d6; border: 1px solid #d9b44a; border-radius: 3px; }"
        )
        offer = QHBoxLayout(self.sender_offer)
        offer.setContentsMargins(8, 4, 8, 4)
        self.sender_note = QLabel()
        self.sender_note.setWordWrap(True)
        offer.addWidget(self.sender_note, 1)
        self.sender_button = QPushButton("Fill in your &details…")
        self.sender_button.setToolTip("Opens Settings → Letters; the letter is then drafted again.")
        if fill_sender is not None:
            self.sender_button.clicked.connect(fill_sender)
        offer.addWidget(self.sender_button)
        self.sender_offer.setVisible(False)
        layout.addWidget(self.sender_offer)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings for you (not in the letter)")
        self.warnings.setStyleSheet(text_style(WARNING_HUE))
        layout.addWidget(self.warnings)

    def show_draft(self, draft: Any) -> None:
        """A fresh draft's warnings, and whose template it was made from."""
        self.warnings.setText("\n".join(f"⚠ {w}" for w in draft.warnings))
        names = tuple(getattr(draft, "template_overrides", ()) or ())
        text = (
            "ℹ This letter uses your organisation's template"
            f"{'s' if len(names) > 1 else ''} ({', '.join(names)}, in the workspace's letters "
            "folder) instead of the one that comes with the app. Read it through before sending."
            if names
            else ""
        )
        self.template_note.setText(text)
        self.template_note.setAccessibleDescription(text)
        self.template_note.setVisible(bool(names))

    def show_gaps(self, text: str) -> None:
        """The gaps marked in `text` (the letter as edited now), and the sender offer if the
        sender's own details are among them."""
        gaps = find_gaps(text)
        self._offer_sender_details(sender_gaps(gaps))
        if gaps:
            self.gaps.setText(
                "⚠ Missing from the case record (marked [MISSING: …] in the text): "
                + "; ".join(gaps)
            )
        else:
            self.gaps.setText("✓ No gaps marked." if text else "")

    def say_saved(self) -> None:
        self.gaps.setText(self.gaps.text() + "  Draft saved in the case's Documents.")

    def _offer_sender_details(self, missing: Sequence[str]) -> None:
        if not missing or not self._can_offer:
            self.sender_offer.setVisible(False)
            return
        self.sender_note.setText(
            "Who the letter is from is not set yet ("
            + ", ".join(missing)
            + "). Set it once in Settings → Letters and every letter has it."
        )
        self.sender_offer.setVisible(True)
