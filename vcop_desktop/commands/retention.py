"""`vcop-desktop retention`: the retention review without the window (the dashboard's list,
and keep, anonymise or erase one case; or set the schedule). Output names cases by code."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from vcop_desktop.commands.workspace import _date, _open
from vcop_desktop.errors import UserError


def register(subparsers: Any) -> None:
    text = (
        "The retention review: closed cases due for review (reviewed N years after closure), "
        "and keep, anonymise or erase one of them; or set N."
    )
    p = subparsers.add_parser("retention", help=text, description=text)
    p.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace folder")
    p.add_argument("--today", type=_date, metavar="DATE", help="judge on this day")
    p.add_argument("--json", action="store_true", help="print the due cases as a JSON list")
    p.add_argument("--years", type=int, metavar="N", help="review closed cases N years on")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--keep", metavar="CASE", help="keep this case (needs --reason, --until)")
    what.add_argument("--anonymise", metavar="CASE", help="anonymise this closed case")
    what.add_argument("--erase", metavar="CASE", help="erase this case everywhere")
    p.add_argument("--reason", metavar="TEXT", help="why the case is kept")
    p.add_argument("--until", type=_date, metavar="DATE", help="its next review date")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(run=run)


def _confirm(args: argparse.Namespace, verb: str, case: str) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise UserError(f"{verb.capitalize()} cannot be undone: add --yes to confirm.")
    if input(f"Type {verb.upper()} to {verb} case {case} for good: ").strip() != verb.upper():
        raise UserError("Nothing was changed.")


def run(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    if args.keep is None and (args.reason is not None or args.until is not None):
        raise UserError("--reason and --until go with --keep.")
    with _open(args) as workspace:
        if args.years is not None and workspace.set_retention_years(args.years):
            print(f"Closed cases are now reviewed {args.years} years after closure.")
        if args.keep is not None:
            workspace.keep_case(args.keep, args.reason or "", args.until, today)
            print(f"Kept case {args.keep}; it is reviewed again on {args.until.isoformat()}.")
        elif args.anonymise is not None:
            _confirm(args, "anonymise", args.anonymise)
            done = workspace.anonymise_case(args.anonymise, today)
            print(f"Anonymised case {done.case_code}: its events and figures are kept.")
        elif args.erase is not None:
            _confirm(args, "erase", args.erase)
            report = workspace.erase_at_review(args.erase)
            print(f"Erased case {report.case_code} everywhere.")
            if report.unreachable_backup_folders:
                print(
                    "vcop-desktop: warning: a backup folder could not be reached; copies there "
                    "are erased when it can be.",
                    file=sys.stderr,
                )
                return 1
        elif args.years is None:
            due = workspace.retention_due(today)
            if args.json:
                print(json.dumps([
                    {"case_code": d.case_code, "closed_on": d.closed_on.isoformat(),
                     "review_on": d.review_on.isoformat(), "kept_before": d.kept_before}
                    for d in due
                ], indent=2))  # fmt: skip
            elif not due:
                print(f"No closed case is due for its retention review on {today.isoformat()}.")
            for d in due if not args.json else ():
                print(f"{d.case_code}  closed {d.closed_on.isoformat()}  review due "
                      f"{d.review_on.isoformat()}")  # fmt: skip
    return 0
