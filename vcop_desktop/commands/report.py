"""`vcop-desktop report`: Code compliance across the caseload, as a table, CSV, XLSX, PDF or
JSON; `--extract` writes an anonymised extract, `--merge` reports over several extracts;
`--service` gives the service report instead (the advocate's own standards: never mixed with
Code compliance figures).

Every problem with the input (a period that ends before it starts, an unknown grouping, an
extract that is damaged, edited, from a newer app, or given twice) is one line on stderr,
exit status 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from vcop_desktop.domain.report_facts import KIND_BY_WORD
from vcop_desktop.errors import UserError

FORMATS = ("table", "csv", "xlsx", "pdf", "json")
_ALL_TIME = (date(1900, 1, 1), date(9999, 12, 31))


def register(subparsers: Any) -> None:
    from vcop_desktop.reports.run import DEFAULT_MIN_COUNT, PRESETS

    parser = subparsers.add_parser(
        "report",
        help="Code compliance across all cases: on-time rates by agency, force, Right, month...",
        description="Count, for obligations falling due in a period, how many each agency met "
        "on time, late or not at all, with the on-time rate and its 95%% interval. No names, "
        "crime references or dates of birth appear in any output.",
    )
    parser.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace folder")
    parser.add_argument("--from", dest="start", metavar="DATE", help="first due date counted")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last due date counted")
    parser.add_argument("--today", metavar="DATE", help="judge on this day (default: today)")
    parser.add_argument(
        "--by",
        action="extend",
        nargs="+",
        default=[],
        metavar="GROUPING",
        help="agency, force, right, duty, month, quarter, enhanced or flag; or by the victim: "
        "under_18, age_band, ethnicity, sex, disability, religion, sexual_orientation or "
        "gender_reassignment (recorded with consent); several give several tables; a comma "
        "crosses them (agency,force)",
    )
    parser.add_argument(
        "--kind", default="code", metavar="KIND", help=f"one of {', '.join(KIND_BY_WORD)}"
    )
    parser.add_argument("--rights", metavar="N,N", help="only these Rights (e.g. 3,4,6,7,11)")
    parser.add_argument(
        "--preset",
        metavar="NAME",
        help=f"a ready-made report: {', '.join(PRESETS)}, vps (the Victim Personal Statement "
        "report) (key-entitlements: the old name of moj-five-areas)",
    )
    parser.add_argument("--format", default="table", metavar="FORMAT", help=", ".join(FORMATS))
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    parser.add_argument(
        "--min-count",
        type=int,
        default=DEFAULT_MIN_COUNT,
        metavar="N",
        help="counts below N show as <N in CSV, XLSX and PDF (default %(default)s)",
    )
    parser.add_argument(
        "--appendix",
        action="store_true",
        help="add a case appendix (late or missed obligations by case code; XLSX and PDF)",
    )
    parser.add_argument(
        "--extract",
        action="store_true",
        help="write an anonymised extract (JSON) to --out, for a manager to merge",
    )
    parser.add_argument(
        "--merge", nargs="+", type=Path, metavar="EXTRACT", help="report over these extracts"
    )
    parser.add_argument(
        "--service",
        action="store_true",
        help="the service report instead: referrals, first contact, risk, MARAC, safety plans "
        "and sharing against the service's own standards (not Code compliance figures)",
    )
    parser.set_defaults(run=run)

    reason = subparsers.add_parser(
        "good-reason",
        help="Record the reason an agency gave for a missed or late obligation.",
        description="Record the reason an agency gave for missing, or being late with, an "
        "obligation, and when it gave it. Reports count these apart; the app does not judge "
        "whether the reason is good.",
    )
    reason.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace folder")
    reason.add_argument("--case", required=True, metavar="ID", help="case id or case code")
    reason.add_argument("--duty", required=True, metavar="DUTY", help="e.g. police.inform_arrest")
    reason.add_argument("--trigger", required=True, metavar="EVENT", help="the event id, e.g. e2")
    reason.add_argument("--reason", required=True, metavar="TEXT", help="the reason given")
    reason.add_argument("--given-on", metavar="DATE", help="when the agency gave it")
    reason.add_argument("--today", metavar="DATE", help=argparse.SUPPRESS)
    reason.set_defaults(run=run_good_reason)


def run_good_reason(args: argparse.Namespace) -> int:
    from vcop_desktop.commands.workspace import _open

    given_on = _day(args.given_on, "--given-on")
    today = _day(args.today, "--today")
    with _open(args) as workspace, workspace.open_case(args.case) as case:
        case.record_good_reason(args.duty, args.trigger, args.reason, given_on, today=today)
        code = case.case_code
    print(f"Recorded the agency's reason for {args.duty} ({args.trigger}) in case {code}.")
    return 0


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option}: {text!r} is not a date in the form YYYY-MM-DD") from None


def _period(args: argparse.Namespace, today: date, preset: str | None) -> tuple[date, date]:
    from vcop_desktop.reports.run import default_period

    default = default_period(preset, today)
    start = _day(args.start, "--from") or default[0]
    end = _day(args.end, "--to") or default[1]
    if start > end:
        raise UserError(
            f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})"
        )
    return start, end


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    """Check every option before anything is read or written."""
    from vcop_desktop.reports.run import parse_groupings, preset_named

    if args.format not in FORMATS:
        raise UserError(f"unknown format {args.format!r} (choose from {', '.join(FORMATS)})")
    if args.kind not in KIND_BY_WORD:
        raise UserError(f"unknown kind {args.kind!r} (choose from {', '.join(KIND_BY_WORD)})")
    preset_key, preset = preset_named(args.preset) if args.preset is not None else (None, None)
    if args.min_count < 1:
        raise UserError("--min-count must be 1 or more")
    if args.extract and args.merge:
        raise UserError("--extract and --merge cannot be used together")
    if args.format in ("xlsx", "pdf") and args.out is None and not args.extract:
        raise UserError(f"--format {args.format} needs --out FILE")
    if args.appendix and (args.merge or args.extract or args.format not in ("xlsx", "pdf")):
        raise UserError("--appendix goes with --format xlsx or pdf, from a workspace")
    if args.extract and args.out is None:
        raise UserError("--extract needs --out FILE")
    if args.out is not None and not args.out.parent.is_dir():
        raise UserError(f"{args.out.parent}: no such folder; nothing was written")
    if args.out is not None and args.out.is_dir():
        raise UserError(f"--out {args.out} is a folder; give a file name. Nothing was written.")
    for source in args.merge or ():
        if _same_file(source, args.out):
            raise UserError(
                f"--out {args.out} is one of the extracts being merged ({source}); it would be "
                "overwritten. Choose another file. Nothing was written."
            )
    today = _day(args.today, "--today") or date.today()
    groupings = list(parse_groupings(args.by))
    rights: tuple[int, ...] = ()
    duties: tuple[str, ...] = ()
    title = ""
    if preset is not None:
        title, rights, duties = preset.title, preset.rights, preset.duties
        groupings = [*preset.groupings, *(g for g in groupings if g not in preset.groupings)]
    if args.rights:
        try:
            rights = tuple(int(r) for r in args.rights.split(",") if r.strip())
        except ValueError:
            raise UserError(f"--rights: {args.rights!r} is not a list of numbers") from None
    if args.extract:
        start = _day(args.start, "--from") or _ALL_TIME[0]
        end = _day(args.end, "--to") or _ALL_TIME[1]
        if start > end:
            raise UserError(
                f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})"
            )
    else:
        start, end = _period(args, today, preset_key)
    return {
        "today": today,
        "start": start,
        "end": end,
        "kind": KIND_BY_WORD[args.kind],
        "groupings": groupings,
        "rights": rights,
        "duties": duties,
        "title": title,
        "preset": preset,
    }


def run(args: argparse.Namespace) -> int:
    from vcop_desktop.reports import extract as extracts
    from vcop_desktop.reports.run import build_run

    if args.service:
        return run_service(args)
    if args.preset == "vps":
        return run_vps(args)
    options = _settings(args)
    if _counted_in_sql(args, options):
        return _run_in_sql(args, options)
    codes: dict[str, str] | None = None
    quality = None  # the CPS letters' quality mark: read from the case files, not extracts
    if args.merge:
        facts, packs = extracts.merge_extracts(args.merge)
        source = f"{len(args.merge)} extracts merged"
        problems: tuple[Any, ...] = ()
    else:
        from vcop_desktop.commands.workspace import _open
        from vcop_desktop.reports.source import workspace_facts

        with _open(args) as workspace:
            if args.out is not None:
                workspace.refuse_managed_target(args.out, "--out")
            kind = None if args.extract else options["kind"]
            found = workspace_facts(
                workspace, options["start"], options["end"], kind, today=options["today"]
            )
            if args.appendix:
                codes = {c.case_id: c.case_code for c in workspace.list_cases()}
            preset = options["preset"]
            if preset is not None and preset.letter_quality and not args.extract:
                from vcop_desktop.reports.letter_quality import workspace_quality

                quality = workspace_quality(workspace, found.facts, start=options["start"],
                                            end=options["end"], today=options["today"])  # fmt: skip
        facts, packs, problems, source = found.facts, found.packs, found.problems, "one workspace"
    for problem in problems:
        print(f"vcop-desktop: warning: {problem}", file=sys.stderr)
    if args.extract:
        start, end = options["start"], options["end"]
        data = extracts.make_extract(
            facts,
            made_on=options["today"],
            start=None if start == _ALL_TIME[0] else start,
            end=None if end == _ALL_TIME[1] else end,
            packs=packs,
        )
        _write(args.out, data)
        print(f"Wrote an anonymised extract of {len(facts)} obligations to {args.out}.")
        return 0
    report = build_run(
        facts,
        start=options["start"],
        end=options["end"],
        today=options["today"],
        kind=options["kind"],
        groupings=options["groupings"],
        rights=options["rights"],
        duties=options["duties"],
        packs=packs,
        min_count=args.min_count,
        title=options["title"],
        source=source,
        case_codes=codes,
        preset=options["preset"],
        quality=quality,
    )
    data = _render(report, args.format)
    _emit(data, args.out)
    return 0


def _emit(data: bytes, out: Path | None) -> None:
    """The report to `--out`, or to standard output when none is given."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _write(out, data)


