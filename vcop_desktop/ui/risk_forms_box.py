"""Settings → Risk forms: the forms assessments can be taken on, and Add… for a service's own.

A service's form is installed (validated, copied) into `<rules folder>/risk-forms/`, beside
its rule packs, where the rule book finds it. With no rules folder set yet, one is made in
the user's data folder and saved as the setting at once, so an added form is never left in
a folder the app does not read. A refused file shows the loader's lines, one per problem.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.errors import UserError
from vcop_desktop.settings import Settings
from vcop_desktop.ui.file_dialogs import open_path
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.risk_dialogs import form_label


def default_rules_folder() -> Path:
    """Where the organisation's rules go when none was chosen: the user's data folder."""
    from vcop_desktop.storage.files import default_workspace_dir

    return default_workspace_dir().parent / "rules"


class RiskFormsBox(QGroupBox):
    """The list of forms, and Add…. `rules_folder` is the settings dialog's own field, so
    a folder typed there and the one forms go to are the same."""

    #: a form was installed: the workspace's rule book should be loaded again
    forms_changed = Signal()

    def __init__(
        self,
        settings: Settings,
        rules_folder: QLineEdit,
        data_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Risk forms", parent)
        self.settings = settings
        self.rules_folder = rules_folder
        self.data_folder = data_folder
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Risk forms available")
        self.list.setMaximumHeight(110)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add = QPushButton("&Add risk form…")
        self.add.setAccessibleName("Add a risk form from a file")
        self.add.setToolTip(
            "Add the form your service is licensed to use, as a TOML file "
            "(format: resources/risk-forms/README.md)."
        )
        row.addWidget(self.add)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = LiveLabel("Risk forms")
        layout.addWidget(self.status)
        self.add.clicked.connect(self.add_from_file)
        self.refresh()

    def folder(self) -> Path | None:
        text = self.rules_folder.text().strip()
        return Path(text) if text else None

    def refresh(self) -> None:
        """The bundled forms, then the service's (every version: old assessments keep theirs)."""
        from vcop_desktop.rules.risk_forms import (
            RiskFormError,
            default_forms,
            organisation_forms_dir,
            read_forms,
        )

        self.list.clear()
        for form in default_forms().forms:
            self.list.addItem(f"{form_label(form)} — built in")
        folder = self.folder()
        if folder is None:
            return
        try:
            own = read_forms(organisation_forms_dir(folder))
        except RiskFormError as error:
            self.status.setText(str(error).splitlines()[0])
            return
        for form in own:
            self.list.addItem(f"{form_label(form)} — your service's")

    def add_from_file(self) -> None:
        from vcop_desktop.rules.risk_forms import install_form, organisation_forms_dir

        name = open_path(self, "Add a risk form", "Risk forms (*.toml)")
        if not name:
            return
        folder = self.folder() or (
            self.data_folder / "rules" if self.data_folder else default_rules_folder()
        )
        try:
            form = install_form(Path(name), organisation_forms_dir(folder))
            if self.settings["rules_folder"] != str(folder):
                self.settings.set("rules_folder", str(folder))
        except UserError as error:
            QMessageBox.warning(self, "Risk form not added", str(error))
            return
        except OSError as error:
            QMessageBox.warning(
                self, "Risk form not added", f"The form could not be copied ({error.strerror})."
            )
            return
        self.rules_folder.setText(str(folder))
        self.refresh()
        self.status.setText(f"Added: {form_label(form)}.")
        self.forms_changed.emit()
