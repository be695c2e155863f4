"""The Tools and Help menus' dialogs: settings, the address book, the user guide, About.

Each runs through the window (`host`), so a lock closes it and the unlock opens it again
with what was typed or where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from vcop_desktop.ui.window_host import WindowHost


def open_settings(
    host: WindowHost,
    state: Any = None,
    *,
    parent: QWidget | None = None,
    focus_group: str | None = None,
) -> bool:
    """Tools → Settings (or, from another dialog, `parent`, opened at `focus_group`).
    True when saved."""
    from vcop_desktop.ui.settings_dialog import SettingsDialog

    workspace = host.workspace
    dialog = SettingsDialog(
        host.context.settings,
        parent or host.window(),
        host.today,
        focus_group=focus_group,
        retention_years=workspace.retention_years() if workspace is not None else None,
    )
    dialog.risk_forms.forms_changed.connect(host.configure_workspace)  # a form added: use it
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, lambda kept: open_settings(host, kept)):
        return False
    host.idle.set_minutes(host.context.settings["idle_lock_minutes"])
    if dialog.retention is not None:
        from vcop_desktop.ui import retention_actions

        retention_actions.set_years(host, dialog.retention.years.value())
    host.configure_workspace()
    if parent is None:  # over a letter, the case stays as it is until the letter closes
        host.refresh_all()
        if host.case_view.bundle is not None:
            host.load_case(host.case_view.bundle.case_id)
    return True


def open_address_book(host: WindowHost, state: Any = None) -> None:
    """Tools → Address book: read the book on the worker, edit it, save it, and show the
    case again so its Overview offers the entries as they are now."""
    from vcop_desktop.letters.profile import letters_dir
    from vcop_desktop.storage.address_book import load_book, update_book
    from vcop_desktop.ui.address_book_dialog import AddressBookDialog

    folder = letters_dir(host.workspace_dir)

    def read() -> tuple[list[Any], str]:
        from vcop_desktop.errors import UserError

        try:
            return load_book(folder), ""
        except UserError as error:
            return [], str(error)

    def show(result: tuple[list[Any], str]) -> None:
        entries, problem = result
        if problem and not isinstance(state, dict):
            QMessageBox.warning(
                host.window(), "Address book",
                f"{problem}\n\nFix or remove the file, then open the address book again.",
            )  # fmt: skip
            return
        dialog = AddressBookDialog(
            entries, lambda original, edited: update_book(folder, original, edited),
            parent=host.window(),
        )  # fmt: skip
        if isinstance(state, dict):
            dialog.restore(state)
        if host.exec_dialog(dialog, lambda kept: open_address_book(host, kept)):
            host.tell("Address book saved.", 6000)
            if host.case_view.bundle is not None:
                host.load_case(host.case_view.bundle.case_id)

    host.run(read, show, "read the address book")


def _rulebook(host: WindowHost) -> Any:
    """The workspace's law, or (locked) the law the app ships with."""
    if host.workspace is not None:
        return host.workspace.rulebook()
    from vcop_desktop.rules import load_rulebook

    return load_rulebook(host.context.rules_dirs)


def show_user_guide(host: WindowHost, state: Any = None) -> None:
    """Help → User guide; a lock closes it and the unlock opens it again where it was."""
    from vcop_desktop.ui.user_guide import UserGuideDialog

    dialog = UserGuideDialog(_rulebook(host), host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    host.exec_dialog(dialog, lambda kept: show_user_guide(host, kept))


def about(host: WindowHost, state: Any = None) -> None:
    """Help → About; like the guide, reopened after a lock that closed it."""
    from vcop_desktop.ui.user_guide import about_html

    box = QMessageBox(host.window())
    box.setWindowTitle("About VCOP Desktop")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(_rulebook(host)))
    box.setIconPixmap(host.windowIcon().pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    host.exec_dialog(box, lambda kept: about(host, kept))