def _counted_in_sql(args: argparse.Namespace, options: dict[str, Any]) -> bool:
    """A report from the workspace, judged today or later, with no case appendix and
    groupings the index can count: answered by the index's GROUP BY, not one Python object
    per obligation (a year's trend over 10,000 cases; the Python path stays the reference)."""
    from vcop_desktop.reports.run import CHART_GROUPINGS, countable_in_sql

    return (
        not args.merge
        and not args.extract
        and not args.appendix
        and options["today"] >= date.today()
        # A return preset (its duty filter, method and origin) is counted by the reference
        # path: the index's GROUP BY knows no duty filter.
        and not options["duties"]
        and not (options["preset"] is not None and options["preset"].origin)
        and countable_in_sql([*options["groupings"], *CHART_GROUPINGS])
    )


def _run_in_sql(args: argparse.Namespace, options: dict[str, Any]) -> int:
    from vcop_desktop.commands.workspace import _open
    from vcop_desktop.reports.run import CHART_GROUPINGS, build_run_from_counts
    from vcop_desktop.reports.source import pack_versions

    names = [by[0] for by in [*options["groupings"], *CHART_GROUPINGS]]
    with _open(args) as workspace:
        if args.out is not None:
            workspace.refuse_managed_target(args.out, "--out")
        total, groups, problems = workspace.report_counts(
            options["start"],
            options["end"],
            options["today"],
            options["kind"],
            names,
            rights=options["rights"],
        )
        packs = pack_versions(workspace.rulebook())
    for problem in problems:
        print(f"vcop-desktop: warning: {problem}", file=sys.stderr)
    report = build_run_from_counts(
        total,
        groups,
        start=options["start"],
        end=options["end"],
        today=options["today"],
        kind=options["kind"],
        groupings=options["groupings"],
        rights=options["rights"],
        packs=packs,
        min_count=args.min_count,
        title=options["title"],
        source="one workspace",
    )
    data = _render(report, args.format)
    _emit(data, args.out)
    return 0


