"""The `vcop-desktop` command line: one dispatcher over the command modules in `commands/`.

Every command returns an exit status. User errors (bad input, wrong passphrase, a file in use)
are raised as `UserError` and printed as one line on stderr with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from vcop_desktop import __version__
from vcop_desktop.commands import COMMAND_MODULES
from vcop_desktop.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vcop-desktop",
        description="Victims' Code duties, deadlines and letters for independent victim advocates.",
    )
    parser.add_argument("--version", action="version", version=f"vcop-desktop {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"vcop_desktop.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from vcop_desktop.storage.hardening import harden_process

    harden_process()  # no core dumps, files for the user alone
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(arguments or ["gui"])  # no command: open the desktop app
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = args.run(args)
    except UserError as error:
        print(f"vcop-desktop: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vcop-desktop: interrupted", file=sys.stderr)
        return 130
    return status
