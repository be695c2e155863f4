"""Fresh processes import the app as an installed copy does: from bytecode.

A wheel's install and the bundle both hold compiled bytecode, so a user's first import never
compiles the source. A development checkout may not: with PYTHONDONTWRITEBYTECODE set (as on the
machine these figures were first taken on) every fresh process compiled all of `vcop_desktop`
again, which added its compile time to every cold start, unlock and CLI command timed.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_package() -> None:
    """Write `vcop_desktop`'s bytecode (`__pycache__`, ignored by git) as an install would;
    cheap when it is already current."""
    if not compileall.compile_dir(ROOT / "vcop_desktop", quiet=1):
        raise SystemExit("vcop_desktop did not compile")
