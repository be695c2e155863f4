"""Drafting is light: importing the letters package loads neither reportlab nor Qt nor SQL."""

from __future__ import annotations

import subprocess
import sys


def test_importing_letters_loads_no_heavy_modules() -> None:
    code = (
        "import sys\n"
        "import vcop_desktop.letters.pdf, vcop_desktop.letters.case_source\n"
        "import vcop_desktop.commands.letter\n"
        "heavy = [m for m in ('reportlab', 'PySide6', 'sqlalchemy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
