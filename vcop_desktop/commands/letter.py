"""`vcop-desktop letter`: draft a complaint letter or Right to Review request as a PDF or DOCX.

    vcop-desktop letter --list-kinds
    vcop-desktop letter --workspace DIR --case ID --kind KIND --out FILE.pdf|FILE.docx
                        [--format pdf|docx] [--today DATE] [--agency A] [--decision EVENT_ID]
                        [--annex]

The format is `--format`, else the `--out` file's suffix (.docx for Word), else PDF.

Sender details and recipient addresses come from `<workspace>/letters/sender.toml`, template
overrides from the same folder; an agency the case chose from the address book
(`letters/address-book.toml`) is written to at that entry's address. A letter with gaps is
still made, with each gap marked in the PDF and listed on stderr, so the advocate can fill it
in the app.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vcop_desktop.errors import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "letter",
        help="draft a complaint letter or Right to Review request as a PDF or DOCX",
        description="Draft a letter from a case (complaints, Victims' Right to Review requests, "
        "chasers) and write it as a PDF, or a DOCX for Word. Gaps in the record are marked in "
        "the letter and listed on stderr.",
    )
    parser.add_argument("--list-kinds", action="store_true", help="list the letter kinds and stop")
    parser.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace folder")
    parser.add_argument("--case", metavar="ID", help="case id or case code")
    parser.add_argument("--kind", metavar="KIND", help="letter kind (see --list-kinds)")
    parser.add_argument("--today", metavar="DATE", help="date the letter (YYYY-MM-DD)")
    parser.add_argument(
        "-o", "--out", type=Path, metavar="FILE", help="where to write the letter (.pdf or .docx)"
    )
    parser.add_argument(
        "--format", choices=("pdf", "docx"),
        help="pdf, or docx for Word (default: from the --out suffix, else pdf)",
    )  # fmt: skip
    parser.add_argument("--agency", metavar="A", help="recipient agency (provider-complaint)")
    parser.add_argument(
        "--decision", metavar="EVENT_ID", help="the decision a VRR request challenges"
    )
    parser.add_argument(
        "--annex", action="store_true", help="add the case's obligations as an annex table"
    )
    parser.add_argument(
        "--config-dir", type=Path, metavar="DIR",
        help="settings folder whose organisation and advocate details sign the letter",
    )  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vcop_desktop.letters.kinds import KINDS, kind_by_id

    if args.list_kinds:
        width = max(len(k.id) for k in KINDS)
        for kind in KINDS:
            print(f"{kind.id:<{width}}  {kind.title}")
        return 0
    missing = [f"--{name}" for name in ("case", "kind", "out") if not getattr(args, name)]
    if missing:
        raise UserError(f"letter needs {', '.join(missing)} (or --list-kinds)")
    from vcop_desktop.commands.workspace import _today

    kind = kind_by_id(args.kind)
    today = _today(args.today)
    out: Path = args.out
    fmt: str = args.format or ("docx" if out.suffix.lower() == ".docx" else "pdf")

    from vcop_desktop.commands.workspace import _folder, _open
    from vcop_desktop.letters.addressee import chosen_lines
    from vcop_desktop.letters.case_source import facts_for_case
    from vcop_desktop.letters.draft import draft_letter
    from vcop_desktop.letters.pdf import render_draft
    from vcop_desktop.letters.profile import letters_dir, load_profile, with_user_settings
    from vcop_desktop.settings import SENDER_KEYS, Settings, default_config_dir
    from vcop_desktop.storage.address_book import load_book
    from vcop_desktop.storage.recipient_choices import recipient_choices

    folder = _folder(args)
    org_dir = letters_dir(folder)
    settings = Settings(args.config_dir or default_config_dir())
    sender = with_user_settings(load_profile(org_dir), {k: settings[k] for k in SENDER_KEYS})
    with _open(args) as workspace:
        workspace.refuse_managed_target(out, "--out")
        case = workspace.open_case(args.case)
        try:
            facts = facts_for_case(
                case, kind, sender, today=today, agency=args.agency, decision_id=args.decision,
                chosen=chosen_lines(recipient_choices(case), load_book(org_dir)),
            )  # fmt: skip
        finally:
            case.close()
    draft = draft_letter(
        facts, templates_dir=org_dir if org_dir.is_dir() else None, annex=args.annex
    )
    if fmt == "docx":
        from vcop_desktop.letters.docx_file import render_docx_draft

        data = render_docx_draft(draft)
    else:
        data = render_draft(draft)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise UserError(f"{out}: cannot write the {fmt.upper()} ({error.strerror})") from None
    for gap in draft.gaps:
        print(f"vcop-desktop: gap: {gap}", file=sys.stderr)
    for warning in draft.warnings:
        print(f"vcop-desktop: warning: {warning}", file=sys.stderr)
    print(
        f"{out}: {draft.document_title}, case {draft.case_code}"
        + (f", {len(draft.gaps)} gap(s) to fill" if draft.gaps else "")
    )
    return 0
