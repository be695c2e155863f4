"""The Overview's "Equality monitoring" section: the victim's protected characteristics,
recorded only with consent (the consent box gates the rest), and the age at the offence,
worked out from the date of birth and shown, never typed or stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QWidget

from vcop_desktop.domain.equality import (
    PREFER_NOT,
    PREFER_NOT_LABEL,
    age_at_offence,
    age_band_of,
    age_bands,
    characteristics,
)
from vcop_desktop.ui.live_label import LiveLabel

CONSENT = "equality_consent"


class EqualityBox(QGroupBox):
    """One combo box per characteristic ("Not recorded", its categories, "Prefers not to
    say"), enabled only while the consent box is ticked; without consent `values()` gives
    nothing recorded, and saving clears what was kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Equality monitoring", parent)
        form = QFormLayout(self)
        self.consent = QCheckBox("The victim consents to recording these for equality monitoring")
        self.consent.setAccessibleName("Consent to equality monitoring")
        self.consent.setToolTip(
            "Nothing below is kept without the victim's consent. Untick it and save to clear "
            "what was recorded. Reports show these only as counts, never by name."
        )
        form.addRow(self.consent)
        self.combos: dict[str, QComboBox] = {}
        for name, characteristic in characteristics().items():
            combo = QComboBox()
            combo.setAccessibleName(characteristic.title)
            combo.setToolTip(f"Categories: {characteristic.source}.")
            combo.addItem("Not recorded", None)
            for code, label in characteristic.categories:
                combo.addItem(label, code)
            combo.addItem(PREFER_NOT_LABEL, PREFER_NOT)
            self.combos[name] = combo
            form.addRow(f"{characteristic.title}:", combo)
        self.age = LiveLabel("Age at the offence")
        form.addRow("Age at the offence:", self.age)
        self.consent.toggled.connect(self._gate)
        self._gate(False)
        self._stored: bool | None = None  # the consent as saved (None: never asked)

    def _gate(self, consent: bool) -> None:
        """Without consent nothing is recorded: the boxes go back to "Not recorded" (so the
        screen shows what saving will keep) and cannot be changed."""
        for combo in self.combos.values():
            combo.setEnabled(consent)
            if not consent:
                combo.setCurrentIndex(0)

    def widgets(self) -> dict[str, QWidget]:
        """The inputs, keyed like the Overview's (`victim.<column>`), for unsaved-edit checks."""
        out: dict[str, QWidget] = {f"victim.{CONSENT}": self.consent}
        out.update({f"victim.{name}": combo for name, combo in self.combos.items()})
        return out

    def show_victim(self, victim: Any, offence: date | None, reported: list[date]) -> None:
        self._stored = getattr(victim, CONSENT, None)
        self.consent.setChecked(bool(self._stored))
        for name, combo in self.combos.items():
            combo.setCurrentIndex(max(0, combo.findData(getattr(victim, name, None))))
        self._gate(self.consent.isChecked())
        self.show_age(getattr(victim, "date_of_birth", None), offence, reported)

    def show_age(self, born: date | None, offence: date | None, reported: list[date]) -> None:
        age = age_at_offence(born, offence, reported)
        if age is None:
            needs = "the date of birth" if born is None else "the offence date"
            self.age.setText(f"not known (needs {needs})")
            return
        labels = {band.code: band.label for band in age_bands()}
        band = labels.get(age_band_of(age) or "", "")
        if offence is None:  # the enhanced-rights check needs the offence date itself
            hint = "; record the offence date: a child's enhanced rights depend on the age then"
            self.age.setText(f"{band} when the crime was reported{hint if age < 18 else ''}")
            return
        child = " (a child at the offence: enhanced rights)" if age < 18 else ""
        self.age.setText(f"{band}{child}")

    def values(self) -> dict[str, Any]:
        """The victim's columns as chosen: nothing recorded without consent."""
        consent = self.consent.isChecked()
        # Unticked stays "never asked" (None) unless consent was on record: then it is withdrawn.
        out: dict[str, Any] = {CONSENT: True if consent else (False if self._stored else None)}
        for name, combo in self.combos.items():
            out[name] = combo.currentData() if consent else None
        return out

    def blank(self) -> None:
        self._stored = None
        self.age.clear()
