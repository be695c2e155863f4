"""Save and open dialogs that start where the advocate expects: Documents, or the last folder.

File names offered carry the case code, never a name (the code is what the case list shows).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

_last_folder: Path | None = None


def start_folder() -> Path:
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _remember(name: str) -> None:
    global _last_folder
    if name:
        _last_folder = Path(name).parent


def save_path(parent: QWidget | None, title: str, file_name: str, filters: str) -> str:
    """Ask where to save; "" when cancelled (or closed by a lock)."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / file_name), filters)
    _remember(name)
    return name


def save_bytes_as(
    parent: QWidget | None,
    title: str,
    file_name: str,
    filters: str,
    data: bytes,
    *,
    first: Path | None = None,
) -> Path | None:
    """Ask where to save `data` and write it there (or to `first`, if given, before asking).

    When the place cannot be written (a folder that no longer exists, a USB stick taken out, a
    read-only folder), say so and ask again: the copy kept in the case file is untouched. Every
    save-as in the app goes through here; it once ended in "Something went wrong" (issue 18).
    Returns where it was saved, or None when the user cancelled.
    """
    from vcop_desktop.storage.fileops import atomic_write

    target = first
    while True:
        if target is None:
            name = save_path(parent, title, file_name, filters)
            if not name:
                return None
            target = Path(name)
        try:
            atomic_write(target, data)
            return target
        except OSError as error:
            QMessageBox.warning(
                parent, title,
                f"{target.name} could not be saved in {target.parent}: {_why_not_saved(error)}. "
                "Nothing else was changed, and the copy kept in the case file is safe. "
                "Choose another place.",
            )  # fmt: skip
            file_name, target = target.name, None


def _why_not_saved(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "that folder does not exist (was a USB stick taken out?)"
    if isinstance(error, PermissionError):
        return "that folder cannot be written to"
    return error.strerror or type(error).__name__


def open_path(parent: QWidget | None, title: str, filters: str) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    _remember(name)
    return name


def safe_file_name(text: str) -> str:
    """A title as a file name on every system (no slashes, colons ...): an apostrophe is
    dropped ("Victims' Right" -> "Victims Right", not "Victims- Right"), anything else unsafe
    becomes one hyphen."""
    kept = "".join(c for c in text if c not in "'\u2019")
    cleaned = "".join(c if c.isalnum() or c in " -_()." else "-" for c in kept)
    cleaned = re.sub(r"-+(?= )", "", cleaned)  # "Complaint: stage 2" -> "Complaint stage 2"
    cleaned = re.sub(r"-{2,}", "-", re.sub(r" {2,}", " ", cleaned)).strip(" .-")
    return cleaned or "document"
