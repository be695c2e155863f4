"""The case flags as check boxes that say what each changes, and the offence list that ticks
the flags an offence implies (issue 18: ticking only "hate crime" for a racially aggravated
assault silently dropped the CICA deadline)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QGridLayout, QLineEdit, QWidget

from vcop_desktop.domain.flag_effects import FlagEffect
from vcop_desktop.domain.offences import OFFENCES, offence_named
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.wording import short_what


def flag_label(flag: str) -> str:
    return flag.replace("_", " ")


def flag_tooltip(effect: FlagEffect) -> str:
    """What ticking the flag changes, in a sentence or a short list."""
    parts: list[str] = []
    if effect.enhanced:
        parts.append(
            "Gives the victim enhanced rights (Victims' Code, Right 1): "
            f"{effect.shorter} duties then have shorter time limits."
        )
    if effect.brings_in:
        names = "; ".join(sorted({short_what(rule.what, 90) for rule in effect.brings_in}))
        parts.append(f"Needed for: {names}" + ("" if names.endswith("…") else "."))
    if not parts:
        parts.append("Recorded for the case; no duty or deadline depends on it.")
    return f"{flag_label(effect.flag).capitalize()}. " + " ".join(parts)


class FlagGrid(QWidget):
    """One check box per flag, `columns` to a row, each with its tooltip."""

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, flag in enumerate(FLAGS):
            box = QCheckBox(flag_label(flag))
            box.setAccessibleName(f"Flag: {flag_label(flag)}")
            self.boxes[flag] = box
            grid.addWidget(box, i // columns, i % columns)

    def set_effects(self, effects: Mapping[str, FlagEffect]) -> None:
        for flag, box in self.boxes.items():
            effect = effects.get(flag)
            if effect is not None:
                box.setToolTip(flag_tooltip(effect))
                box.setAccessibleDescription(flag_tooltip(effect))

    def tick(self, flags: tuple[str, ...]) -> list[str]:
        """Tick these flags (never untick one); the ones newly ticked."""
        newly = [f for f in flags if f in self.boxes and not self.boxes[f].isChecked()]
        for flag in newly:
            self.boxes[flag].setChecked(True)
        return newly


def offer_offences(field: QLineEdit, flags: FlagGrid, tell: Callable[[str], None]) -> None:
    """Complete `field` from the offence list; a listed offence ticks the flags it implies
    and `tell`s which (free text, an offence not listed, implies nothing)."""
    completer = QCompleter([offence.name for offence in OFFENCES], field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    field.setCompleter(completer)
    field.setToolTip(
        "Type to choose a common offence (it ticks the flags it implies), or type any other."
    )

    def chosen(text: str | None = None) -> None:
        offence = offence_named(field.text() if text is None else text)
        if offence is None:
            return
        newly = flags.tick(offence.flags)
        if newly:
            tell("Ticked for this offence: " + ", ".join(flag_label(f) for f in newly) + ".")

    names = [offence.name.casefold() for offence in OFFENCES]

    def typed(text: str) -> None:
        # The whole name typed: chosen, unless it begins a longer name ("Stalking" ->
        # "Stalking involving fear of violence"), which the list or leaving the field decides.
        key = " ".join(text.split()).casefold()
        if sum(1 for name in names if name.startswith(key)) == 1:
            chosen(text)

    completer.activated.connect(chosen)
    field.textChanged.connect(typed)
    field.editingFinished.connect(chosen)
