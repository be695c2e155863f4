"""`vcop-desktop subject-access`: a copy of everything held about a victim, for their subject
access request.

    vcop-desktop subject-access --workspace DIR --case ID --out FOLDER [--today DATE]
                                [--record-sent]

Makes a new folder inside FOLDER (0700) holding the PDF, the same as JSON and each letter or
document (0600 files), named by case code and day. Other people's names are highlighted in the
PDF and listed on its first page after the cover, to redact before sending. `--record-sent`
records the `subject_access_sent` event (naming the open request, if the case has one).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    help_text = (
        "Make a copy of everything held about the victim of a case (a subject access request): "
        "a PDF, the same as JSON, and the case's letters, in a new folder inside FOLDER."
    )
    parser = subparsers.add_parser("subject-access", help=help_text, description=help_text)
    parser.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace folder")
    parser.add_argument("--case", required=True, metavar="ID", help="case id or case code")
    parser.add_argument(
        "--out", "-o", type=Path, required=True, metavar="FOLDER", help="where to put the copy"
    )
    parser.add_argument("--today", metavar="DATE", help="date the copy (YYYY-MM-DD)")
    parser.add_argument(
        "--record-sent",
        action="store_true",
        help="record that the copy was sent (the subject_access_sent event)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vcop_desktop.commands.workspace import _folder, _open, _today
    from vcop_desktop.subject_access.export import address_book_names, export, record_sent

    today = _today(args.today)
    folder = _folder(args)
    book = address_book_names(folder)
    with _open(args) as workspace:
        workspace.refuse_managed_target(args.out, "--out")
        case = workspace.open_case(args.case)
        try:
            done = export(
                case, args.out, today=today, address_book=book, forms=workspace.rulebook().forms
            )
            if args.record_sent:
                record_sent(case, done, today)
        finally:
            case.close()
    print(
        f"{done.folder}: subject access copy of case {case.case_code}: "
        f"{sum(done.counts.values())} records, {len(done.attachments)} document file(s), "
        f"{done.third_parties} other name(s) to review before sending"
        + ("; recorded as sent" if args.record_sent else "")
    )
    return 0
