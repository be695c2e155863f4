"""Facts + kind -> a draft: the letter text the advocate edits, and the gaps it still has.

The draft is plain text (`markup.py`), so the editor is a plain text box and what is stored in
the case file is what the advocate saw. The PDF is made later from the edited text, so edits are
never lost to a re-render from the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.letters.facts import LetterFacts
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.markup import find_gaps
from vcop_desktop.letters.templates import (
    make_environment,
    overridden_templates,
    render_template,
)
from vcop_desktop.letters.warnings import advocate_warnings

#: Media type of a stored letter text (a document version in the case file).
TEXT_MEDIA_TYPE = "text/x-vcop-letter; charset=utf-8"
PDF_MEDIA_TYPE = "application/pdf"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """What goes into the PDF's metadata: never the victim's name (it would leak on sharing)."""

    title: str
    author: str
    subject: str = "Letter drafted with VCOP Desktop"


@dataclass(frozen=True, slots=True)
class Draft:
    """A drafted letter: its text, its gaps, and what the PDF needs besides the text."""

    kind: LetterKind
    case_code: str
    text: str
    gaps: tuple[str, ...]
    info: PdfInfo
    today: date
    annex: tuple[Obligation, ...] | None = None
    #: for the advocate before the PDF is made (`warnings.py`); never printed in the letter
    warnings: tuple[str, ...] = ()
    #: the sender's organisation ("" when not set): a DOCX's author
    organisation: str = ""
    #: templates taken from the organisation's letters folder instead of the bundled ones:
    #: the dialog says so, since such a file can change what every letter says
    template_overrides: tuple[str, ...] = ()

    #: what the letter is, for its title: the kind's, unless the recipient makes it another
    title: str = ""

    @property
    def document_title(self) -> str:
        """Title for the case's Documents list (the case file is encrypted: names are fine)."""
        return self.title or self.kind.title


#: The Victims' Code puts no duty on a police force as employer: a letter to it about a
#: colleague who is a victim is a welfare and good-practice letter, never a Code complaint.
WELFARE_TITLE = "Letter about the welfare of a colleague who is a victim"


def letter_title(kind: LetterKind, agency: str | None) -> str:
    """What the letter is called in Documents, the PDF's and the DOCX's properties."""
    if kind.id == "provider-complaint" and agency == "police_employer":
        return WELFARE_TITLE
    return kind.title


def pdf_info(title: str, case_code: str, organisation: str | None) -> PdfInfo:
    """Metadata for a letter's PDF: what it is and the case code, the organisation as author."""
    return PdfInfo(
        title=f"{title} ({case_code})",
        author=organisation or "VCOP Desktop",
    )


def draft_letter(
    facts: LetterFacts, *, templates_dir: Path | None = None, annex: bool = False
) -> Draft:
    """Render the kind's template over the facts.

    `templates_dir` is the organisation's own templates folder (`<workspace>/letters/`), searched
    before the bundled ones. `annex` adds the table of the case's obligations as an enclosure.
    Raises `UserError` for a broken template, naming it and the line.
    """
    env = make_environment(templates_dir)
    text = render_template(
        env,
        facts.kind.template,
        {"facts": facts, "kind": facts.kind, "annex": annex},
    )
    text = _tidy(text)
    organisation = facts.organisation if isinstance(facts.organisation, str) else None
    title = letter_title(facts.kind, facts.agency)
    return Draft(
        kind=facts.kind,
        case_code=facts.case_code,
        text=text,
        gaps=find_gaps(text),
        info=pdf_info(title, facts.case_code, organisation),
        today=facts.today,
        annex=facts.annex if annex else None,
        warnings=advocate_warnings(facts),
        organisation=organisation or "",
        template_overrides=overridden_templates(env),
        title=title,
    )


def _tidy(text: str) -> str:
    """At most one blank line in a row, no trailing spaces: templates need not be fussy."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
