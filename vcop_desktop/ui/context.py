"""What every window needs, passed in explicitly (no global main window, no registry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vcop_desktop.clock import Clock
from vcop_desktop.settings import Settings
from vcop_desktop.storage.keystore import KdfParams
from vcop_desktop.ui.worker import StorageWorker

#: The demo workspace holds only made-up cases, so its passphrase is printed on screen.
DEMO_PASSPHRASE = "demo demo demo"  # noqa: S105
DEMO_CASES = 40


@dataclass
class AppContext:
    settings: Settings
    clock: Clock
    worker: StorageWorker
    config_dir: Path
    workspace_dir: Path
    #: Argon2 cost for new workspaces (None = the secure default); tests pass a cheap one.
    kdf: KdfParams | None = None
    rules_dirs: list[Path] = field(default_factory=list)

    @property
    def demo_dir(self) -> Path:
        return self.workspace_dir.parent / "demo-workspace"

    def is_demo(self, folder: Path) -> bool:
        """The demo workspace: its own folder, made-up cases only."""
        try:
            return folder.resolve() == self.demo_dir.resolve()
        except OSError:
            return False
