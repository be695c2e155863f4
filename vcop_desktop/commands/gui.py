"""`vcop-desktop gui` (also the default with no command): the desktop app."""

from __future__ import annotations

import argparse
from typing import Any


def add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", help="the workspace folder (default: your data folder)")
    parser.add_argument("--config-dir", help="the settings folder (default: your config folder)")
    parser.add_argument("--demo", action="store_true", help="open (or make) the demo workspace")
    parser.add_argument(
        "--demo-if-new",
        action="store_true",
        help="open the demo workspace when there is no workspace yet (the Quick start)",
    )
    parser.add_argument("--today", help=argparse.SUPPRESS)  # a fixed clock, for demos
    parser.add_argument("--rules-dir", action="append", default=[], help=argparse.SUPPRESS)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop app (the default)")
    add_gui_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vcop_desktop.app import run_gui

    return run_gui(args)
