"""The pieces a letter's facts are made of, as templates read them, and the one way record
text becomes one of them.

Each item the record lacks is a `Missing` value rather than None or "", so a template cannot
silently print nothing: it prints `[MISSING: crime reference]`. `Missing` is falsy, so templates
can still choose wording with `{% if facts.urn %}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vcop_desktop.domain.obligations import Category, Status
from vcop_desktop.letters.words import long_date


@dataclass(frozen=True, slots=True)
class Missing:
    """An item the record does not hold; renders as a visible gap marker."""

    label: str

    def __str__(self) -> str:
        return f"[MISSING: {self.label}]"

    def __bool__(self) -> bool:
        return False


Text = str | Missing
When = date | Missing
Day = date  # for fields named `date`, which would shadow the type inside their class


@dataclass(frozen=True, slots=True)
class Breach:
    """A breached obligation as a complaint letter states it."""

    duty: str
    right: int | None
    right_label: str
    owed_by: str
    owed: str
    action: str
    trigger_phrase: str
    trigger_date: date | None
    due: date
    status: Status
    met_on: date | None
    happened: str
    limit: str
    category: Category = Category.CODE
    trigger: str = ""
    #: "It arose from ..." in full: where the clock runs from receipt (Witness Care), the
    #: receipt date the record holds
    arose: str = ""
    #: the reason the agency gave, as recorded ("The police gave this reason on ...: ..."), so
    #: the letter can answer it; the app does not judge whether it is a good reason
    agency_reason: str = ""
    #: the time limit is `assumed` in the pack (duties.md notes): the letter states the dates
    #: only, never "due by" or a breach of a time limit
    assumed: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.duty, self.trigger)

    @property
    def due_words(self) -> str:
        return long_date(self.due)


@dataclass(frozen=True, slots=True)
class Deadline:
    """One of the victim's own deadlines, as a letter quotes it."""

    duty: str
    due: date | None
    limit: str
    status: Status
    met_on: date | None
    what: str
    reason: str | None

    @property
    def due_words(self) -> Text:
        return long_date(self.due) if self.due else Missing("deadline (not computed)")


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """The decision (or reply) a letter answers, and when the victim was told of it."""

    event_id: str
    type: str
    phrase: str
    date: Day
    told_on: Day | None

    def __str__(self) -> str:
        return f"{self.phrase} on {long_date(self.date)}"


@dataclass(frozen=True, slots=True)
class Step:
    """An earlier step in a complaint's history (made, replied, escalated)."""

    type: str
    phrase: str
    date: Day


@dataclass(frozen=True, slots=True)
class ComplaintFact:
    """The complaint an escalation letter is about: it keeps to its own matters."""

    event_id: str
    against: str
    date: Day
    aware_on: Day | None
    #: the (duty, trigger) keys recorded with the complaint; None when none were recorded
    matters: tuple[tuple[str, str], ...] | None
    #: the agency's own reference for the complaint, as recorded (escalations quote it)
    reference: str | None = None

    @property
    def reference_text(self) -> Text:
        return self.reference or Missing("the agency's complaint reference")


def text_or_gap(value: str | None, label: str) -> Text:
    value = one_line(value)
    return value if value else Missing(label)


def one_line(value: str | None) -> str:
    """Record text on one line, so a newline typed into a name cannot start a heading line,
    a bullet or the `---` separator in the letter text (the text format's own escaping)."""
    return " ".join((value or "").split())


def optional_line(value: str | None) -> str | None:
    return one_line(value) or None


def address_lines(lines: Sequence[str]) -> tuple[str, ...]:
    return tuple(line for line in (one_line(item) for item in lines) if line)
