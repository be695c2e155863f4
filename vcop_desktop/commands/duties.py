"""`vcop-desktop duties SCENARIO.json [--today DATE]`: the engine through its JSON contract."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from vcop_desktop.domain.calendar import WorkingCalendar
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.risk import check_assessments, risk_summary
from vcop_desktop.domain.scenario import parse_date, parse_scenario
from vcop_desktop.errors import UserError
from vcop_desktop.input_files import read_input
from vcop_desktop.rules import load_rulebook


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "duties",
        help="compute the obligations of one scenario file and print them as JSON",
        description="Print every obligation a scenario's events create, as JSON "
        "(shared/vcop/scenario-format.md).",
    )
    parser.add_argument("scenario", type=Path, help="scenario JSON file ('-' for stdin)")
    parser.add_argument("--today", help="judge on this date (YYYY-MM-DD) instead of the file's")
    add_rule_options(parser)
    parser.set_defaults(run=run)


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The organisation's rule packs and closure days, for `duties` (the GUI reads them from
    Settings; the workspace commands do not take them yet)."""
    parser.add_argument(
        "--rules-dir",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of extra rule packs (an organisation's own); may be repeated",
    )
    parser.add_argument(
        "--closure",
        action="append",
        default=[],
        metavar="DATE",
        help="an extra non-working day (office closure) beyond bank holidays; may be repeated",
    )


def calendar_from(args: argparse.Namespace) -> WorkingCalendar:
    try:
        return WorkingCalendar(parse_date(text, "--closure") for text in args.closure)
    except ScenarioError as error:
        raise UserError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    rulebook = load_rulebook(args.rules_dir)
    scenario = read_scenario(args.scenario, rulebook.duty_ids)
    try:
        check_assessments(scenario, rulebook.forms)
    except ScenarioError as error:
        name = "stdin" if str(args.scenario) == "-" else str(args.scenario)
        raise UserError(f"{name}: {error}") from None
    today = _today(args.today, scenario.today)
    result = evaluate(scenario, today, rulebook, calendar_from(args)).to_dict()
    result["risk"] = risk_summary(scenario, rulebook.forms)
    sys.stdout.write(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return 0


#: Far above any real case (a 300-event scenario is about 60 KB); a bound on what is read.
SCENARIO_LIMIT = 20 * 1024 * 1024


def read_scenario(path: Path, known_duties: frozenset[str]) -> Any:
    """Read and validate a scenario file; every problem becomes one clear `UserError` line."""
    name = "stdin" if str(path) == "-" else str(path)
    raw = read_input(path, "a scenario file", SCENARIO_LIMIT)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{name}: is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{name}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise UserError(f"{name}: not valid JSON: nested too deeply") from None
    try:
        return parse_scenario(data, known_duties)
    except ScenarioError as error:
        raise UserError(f"{name}: {error}") from None


def _today(override: str | None, from_file: date | None) -> date:
    if override is not None:
        try:
            return parse_date(override, "--today")
        except ScenarioError as error:
            raise UserError(str(error)) from None
    return from_file or date.today()
