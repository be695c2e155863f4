"""The letter text format: what the advocate edits, and what the PDF is made from.

A letter is plain text in two parts, split by a line holding only `---`:

    From: Anytown Advocacy Service        heading lines, one item each, repeatable
    To: Professional Standards Department
    Date: 20 November 2026
    Our ref: VC-2026-0042
    Your ref: crime reference 12/3456/26
    Subject: Complaint about Victims' Code breaches
    Signed: Sam Advocate                  signature block lines, in order
    Enclosure: Written authority to act
    ---
    Dear Sir or Madam,                    the body: paragraphs split by blank lines,

    # A heading                           '# ' for a heading,
    - a bullet                            '- ' for a list item (indent to continue it),
    **bold** words                        and '**' around bold words.

`[MISSING: ...]` marks a gap; `find_gaps` lists them so the app can warn before a PDF is made.
Text with no `---` line is all body. Nothing here knows about reportlab: the PDF module turns
these blocks into its own (escaped) markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

from vcop_desktop.errors import UserError

SEPARATOR: Final = "---"
GAP_RE: Final = re.compile(r"\[MISSING:\s*([^\]]*)\]")

#: Heading keys, as written, mapped to the `LetterText` field they fill.
_KEYS: Final[dict[str, str]] = {
    "from": "sender",
    "to": "recipient",
    "date": "date",
    "our ref": "our_ref",
    "your ref": "your_ref",
    "subject": "subject",
    "signed": "signature",
    "enclosure": "enclosures",
}
_REPEATABLE: Final = frozenset({"sender", "recipient", "signature", "enclosures", "your_ref"})


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the body: a paragraph (lines kept), a heading, or a list of items."""

    kind: Literal["paragraph", "heading", "bullets"]
    lines: tuple[str, ...]


@dataclass(slots=True)
class LetterText:
    """A letter text split into its heading items and body blocks."""

    sender: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    date: str = ""
    our_ref: str = ""
    your_ref: list[str] = field(default_factory=list)
    subject: str = ""
    signature: list[str] = field(default_factory=list)
    enclosures: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)


def find_gaps(text: str) -> tuple[str, ...]:
    """Every distinct gap marked in the text, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in GAP_RE.finditer(text):
        seen.setdefault(" ".join(match.group(1).split()), None)
    return tuple(seen)


def parse_letter(text: str) -> LetterText:
    """Split a letter text into headings and body; a malformed heading line is a `UserError`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    letter = LetterText()
    try:
        split = next(i for i, line in enumerate(lines) if line.strip() == SEPARATOR)
    except StopIteration:
        split = -1
    previous: str | None = None
    for number, line in enumerate(lines[: max(split, 0)], start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        name = _KEYS.get(" ".join(key.lower().split()))
        if not colon and previous in _REPEATABLE:
            # One more line of the item above (an address line typed without "To:"): the
            # advocate's edit is kept, never refused at the PDF (issue 18).
            getattr(letter, str(previous)).append(line.strip())
            continue
        if not colon or name is None:
            known = ", ".join(k.capitalize() for k in _KEYS)
            raise UserError(
                f"letter text, line {number}: {line.strip()[:40]!r} is not a heading line "
                f"(use {known}, then a line with only --- before the body)"
            )
        value = value.strip()
        previous = name
        if name in _REPEATABLE:
            if value:
                getattr(letter, name).append(value)
        else:
            setattr(letter, name, value)
    letter.body = parse_body(lines[split + 1 :])
    return letter


def parse_body(lines: list[str]) -> list[Block]:
    """Paragraphs, headings and bullet lists from the body's lines."""
    blocks: list[Block] = []
    current: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block("paragraph", tuple(current)))
            current.clear()
        if bullets:
            blocks.append(Block("bullets", tuple(bullets)))
            bullets.clear()

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("# "):
            flush()
            blocks.append(Block("heading", (stripped[2:].strip(),)))
        elif stripped.startswith(("- ", "* ")) and not line.startswith("  "):
            if current:
                flush()
            bullets.append(stripped[2:].strip())
        elif bullets and line.startswith(" "):
            bullets[-1] = f"{bullets[-1]} {stripped}"
        else:
            if bullets:
                flush()
            current.append(stripped)
    flush()
    return blocks
