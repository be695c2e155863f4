"""`vcop-desktop import-cases FILE`: bring a caseload in from a CSV or XLSX file (issue 20).

The dry run (`--dry-run`) lists what would be created and every problem by row and column,
and writes nothing. Without it the same check runs first, then each case is created in its
own audited transaction; rows that fail go to a file of their own beside the input (or in
`--failed-dir`), and the summary says how many were created, skipped and failed. The mapping
is guessed from the headers, or the one last used for the same headers, or `--mapping`.
Output names cases by crime reference and case code, never by a person's name.
`--template PATH` writes an empty template spreadsheet to start from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vcop_desktop.errors import UserError


def register(subparsers: Any) -> None:
    help_text = "Import cases from a CSV or XLSX file (a dry run first with --dry-run)."
    parser = subparsers.add_parser("import-cases", help=help_text, description=help_text)
    parser.add_argument("file", type=Path, nargs="?", metavar="FILE")
    parser.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace folder")
    parser.add_argument("--dry-run", action="store_true", help="check every row; write nothing")
    parser.add_argument(
        "--mapping",
        metavar="JSON",
        help='{"column header": "field"} (a JSON object, or a file holding one); '
        "fields are named as in the template or by key (victim_dob, event:suspect_charged)",
    )
    parser.add_argument(
        "--key",
        metavar="FIELD,FIELD",
        help="what makes a case already present (default crime_reference,victim_dob; "
        "also victim_name)",
    )
    parser.add_argument("--failed-dir", type=Path, metavar="DIR",
                        help="where the failed rows file goes (default: beside FILE)")  # fmt: skip
    parser.add_argument("--template", type=Path, metavar="PATH",
                        help="write an empty template spreadsheet (.xlsx) and stop")  # fmt: skip
    parser.add_argument("--today", metavar="DATE", help=argparse.SUPPRESS)
    parser.add_argument("--config-dir", type=Path, metavar="DIR",
                        help="the settings folder (where the mapping is remembered)")  # fmt: skip
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.template is not None:
        return _template(args.template)
    if args.file is None:
        raise UserError("import-cases: give the FILE to import (or --template PATH).")
    from vcop_desktop.caseload_import import remembered
    from vcop_desktop.caseload_import.mapping import DEFAULT_KEY, guess, mapping_from_names
    from vcop_desktop.caseload_import.reader import read_table
    from vcop_desktop.commands.workspace import _open, _today
    from vcop_desktop.settings import default_config_dir

    table = read_table(args.file)
    config = args.config_dir or default_config_dir()
    if args.mapping is not None:
        try:
            mapping = mapping_from_names(table.headers, _mapping_json(args.mapping))
        except ValueError as error:
            raise UserError(f"--mapping: {error}.") from None
    else:
        mapping = remembered.recall(config, table.headers) or guess(table.headers)
    key = tuple(k.strip() for k in args.key.split(",")) if args.key else DEFAULT_KEY
    today = _today(args.today)
    from vcop_desktop.caseload_import.run import plan_import, run_import

    with _open(args) as workspace:
        plan = plan_import(workspace, table, mapping, today=today, key=key)
        if plan.mapping_problems:
            raise UserError(f"{args.file.name}: {' '.join(plan.mapping_problems)}")
        _show_plan(plan, table.headers)
        if args.dry_run:
            print(f"Dry run: {plan.summary()} Nothing was written.")
            return 0
        folder = args.failed_dir or args.file.resolve().parent
        result = run_import(workspace, plan, failed_folder=folder)
    remembered.remember(config, table.headers, mapping)
    for row, code in result.created:
        print(f"created {code} (row {row})")
    print(result.summary())
    return 1 if result.failed_rows else 0


def _show_plan(plan: Any, headers: tuple[str, ...]) -> None:
    from vcop_desktop.caseload_import.mapping import FIELD_LABELS

    used = [f"{h} -> {FIELD_LABELS[k]}" for h, k in zip(headers, plan.mapping, strict=False) if k]
    print("Columns: " + "; ".join(used))
    ignored = [h for h, k in zip(headers, plan.mapping, strict=False) if not k]
    if ignored:
        print("Not imported: " + "; ".join(ignored))
    for case in plan.create:
        print(f"will create: {case.describe()}")
    for case in plan.present:
        print(f"already present (skipped): {case.describe()}")
    for problem in plan.problems:
        print(f"problem: {problem}")


def _mapping_json(text: str) -> dict[str, str]:
    from vcop_desktop.domain.untrusted import load_json

    source = text
    if not text.lstrip().startswith("{"):
        try:
            source = Path(text).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"--mapping: {text} cannot be read ({type(error).__name__}).") from None
    try:
        data = load_json(source)
    except ValueError as error:
        raise UserError(f"--mapping: not valid JSON ({error}).") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise UserError('--mapping: expected {"column header": "field", ...}.')
    return data


def _template(path: Path) -> int:
    from vcop_desktop.caseload_import.template import template_xlsx
    from vcop_desktop.storage.fileops import atomic_write

    if path.is_dir():
        path = path / "vcop-caseload-template.xlsx"
    try:
        atomic_write(path, template_xlsx())
    except OSError as error:
        raise UserError(f"{path}: cannot be written ({error.strerror}).") from None
    print(f"Wrote the template to {path}.", file=sys.stdout)
    return 0
