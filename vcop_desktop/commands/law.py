"""`vcop-desktop law status | update FILE | rollback`: the law the workspace's cases are judged by.

An update is one signed file (rules/update.py). Before it is accepted the command lists, for
every open case, each obligation whose due date, status or applicability would move, and each
pending change added or ended, then asks (or takes `--yes`). Refusals are one line, status 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from vcop_desktop.commands.workspace import _date, _folder, _open


def register(subparsers: Any) -> None:
    law = subparsers.add_parser(
        "law",
        help="the law in force: status, install a signed law update, roll one back",
        description="Which rule packs are in force, and law updates (signed files).",
    )
    commands = law.add_subparsers(dest="law_command", metavar="ACTION")

    def action(name: str, help_text: str, run: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        parser.add_argument(
            "--workspace", type=Path, metavar="DIR",
            help="the workspace folder (default: your user data folder)",
        )  # fmt: skip
        parser.set_defaults(run=run)
        return parser

    p = action("status", "Which packs are in force, their versions and dates, what is pending.",
               _status)  # fmt: skip
    p.add_argument("--today", type=_date, metavar="DATE")
    p = action("update", "Check a signed law update, list what it would move, and install it.",
               _update)  # fmt: skip
    p.add_argument("file", type=Path, metavar="FILE")
    _accept_options(p)
    p = action("rollback", "Take out the newest law update (the law before it applies again).",
               _rollback)  # fmt: skip
    _accept_options(p)
    law.set_defaults(run=lambda _args: _usage(law))


def _accept_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="accept without asking")
    parser.add_argument("--today", type=_date, metavar="DATE",
                        help="judge the open cases on this date (default: today)")  # fmt: skip


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _status(args: argparse.Namespace) -> int:
    from vcop_desktop.storage.law import installed_files, status_lines, workspace_rulebook

    folder = _folder(args)
    rulebook = workspace_rulebook(folder)
    for line in status_lines(rulebook, args.today or date.today()):
        print(line)
    files = installed_files(folder)
    if files:
        print(f"Law updates installed: {len(files)} (the newest, {files[-1].name}, can be "
              "rolled back).")  # fmt: skip
    else:
        print("Law updates installed: none (the law bundled with the app).")
    return 0


def _update(args: argparse.Namespace) -> int:
    from vcop_desktop.rules.update import read_update
    from vcop_desktop.storage.law import plan_update

    update = read_update(args.file)  # refused before the workspace is even unlocked
    with _open(args) as workspace:
        plan = plan_update(workspace, update, args.today or date.today())
        print(f"{args.file.name}: {update.describe()}")
        return _confirm_and_apply(workspace, plan, args.yes, "Install this law update?")


def _rollback(args: argparse.Namespace) -> int:
    from vcop_desktop.storage.law import plan_rollback

    with _open(args) as workspace:
        plan = plan_rollback(workspace, args.today or date.today())
        assert plan.update is not None and plan.file is not None
        print(f"Rolling back {plan.file.name}: {plan.update.describe()}")
        return _confirm_and_apply(workspace, plan, args.yes, "Roll back this law update?")


def _confirm_and_apply(workspace: Any, plan: Any, yes: bool, question: str) -> int:
    from vcop_desktop.storage.law import apply

    print("What would change:")
    for line in plan.lines():
        print(f"  {line}")
    if not yes:
        if not sys.stdin.isatty():
            print("Not accepted (run again with --yes to accept); nothing was changed.")
            return 1
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Not accepted; nothing was changed.")
            return 1
    target = apply(workspace, plan)
    done = "Installed" if plan.action == "update" else "Rolled back"
    print(f"{done}: {target.name} (recorded in the workspace's law audit).")
    return 0
