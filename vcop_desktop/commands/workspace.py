"""Workspace commands: init, demo, cases, import/export, due, check, backup, restore, passwd,
erase and handover. Thin wrappers over `vcop_desktop.storage.Workspace`.

The passphrase comes from VCOP_PASSPHRASE (scripts and tests) or a prompt without echo.
Output names cases by their case code, never by a person's name.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from vcop_desktop.errors import UserError

PASSPHRASE_ENV = "VCOP_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
NEW_PASSPHRASE_ENV = "VCOP_NEW_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
BACKUP_PASSPHRASE_ENV = "VCOP_BACKUP_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
_CASE_ID = re.compile(r"[0-9a-f]{32}")
TRANSFER_PASSPHRASE_ENV = "VCOP_TRANSFER_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
T = TypeVar("T")


def register(subparsers: Any) -> None:
    def command(name: str, help_text: str, run: Callable[[argparse.Namespace], int]) -> Any:
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        parser.add_argument(
            "--workspace",
            type=Path,
            metavar="DIR",
            help="the workspace folder (default: your user data folder)",
        )
        parser.set_defaults(run=run)
        return parser

    p = command("init", "Create a new encrypted workspace.", _init)
    _kdf_options(p)

    p = command("demo", "Add synthetic demo cases (creates the workspace if needed).", _demo)
    p.add_argument("--cases", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--today", type=_date, metavar="DATE", help="date the histories run up to")
    _kdf_options(p)

    command("cases", "List the cases in the workspace (case codes and ids).", _cases)

    p = command(
        "import-scenario",
        "Create a case from a scenario JSON file; prints its id.",
        _import_scenario,
    )
    p.add_argument("file", type=Path, metavar="FILE.json")

    p = command("export-scenario", "Write a case as a scenario JSON file.", _export_scenario)
    p.add_argument("--case", required=True, metavar="ID", help="case id or case code")
    p.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: standard output")

    p = command("due", "The dashboard: obligations overdue or due soon, across all cases.", _due)
    p.add_argument("--within", type=int, default=14, metavar="DAYS")
    p.add_argument("--today", type=_date, metavar="DATE")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    command("check", "Verify every file in the workspace (key, version, integrity).", _check)

    p = command("backup", "Write a verified backup set to a folder.", _backup)
    p.add_argument("--to", type=Path, required=True, metavar="DIR")
    p.add_argument("--keep", type=int, default=7, metavar="N", help="sets to keep (default 7)")

    p = command("restore", "Restore cases from a backup set (all, or those named).", _restore)
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        metavar="SET",
        help="a backup set folder (vcop-backup-...)",
    )
    p.add_argument("--case", action="append", default=[], metavar="ID")

    p = command(
        "passwd", "Change the workspace passphrase (every case file gets a new key).", _passwd
    )
    _kdf_options(p)

    p = command("erase", "Erase a case: its file, its key and its backup copies.", _erase)
    p.add_argument("--case", required=True, metavar="ID", help="case id or case code")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p = command(
        "handover-export",
        "Export one case encrypted under a one-time transfer passphrase.",
        _handover_export,
    )
    p.add_argument("--case", required=True, metavar="ID")
    # A str, not a Path: Path("out/") drops the slash that says "a folder".
    p.add_argument("--to", required=True, metavar="FILE_OR_DIR")

    p = command(
        "handover-import", "Import a handed-over case file into this workspace.", _handover_import
    )
    p.add_argument("file", type=Path, metavar="FILE")


def _kdf_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("key derivation cost (advanced)")
    group.add_argument("--kdf-time", type=int, metavar="N", help="Argon2id passes (default 4)")
    group.add_argument(
        "--kdf-memory", type=int, metavar="KIB", help="Argon2id memory in KiB (default 65536)"
    )


def _kdf(args: argparse.Namespace) -> Any:
    from vcop_desktop.storage import KdfParams

    if args.kdf_time is None and args.kdf_memory is None:
        return None
    defaults = KdfParams()
    time_cost = args.kdf_time if args.kdf_time is not None else defaults.time_cost
    memory = args.kdf_memory if args.kdf_memory is not None else defaults.memory_cost_kib
    if time_cost < 1 or memory < 8:
        raise UserError("--kdf-time must be at least 1 and --kdf-memory at least 8.")
    return KdfParams(time_cost=time_cost, memory_cost_kib=memory)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _today(text: str | None) -> date:
    """`--today` given as text (or not given: today), as the commands that take it plain read
    it; `_date` is the same rule as an argparse type."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--today: {text!r} is not a date in the form YYYY-MM-DD") from None


