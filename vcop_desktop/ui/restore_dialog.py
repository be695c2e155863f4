"""File -> Restore from backup...: choose a backup set and the cases to bring back, no terminal.

The same restore as `vcop-desktop restore`: every case copied and verified before the first is
swapped in, an erased case never comes back, letters settings only where the workspace lacks
them. The dialog only chooses; `workspace_actions.restore_from_backup` does the work on the
storage worker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.fit import fit_to_screen

_STAMP = re.compile(r"(\d{8}T\d{6}Z)")


@dataclass(frozen=True, slots=True)
class BackupSetInfo:
    """One backup set as the dialog lists it (read from its manifest, no case file opened)."""

    path: Path
    case_ids: tuple[str, ...]

    @property
    def made(self) -> datetime | None:
        found = _STAMP.search(self.path.name)
        if found is None:
            return None
        return datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)

    def label(self) -> str:
        made = self.made
        local = made.astimezone() if made else None
        when = f"{local:%A} {local.day} {local:%B %Y, %H:%M}" if local else self.path.name
        count = len(self.case_ids)
        return f"{when}: {count} case{'s' if count != 1 else ''} (verified when made)"


def read_backup_sets(folder: Path) -> list[BackupSetInfo]:
    """The complete sets in a backup folder, newest first, or the set `folder` is itself."""
    from vcop_desktop.storage import backup as backups

    found = [folder] if (folder / backups.MANIFEST).is_file() else backups.backup_sets(folder)
    sets: list[BackupSetInfo] = []
    for path in found:
        manifest = backups.read_manifest(path)
        listed = manifest.get("cases")
        ids = tuple(str(c) for c in listed) if isinstance(listed, list) else ()
        sets.append(BackupSetInfo(path, ids))
    return sets[::-1]


class RestoreDialog(QDialog):
    """The sets of one backup folder; all cases of the chosen set or those ticked; the
    passphrase the set was made under (today's, unless it was changed since)."""

    def __init__(
        self,
        sets: Sequence[BackupSetInfo],
        codes: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.sets = list(sets)
        self.codes = codes
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose the backup to restore from. Each case is copied and checked before any "
            "is replaced; a case erased from this workspace is never brought back."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.set_list = QListWidget()
        self.set_list.setAccessibleName("Backups, newest first")
        for info in self.sets:
            self.set_list.addItem(info.label())
        sets_label = QLabel("&Backups, newest first:")
        sets_label.setBuddy(self.set_list)
        layout.addWidget(sets_label)
        layout.addWidget(self.set_list, 1)
        self.all_cases = QRadioButton("Restore &all the cases in this backup")
        self.some_cases = QRadioButton("Restore only the cases &ticked:")
        self.all_cases.setChecked(True)
        layout.addWidget(self.all_cases)
        layout.addWidget(self.some_cases)
        self.case_list = QListWidget()
        self.case_list.setAccessibleName("Cases in this backup")
        self.case_list.setEnabled(False)
        layout.addWidget(self.case_list, 1)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase the backup was made under")
        form.addRow("&Passphrase it was made under:", self.passphrase)
        note = QLabel("Your passphrase today, unless you changed it after this backup was made.")
        note.setWordWrap(True)
        form.addRow("", note)
        layout.addLayout(form)
        self.problem, buttons = add_problem_and_buttons(self, layout, self._check)
        buttons.button(buttons.StandardButton.Ok).setText("&Restore")
        self.some_cases.toggled.connect(self.case_list.setEnabled)
        self.set_list.currentRowChanged.connect(self._show_cases)
        self.set_list.setCurrentRow(0)
        fit_to_screen(self, 640, 560)
        self.set_list.setFocus()

    def _show_cases(self, row: int) -> None:
        self.case_list.clear()
        if not 0 <= row < len(self.sets):
            return
        for case_id in self.sets[row].case_ids:
            code = self.codes.get(case_id)
            text = code or f"a case no longer in this workspace (id {case_id[:8]}…)"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, case_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.case_list.addItem(item)

    def chosen_set(self) -> BackupSetInfo | None:
        row = self.set_list.currentRow()
        return self.sets[row] if 0 <= row < len(self.sets) else None

    def chosen_cases(self) -> list[str]:
        """The case ids ticked, or none for "all the cases"."""
        if self.all_cases.isChecked():
            return []
        items = (self.case_list.item(i) for i in range(self.case_list.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _check(self) -> None:
        if self.chosen_set() is None:
            self.problem.setText("Choose a backup.")
        elif self.some_cases.isChecked() and not self.chosen_cases():
            self.problem.setText("Tick the cases to restore, or choose all of them.")
        elif not self.passphrase.text():
            self.problem.setText("Type the passphrase the backup was made under.")
        else:
            self.accept()
