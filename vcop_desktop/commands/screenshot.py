"""`vcop-desktop screenshot --workspace DIR --out DIR`: the main screens as PNG files."""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from vcop_desktop.errors import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screenshot", help="render the main screens to PNG (offscreen) for review"
    )
    parser.add_argument("--workspace", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--today", help="fix the clock (YYYY-MM-DD) for repeatable images")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    passphrase = os.environ.get("VCOP_PASSPHRASE")
    if passphrase is None:
        import getpass

        passphrase = getpass.getpass("Workspace passphrase: ")
    try:
        today = datetime.fromisoformat(args.today) if args.today else datetime.now()
    except ValueError:
        raise UserError(f"--today: {args.today!r} is not a date such as 2026-11-23") from None
    from vcop_desktop.ui.screenshots import render

    with tempfile.TemporaryDirectory() as config:
        for path in render(args.workspace, passphrase, args.out, today, Path(config)):
            print(path)
    return 0
