"""`vcop-desktop screenshot`: every main screen rendered, the window at the laptop size."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.ui.conftest import PASSPHRASE
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.screenshots import SCREENS, SIZE, render


def test_every_screen_is_rendered_at_the_small_laptop_size(
    workspace: Workspace, tmp_path: Path, qtbot: Any
) -> None:
    workspace.add_demo_cases(3, seed=5, today=date(2026, 11, 24))
    folder = workspace.folder
    workspace.close()
    out = tmp_path / "shots"
    written = render(
        folder, PASSPHRASE, out, datetime(2026, 11, 24, 9).astimezone(), tmp_path / "shot-config"
    )
    assert sorted(p.stem for p in written) == sorted(SCREENS)
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        if path.stem in ("dashboard", "case-overview", "timeline", "events", "contacts", "reports"):
            assert (image.width(), image.height()) == SIZE, path.name
        else:  # the unlock window and the letter dialog open smaller than the screen
            assert image.width() <= SIZE[0] and image.height() <= SIZE[1], path.name
