"""The storage package loads its heavy parts on first use, so the unlock window is quick."""

from __future__ import annotations

import subprocess
import sys

import vcop_desktop.storage as storage

CHECK = """
import sys
import vcop_desktop.storage.keystore
import vcop_desktop.storage
print(any(m.split('.')[0] in ('sqlalchemy', 'sqlmodel') for m in sys.modules))
"""


def test_keystore_does_not_load_the_orm() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_public_name_resolves() -> None:
    for name in storage.__all__:
        assert getattr(storage, name) is not None
