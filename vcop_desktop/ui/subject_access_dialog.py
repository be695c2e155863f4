"""Case → Subject access export…: a copy of everything held about the victim, for their subject
access request, in a folder the advocate chooses (`subject_access/export.py` makes it).

The dialog says where the request's one-month clock stands, asks for the folder, and offers to
record the copy as sent today (`subject_access_sent`): an advocate who redacts first records it
later, from Add event, when it goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.dialog_parts import add_problem_and_buttons
from vcop_desktop.ui.file_dialogs import start_folder
from vcop_desktop.ui.keep import keep_all, restore_all
from vcop_desktop.ui.text import long_date

if TYPE_CHECKING:
    from vcop_desktop.domain.obligations import Obligation
    from vcop_desktop.ui.window_host import WindowHost

#: The duties of the request's clock (resources/rules/data-protection.toml).
CLOCK_DUTIES = ("advocate.subject_access", "advocate.subject_access_extended")


def clock_line(obligations: Sequence[Obligation], today: date) -> str:
    """Where the request's clock stands, in one sentence."""
    owed = [o for o in obligations if o.duty in CLOCK_DUTIES and o.status.is_outstanding]
    if not owed:
        return (
            "No subject access request is waiting for an answer in this case (record one with "
            "Add event → Advocate → Subject access requested, so its one-month clock shows)."
        )
    latest = max(owed, key=lambda o: o.due or date.max)
    if latest.due is None:
        return "A subject access request is waiting for an answer."
    late = " — already late" if latest.due < today else ""
    counted = f"counted from {long_date(latest.clock_start)}; " if latest.clock_start else ""
    return (
        f"A subject access request is waiting ({counted}answer due {long_date(latest.due)}{late})."
    )


class SubjectAccessDialog(QDialog):
    """`folder()` and `record_sent()` once accepted."""

    def __init__(
        self,
        today: date,
        obligations: Sequence[Obligation],
        workspace_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace_folder = workspace_folder
        self.setWindowTitle("Subject access export")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Makes a copy of everything held about the victim in this case: a PDF to read, the "
            "same as JSON, and the case's letters and documents as files, in a new folder "
            "inside the folder you choose. Other people's names are highlighted in the PDF and "
            "listed on its second page: redact them before sending."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.clock = QLabel(clock_line(obligations, today))
        self.clock.setWordWrap(True)
        self.clock.setAccessibleName("Subject access request")
        layout.addWidget(self.clock)

        row = QHBoxLayout()
        label = QLabel("&Folder:")
        self.folder_input = QLineEdit(str(start_folder()))
        self.folder_input.setAccessibleName("Folder to put the copy in")
        self.folder_input.setMinimumWidth(self.folder_input.fontMetrics().averageCharWidth() * 48)
        label.setBuddy(self.folder_input)
        self.browse = QPushButton("C&hoose…")
        self.browse.setAccessibleName("Choose the folder")
        self.browse.clicked.connect(self._choose)
        row.addWidget(label)
        row.addWidget(self.folder_input, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)

        self.sent = QCheckBox("&Record that the copy is sent to the victim today")
        self.sent.setAccessibleName("Record that the copy is sent today")
        self.sent.setToolTip(
            "Records 'Subject access sent', which meets the request's clock. Leave it unticked "
            "if you redact first, and record it from Add event when the copy goes."
        )
        layout.addWidget(self.sent)
        self.problem, buttons = add_problem_and_buttons(self, layout, self._make)
        ok = buttons.button(buttons.StandardButton.Ok)
        ok.setText("&Make the copy")
        self._inputs: dict[str, QWidget] = {"folder": self.folder_input, "sent": self.sent}

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder to put the copy in", self.folder_input.text()
        )
        if chosen:
            self.folder_input.setText(chosen)

    def folder(self) -> Path:
        return Path(self.folder_input.text().strip()).expanduser()

    def record_sent(self) -> bool:
        return self.sent.isChecked()

    def validate(self) -> str:
        text = self.folder_input.text().strip()
        if not text:
            return "Choose the folder to put the copy in."
        folder = self.folder()
        if not folder.is_dir():
            return f"{folder} is not a folder that exists."
        if self.workspace_folder is not None:
            inside = folder.resolve()
            home = self.workspace_folder.resolve()
            if inside == home or inside.is_relative_to(home):
                return "That is inside the workspace folder: choose a folder outside it."
        return ""

    def _make(self) -> None:
        problem = self.validate()
        self.problem.setText(problem)
        if not problem:
            self.accept()

    # -- kept while locked ---------------------------------------------------------------------

    def keep(self) -> dict[str, Any]:
        return {"inputs": keep_all(self._inputs)}

    def restore(self, state: dict[str, Any]) -> None:
        restore_all(self._inputs, state["inputs"])


def subject_access_export(host: WindowHost, state: Any = None) -> None:
    """Case → Subject access export…: the dialog, then the export on the storage worker (one
    audited write; with the box ticked, the `subject_access_sent` event too)."""
    bundle = host.case_view.bundle
    workspace = host.workspace
    if bundle is None or workspace is None:
        host.tell("Choose a case first.", 5000)
        return
    today = host.today
    dialog = SubjectAccessDialog(
        today, bundle.evaluation.obligations, workspace.folder, parent=host.window()
    )
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = lambda kept: subject_access_export(host, kept)  # noqa: E731
    if not host.exec_dialog(dialog, reopen, case_bound=True):
        return
    folder, sent = dialog.folder(), dialog.record_sent()

    def action(handle: Any) -> None:
        from vcop_desktop.subject_access.export import address_book_names, export, record_sent

        book = address_book_names(workspace.folder)
        forms = workspace.rulebook().forms
        done = export(handle, folder, today=today, address_book=book, forms=forms)
        if sent:
            record_sent(handle, done, today)

    recorded = " and recorded as sent" if sent else "; review the highlighted names before sending"
    host.change_case(
        action,
        "make the subject access copy",
        saved=f"Subject access copy made in {folder}{recorded}.",
    )
