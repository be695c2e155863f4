"""The window before a workspace is open: first run (create a workspace, open one, try the
demo) and the unlock page (`unlock_page.py`). While the person types, the main window's modules
are imported on a thread of their own (`preload_in_background`).

Demo creation runs on the storage worker with a busy indicator, so the window stays responsive.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.passphrase_strength import estimate
from vcop_desktop.storage.keystore import KdfParams, keystore_exists
from vcop_desktop.ui.context import DEMO_CASES, DEMO_PASSPHRASE, AppContext
from vcop_desktop.ui.dialog_parts import problem_label
from vcop_desktop.ui.errors import show_error
from vcop_desktop.ui.fit import fit_to_screen
from vcop_desktop.ui.unlock_page import UnlockPage, busy_bar, label_for

if TYPE_CHECKING:
    from vcop_desktop.storage import Workspace


#: The day the demo's made-up histories run up to, kept beside the demo workspace.
DEMO_STAMP = "demo-made-on.txt"
#: A demo older than this is made afresh, so its deadlines fall around today, not a year ago.
DEMO_FRESH_DAYS = 7


def demo_is_stale(folder: Path, today: date) -> bool:
    """True when the demo's histories end more than `DEMO_FRESH_DAYS` before `today` (or the
    demo predates the stamp): every item would be long overdue and nothing "due soon"."""
    try:
        made = date.fromisoformat((folder / DEMO_STAMP).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return True
    return abs((today - made).days) > DEMO_FRESH_DAYS


def set_aside_old_demo(folder: Path) -> None:
    """Move an old demo workspace aside so a fresh one can be made. The last generation is
    kept (as `<folder>.previous`) in case an advocate typed something into the demo."""
    if not folder.exists():
        return
    previous = folder.with_name(folder.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    folder.rename(previous)


class FirstRunPage(QWidget):
    """Create a workspace (with a strength meter and the no-recovery warning) or try the demo."""

    created = Signal(object)
    open_existing = Signal(Path)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Welcome to VCOP Desktop</h2>"))
        intro = QLabel(
            "Your cases are kept in a <b>workspace</b>: a folder on this computer, encrypted "
            "with a passphrase only you know."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About the demo")
        self.note.hide()
        layout.addWidget(self.note)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(context.workspace_dir))
        self.folder.setAccessibleName("Workspace folder")
        browse = QPushButton("Bro&wse…")
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        # A row holding a layout gets no buddy: name the field so "&" is a shortcut, not text.
        form.addRow(label_for("Workspace &folder:", self.folder), folder_row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("New passphrase")
        self.passphrase.textChanged.connect(self._update_strength)
        form.addRow("&Passphrase:", self.passphrase)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setAccessibleName("Passphrase strength")
        self.meter.setTextVisible(True)
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        form.addRow("Strength:", self.meter)
        form.addRow("", self.strength)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Repeat passphrase")
        form.addRow("&Repeat it:", self.repeat)
        backup_row = QHBoxLayout()
        self.backup = QLineEdit(context.settings["backup_folder"])
        self.backup.setAccessibleName("Backup folder")
        self.backup.setPlaceholderText("Recommended: a folder on another drive")
        backup_browse = QPushButton("Brow&se…")
        backup_browse.clicked.connect(self._browse_backup)
        backup_row.addWidget(self.backup, 1)
        backup_row.addWidget(backup_browse)
        form.addRow(label_for("&Backups to:", self.backup), backup_row)
        layout.addLayout(form)
        warning = QLabel(
            "⚠ <b>If you lose this passphrase, nobody can recover your cases</b> — not your "
            "manager, not us. Write it down and keep it somewhere safe, and set up backups."
        )
        warning.setWordWrap(True)
        warning.setAccessibleName("Warning: a lost passphrase cannot be recovered")
        layout.addWidget(warning)
        self.understood = QCheckBox("I understand that a lost passphrase cannot be recovered")
        layout.addWidget(self.understood)
        self.error = problem_label()
        layout.addWidget(self.error)
        self.busy = busy_bar()
        layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("Try with &demo data")
        self.demo_button.setToolTip("Opens a separate workspace of made-up cases to explore.")
        self.demo_button.clicked.connect(self.make_demo)
        self.open_button = QPushButton("&Open existing…")
        self.open_button.clicked.connect(self._open_existing)
        self.create_button = QPushButton("&Create workspace")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_workspace)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._update_strength("")

    def _update_strength(self, text: str) -> None:
        strength = estimate(text)
        self.meter.setValue(strength.score)
        self.meter.setFormat("Not typed yet" if not text else strength.label)
        self.meter.setAccessibleDescription(self.meter.format())
        self.strength.setText(f"{strength.label}. {strength.advice}" if text else strength.advice)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Workspace folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _browse_backup(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Backup folder", self.backup.text())
        if chosen:
            self.backup.setText(chosen)

    def _open_existing(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Open a workspace", self.folder.text())
        if chosen:
            self.open_folder(Path(chosen))

    def open_folder(self, folder: Path) -> None:
        """Unlock `folder` if it holds a workspace; otherwise say so here and now (asking for
        a passphrase first would only lead to a dead end)."""
        if keystore_exists(folder):
            self.error.clear()
            self.open_existing.emit(folder)
            return
        self.folder.setText(str(folder))
        self.error.setText(
            "That folder is not a workspace (it has no workspace key file). To start one "
            "there, type a passphrase below and press Create workspace; or choose Open "
            "existing… again and pick the folder that holds your cases."
        )
        self.passphrase.setFocus()

    def create_workspace(self) -> None:
        passphrase, repeat = self.passphrase.text(), self.repeat.text()
        folder = Path(self.folder.text().strip()).expanduser()
        problem = ""
        if not self.folder.text().strip():
            problem = "Choose a folder for the workspace."
        elif keystore_exists(folder):
            problem = "That folder already holds a workspace: use Open existing."
        elif not estimate(passphrase).acceptable:
            problem = "Choose a stronger passphrase: " + estimate(passphrase).advice
        elif passphrase != repeat:
            problem = "The two passphrases are different."
        elif not self.understood.isChecked():
            problem = "Tick the box to confirm you understand a lost passphrase is unrecoverable."
        if problem:
            self.error.setText(problem)
            return
        backup = self.backup.text().strip()
        if backup:
            self.context.settings.set("backup_folder", backup)
        kdf = self.context.kdf

        def job() -> Workspace:
            from vcop_desktop import storage

            return storage.Workspace.create(folder, passphrase, kdf=kdf)

        self._run(job, folder)

    def make_demo(self) -> None:
        folder = self.context.demo_dir
        today = self.context.clock.today()

        def job() -> Workspace:
            from vcop_desktop import storage

            if keystore_exists(folder) and not demo_is_stale(folder, today):
                return storage.Workspace.open(folder, DEMO_PASSPHRASE)
            set_aside_old_demo(folder)
            workspace = storage.Workspace.create(folder, DEMO_PASSPHRASE, kdf=KdfParams.cheap())
            workspace.add_demo_cases(DEMO_CASES, seed=1, today=today)
            (folder / DEMO_STAMP).write_text(today.isoformat(), encoding="ascii")
            return workspace

        self.error.setText(
            f"Making {DEMO_CASES} made-up cases… (the demo passphrase is “{DEMO_PASSPHRASE}”)"
        )
        self._run(job, folder)

    def _run(self, job: object, folder: Path) -> None:
        self.busy.show()
        for button in (self.create_button, self.demo_button, self.open_button):
            button.setEnabled(False)

        def done(workspace: Workspace) -> None:
            self._idle()
            self.error.clear()
            if not self.context.is_demo(folder):  # the next start offers a real workspace
                self.context.settings.set("last_workspace", str(folder))
            self.created.emit(workspace)

        def failed(error: BaseException) -> None:
            self._idle()
            self.error.clear()
            show_error(self, error, "create the workspace")

        self.context.worker.submit(job, done, failed)  # type: ignore[arg-type]

    def _idle(self) -> None:
        self.busy.hide()
        for button in (self.create_button, self.demo_button, self.open_button):
            button.setEnabled(True)


def _preload() -> None:
    """Import what the first unlock and the dashboard need: the workspace and the main window,
    and read the bundled rule packs and the police forces the case view offers (0.5 MB, about
    20 ms that came after Argon2id). Not the ORM (59 MB) nor the bank holiday table
    (`holidays` loads every calendar it has: 8 MB): either would sit under Argon2id's 64 MiB
    and raise the peak (see `unlock_page.preload_cases_after_unlock`); the dashboard reads
    due dates from the index, without them."""
    import vcop_desktop.storage.workspace
    import vcop_desktop.ui.main_window  # noqa: F401
    from vcop_desktop.rules import default_rulebook
    from vcop_desktop.rules.cps_areas import police_forces

    with contextlib.suppress(Exception):  # a broken pack is reported where it is used, by name
        default_rulebook()
        police_forces()


def preload_in_background() -> None:
    """Use the seconds a person spends typing the passphrase: import the heavy modules on a
    thread of their own, so Unlock is not kept waiting for them. Importing defines classes only;
    it creates no widgets and touches no file. An import the unlock job needs meanwhile simply
    waits for the module to finish (Python's import lock)."""
    threading.Thread(target=_preload, name="vcop-preload", daemon=True).start()


class StartWindow(QStackedWidget):
    """The window shown before a workspace is unlocked."""

    unlocked = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("VCOP Desktop")
        self.first_run = FirstRunPage(context)
        self.unlock_page = UnlockPage(context)
        self.addWidget(self.first_run)
        self.addWidget(self.unlock_page)
        self.first_run.created.connect(self.unlocked)
        self.first_run.open_existing.connect(self.show_unlock)
        self.unlock_page.unlocked.connect(self.unlocked)
        self.unlock_page.other_workspace.connect(lambda: self.setCurrentWidget(self.first_run))
        last = context.settings["last_workspace"]
        folder = Path(last) if last else context.workspace_dir
        if keystore_exists(folder):
            self.show_unlock(folder)
        elif keystore_exists(context.workspace_dir):
            self.show_unlock(context.workspace_dir)
        else:
            self.setCurrentWidget(self.first_run)
        quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), self)  # StandardKey.Quit: none on Windows
        quit_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        quit_shortcut.activated.connect(self.close)  # Ctrl+Q, as in the main window
        fit_to_screen(self, 620, 520)  # smaller on a 1366x768 screen at 150%
        preload_in_background()

    def show_first_run(self) -> None:
        """The real first-run screen: create your own workspace (the demo stays apart)."""
        self.first_run.note.setText(
            "<b>Ready for real cases?</b> Create your own workspace below. The demo stays in "
            "its own folder; <i>Try with demo data</i> opens it again."
        )
        self.first_run.note.show()
        self.setCurrentWidget(self.first_run)
        self.first_run.passphrase.setFocus()

    def show_unlock(self, folder: Path) -> None:
        if not keystore_exists(folder):  # say so at once, where a workspace can be made
            self.setCurrentWidget(self.first_run)
            self.first_run.open_folder(folder)
            return
        self.unlock_page.set_folder(folder)
        self.setCurrentWidget(self.unlock_page)
        self.unlock_page.passphrase.setFocus()
