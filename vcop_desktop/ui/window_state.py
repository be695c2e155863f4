"""What the main window remembers between runs: small JSON files in the config folder.

Its size and splitters, the recent workspaces, the day each workspace was last seen and its
last backup. Per-workspace entries are keyed by a hash of the folder, never by its name; an
unreadable file is just forgotten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QSplitter

from vcop_desktop.ui.fit import from_text, keep_on_screen, to_text

_RECENT, _SEEN, _BACKUPS, _LAYOUT = (
    "recent-workspaces.json", "last-seen.json", "backups.json", "window.json"
)  # fmt: skip


class WindowState:
    def __init__(
        self, config_dir: Path, workspace_dir: Path, tell: Callable[[str, int], None]
    ) -> None:
        self.config_dir = config_dir
        self.workspace_dir = workspace_dir
        self._tell = tell  # a file that cannot be saved is said, not raised

    @property
    def key(self) -> str:
        """Per-workspace state in the config folder is keyed by a hash, never by a name."""
        return hashlib.sha256(str(self.workspace_dir.resolve()).encode()).hexdigest()[:16]

    def read(self, name: str) -> dict[str, str]:
        try:
            data = json.loads((self.config_dir / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write(self, name: str, data: dict[str, str]) -> None:
        try:
            self.config_dir.mkdir(parents=True, exist_ok=True)
            (self.config_dir / name).write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            self._tell(f"Could not save {name} in the settings folder.", 8000)

    def recent_workspaces(self, now: datetime) -> list[str]:
        """The other workspaces opened before (folders only), newest first; this one is
        remembered as opened `now`."""
        recent = self.read(_RECENT)
        here = str(self.workspace_dir)
        recent[here] = now.isoformat()
        newest = sorted(recent.items(), key=lambda kv: kv[1], reverse=True)[:8]
        self.write(_RECENT, dict(newest))
        return [folder for folder, _ in newest if folder != here]

    def last_seen(self, now: datetime) -> date | None:
        """The day this workspace was last unlocked (None the first time); now is remembered."""
        seen = self.read(_SEEN)
        last = seen.get(self.key)
        day = date.fromisoformat(last[:10]) if last else None
        seen[self.key] = now.isoformat()
        self.write(_SEEN, seen)
        return day

    def last_backup(self) -> datetime | None:
        last = self.read(_BACKUPS).get(self.key)
        return datetime.fromisoformat(last) if last else None

    def backed_up(self, when: datetime) -> None:
        state = self.read(_BACKUPS)
        state[self.key] = when.isoformat()
        self.write(_BACKUPS, state)

    def restore_layout(
        self, window: QMainWindow, splitters: Callable[[], dict[str, QSplitter]]
    ) -> None:
        """The window's size and splitters as the advocate left them, within this screen."""
        saved = self.read(_LAYOUT)

        def restore_splitters() -> None:  # once the window has its size, or they are squeezed
            for name, splitter in splitters().items():
                if name in saved:
                    splitter.restoreState(from_text(saved[name]))

        try:
            if "geometry" in saved:
                window.restoreGeometry(from_text(saved["geometry"]))
        except (ValueError, UnicodeError):
            pass  # an unreadable layout is just forgotten
        keep_on_screen(window)
        QTimer.singleShot(0, restore_splitters)

    def restore_splitter(self, name: str, splitter: QSplitter) -> None:
        """One splitter as the advocate left it (one made after the window: a case tab)."""
        saved = self.read(_LAYOUT)
        if name in saved:
            with contextlib.suppress(ValueError, UnicodeError):  # unreadable: just forgotten
                splitter.restoreState(from_text(saved[name]))

    def save_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        """The window's size and `splitters`; a splitter not given (its tab never built this
        time) keeps the place remembered before."""
        state = {k: v for k, v in self.read(_LAYOUT).items() if k != "geometry"}
        state["geometry"] = to_text(window.saveGeometry())
        state.update({n: to_text(s.saveState()) for n, s in splitters.items()})
        self.write(_LAYOUT, state)
