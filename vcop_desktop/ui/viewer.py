"""Opening a stored PDF in the system's viewer, which can only read a file.

The file goes into a private temporary folder (owner-only), named by the case code, and is
deleted when the app locks or quits. This is the one place a letter leaves the encrypted file
without the advocate choosing where; the README's privacy notes say so.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


class ViewerFiles:
    """Temporary copies handed to the PDF viewer; `clear()` removes them all."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.count = 0

    def write(self, case_code: str, data: bytes) -> Path:
        if self.folder is None or not self.folder.is_dir():
            self.folder = Path(tempfile.mkdtemp(prefix="vcop-view-"))  # mode 0700
        self.count += 1
        path = self.folder / f"{case_code}-letter-{self.count}.pdf"
        path.write_bytes(data)
        path.chmod(0o600)
        return path

    def clear(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def open_in_viewer(files: ViewerFiles, case_code: str, data: bytes) -> bool:
    path = files.write(case_code, data)
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
