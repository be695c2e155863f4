"""The unlock page: a passphrase in, an unlocked `Workspace` out. Shown by the start window and,
after a lock, by the main window; then the ORM is loaded for the first case opened.

Unlocking (Argon2id) runs on the storage worker with a busy indicator, so the window stays
responsive.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dialog_parts import problem_label
from vcop_desktop.ui.errors import show_error

if TYPE_CHECKING:
    from vcop_desktop.storage import Workspace
    from vcop_desktop.ui.worker import StorageWorker


def label_for(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.hide()
    return bar


class UnlockPage(QWidget):
    """Passphrase in, unlocked `Workspace` out (via `unlocked`)."""

    unlocked = Signal(object)
    other_workspace = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.folder = context.workspace_dir
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("<h2>Unlock VCOP Desktop</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.where = QLabel()
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        form = QFormLayout()
        form.setFormAlignment(Qt.AlignmentFlag.AlignHCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.passphrase = QLineEdit()
        self.passphrase.setMinimumWidth(self.passphrase.fontMetrics().averageCharWidth() * 36)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Your workspace passphrase")
        self.passphrase.returnPressed.connect(self.unlock)
        form.addRow("&Passphrase:", self.passphrase)
        layout.addLayout(form)
        self.error = problem_label("Unlock problem")
        layout.addWidget(self.error)
        self.busy = busy_bar()
        layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        self.other = QPushButton("Open a &different workspace…")
        self.other.clicked.connect(self.other_workspace)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addWidget(self.other)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.set_folder(self.folder)

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.where.setText(f"Workspace: {folder}")
        self.error.clear()
        self.passphrase.clear()
        self.passphrase.setFocus()

    def unlock(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            self.error.setText("Type your passphrase.")
            return
        self._set_busy(True)
        folder = self.folder

        def job() -> Workspace:
            # Argon2id first: it needs only the keystore, while the workspace's modules may
            # still be loading on the preload thread (a pasted passphrase, Unlock at once).
            from vcop_desktop.storage.unlock import unlock_keystore

            keystore = unlock_keystore(folder, passphrase)
            from vcop_desktop import storage  # loads here, off the UI thread (not the ORM)

            return storage.Workspace.open_unlocked(keystore)  # rules, closures: MainWindow

        self.context.worker.submit(job, self._done, self._failed)

    def _done(self, workspace: Workspace) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.unlocked.emit(workspace)
        preload_cases_after_unlock(self.context.worker)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        from vcop_desktop.errors import UserError

        if isinstance(error, UserError):
            self.error.setText(str(error))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        else:
            show_error(self, error, "unlock")

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        if busy:
            self.error.setText("Unlocking…")


def _preload_cases() -> None:
    """What the first case opened needs: the bank holiday table (on the first working-day sum),
    the ORM (SQLAlchemy, SQLModel, models.py: about 0.6 s here), the modules that read a case
    through it, and the case file's dialect and mappers; then set what they made aside from the
    cycle collector (see `freeze_long_lived`)."""
    from datetime import date

    from vcop_desktop.ui.worker import freeze_long_lived

    with contextlib.suppress(Exception):  # a failure shows where a case is opened, by name
        from vcop_desktop.domain.calendar import WorkingCalendar

        WorkingCalendar().is_working_day(date.today())
        import vcop_desktop.storage.case
        import vcop_desktop.storage.recipient_choices  # noqa: F401
        from vcop_desktop.storage.casefile import prepare

        prepare()
    freeze_long_lived()


def preload_cases_after_unlock(worker: StorageWorker) -> None:
    """Load the ORM for the first case opened, on a thread of its own: after the key
    derivation, so Argon2id's 64 MiB is freed before the ORM's 59 MB are taken, and once the
    jobs the main window queued on unlock have been done and their results shown, so the
    dashboard is not kept waiting for it (the import holds Python's lock for 0.6 s)."""

    def start(_: object = None) -> None:
        thread = threading.Thread(target=_preload_cases, name="vcop-preload-cases", daemon=True)
        QTimer.singleShot(0, thread.start)  # after the dashboard is drawn

    worker.submit(lambda: None, start, start)