#: Options of the Code report that mean nothing to the service report.
_NOT_FOR_SERVICE = (
    ("by", "--by"), ("rights", "--rights"), ("preset", "--preset"), ("appendix", "--appendix"),
    ("extract", "--extract"), ("merge", "--merge"),
)  # fmt: skip


def run_service(args: argparse.Namespace) -> int:
    """`report --service`: the service report over the workspace's cases (each case file is
    read: the index holds no events)."""
    from vcop_desktop.commands.workspace import _open
    from vcop_desktop.reports import service

    for name, option in _NOT_FOR_SERVICE:
        if getattr(args, name):
            raise UserError(f"{option} does not go with --service (the service report)")
    if args.kind != "code":
        raise UserError("--kind does not go with --service (the service report)")
    options = _settings(args)
    with _open(args) as workspace:
        if args.out is not None:
            workspace.refuse_managed_target(args.out, "--out")
        cases, forms, unread = service.workspace_service_cases(workspace, options["today"])
    if unread:
        print(f"vcop-desktop: warning: {unread} case file(s) could not be read", file=sys.stderr)
    report = service.build_service_run(
        cases, forms, start=options["start"], end=options["end"], today=options["today"],
        min_count=args.min_count, source="one workspace", unread=unread,
    )  # fmt: skip
    data = _render(report, args.format, "service")
    _emit(data, args.out)
    return 0


