"""Save and open dialogs that start where the advocate expects: Documents, or the last folder.

File names offered carry the case code, never a name (the code is what the case list shows).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

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
