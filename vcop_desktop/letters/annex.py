"""The annex of a letter (the case's obligations as a table), in words shared by PDF and DOCX,
so both files say exactly the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.letters.words import agency_label, long_date

HEADER: Final = ("What was owed", "Owed by", "Standing", "Due", "Status", "Met on")
#: Each column's share of the table's width.
WIDTHS: Final = (0.37, 0.13, 0.12, 0.13, 0.11, 0.14)
INTRO: Final = (
    "Each row is one obligation the case's events created for the agency this letter "
    "is about: what it was, when it was due and what the record shows happened. "
    "Victims' Code duties come first; an agency's own published targets and good "
    "practice follow, labelled as such: missing them is not a breach of the Code."
)

_STATUS_WORDS: Final = {
    Status.OPEN: "open",
    Status.OVERDUE: "overdue",
    Status.MET: "met",
    Status.MET_LATE: "met late",
    Status.WAIVED: "waived",
    Status.NOT_APPLICABLE: "not applicable",
}


@dataclass(frozen=True, slots=True)
class AnnexRow:
    cells: tuple[str, str, str, str, str, str]
    #: the status is a breach (overdue, met late): printed in bold
    breach: bool


def annex_title(today: date | None) -> str:
    title = "Annex: the obligations in this case"
    if today is not None:
        title += f", as the record shows them on {long_date(today)}"
    return title


def annex_rows(obligations: Sequence[Obligation]) -> list[AnnexRow]:
    return [
        AnnexRow(
            (
                o.what,
                agency_label(o.owed_by),
                f"Code, Right {o.right}" if o.right else o.category.label,
                _due_words(o),
                _status_words(o),
                long_date(o.met_on) if o.met_on else "–",
            ),
            o.status.is_breach and o.confidence != "assumed",
        )
        for o in obligations
    ]


def annex_law(obligations: Sequence[Obligation]) -> str:
    """One short line: the rule packs (and versions) the annex's dates were worked out under."""
    packs = sorted({(o.pack, o.pack_version) for o in obligations if o.pack}, key=lambda p: p[0])
    if not packs:
        return ""
    named = ", ".join(f"{pack} version {version}" if version else pack for pack, version in packs)
    return f"Dates worked out under the rule packs {named}."


def _due_words(o: Obligation) -> str:
    if o.due is None:
        return "no fixed date"
    if o.confidence == "assumed":
        return f"{long_date(o.due)} (time limit assumed)"
    return long_date(o.due)


def _status_words(o: Obligation) -> str:
    """An undated duty not met is not "open" to its agency: it is owed with no fixed date and
    the record does not show it done. An assumed time limit is never shown as missed (duties.md
    notes): the row says only whether the record shows it done."""
    if o.due is None and o.status is Status.OPEN:
        return "not recorded as met"
    if o.confidence == "assumed" and o.status in (Status.OVERDUE, Status.MET_LATE):
        return "met" if o.status is Status.MET_LATE else "not recorded as met"
    return _STATUS_WORDS.get(o.status, o.status.value)