#: Options of the Code report that mean nothing to the VPS report.
_NOT_FOR_VPS = (
    ("by", "--by"), ("rights", "--rights"), ("appendix", "--appendix"), ("extract", "--extract"),
    ("merge", "--merge"),
)  # fmt: skip


def run_vps(args: argparse.Namespace) -> int:
    """`report --preset vps`: the Victim Personal Statement report over the workspace's cases
    (each case file is read: the index holds no events)."""
    from vcop_desktop.commands.workspace import _open
    from vcop_desktop.reports import vps

    for name, option in _NOT_FOR_VPS:
        if getattr(args, name):
            raise UserError(f"{option} does not go with --preset vps (the VPS report)")
    if args.kind != "code":
        raise UserError("--kind does not go with --preset vps (the VPS report)")
    options = _settings(argparse.Namespace(**{**vars(args), "preset": None}))
    with _open(args) as workspace:
        if args.out is not None:
            workspace.refuse_managed_target(args.out, "--out")
        cases, unread = vps.workspace_vps_cases(workspace)
    if unread:
        print(f"vcop-desktop: warning: {unread} case file(s) could not be read", file=sys.stderr)
    report = vps.build_vps_run(
        cases, start=options["start"], end=options["end"], today=options["today"],
        min_count=args.min_count, source="one workspace", unread=unread,
    )  # fmt: skip
    _emit(_render(report, args.format, "vps"), args.out)
    return 0


#: Who writes each format, for a Code compliance run and for the service report (imported
#: only when asked for: reportlab and XlsxWriter are not loaded for a CSV).
_WRITERS: dict[str, dict[str, tuple[str, str]]] = {
    "code": {
        "json": ("vcop_desktop.reports.flat_formats", "to_json"),
        "csv": ("vcop_desktop.reports.flat_formats", "to_csv"),
        "xlsx": ("vcop_desktop.reports.xlsx", "to_xlsx"),
        "pdf": ("vcop_desktop.reports.pdf", "to_pdf"),
        "table": ("vcop_desktop.reports.flat_formats", "to_text"),
    },
    "service": {
        "json": ("vcop_desktop.reports.service", "to_json"),
        "csv": ("vcop_desktop.reports.service", "to_csv"),
        "xlsx": ("vcop_desktop.reports.xlsx", "to_service_xlsx"),
        "pdf": ("vcop_desktop.reports.pdf_sections", "to_service_pdf"),
        "table": ("vcop_desktop.reports.service", "to_text"),
    },
    "vps": {
        "json": ("vcop_desktop.reports.vps", "to_json"),
        "csv": ("vcop_desktop.reports.vps", "to_csv"),
        "xlsx": ("vcop_desktop.reports.xlsx", "to_vps_xlsx"),
        "pdf": ("vcop_desktop.reports.pdf_sections", "to_vps_pdf"),
        "table": ("vcop_desktop.reports.vps", "to_text"),
    },
}


def _render(report: Any, fmt: str, kind: str = "code") -> bytes:
    """`report` in format `fmt` (the text table for any other)."""
    import importlib

    module, name = _WRITERS[kind].get(fmt, _WRITERS[kind]["table"])
    data = getattr(importlib.import_module(module), name)(report)
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _same_file(source: Path, out: Path | None) -> bool:
    """Whether `out` names `source` (by any path: a link, `./`, another spelling)."""
    if out is None:
        return False
    try:
        return source.resolve() == out.resolve() or source.samefile(out)
    except OSError:
        return False


def _write(path: Path, data: bytes) -> None:
    """Write a report or extract so that a kill leaves nothing readable beside it (the data is
    anonymised, but still about victims' cases)."""
    from vcop_desktop.storage.fileops import write_unseen

    try:
        write_unseen(path, data)
    except OSError as error:
        raise UserError(f"{path}: cannot be written ({error.strerror})") from None
