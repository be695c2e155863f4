"""The case's Documents tab: its letters, with buttons to open or save each kept version."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.ui.case_session import CaseBundle
from vcop_desktop.ui.text import compact_date


class DocumentsTab(QWidget):
    """The case's letters: kind, addressee, date, version; open the draft or the PDF."""

    save_as_requested = Signal(int)  # document id
    save_docx_requested = Signal(int)
    open_requested = Signal(int)  # view the PDF
    open_draft_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.list = QTreeWidget()
        self.list.setAccessibleName("Documents")
        self.list.setRootIsDecorated(False)
        # "Saved", not "Version": each draft, PDF and DOCX of one letter is a stored version,
        # and "Version 5" on a single letter read as five letters (issue 18).
        self.list.setHeaderLabels(["Letter", "To", "Date", "Saved", "Kept as"])
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("No letters yet. Use Draft letter (Ctrl+D) to write one.")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.open_draft = QPushButton("O&pen draft…")
        self.open_draft.clicked.connect(lambda: self._emit(self.open_draft_requested))
        self.view = QPushButton("Open PDF")
        self.view.setToolTip("Open the newest PDF in your PDF viewer")
        self.view.clicked.connect(lambda: self._emit(self.open_requested))
        self.save_as = QPushButton("&Save PDF as…")
        self.save_as.clicked.connect(self._save_as)
        self.save_docx = QPushButton("Save DOC&X as…")
        self.save_docx.setToolTip("Save the newest Word (DOCX) version of the letter")
        self.save_docx.clicked.connect(lambda: self._emit(self.save_docx_requested))
        row.addStretch(1)
        row.addWidget(self.open_draft)
        row.addWidget(self.view)
        row.addWidget(self.save_as)
        row.addWidget(self.save_docx)
        layout.addLayout(row)
        self.list.itemDoubleClicked.connect(lambda _i, _c: self._emit(self.open_draft_requested))
        self.list.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        self._letters: dict[int, Any] = {}
        self._update_buttons()

    def show_bundle(self, bundle: CaseBundle) -> None:
        self.list.clear()
        self._letters = dict(bundle.letters or {})
        for document, version in bundle.documents:
            info = self._letters.get(int(document.id or 0))
            kept = []
            if info is not None and info.has_draft:
                kept.append("draft")
            if info is not None and info.has_pdf:
                kept.append("PDF")
            if info is not None and info.has_docx:
                kept.append("DOCX")
            listed = ", ".join(kept[:-1]) + (" and " if len(kept) > 1 else "") + "".join(kept[-1:])
            item = QTreeWidgetItem([
                document.title, info.addressee if info else "",
                compact_date(document.created_at.date()),
                "once" if version == 1 else f"{version} times", listed,
            ])  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, document.id)
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not bundle.documents)
        last = self.list.topLevelItem(self.list.topLevelItemCount() - 1)
        if last is not None:
            self.list.setCurrentItem(last)
        self._update_buttons()

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return int(value) if value is not None else None

    def _update_buttons(self) -> None:
        info = self._letters.get(self._selected_id() or -1)
        self.open_draft.setEnabled(bool(info and info.has_draft))
        self.view.setEnabled(bool(info and info.has_pdf))
        self.save_as.setEnabled(bool(info and info.has_pdf))
        self.save_docx.setEnabled(bool(info and info.has_docx))

    def _emit(self, signal: Any) -> None:
        document_id = self._selected_id()
        if document_id is not None:
            signal.emit(document_id)

    def _save_as(self) -> None:
        self._emit(self.save_as_requested)
