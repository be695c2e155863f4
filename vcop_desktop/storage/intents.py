"""Intent records: what a multi-file operation is about to do, written before its first step.

Creating a case (new, imported, demo or handed over), erasing one, restoring and changing the
passphrase each touch more than one file (a key and a case file, backup copies). Each writes a
small JSON record into `intents/` first (atomically, fsynced) and removes it after its last
step. A record still there when nobody holds the workspace lock was left by a crash; the
recovery pass at the next unlock (`recovery.py`) finishes or rolls back what it names.
Records hold ids and file names only: never a key, never anything personal.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

from vcop_desktop.storage.fileops import atomic_write, fsync_dir, remove_quietly

INTENTS_DIR = "intents"
_SUFFIX = ".intent"


def begin(workspace: Path, op: str, **details: object) -> Path:
    """Record that `op` is starting; returns the record's path for `end()`."""
    folder = workspace / INTENTS_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{op}-{secrets.token_hex(6)}{_SUFFIX}"
    atomic_write(path, json.dumps({"op": op, **details}).encode())
    return path


def end(path: Path) -> None:
    """The operation finished (or was rolled back): forget the record."""
    if remove_quietly(path):
        fsync_dir(path.parent)


@contextlib.contextmanager
def recorded(workspace: Path, op: str, **details: object) -> Iterator[Path]:
    """A record for the duration of a block. On an exception the record stays, for recovery:
    the caller's own clean-up may have been cut short too."""
    path = begin(workspace, op, **details)
    yield path
    end(path)


def pending(workspace: Path) -> list[tuple[Path, dict[str, object]]]:
    """Records left behind, oldest first; unreadable ones (a crash mid-write) come back empty."""
    folder = workspace / INTENTS_DIR
    if not folder.is_dir():
        return []
    found: list[tuple[Path, dict[str, object]]] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns):
        if not path.name.endswith(_SUFFIX):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            data = {}
        found.append((path, data if isinstance(data, dict) else {}))
    return found
