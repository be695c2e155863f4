"""The domain is pure: importing it loads neither Qt nor SQL (DESIGN.md, "Shape")."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import vcop_desktop.domain.engine, vcop_desktop.domain.scenario, vcop_desktop.rules
loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'sqlmodel',
          'sqlcipher3', 'reportlab', 'sqlite3')]
print(','.join(loaded))
"""


def test_domain_loads_neither_qt_nor_sql() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
