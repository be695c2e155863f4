"""The obligations a complaint is about: a checklist stored as the complaint's `matters` field.

A complaint keeps to its own matters (issue 9): escalation letters list only these, so what is
ticked here decides what every later letter about this complaint says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.scenario import matter_keys, matters_text
from vcop_desktop.domain.vocabulary import AGENCY_LABELS
from vcop_desktop.ui.text import long_date

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class MatterChoice:
    """An obligation that can be complained about, as the checklist shows it."""

    key: Key
    owed_by: str
    label: str
    #: already a matter of an earlier complaint: shown, but not ticked by default
    complained: bool = False


def matter_choices(
    obligations: Iterable[Obligation], events: Iterable[Event] = ()
) -> list[MatterChoice]:
    """Agency obligations that were missed or met late: what a complaint can be about."""
    earlier: dict[Key, date] = {}
    for event in events:
        matters = event.get_str("matters") if event.type == "complaint_made" else None
        for key in matter_keys(matters or ""):
            earlier.setdefault(key, event.date)
    out: list[MatterChoice] = []
    for o in obligations:
        if o.owed_by == "victim" or not o.status.is_breach or o.due is None:
            continue
        agency = AGENCY_LABELS.get(o.owed_by, o.owed_by)
        late = f"met late on {long_date(o.met_on)}" if o.met_on else "not met"
        made = earlier.get(o.key)
        already = f"already in the complaint of {long_date(made)}; " if made else ""
        text = f"{agency} ({already}due {long_date(o.due)}, {late}): {o.what}"
        out.append(MatterChoice(o.key, o.owed_by, text, complained=made is not None))
    return out


class MattersList(QListWidget):
    """Checkable list of `MatterChoice`s; keeps stored keys that are no longer breaches."""

    def __init__(self, choices: Sequence[MatterChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Obligations complained about")
        self.setMinimumHeight(90)
        # Whole sentences, wrapped: a duty cut off at the edge cannot be judged.
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._choices = list(choices)
        self._extra: list[Key] = []
        for choice in self._choices:
            item = QListWidgetItem(choice.label)
            item.setToolTip(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)

    def tick_agency(self, agency: str | None) -> None:
        """The default for a new complaint: every missed or late obligation of that agency
        that no earlier complaint already covers."""
        for i, choice in enumerate(self._choices):
            wanted = choice.owed_by == agency and not choice.complained
            state = Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked
            self.item(i).setCheckState(state)

    def set_text(self, text: str) -> None:
        keys = matter_keys(text)
        known = {c.key for c in self._choices}
        self._extra = [k for k in keys if k not in known]
        for i, choice in enumerate(self._choices):
            state = Qt.CheckState.Checked if choice.key in keys else Qt.CheckState.Unchecked
            self.item(i).setCheckState(state)

    def ticked_keys(self) -> list[Key]:
        ticked = [
            c.key
            for i, c in enumerate(self._choices)
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]
        return [*ticked, *self._extra]

    def text(self) -> str | None:
        return matters_text(self.ticked_keys()) or None
