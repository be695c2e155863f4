"""Settings -> Service standards: the organisation's own figures for its `advocate.*` standards.

Each standard shows what it asks, its figures (spin boxes, in the rule's unit) and whether the
figure is the organisation default or set by the organisation. The figures are written with
`rules.write_standards` into the organisation's rule pack folder (Settings' "Extra rule packs
folder"; when none is set, one is made under the user's data folder and the setting points to
it), so the workspace's rulebook, reloaded when Settings closes, judges the next case shown by
them. Only the service's own standards can be changed here: never the law's figures.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.errors import UserError
from vcop_desktop.ui.contrast import problem_style

GROUP = "Service standards"
DEFAULT_WORDS = "organisation default"
SET_WORDS = "set by the organisation"


def default_rules_dir() -> Path:
    """Where the organisation's figures go when no rule pack folder is set: the user's data
    folder (resolved when asked, never at import)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("vcop-desktop", appauthor=False)) / "rules"


def _say_unit(spin: QSpinBox, unit: str, amount: int) -> None:
    """ "1 working day", "3 working days"."""
    spin.setSuffix(f" {unit[:-1] if amount == 1 and unit.endswith('s') else unit}")


def one_line(error: BaseException) -> str:
    lines = [line for line in str(error).splitlines() if line.strip()]
    if not lines:
        return "The service standards could not be saved."
    more = f" (and {len(lines) - 1} more problem(s))" if len(lines) > 1 else ""
    return lines[0] + more


class StandardsPage(QGroupBox):
    """The service standards as they stand in `rules_folder` ("" for none: the defaults)."""

    def __init__(self, rules_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(GROUP, parent)
        from vcop_desktop.rules import read_standards

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your service's own standards (not the Victims' Code): how soon each is due. "
            "Changes apply to every case from the next one shown."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(problem_style())
        self.problem.setAccessibleName("Service standards problem")
        folder = Path(rules_folder) if rules_folder else None
        try:
            standards = read_standards(folder)
        except UserError as error:  # a broken figures file or pack: show the defaults
            self.problem.setText(
                f"{one_line(error)} The defaults are shown; saving here replaces the figures."
            )
            standards = read_standards(None)
        layout.addWidget(self.problem)
        self.problem.setVisible(bool(self.problem.text()))
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        self.defaults: dict[tuple[str, str], int] = {}
        self.sources: dict[str, QLabel] = {}
        form = QFormLayout()
        for standard in standards:
            what = QLabel(f"<b>{standard.what}</b>")
            what.setWordWrap(True)
            source = QLabel(SET_WORDS if standard.set_by_organisation else DEFAULT_WORDS)
            source.setAccessibleName(f"{standard.what}: whose figure")
            self.sources[standard.id] = source
            form.addRow(what)
            for number, figure in enumerate(standard.figures):
                spin = QSpinBox()
                spin.setRange(1, 366)
                spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("366 calendar days") + 40)
                spin.valueChanged.connect(partial(_say_unit, spin, figure.unit))
                spin.setValue(figure.amount)
                _say_unit(spin, figure.unit, figure.amount)
                spin.setAccessibleName(f"{standard.what} {figure.label} ({figure.unit})")
                spin.setToolTip(f"{figure.label}. Organisation default: {figure.default}.")
                key = (standard.id, figure.name)
                self.spins[key] = spin
                self.defaults[key] = figure.default
                row = QHBoxLayout()
                row.addWidget(spin)
                row.addWidget(QLabel(f"(default {figure.default})"))
                row.addStretch(1)
                if number == 0:  # whose figure, once per standard
                    row.addWidget(source)
                form.addRow(f"{figure.label}:", row)
        layout.addLayout(form)
        reset = QPushButton("Put back the organisation defaults")
        reset.clicked.connect(self.reset)
        row = QHBoxLayout()
        row.addWidget(reset)
        row.addStretch(1)
        layout.addLayout(row)
        self._shown = self.figures()

    def inputs(self) -> dict[str, QWidget]:
        """Each spin box, named for keeping what was typed across a lock."""
        return {f"standard {duty} {name}": spin for (duty, name), spin in self.spins.items()}

    def figures(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (duty, name), spin in self.spins.items():
            out.setdefault(duty, {})[name] = spin.value()
        return out

    def changed(self) -> bool:
        return self.figures() != self._shown

    def reset(self) -> None:
        for key, spin in self.spins.items():
            spin.setValue(self.defaults[key])

    def save(self, rules_folder: str) -> Path | None:
        """Write the figures when they changed: into `rules_folder`, or a new folder under the
        user's data folder when none is set. Returns the folder written to (None: nothing
        changed). Raises `UserError` with one line when refused; nothing is written then."""
        if not self.changed():
            return None
        from vcop_desktop.rules import write_standards

        folder = Path(rules_folder) if rules_folder else default_rules_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_standards(folder, self.figures())
        except UserError as error:
            raise UserError(one_line(error)) from None
        except OSError as error:
            raise UserError(
                f"The service standards could not be saved in {folder} ({error.strerror})."
            ) from None
        self._shown = self.figures()
        for duty, figures in self._shown.items():
            own = any(amount != self.defaults[(duty, name)] for name, amount in figures.items())
            self.sources[duty].setText(SET_WORDS if own else DEFAULT_WORDS)
        return folder
