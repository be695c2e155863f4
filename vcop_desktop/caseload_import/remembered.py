"""The mapping chosen for a file, remembered for the next file with the same headers.

Kept beside the settings (import-mappings.json in the config folder), and holding nothing
that could be personal: a file whose first row is data rather than headers would otherwise
leave a name behind. So the header set and each header are stored as SHA-256 digests, and
only the app's field keys in the clear.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from vcop_desktop.caseload_import.mapping import FIELD_LABELS, normal
from vcop_desktop.domain.untrusted import load_json

FILE_NAME: Final = "import-mappings.json"
#: Mappings kept (the least recently used go first).
KEEP: Final = 50


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def header_set(headers: Sequence[str]) -> str:
    """The digest of a file's header set (order and case ignored)."""
    return _digest("\x1f".join(sorted(normal(h) for h in headers)))


def recall(config_dir: Path, headers: Sequence[str]) -> tuple[str, ...] | None:
    """The mapping last used for these headers, or None (never used, or unreadable)."""
    entry = _load(config_dir).get(header_set(headers))
    if not isinstance(entry, dict):
        return None
    out = []
    for header in headers:
        key = entry.get(_digest(normal(header)), "")
        out.append(key if isinstance(key, str) and (key == "" or key in FIELD_LABELS) else "")
    return tuple(out)


def remember(config_dir: Path, headers: Sequence[str], mapping: Sequence[str]) -> None:
    """Keep `mapping` for these headers; a folder that cannot be written is not an error
    (the import has worked; only the convenience is lost)."""
    data = _load(config_dir)
    ident = header_set(headers)
    data.pop(ident, None)
    data[ident] = {_digest(normal(h)): k for h, k in zip(headers, mapping, strict=False)}
    while len(data) > KEEP:
        data.pop(next(iter(data)))
    path = config_dir / FILE_NAME
    temp = path.with_suffix(".json.tmp")
    try:
        config_dir.mkdir(parents=True, exist_ok=True)
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(path)
    except OSError:
        temp.unlink(missing_ok=True)


def _load(config_dir: Path) -> dict[str, object]:
    try:
        raw = load_json((config_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(raw) if isinstance(raw, dict) else {}
