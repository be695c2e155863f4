"""File -> Import cases...: a caseload from a CSV or XLSX file, no terminal (issue 20 §1).

The same import as `vcop-desktop import-cases`: choose the file; match each column to one of
the app's fields (guessed from the headers, or the mapping last used for the same headers);
the dry run lists what will be created and every problem by row and column; nothing is
written until Import. Reading, the dry run and the import run on the storage worker; the
dialog only chooses. "Save a template..." writes an empty spreadsheet to start from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.caseload_import.mapping import DEFAULT_KEY, FIELDS, guess
from vcop_desktop.ui.dialog_parts import problem_label
from vcop_desktop.ui.fit import fit_to_screen
from vcop_desktop.ui.live_label import LiveLabel

if TYPE_CHECKING:
    from vcop_desktop.caseload_import.plan import Plan
    from vcop_desktop.caseload_import.reader import Table
    from vcop_desktop.caseload_import.run import ImportResult
    from vcop_desktop.storage import Workspace
    from vcop_desktop.ui.window_host import WindowHost

#: (label, key fields): what makes a row a case the workspace already holds.
KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Crime reference and date of birth", DEFAULT_KEY),
    ("Crime reference", ("crime_reference",)),
    ("Victim name and date of birth", ("victim_name", "victim_dob")),
)
NOT_IMPORTED = "(not imported)"
#: Runs a job on the storage worker, then `done(result)` on the UI thread.
Runner = Callable[[Callable[[], Any], Callable[[Any], None]], None]


@dataclass(frozen=True, slots=True)
class Kept:
    """What a lock keeps of the dialog (in memory only), to reopen it as it was."""

    path: Path | None
    mapping: tuple[str, ...]
    key: tuple[str, ...]


class ImportDialog(QDialog):
    """Choose a file, map its columns, check it (the dry run), then Import or Cancel."""

    def __init__(
        self,
        workspace: Workspace,
        run: Runner,
        *,
        today: date,
        config_dir: Path,
        kept: Kept | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import cases")
        self.workspace, self._run, self.today, self.config_dir = workspace, run, today, config_dir
        self.path: Path | None = None
        self.table: Table | None = None
        self.plan: Plan | None = None
        self.combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Bring cases in from a spreadsheet (CSV or Excel): one row a case, or one row an "
            "event. Nothing is written until you press Import."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton("Save a &template…")
        self.template_button.clicked.connect(self.save_template)
        self.file_label = QLabel("No file chosen.")
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.template_button)
        layout.addLayout(row)
        self.columns = QWidget()
        self.form = QFormLayout(self.columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.columns)
        scroll.setAccessibleName("Columns and the fields they fill")
        layout.addWidget(QLabel("Each column of the file, and the field it fills:"))
        layout.addWidget(scroll, 1)
        keys = QHBoxLayout()
        self.key_box = QComboBox()
        for label, fields in KEYS:
            self.key_box.addItem(label, fields)
        self.key_box.setAccessibleName("A case is already present when it has the same")
        self.key_box.currentIndexChanged.connect(lambda _i: self.check())
        key_label = QLabel("Already &present when the same:")
        key_label.setBuddy(self.key_box)
        keys.addWidget(key_label)
        keys.addWidget(self.key_box, 1)
        self.check_button = QPushButton("C&heck again")
        self.check_button.clicked.connect(self.check)
        keys.addWidget(self.check_button)
        layout.addLayout(keys)
        layout.addWidget(QLabel("The dry run: what will be created, and every problem:"))
        self.results = QListWidget()
        self.results.setAccessibleName("Dry run")
        self.results.setWordWrap(True)  # a case's line is long: read it all without scrolling
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.results, 1)
        self.summary = LiveLabel("Dry run", "")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problem = problem_label()
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._refresh_buttons()
        fit_to_screen(self, 760, 640)
        if kept is not None and kept.path is not None:
            self.set_key(kept.key)
            self.load(kept.path, kept.mapping)

    # -- the file ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        from vcop_desktop.ui.file_dialogs import open_path

        name = open_path(
            self, "Import cases", "Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
        )
        if name:
            self.load(Path(name))

    def save_template(self) -> None:
        from vcop_desktop.caseload_import.template import template_xlsx
        from vcop_desktop.ui.file_dialogs import save_bytes_as

        saved = save_bytes_as(
            self, "Save a template", "vcop-caseload-template.xlsx", "Excel workbook (*.xlsx)",
            template_xlsx(),
        )  # fmt: skip
        if saved is not None:
            self.summary.setText(f"The template was saved as {saved}.")

    def load(self, path: Path, mapping: Sequence[str] | None = None) -> None:
        """Read the file on the worker, then show its columns (and check them)."""
        from vcop_desktop.caseload_import.reader import read_table
        from vcop_desktop.errors import UserError

        self.path, self.table, self.plan = path, None, None
        self.file_label.setText(path.name)
        self.problem.setText("")
        self._refresh_buttons()

        def job() -> Table | str:
            try:
                return read_table(path)
            except UserError as error:
                return str(error)

        self._run(job, lambda result: self._loaded(result, mapping))

    def _loaded(self, result: Table | str, mapping: Sequence[str] | None) -> None:
        if isinstance(result, str):
            self.problem.setText(result)
            self._show_columns((), ())
            return
        from vcop_desktop.caseload_import import remembered

        self.table = result
        chosen = mapping or remembered.recall(self.config_dir, result.headers)
        self._show_columns(result.headers, chosen or guess(result.headers))
        self.check()

    def _show_columns(self, headers: Sequence[str], mapping: Sequence[str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = []
        for header, key in zip(headers, mapping, strict=False):
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, "")
            for field, label in FIELDS:
                combo.addItem(label, field)
            combo.setCurrentIndex(max(0, combo.findData(key)))
            combo.setAccessibleName(f"Column {header}")
            combo.currentIndexChanged.connect(lambda _i: self.check())
            self.form.addRow(f"{header.replace('&', '&&')}:", combo)  # no Alt keys
            self.combos.append(combo)

    # -- the dry run -----------------------------------------------------------------------------

    def mapping(self) -> tuple[str, ...]:
        return tuple(str(combo.currentData()) for combo in self.combos)

    def key(self) -> tuple[str, ...]:
        return tuple(self.key_box.currentData())

    def set_key(self, key: Sequence[str]) -> None:
        for index, (_label, fields) in enumerate(KEYS):
            if fields == tuple(key):
                self.key_box.setCurrentIndex(index)

    def check(self) -> None:
        """The dry run for the mapping as it stands (on the worker: it asks the workspace
        which cases it already holds)."""
        table = self.table
        if table is None:
            return
        from vcop_desktop.caseload_import.run import plan_import

        mapping, key, workspace, today = self.mapping(), self.key(), self.workspace, self.today
        self.plan = None
        self._refresh_buttons()

        def job() -> Plan:
            return plan_import(workspace, table, mapping, today=today, key=key)

        def done(plan: Plan) -> None:
            if self.mapping() != mapping or self.key() != tuple(key):
                return  # changed again meanwhile: that check's answer is on its way
            self._show_plan(plan)

        self._run(job, done)

    def _show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.results.clear()
        if plan.mapping_problems:
            self.problem.setText(" ".join(plan.mapping_problems))
        else:
            self.problem.setText("")
        for problem in plan.problems:  # first: below a thousand cases they would be missed
            self.results.addItem(f"Problem: {problem}")
        for case in plan.create:
            self.results.addItem(f"Will create: {case.describe()}")
        for case in plan.present:
            self.results.addItem(f"Already present, skipped: {case.describe()}")
        failed = (
            " Rows with problems are not imported: they are written to a file of their own "
            "beside this one, for fixing."
            if plan.failed_rows
            else ""
        )
        self.summary.setText(plan.summary() + ("" if plan.mapping_problems else failed))
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        self.import_button.setEnabled(self.plan is not None and self.plan.importable)
        self.check_button.setEnabled(self.table is not None)

    def accept_import(self) -> None:
        if self.plan is None or not self.plan.importable:
            return
        self.accept()

    def keep(self) -> Kept:
        return Kept(self.path, self.mapping(), self.key())


class _Progress(QObject):
    """Cases done, from the worker thread to the status bar (a queued signal)."""

    done = Signal(int, int)


#: The status bar says how far an import has got every this many cases.
PROGRESS_EVERY = 50


def import_cases(host: WindowHost, kept: Kept | None = None) -> None:
    """File -> Import cases...: the dialog, then the import on the storage worker; the
    summary (created, skipped, failed, and where the failed rows went) in a message."""
    workspace = host.workspace
    if workspace is None:
        return

    def run(job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        host.run(job, done, "read the spreadsheet")

    dialog = ImportDialog(
        workspace, run, today=host.today, config_dir=host.context.config_dir, kept=kept,
        parent=host.window(),
    )  # fmt: skip
    if not host.exec_dialog(dialog, lambda again=None: import_cases(host, again)):
        return
    plan, path, config = dialog.plan, dialog.path, host.context.config_dir
    assert plan is not None and path is not None
    folder = path.resolve().parent
    progress = _Progress(host.window())
    progress.done.connect(lambda n, of: host.tell(f"Importing: {n:,} of {of:,} cases done", 5000))

    def told(n: int, of: int) -> None:
        if n % PROGRESS_EVERY == 0 and n < of:
            progress.done.emit(n, of)

    def job() -> ImportResult:
        from vcop_desktop.caseload_import import remembered
        from vcop_desktop.caseload_import.run import run_import

        result = run_import(workspace, plan, failed_folder=folder, progress=told)
        remembered.remember(config, plan.table.headers, plan.mapping)
        return result

    def done(result: ImportResult) -> None:
        progress.deleteLater()
        host.refresh_all()
        QMessageBox.information(host.window(), "Import cases", result.summary())

    host.run(job, done, "import the cases")
