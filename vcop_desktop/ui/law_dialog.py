"""File -> Update the law...: check a signed law update, show what it would move, install it.

The file is read and every open case is judged under both laws on the storage worker; the
dialog lists each obligation whose due date, status or applicability would move and each
pending change added or ended. Nothing changes until Install is pressed (storage.law.apply).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from vcop_desktop.storage.law import LawPlan


class LawUpdateDialog(QDialog):
    """The list of what would change; Install accepts, Cancel leaves the law as it is."""

    def __init__(self, plan: LawPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Update the law")
        self.setMinimumSize(720, 360)
        layout = QVBoxLayout(self)
        update = plan.update
        assert update is not None
        moved = sum(len(c.moves) for c in plan.cases)
        cases = sum(1 for c in plan.cases if c.moves)
        intro = QLabel(
            f"This law update (published {update.published.isoformat()}) is signed by the "
            f"publisher. Installing it would move {moved} obligation(s) in {cases} open "
            "case(s), as listed. Nothing changes until you press Install; it can be rolled "
            "back later ('vcop-desktop law rollback')."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.changes = QListWidget()
        self.changes.setAccessibleName("What the law update would change")
        self.changes.setWordWrap(True)
        self.changes.addItems(plan.lines())
        layout.addWidget(self.changes, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.install = buttons.addButton("&Install", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def update_the_law(window: Any) -> None:
    """Choose a law update file, then show the dialog (window: the main window)."""
    workspace, today = window.workspace, window.today
    if workspace is None:
        return
    from vcop_desktop.ui.file_dialogs import open_path

    name = open_path(window, "Update the law", "Law update (*.vcoplaw);;All files (*)")
    if not name:
        return

    def job() -> LawPlan:
        from vcop_desktop.rules.update import read_update
        from vcop_desktop.storage.law import plan_update

        return plan_update(workspace, read_update(Path(name)), today)

    def ask(plan: LawPlan) -> None:
        if not window.exec_dialog(LawUpdateDialog(plan, window), lambda *_: None):
            return

        def install() -> Path:
            from vcop_desktop.storage.law import apply

            return apply(workspace, plan)

        def done(target: Path) -> None:
            window.tell(f"Law update installed ({target.name}).", 10_000)
            window.refresh_all()

        window.run(install, done, "install the law update")

    window.run(job, ask, "check the law update")
