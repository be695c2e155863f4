"""Reading back what a PDF says, the way a recipient's viewer would (pypdf text extraction)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All pages' text with runs of whitespace (line wraps) made single spaces."""
    return " ".join(" ".join(pdf_pages(data)).split())


def pdf_metadata(data: bytes) -> dict[str, str]:
    meta = PdfReader(io.BytesIO(data)).metadata
    return {str(k): str(v) for k, v in (meta or {}).items()}