def _folder(args: argparse.Namespace) -> Path:
    if args.workspace is not None:
        return Path(args.workspace)
    from vcop_desktop.storage import default_workspace_dir

    return default_workspace_dir()


def _ask(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(f"No passphrase: set {env} or run this command in a terminal.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again, to confirm: ") != first:
        raise UserError("The two passphrases differ; nothing was changed.")
    if not first:
        raise UserError("The passphrase must not be empty.")
    return first


def _new_passphrase(prompt: str, env: str = PASSPHRASE_ENV) -> str:
    """A new passphrase, refused as the app's window refuses it (too short or too weak)."""
    from vcop_desktop.passphrase_strength import estimate

    passphrase = _ask(env, prompt, confirm=True)
    strength = estimate(passphrase)
    if not strength.acceptable:
        raise UserError(f"That passphrase is {strength.label.lower()}: {strength.advice}")
    return passphrase


def _refuse_managed(workspace: Any, target: Path | None, option: str) -> None:
    if target is not None:
        workspace.refuse_managed_target(target, option)


def _open(args: argparse.Namespace) -> Any:
    from vcop_desktop.storage import Workspace

    return Workspace.open(_folder(args), _ask(PASSPHRASE_ENV, "Workspace passphrase: "))


def _warn_problems(problems: Any) -> None:
    for problem in problems:
        print(f"vcop-desktop: warning: {problem}", file=sys.stderr)


# -- commands ----------------------------------------------------------------------------------


def _init(args: argparse.Namespace) -> int:
    from vcop_desktop.storage import Workspace

    folder = _folder(args)
    passphrase = _new_passphrase("New workspace passphrase: ")
    with Workspace.create(folder, passphrase, kdf=_kdf(args)) as workspace:
        print(
            f"Created an encrypted workspace in {folder} "
            f"(unlocking takes about {workspace.unlock_seconds:.2f} s)."
        )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from vcop_desktop.storage import Workspace
    from vcop_desktop.storage.keystore import keystore_exists

    folder = _folder(args)
    if keystore_exists(folder):
        workspace = _open(args)
    else:
        passphrase = _new_passphrase("New workspace passphrase: ")
        workspace = Workspace.create(folder, passphrase, kdf=_kdf(args))
    with workspace:
        made = workspace.add_demo_cases(args.cases, seed=args.seed, today=args.today)
    codes = [case.case_code for case in made]
    shown = f" ({codes[0]} to {codes[-1]})" if codes else ""
    print(f"Added {len(made)} demo cases{shown} to {folder}.")
    return 0


def _cases(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        for case in workspace.list_cases():
            flags = ",".join(case.flags) or "-"
            print(
                f"{case.case_code}  {case.case_id}  {case.status:<6}  "
                f"{case.event_count:>3} events  {flags}"
            )
        _warn_problems(workspace.problems())
    return 0


def _import_scenario(args: argparse.Namespace) -> int:
    from vcop_desktop.domain.untrusted import load_json

    path: Path = args.file
    try:
        data = load_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot be read ({error.__class__.__name__}).") from None
    except ValueError as error:
        raise UserError(f"{path}: not valid JSON ({error}).") from None
    with _open(args) as workspace:
        case = workspace.import_scenario(data, source=path.name)
    print(case.case_id)
    return 0


def _export_scenario(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        _refuse_managed(workspace, args.output, "--output")
        data = workspace.export_scenario(args.case)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UserError(f"Could not write {args.output}: {error.strerror}.") from None
    return 0


def _due(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        board = workspace.dashboard(args.within, args.today)
    _warn_problems(board.problems)
    if args.json:
        for chunk in json_list_chunks(board.items, lambda item: item.to_dict()):
            sys.stdout.write(chunk)
        return 0
    print(
        f"Due on {board.today.isoformat()}: overdue, or due within {board.within_days} days "
        f"({len(board.items)})"
    )
    for item in board.items:
        o = item.obligation
        right = f"Right {o.right}" if o.right is not None else "no Code right"
        print(
            f"{o.due}  {o.status.value:<8} {item.case_code:<13} {o.owed_by:<16} "
            f"{o.duty} ({right}, trigger {o.trigger})"
        )
    return 0


def json_list_chunks(
    values: Sequence[T], to_dict: Callable[[T], object], batch: int = 500
) -> Iterator[str]:
    """`json.dumps([to_dict(v) for v in values], indent=2) + "\n"`, in a few large pieces.
    Not in one: with an indent, the encoder joins about 35 small strings per item, so 31,000
    items peaked at 120 MB; nor item by item: hundreds of thousands of writes are slow."""
    if not values:
        yield "[]\n"
        return
    for start in range(0, len(values), batch):
        text = json.dumps([to_dict(v) for v in values[start : start + batch]], indent=2)
        yield ("[\n" if start == 0 else ",\n") + text[2:-2]  # without this batch's "[\n", "\n]"
    yield "\n]\n"


def _check(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        report = workspace.check()
    good = sum(1 for f in report.files if f.ok)
    for f in report.files:
        if not f.ok:
            print(f"PROBLEM {f.file_name}: {f.problem}")
    print(
        f"Key file: {'ok' if report.keystore_ok else 'DAMAGED'}. Case files: {good} ok, "
        f"{len(report.files) - good} with problems."
        + (" The index was damaged and has been rebuilt." if report.index_rebuilt else "")
    )
    for folder in report.erasures_owed:
        print(
            f"Backup folder {folder} could not be reached (or was busy): it still holds "
            "copies of erased cases. Connect it and run check again to erase them."
        )
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        report = workspace.backup(args.to, keep=args.keep)
    for case_id, problem in report.skipped:
        print(
            f"vcop-desktop: warning: case file {case_id} not backed up: {problem}", file=sys.stderr
        )
    skipped = f"; skipped {len(report.skipped)} that could not be read" if report.skipped else ""
    print(
        f"Backed up {len(report.copied)} cases to {report.set_dir} (verified){skipped}. "
        f"Removed {len(report.removed_sets)} older backup sets."
    )
    return 1 if report.skipped else 0


def _restore(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        passphrase = os.environ.get(BACKUP_PASSPHRASE_ENV) or os.environ.get(PASSPHRASE_ENV)
        if not passphrase:
            passphrase = _ask(BACKUP_PASSPHRASE_ENV, "Passphrase of the backup: ")
        # A case id is taken as is (the case may be missing here); a code is looked up.
        cases = [c if _CASE_ID.fullmatch(c) else workspace.resolve(c) for c in args.case]
        done = workspace.restore(args.source, passphrase=passphrase, cases=cases)
        print(
            f"Restored {len(done.restored)} case files from {args.source.name} "
            "(each verified first)."
        )
        try:
            letters, kept = workspace.restore_letters(args.source, passphrase)
        except UserError as error:
            print(f"vcop-desktop: warning: {error}", file=sys.stderr)
            letters, kept, status = [], [], 1
        else:
            status = 0
        try:
            laws = workspace.restore_law_updates(args.source)
        except UserError as error:
            print(f"vcop-desktop: warning: {error}", file=sys.stderr)
            laws, status = [], 1
        if laws:
            print(f"Law updates brought back (they were missing): {', '.join(laws)}.")
    if done.erased_left_out:
        print(
            f"Left out {done.erased_left_out} erased cases the backup still held: an erased "
            "case is never restored."
        )
    for case_id in done.missing:
        print(
            f"vcop-desktop: warning: the backup lists case {case_id} but its copy is missing "
            "from the set; it was not restored (try another backup).",
            file=sys.stderr,
        )
    if letters:
        print(f"Letter settings brought back (they were missing): {', '.join(letters)}.")
    if kept:
        print(
            f"Letter settings kept as they are here (the backup's copy differs): "
            f"{', '.join(kept)}. The backup's copies are in {args.source / 'letters'}."
        )
    return status


def _passwd(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        new = _new_passphrase("New passphrase: ", NEW_PASSPHRASE_ENV)
        report = workspace.change_passphrase(new, _kdf(args))
    if not report.kept_old_key:
        print(
            f"Passphrase changed. Every case file got a new key ({report.rekeyed} files "
            f"re-keyed in {report.seconds:.1f} s), so the old passphrase opens none of them. "
            "Backups made before now still open with the old passphrase."
        )
        return 0
    print(
        f"Passphrase changed. {report.rekeyed} case files got a new key (in "
        f"{report.seconds:.1f} s); {len(report.kept_old_key)} could not be read and keep their "
        "old key, which the old passphrase (with a copy of the old key file) still opens:"
    )
    for kept in report.kept_old_key:
        code = f" (case {kept.case_code})" if kept.case_code else ""
        print(f"  {kept.file_name}{code}: {kept.problem}")
    print(
        "Restore each from a backup (vcop-desktop restore --from SET --case ID: it gets a new "
        "key) or erase it (vcop-desktop erase --case ID). Backups made before now still open "
        "with the old passphrase."
    )
    return 1


def _erase(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        case_id = workspace.resolve(args.case)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("Erasing cannot be undone: add --yes to confirm.")
            typed = input(f"Type ERASE to erase case {args.case} for good: ")
            if typed.strip() != "ERASE":
                raise UserError("Not erased.")
        report = workspace.erase_case(case_id)
    print(
        f"Erased case {report.case_code}: removed its case file, its key and "
        f"{report.backup_copies_removed} copies in backup folders "
        f"({len(report.removed)} files in all)."
    )
    for folder in report.unreachable_backup_folders:
        print(
            f"vcop-desktop: warning: the backup folder {folder} could not be reached; copies of "
            "this case there are not erased yet. They will be when it can be reached (connect "
            "it, then unlock, run 'vcop-desktop check', or back up to it); a restore never "
            "brings this case back meanwhile.",
            file=sys.stderr,
        )
    return 1 if report.unreachable_backup_folders else 0


def _handover_export(args: argparse.Namespace) -> int:
    from vcop_desktop.storage.workspace import generate_transfer_passphrase

    transfer = os.environ.get(TRANSFER_PASSPHRASE_ENV) or generate_transfer_passphrase()
    to = _handover_target(args.to)
    with _open(args) as workspace:
        path = workspace.export_handover(args.case, to, transfer)
    print(f"Wrote {path}.")
    if not os.environ.get(TRANSFER_PASSPHRASE_ENV):
        print(f"Transfer passphrase (send it separately, not with the file): {transfer}")
    return 0


def _handover_target(text: str) -> Path:
    """`--to`: a folder (the file is named after the case) or a file name. Written with a
    trailing slash, it must be a folder that exists; a file is never named after the folder."""
    target = Path(text)
    names_folder = text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep))
    if names_folder and not target.is_dir():
        raise UserError(
            f"--to {text}: no such folder. Create it first, or give a file name. "
            "Nothing was written."
        )
    if not target.is_dir() and not target.parent.is_dir():
        raise UserError(
            f"--to {text}: the folder {target.parent} does not exist. Nothing was written."
        )
    return target


def _handover_import(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        transfer = _ask(TRANSFER_PASSPHRASE_ENV, "Transfer passphrase: ")
        case = workspace.import_handover(args.file, transfer)
    print(case.case_id)
    print(f"Imported as case {case.case_code}.", file=sys.stderr)
    return 0
