"""The `vcop-desktop` command line: one dispatcher over the command modules in `commands/`.

Every command returns an exit status. User errors (bad input, wrong passphrase, a file in use)
are raised as `UserError` and printed as one line on stderr with status 2; never a traceback.
A reader that stops early (`cases | head -1`) ends the command quietly, as for any Unix tool.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
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
    except BrokenPipeError:
        _drop_stdout()
        return 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1
    except RecursionError:  # every parser of outside data guards this; a last line of defence
        print("vcop-desktop: the input is nested too deeply to read.", file=sys.stderr)
        return 2
    return status


def _drop_stdout() -> None:
    """The reader of our output has gone: point stdout at the null device, so the flush at exit
    does not fail again with a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
