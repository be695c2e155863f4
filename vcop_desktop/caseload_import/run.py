"""The import itself: the plan checked against the workspace, then one audited transaction a
case through `Workspace.create_case`, the failed rows written to a file of their own, and a
summary. Runs on the storage worker in the app, or in the command line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vcop_desktop.caseload_import.mapping import DEFAULT_KEY, normal
from vcop_desktop.caseload_import.plan import CaseToCreate, Key, Plan, Problem, build_plan, case_key
from vcop_desktop.caseload_import.reader import Table
from vcop_desktop.caseload_import.values import shown
from vcop_desktop.errors import UserError

if TYPE_CHECKING:
    from vcop_desktop.storage import CaseSummary, Workspace

#: Told (cases done, cases to do) as the import goes.
Progress = Callable[[int, int], None]
ACTION = "case imported from a spreadsheet"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: case codes created (with their first row), cases already present,
    rows that failed, and where those rows were written (None: no row failed)."""

    created: tuple[tuple[int, str], ...]
    skipped: int
    failed_rows: tuple[int, ...]
    failed_file: Path | None

    def summary(self) -> str:
        made = len(self.created)
        rows = len(self.failed_rows)
        text = (
            f"{made} case{'s' * (made != 1)} created, {self.skipped} skipped as already "
            f"present, {rows} row{'s' * (rows != 1)} failed."
        )
        if self.failed_file is not None:
            text += f" The failed rows are in {self.failed_file}."
        return text


def plan_import(
    workspace: Workspace,
    table: Table,
    mapping: Sequence[str],
    *,
    today: date,
    key: Sequence[str] = DEFAULT_KEY,
) -> Plan:
    """The dry run against this workspace: nothing is written."""
    plan = build_plan(table, mapping, today=today, key=key)
    if plan.mapping_problems:
        return plan
    return plan.with_existing(existing_keys(workspace, plan.key, [c.key for c in plan.create]))


def existing_keys(workspace: Workspace, key: Sequence[str], wanted: Sequence[Key]) -> set[Key]:
    """Which of `wanted` the workspace already holds. The index answers the crime reference
    and the name; a date of birth is read from the case file, only for a case that matches
    on the rest (the index holds no dates of birth)."""
    if not wanted:
        return set()
    looked_up = set(wanted)
    indexed = [i for i, name in enumerate(key) if name != "victim_dob"]
    dob_at = key.index("victim_dob") if "victim_dob" in key else None
    partial = {tuple(k[i] for i in indexed) for k in looked_up}
    found: set[Key] = set()
    for summary in workspace.list_cases():
        fields: dict[str, object] = {
            "crime_reference": summary.crime_reference,
            "victim_name": summary.victim_name,
        }
        probe = case_key(key, fields)
        if tuple(probe[i] for i in indexed) not in partial:
            continue
        if dob_at is not None:
            fields["victim_dob"] = workspace.scenario(summary.case_id).case.victim_dob
            probe = case_key(key, fields)
        if probe in looked_up:
            found.add(probe)
    return found


def run_import(
    workspace: Workspace,
    plan: Plan,
    *,
    failed_folder: Path | None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Create the plan's cases, one audited transaction each; rows that fail (in the plan, or
    refused as they are written) go to a failed rows file in `failed_folder`."""
    if plan.mapping_problems:
        raise UserError(" ".join(plan.mapping_problems))
    if failed_folder is not None and not (
        failed_folder.is_dir() and os.access(failed_folder, os.W_OK)
    ):
        raise UserError(
            f"The failed rows file cannot be written in {failed_folder}; nothing was imported."
        )
    present = existing_keys(workspace, plan.key, [c.key for c in plan.create])
    created: list[tuple[int, str]] = []
    problems = list(plan.problems)
    skipped = len(plan.present)
    todo = plan.create
    # The index entries of the new cases are committed together, a round at a time: each case
    # file is still its own durable transaction (the index is derived data).
    with workspace.index_batch() as checkpoint:
        for done, case in enumerate(todo):
            if case.key in present:
                skipped += 1
                continue
            try:
                summary = create(workspace, case)
            except UserError as error:
                problems += [Problem(row, "case", str(error)) for row in case.rows]
            else:
                created.append((case.rows[0], summary.case_code))
                present.add(case.key)
            if progress is not None:
                progress(done + 1, len(todo))
            checkpoint()
    failed = tuple(sorted({p.row for p in problems}))
    path = None
    if failed:
        if failed_folder is None:
            raise UserError("Some rows failed and there is no folder for the failed rows file.")
        path = write_failed_rows(plan.table, problems, failed_folder, now or datetime.now())
    return ImportResult(tuple(created), skipped, failed, path)


def create(workspace: Workspace, case: CaseToCreate) -> CaseSummary:
    """One case, one transaction, one audit row (`ACTION`)."""
    return workspace.create_case(
        victim_name=case.victim_name,
        crime_reference=case.crime_reference,
        offence=case.offence,
        offence_date=case.offence_date,
        victim_dob=case.victim_dob,
        flags=case.flags,
        events=case.events,
        opened_on=case.opened_on,
        action=ACTION,
    )


def failed_file_name(now: datetime) -> str:
    """Nothing personal: the app's prefix and the time only."""
    return f"vcop-import-failed-rows-{now:%Y-%m-%d-%H%M%S}.csv"


def write_failed_rows(
    table: Table, problems: Sequence[Problem], folder: Path, now: datetime
) -> Path:
    """The failed rows as they were (same columns) plus a "problem" column; 0600, created new
    (never over another file), UTF-8 with a BOM so Excel reads it as it was written."""
    by_row: dict[int, list[str]] = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(f"{p.column}: {p.message}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    problem_header = (
        "problem" if normal("problem") not in map(normal, table.headers) else "import problem"
    )
    writer.writerow([*table.headers, problem_header])
    for number, cells in zip(table.numbers, table.rows, strict=True):
        if number in by_row:
            writer.writerow([*(shown(c) for c in cells), "; ".join(by_row[number])])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    name = failed_file_name(now)
    for attempt in range(100):
        path = folder / (name if attempt == 0 else name.replace(".csv", f"-{attempt + 1}.csv"))
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            raise UserError(
                f"The failed rows could not be written in {folder} ({error.strerror}); "
                "nothing else was lost: the cases created are in the workspace."
            ) from None
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return path
    raise UserError(f"The failed rows could not be written in {folder} (too many files).")
